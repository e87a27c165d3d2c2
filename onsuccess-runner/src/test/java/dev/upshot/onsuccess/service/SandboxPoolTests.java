package dev.upshot.onsuccess.service;

import dev.upshot.onsuccess.sandbox.RunResult;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-script suite against the real pool of child processes (test profile: 1 s per script, 0.5 s grace):
 * each script ends as a recorded failure within its limit, the runner stays ready, the next script works.
 */
@QuarkusTest
class SandboxPoolTests {
    static final String EVENT = """
            {"upload_info":{"public_id":"cat","width":1200,"tags":["a"]},"status":"success"}""";

    @Inject
    SandboxPool pool;

    @BeforeEach
    void warm() {
        await().atMost(Duration.ofSeconds(120)).until(() -> pool.warmChildren() == pool.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "function f(){try{f()}catch(e){f()}} f()",
            "while (true) {}",
            "for (;;) { try { throw 1 } catch (x) {} }",
            "let s = 'x'; while (true) s += s;",
            "const a = []; while (true) a.push(new Array(1000).fill(1));",
            "const a = [1]; while (true) { a.push(...a); JSON.stringify(a); }",
            "while (true) console.log('x'.repeat(1000));",
            "current_asset.update({ tags: ['x'.repeat(2000000)] })",
            "Java.type('java.lang.System').exit(1)",
            "Polyglot.eval('js', '1')",
            "load('/etc/passwd')",
            "require('fs')",
            "fetch('http://example.com')",
            "Object.prototype.tags = ['polluted']; null.x"})
    void hostileScriptsAreRecordedFailuresAndTheRunnerStaysHealthy(String script) {
        long started = System.nanoTime();
        RunResult hostile = pool.run(script, EVENT);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertFalse(hostile.succeeded(), script);
        assertTrue(millis < 3000, script + " took " + millis + " ms");

        RunResult normal = pool.run("current_asset.update({ tags: [...e.upload_info.tags, String(({}).tags)] })",
                EVENT);
        assertTrue(normal.succeeded(), normal.error());
        assertEquals("{\"tags\":[\"a\",\"undefined\"]}", normal.updateJson());
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
