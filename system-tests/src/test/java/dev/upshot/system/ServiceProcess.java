package dev.upshot.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One packaged service ({@code target/quarkus-app/quarkus-run.jar}) run as a child process, as in production. */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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
        Path repo = Path.of(System.getProperty("upshot.repo", ".."));
        Path jar = repo.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the module first");
        }
        Path log = repo.resolve("system-tests/target").resolve(module + "-" + port + ".log");
        Files.createDirectories(log.getParent());
        String java = ProcessHandle.current().info().command().orElse("java");
        // C1 only and the serial collector: far less CPU at startup, which matters when several services start at
        // once on a small machine; these processes live for one test class
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dquarkus.profile=local",
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
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
    ServiceProcess awaitHealth(String check, boolean anyAnswer, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + "; log: " + log);
            }
            try {
                var response = HTTP.send(HttpRequest.newBuilder(uri("/q/health/" + check))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 || anyAnswer) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(module + " not " + check + " after " + timeout + "; log: " + log);
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
