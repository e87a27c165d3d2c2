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

/** The home's detached supervisor process (this launcher's {@code __supervise}) around {@code sleep}s, as {@code up} runs parts. */
class PartProcessesTest {
    @TempDir
    Path dir;

    @Test
    void partsShareOneSupervisorThatStopsEachAndEndsWithTheLast() throws Exception {
        Home home = Home.create(dir);
        PartProcesses processes = new PartProcesses(home);
        Part part = Part.of(Service.ANALYSIS_WORKER, 2);
        Part other = Part.of(Service.ONSUCCESS_RUNNER, 1);
        processes.launch(new Launch(part, dir, null, Map.of("MARK", "x"), List.of("sh", "-c", "echo $MARK; exec sleep 60")));
        processes.launch(new Launch(other, dir, null, Map.of(), List.of("sleep", "60")));
        long supervisor = processes.pidOf(part.name()).orElseThrow();
        assertEquals(supervisor, processes.pidOf(other.name()).orElseThrow(), "one supervisor for the home");
        long child = OsProcesses.readPid(home.child(part.name())).getAsLong();
        long otherChild = OsProcesses.readPid(home.child(other.name())).getAsLong();
        assertTrue(OsProcesses.proc(child, "environ").contains(PartProcesses.TAG + "=" + part.name() + "@" + home));
        assertTrue(OsProcesses.proc(child, "environ").contains("MARK=x"));
        assertTrue(processes.pidOf("analysis-worker-3").isEmpty());
        Home elsewhere = Home.create(dir.resolve("elsewhere"));
        Files.copy(home.supervisorPid(), elsewhere.supervisorPid());
        Files.copy(home.launch(part.name()), elsewhere.launch(part.name()));
        assertTrue(new PartProcesses(elsewhere).pidOf(part.name()).isEmpty(),
                "a pid file copied to another home is not trusted");
        Files.delete(elsewhere.launch(part.name()));
        SupervisorTest.await(() -> {
            try {
                return Files.readString(home.log(part.name())).contains("x");
            } catch (java.io.IOException e) {
                return false;
            }
        }, Duration.ofSeconds(5));

        new Stopper(home, Duration.ofSeconds(10)).stopInReverse(List.of(part));
        assertFalse(OsProcesses.alive(child));
        assertTrue(processes.pidOf(part.name()).isEmpty());
        assertFalse(Files.exists(home.launch(part.name())));
        assertTrue(Files.readString(home.log(part.name())).contains("upshot supervisor: analysis-worker-2: stopped"));
        assertEquals(0, home.restartCount(part.name()));
        assertTrue(OsProcesses.alive(otherChild), "the other part runs on");
        assertTrue(OsProcesses.alive(supervisor));

        new Stopper(home, Duration.ofSeconds(10)).stopInReverse(List.of(other));
        assertFalse(OsProcesses.alive(otherChild));
        SupervisorTest.await(() -> !OsProcesses.alive(supervisor), Duration.ofSeconds(5));
    }

    @Test
    void aKilledSupervisorIsReplacedAndItsOrphanStopped() throws Exception {
        Home home = Home.create(dir);
        PartProcesses processes = new PartProcesses(home);
        Part part = Part.of(Service.ANALYSIS_WORKER, 1);
        processes.launch(new Launch(part, dir, null, Map.of(), List.of("sleep", "60")));
        long supervisor = processes.supervisor().orElseThrow();
        long orphan = OsProcesses.readPid(home.child(part.name())).getAsLong();
        ProcessHandle victim = ProcessHandle.of(supervisor).orElseThrow();
        victim.destroyForcibly();
        victim.onExit().join();
        assertTrue(OsProcesses.alive(orphan), "SIGKILL leaves the child");
        assertTrue(processes.pidOf(part.name()).isEmpty(), "not running without its supervisor");

        processes.launch(new Launch(part, dir, null, Map.of(), List.of("sleep", "60")));
        assertFalse(OsProcesses.alive(orphan), "the orphan is stopped before the part runs again");
        long child = OsProcesses.readPid(home.child(part.name())).getAsLong();
        assertTrue(OsProcesses.alive(child));
        new Stopper(home, Duration.ofSeconds(10)).stopInReverse(List.of(part));
        assertFalse(OsProcesses.alive(child));
    }

    @Test
    void aSupervisorWhoseHomeIsRemovedStopsItsPartsAndExits() throws Exception {
        Home home = Home.create(dir.resolve("gone"));
        PartProcesses processes = new PartProcesses(home);
        Part part = Part.of(Service.ANALYSIS_WORKER, 1);
        processes.launch(new Launch(part, dir, null, Map.of(), List.of("sleep", "60")));
        long supervisor = processes.supervisor().orElseThrow();
        long child = OsProcesses.readPid(home.child(part.name())).getAsLong();
        try (var files = Files.walk(home.dir())) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        SupervisorTest.await(() -> !OsProcesses.alive(supervisor) && !OsProcesses.alive(child), Duration.ofSeconds(10));
    }
}
