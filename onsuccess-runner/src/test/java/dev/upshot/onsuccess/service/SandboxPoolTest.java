package dev.upshot.onsuccess.service;

import dev.upshot.onsuccess.sandbox.RunResult;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
        await().atMost(Duration.ofSeconds(120)).until(() -> pool.warmChildren() >= pool.warm());
    }

    /** Test profile: 1 child warm, 2 at most, an extra one stopped after 2 s without work. */
    @Test
    void scriptsThatWaitForAChildStartAnotherWhichStopsWhenWorkEnds() throws Exception {
        assertEquals(1, pool.warm());
        assertEquals(2, pool.size());
        try (ExecutorService callers = Executors.newFixedThreadPool(2)) {
            List<Future<Boolean>> runs = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            // two callers at once: one of them soon finds the warm child busy
            while (pool.warmChildren() < 2 && System.nanoTime() < until) {
                for (int i = 0; i < 2; i++) {
                    runs.add(callers.submit(() -> pool.run("current_asset.update({ tags: ['x'] })", EVENT).succeeded()));
                }
                for (Future<Boolean> run : runs) {
                    assertTrue(run.get());
                }
                runs.clear();
            }
        }
        assertEquals(2, pool.warmChildren());
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.warmChildren() == 1);
        assertTrue(pool.run("current_asset.update({ tags: ['y'] })", EVENT).succeeded());
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
