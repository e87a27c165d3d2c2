package dev.upshot.local.process;

import dev.upshot.local.config.Home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The supervised processes of one home. Each carries {@value #TAG}=PART@HOME in its environment, so that a pid file
 * is only trusted while that pid is still the same process (no pid-reuse surprises). Not a -D system property:
 * Quarkus validates those against its config mappings.
 */
public final class PartProcesses {
    public static final String TAG = "UPSHOTLOCAL_PART";

    private final Home home;

    public PartProcesses(Home home) {
        this.home = home;
    }

    /** The pid of PART's supervisor, if it runs. */
    public OptionalLong pidOf(String part) {
        OptionalLong pid = OsProcesses.readPid(home.pid(part));
        if (pid.isEmpty() || !OsProcesses.alive(pid.getAsLong())
                || !OsProcesses.proc(pid.getAsLong(), "environ").contains(TAG + "=" + part + "@" + home)) {
            return OptionalLong.empty();
        }
        return pid;
    }

    public boolean running(String part) {
        return pidOf(part).isPresent();
    }

    /**
     * Starts the part under its own supervisor ({@code __supervise}), detached in its own session so that a Ctrl-C of
     * {@code up} does not reach it; output to logs/PART.log (the previous run's kept as .1). Returns the supervisor.
     */
    public Process launch(Launch launch) {
        String part = launch.part().name();
        try {
            if (Files.exists(home.log(part))) {
                Files.move(home.log(part), home.log(part).resolveSibling(part + ".log.1"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            for (var f : List.of(home.restarts(part), home.child(part), home.restartRequest(part))) {
                Files.deleteIfExists(f);
            }
            List<String> command = new ArrayList<>(List.of("setsid"));
            command.addAll(SelfCommand.supervisor(part, home, launch.liveness()));
            command.addAll(launch.command());
            ProcessBuilder builder = new ProcessBuilder(command).directory(launch.directory().toFile())
                    .redirectErrorStream(true).redirectOutput(home.log(part).toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(launch.environment());
            builder.environment().put(TAG, part + "@" + home);
            Process process = builder.start();
            OsProcesses.writePid(home.pid(part), process.pid());
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
