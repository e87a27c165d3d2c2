package dev.upshot.onsuccess.service;

import dev.upshot.onsuccess.sandbox.RunResult;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
class SandboxPoolTest {
    static final String EVENT = """
            {"upload_info":{"public_id":"cat","width":1200,"tags":["a"]},"status":"success"}""";

    @Inject
    SandboxPool pool;

    @BeforeEach
    void warm() {
        await().atMost(Duration.ofSeconds(120)).until(() -> pool.warmChildren() == pool.size());
    }

    @ParameterizedTest
    @MethodSource("dev.upshot.onsuccess.sandbox.HostileScripts#all")
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
