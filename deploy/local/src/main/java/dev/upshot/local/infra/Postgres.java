package dev.upshot.local.infra;

import dev.upshot.local.Die;
import dev.upshot.local.config.Stack;
import dev.upshot.local.part.Part;
import dev.upshot.local.process.Launch;
import dev.upshot.local.readiness.Probes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The embedded PostgreSQL, or the external one UPSHOT_DB_URL names. The embedded server runs as the supervised process
 * itself; {@link EmbeddedPostgres} (a JVM that exits) unpacks its binaries and creates the cluster first, when they
 * are missing.
 */
public final class Postgres {
    /** What the server logs once it accepts connections. */
    static final String READY = "database system is ready to accept connections";

    private final Stack stack;
    private final String java;

    public Postgres(Stack stack, String java) {
        this.stack = stack;
        this.java = java;
    }

    public Launch launch() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (root()) {
            // PostgreSQL refuses to run as root: in a user namespace of its own it runs as an unprivileged user (as
            // zonky does it)
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(server().toString(), "-D", data().toString()));
        command.addAll(settings(stack.ports().pg(), listen(stack.ports().bind())));
        return new Launch(Part.PG, stack.home().dir(), null, Map.of(), command);
    }

    /**
     * The server's settings: no fsync (a crash of the machine may lose the local platform's last writes; a crash of
     * the server does not, the OS holds what it wrote), but synchronous commit kept — without it a killed server
     * loses the commits of its last ~200 ms that were already answered (an accepted upload would vanish); TCP only
     * (no socket file in a shared /tmp), and a small shared buffer pool: the local data set is small, the OS page
     * cache holds the rest (after the plain-upload bench, server and launcher JVM with the default 128 MB: 144 MiB
     * PSS; the server alone with 32 MB: 80 MiB).
     */
    static List<String> settings(int port, String listen) {
        return List.of("-p", Integer.toString(port), "-F", "-c", "listen_addresses=" + listen, "-c",
                "unix_socket_directories=", "-c", "max_connections=200", "-c", "timezone=UTC", "-c",
                "shared_buffers=32MB");
    }

    /** The bind address, and loopback beside it (the launcher's probes and the services' default host). */
    static String listen(String bind) {
        return switch (bind) {
            case "127.0.0.1", "localhost", "0.0.0.0", "*" -> bind;
            default -> bind + ",127.0.0.1";
        };
    }

    public boolean ready() {
        if (stack.db().external()) {
            return Probes.portOpen(stack.db().host(), stack.db().port());
        }
        try {
            return Files.readString(stack.home().log("pg")).contains(READY);
        } catch (IOException e) {
            return false;
        }
    }

    static boolean root() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(line -> line.matches("Uid:\\s+\\d+\\s+0\\s.*"));
    }

    private Path data() {
        return stack.home().data("pg");
    }

    /**
     * The postgres binary: the one the last preparation printed while it and the cluster exist, otherwise
     * {@link EmbeddedPostgres} prepares them (a few seconds, on the first {@code up} of a home).
     */
    private Path server() throws IOException, InterruptedException {
        Path remembered = stack.pgBinaries().resolve("server.path");
        if (Files.exists(remembered) && Files.exists(data().resolve("PG_VERSION"))) {
            Path server = Path.of(Files.readString(remembered).trim());
            if (Files.isExecutable(server)) {
                return server;
            }
        }
        Path log = stack.home().log("pg-prepare");
        int rc = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + stack.home().tmp(), stack.repo().log4jOption(), "-cp",
                stack.repo().infraClassPath(), EmbeddedPostgres.class.getName(),
                "--port", Integer.toString(stack.ports().pg()), "--data", data().toString(), "--database", "upshot",
                "--startup-timeout", Long.toString(stack.settings().timeout().toSeconds()),
                "--binaries", stack.pgBinaries().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
        List<String> out = Files.readAllLines(log);
        if (rc != 0 || out.isEmpty() || !out.getLast().startsWith(EmbeddedPostgres.PREPARED)) {
            out.subList(Math.max(0, out.size() - 20), out.size()).forEach(System.err::println);
            throw new Die("preparing the embedded PostgreSQL failed; log: " + log);
        }
        Path server = Path.of(out.getLast().substring(EmbeddedPostgres.PREPARED.length()).trim());
        Files.writeString(remembered, server + "\n");
        return server;
    }
}
