package dev.upshot.system;

import dev.upshot.local.build.Reactor;
import dev.upshot.local.build.Staleness;
import dev.upshot.local.process.SelfCommand;
import dev.upshot.local.process.ServiceLaunch;
import dev.upshot.local.readiness.Probes;
import dev.upshot.local.readiness.Readiness;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One packaged service ({@code target/quarkus-app/quarkus-run.jar}) run as a child process, as in production: launched
 * and awaited with the local runner's code (deploy/local), found through the reactor.
 */
final class ServiceProcess implements AutoCloseable {
    private static final Reactor REACTOR =
            Reactor.read(Path.of(System.getProperty("upshot.repo", "..")).toAbsolutePath().normalize());

    private final String module;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String module, int port, Process process, Path log) {
        this.module = module;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts the module's jar with the {@code local} profile and the given environment on a free port. */
    static ServiceProcess start(String module, Map<String, String> env) throws IOException {
        return start(module, env, freePort());
    }

    /** The same on a given port, e.g. the one a replaced process had, which other services are configured with. */
    static ServiceProcess start(String module, Map<String, String> env, int port) throws IOException {
        Path dir = REACTOR.module(module).orElseThrow(() -> new IllegalArgumentException(module + ": no such module"))
                .dir();
        Path jar = Staleness.jar(dir);
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the module first");
        }
        Path log = REACTOR.root().resolve("system-tests/target").resolve(module + "-" + port + ".log");
        Files.createDirectories(log.getParent());
        // C1 only: far less CPU at startup, which matters when several services start at once on a small machine;
        // these processes live for one test class
        ProcessBuilder builder = new ProcessBuilder(ServiceLaunch.command(SelfCommand.java(), dir, List.of("-XX:TieredStopAtLevel=1")))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().putAll(ServiceLaunch.environment(port, "127.0.0.1"));
        return new ServiceProcess(module, port, builder.start(), log);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    int port() {
        return port;
    }

    String module() {
        return module;
    }

    /** Waits until {@code /q/health/{check}} answers 200, or answers at all when {@code anyAnswer}. */
    ServiceProcess awaitHealth(String check, boolean anyAnswer, Duration timeout) throws InterruptedException {
        String url = uri("/q/health/" + check).toString();
        Readiness.Outcome outcome = Readiness.await(() -> {
            int status = Probes.httpStatus(url, Duration.ofSeconds(2));
            return status == 200 || anyAnswer && status != 0;
        }, () -> !process.isAlive(), timeout, Duration.ofMillis(250), waited -> { });
        return switch (outcome) {
            case READY -> this;
            case FAILED -> throw new IllegalStateException(module + " exited with " + process.exitValue() + "; log: "
                    + log);
            case TIMED_OUT -> throw new IllegalStateException(module + " not " + check + " after " + timeout
                    + "; log: " + log);
        };
    }

    /** The processes this one started (and theirs). */
    List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    /** SIGKILL: the process gets no chance to finish anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(20))) {
            kill();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
