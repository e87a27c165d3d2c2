package dev.upshot.local.process;

import com.sun.net.httpserver.HttpServer;
import dev.upshot.local.config.Home;
import dev.upshot.local.config.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The supervision loop on real processes ({@code sh}, {@code sleep}), with short intervals. */
class SupervisorTest {
    private static final Settings FAST = new Settings(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMillis(100), 3);

    @TempDir
    Path dir;
    private Home home;
    private Supervisor supervisor;
    private Thread thread;

    private void supervise(String liveness, String... command) {
        home = Home.create(dir);
        supervisor = new Supervisor(home, "part", new LaunchFile(dir, liveness, System.getenv(), List.of(command)),
                FAST, () -> { });
        thread = Thread.ofPlatform().start(() -> {
            try {
                supervisor.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        supervisor.stop();
        thread.join(10_000);
        assertFalse(thread.isAlive(), "the supervisor ends once stopped");
        OptionalLong child = OsProcesses.readPid(home.child("part"));
        assertFalse(child.isPresent() && OsProcesses.alive(child.getAsLong()), "the process ends with it");
    }

    @Test
    void aProcessThatExitsIsRestartedWithBackoffAndEachRestartIsRecorded() throws Exception {
        supervise(null, "sh", "-c", "exit 3");
        await(() -> home.restartCount("part") >= 2, Duration.ofSeconds(10));
        List<String> lines = Files.readAllLines(home.restarts("part"));
        assertTrue(lines.get(0).matches("\\S+Z exit 3 after 0 s; restarted after 1 s"), lines.get(0));
        assertTrue(lines.get(1).endsWith("restarted after 2 s"), lines.get(1));
    }

    @Test
    void aProcessThatFailsItsLivenessChecksIsKilledAndRestarted() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/live", exchange -> {
            checks.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            supervise("http://127.0.0.1:" + server.getAddress().getPort() + "/live", "sleep", "60");
            long first = awaitChild();
            await(() -> home.restartCount("part") == 1, Duration.ofSeconds(10));
            assertTrue(checks.get() >= 3, "killed after 3 failed checks, not before: " + checks.get());
            assertTrue(Files.readString(home.restarts("part")).contains("exit 137"), "SIGKILL");
            await(() -> OsProcesses.readPid(home.child("part")).getAsLong() != first, Duration.ofSeconds(5));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRequestedRestartIsImmediateAndNotCounted() throws Exception {
        supervise(null, "sleep", "60");
        long first = awaitChild();
        Files.writeString(home.restartRequest("part"), "");
        ProcessHandle.of(first).orElseThrow().destroy();
        await(() -> OsProcesses.readPid(home.child("part")).getAsLong() != first, Duration.ofSeconds(3));
        assertTrue(OsProcesses.alive(OsProcesses.readPid(home.child("part")).getAsLong()));
        assertFalse(Files.exists(home.restartRequest("part")));
        assertEquals(0, home.restartCount("part"));
    }

    @Test
    void aHealthyProcessIsLeftAlone() throws Exception {
        supervise(null, "sleep", "60");
        long child = awaitChild();
        Thread.sleep(500);
        assertEquals(child, OsProcesses.readPid(home.child("part")).getAsLong());
        assertNotEquals(0, child);
        assertEquals(0, home.restartCount("part"));
    }

    private long awaitChild() throws InterruptedException {
        await(() -> OsProcesses.readPid(home.child("part")).isPresent(), Duration.ofSeconds(5));
        return OsProcesses.readPid(home.child("part")).getAsLong();
    }

    static void await(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within " + limit);
            Thread.sleep(50);
        }
    }
}
