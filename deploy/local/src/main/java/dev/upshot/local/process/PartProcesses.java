package dev.upshot.local.process;

import dev.upshot.local.config.Home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.time.Duration;

/**
 * The supervised processes of one home, all run by the home's one supervisor process ({@link SupervisorDaemon}). The
 * supervisor and each part carry {@value #TAG}=NAME@HOME in their environment, so that a pid file is only trusted
 * while that pid is still the same process (no pid-reuse surprises). Not a -D system property: Quarkus validates those
 * against its config mappings.
 */
public final class PartProcesses {
    public static final String TAG = "UPSHOTLOCAL_PART";
    private static final String SUPERVISOR = "supervisor";
    private static final Duration HANDOVER = Duration.ofSeconds(60);

    private final Home home;

    public PartProcesses(Home home) {
        this.home = home;
    }

    /** The pid of the supervisor that runs PART, if it does. */
    public OptionalLong pidOf(String part) {
        return Files.exists(home.launch(part)) ? supervisor() : OptionalLong.empty();
    }

    public boolean running(String part) {
        return pidOf(part).isPresent();
    }

    /** The home's supervisor process, if it runs. */
    public OptionalLong supervisor() {
        OptionalLong pid = OsProcesses.readPid(home.supervisorPid());
        if (pid.isEmpty() || !OsProcesses.alive(pid.getAsLong())
                || !OsProcesses.proc(pid.getAsLong(), "environ").contains(TAG + "=" + SUPERVISOR + "@" + home)) {
            return OptionalLong.empty();
        }
        return pid;
    }

    /**
     * Hands the part to the home's supervisor (started first if it does not run; detached in its own session so that
     * a Ctrl-C of {@code up} does not reach it) and returns once the part's process is started. Output goes to
     * logs/PART.log (the previous run's kept as .1).
     */
    public void launch(Launch launch) {
        String part = launch.part().name();
        try {
            if (Files.exists(home.log(part))) {
                Files.move(home.log(part), home.log(part).resolveSibling(part + ".log.1"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            for (var f : List.of(home.restarts(part), home.restartRequest(part), home.stopRequest(part))) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // run/PART.child is left for the supervisor: a process it names that still runs is an orphan it stops first
        OptionalLong previous = OsProcesses.readPid(home.child(part));
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(launch.environment());
        environment.put(TAG, part + "@" + home);
        new LaunchFile(launch.directory(), launch.liveness(), environment, launch.command()).write(home.launch(part));
        long deadline = System.nanoTime() + HANDOVER.toNanos();
        while (OsProcesses.readPid(home.child(part)).equals(previous) && System.nanoTime() < deadline) {
            if (supervisor().isEmpty()) {
                startSupervisor();
            }
            OsProcesses.pause(Duration.ofMillis(50));
        }
    }

    private void startSupervisor() {
        List<String> command = new ArrayList<>(List.of("setsid"));
        command.addAll(SelfCommand.supervisor(home));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.dir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.log(SUPERVISOR).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put(TAG, SUPERVISOR + "@" + home);
        try {
            OsProcesses.writePid(home.supervisorPid(), builder.start().pid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
