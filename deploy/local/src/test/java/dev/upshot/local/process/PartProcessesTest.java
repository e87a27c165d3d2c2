package dev.upshot.local.process;

import dev.upshot.local.config.Home;
import dev.upshot.local.part.Part;
import dev.upshot.local.part.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A detached supervisor process (this launcher's {@code __supervise}) around {@code sleep}, as {@code up} runs parts. */
class PartProcessesTest {
    @TempDir
    Path dir;

    @Test
    void launchFindAndStop() throws Exception {
        Home home = Home.create(dir);
        PartProcesses processes = new PartProcesses(home);
        Part part = Part.of(Service.ANALYSIS_WORKER, 2);
        processes.launch(new Launch(part, dir, null, Map.of("MARK", "x"), List.of("sh", "-c", "echo $MARK; exec sleep 60")));
        SupervisorTest.await(() -> OsProcesses.readPid(home.child(part.name())).isPresent(), Duration.ofSeconds(20));
        long supervisor = processes.pidOf(part.name()).orElseThrow();
        long child = OsProcesses.readPid(home.child(part.name())).getAsLong();
        assertTrue(OsProcesses.proc(child, "environ").contains(PartProcesses.TAG + "=" + part.name() + "@" + home));
        assertTrue(processes.pidOf("analysis-worker-3").isEmpty());
        Home elsewhere = Home.create(dir.resolve("elsewhere"));
        Files.copy(home.pid(part.name()), elsewhere.pid(part.name()));
        assertTrue(new PartProcesses(elsewhere).pidOf(part.name()).isEmpty(),
                "a pid file copied to another home is not trusted");
        SupervisorTest.await(() -> {
            try {
                return Files.readString(home.log(part.name())).contains("x");
            } catch (java.io.IOException e) {
                return false;
            }
        }, Duration.ofSeconds(5));

        new Stopper(home, Duration.ofSeconds(10)).stopInReverse(List.of(part));
        assertFalse(OsProcesses.alive(supervisor));
        assertFalse(OsProcesses.alive(child));
        assertTrue(processes.pidOf(part.name()).isEmpty());
        assertFalse(Files.exists(home.pid(part.name())));
        assertTrue(Files.readString(home.log(part.name())).contains("upshot supervisor: analysis-worker-2: stopped"));
        assertEquals(0, home.restartCount(part.name()));
    }
}
