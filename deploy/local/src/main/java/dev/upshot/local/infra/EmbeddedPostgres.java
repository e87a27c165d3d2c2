package dev.upshot.local.infra;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Runs a real PostgreSQL (zonky embedded binaries) for the local runner until SIGTERM.
 *
 * <pre>
 * java -Djava.io.tmpdir=DIR -cp 'target/lib/*:target/upshot-local-infra.jar' dev.upshot.local.infra.EmbeddedPostgres \
 *      --port 5433 --data DIR [--bind 127.0.0.1] [--database upshot] [--binaries DIR] [--startup-timeout 120]
 * </pre>
 *
 * The data directory is kept across restarts: a cluster already in it is reused, never wiped. Prints one line starting
 * with {@value #READY} once the database accepts connections, and stops PostgreSQL cleanly on SIGTERM / SIGINT.
 * Exits (status 3) when the server dies under it, so a supervisor restarts both.
 */
public final class EmbeddedPostgres {

    public static final String READY = "UPSHOT-POSTGRES-READY";

    private EmbeddedPostgres() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        int port = Integer.parseInt(opts.getOrDefault("port", "5433"));
        String bind = opts.getOrDefault("bind", "127.0.0.1");
        String database = opts.getOrDefault("database", "upshot");
        int startupTimeout = Integer.parseInt(opts.getOrDefault("startup-timeout", "120"));
        if (!opts.containsKey("data")) {
            usage("--data is required");
        }
        if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            usage("--database must be a plain identifier");
        }
        Path data = Path.of(opts.get("data")).toAbsolutePath().normalize();
        Files.createDirectories(data);
        // zonky writes a helper script and (by default) the unpacked binaries under java.io.tmpdir
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));

        boolean existing = Files.exists(data.resolve("PG_VERSION")) && Files.exists(data.resolve("postgresql.conf"));
        if (!existing && !isEmpty(data)) {
            // a half-made cluster (initdb interrupted): nothing usable in it, and initdb needs an empty directory
            System.out.println("no complete cluster in " + data + ": emptying it before initdb");
            deleteContents(data);
        }

        // The server listens on the bind address; zonky's own readiness probe also needs the loopback address.
        String listen = switch (bind) {
            case "127.0.0.1", "localhost", "0.0.0.0", "*" -> bind;
            default -> bind + ",127.0.0.1";
        };

        var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(data.toFile())
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", listen)
                // TCP only: no socket file in a shared /tmp, no path-length limit
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("max_connections", "200")
                .setPGStartupWait(Duration.ofSeconds(startupTimeout))
                .setOutputRedirector(ProcessBuilder.Redirect.INHERIT)
                .setErrorRedirector(ProcessBuilder.Redirect.INHERIT);
        if (opts.containsKey("binaries")) {
            File binaries = new File(opts.get("binaries")).getAbsoluteFile();
            Files.createDirectories(binaries.toPath());
            builder.setOverrideWorkingDirectory(binaries);
        }

        long t0 = System.nanoTime();
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            System.out.println("stopping PostgreSQL on port " + port);
            try {
                pg.close();
            } catch (IOException | RuntimeException e) {
                System.err.println("could not stop PostgreSQL cleanly: " + e);
            }
            System.out.println("PostgreSQL stopped");
            System.out.flush();
            stopped.countDown();
        }, "upshot-postgres-stop"));

        boolean created = createDatabaseIfMissing(pg, database);
        System.out.printf("%s port=%d bind=%s database=%s cluster=%s%s (%d ms)%n", READY, port, bind, database,
                existing ? "existing" : "new", created ? " database-created" : "",
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
        System.out.flush();
        // The binary archive was unpacked through the heap: give that memory back, this JVM only waits from now on.
        // (The serial collector shrinks the heap by a growing fraction on each full collection, hence several.)
        for (int i = 0; i < 5; i++) {
            System.gc();
        }

        // pg_ctl runs the server in its own session: if it dies, this launcher exits too, so that whatever supervises
        // the launcher (./upshot) restarts both instead of waiting beside a dead database
        long serverPid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().trim());
        ProcessHandle.of(serverPid).ifPresent(server -> server.onExit().thenRun(() -> {
            if (!stopping.get()) {
                System.out.println("PostgreSQL server (pid " + serverPid + ") exited unexpectedly; the launcher exits");
                System.out.flush();
                Runtime.getRuntime().halt(3);
            }
        }));
        stopped.await();
    }

    private static boolean createDatabaseIfMissing(io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg,
                                                   String database) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE \"" + database + "\"");
            }
            return true;
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteContents(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                usage("unexpected argument: " + a);
            }
            String key = a.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                usage("missing value for " + a);
                return opts;
            }
            opts.put(key, value);
        }
        return opts;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: EmbeddedPostgres --data DIR [--port 5433] [--bind 127.0.0.1] [--database upshot]"
                + " [--binaries DIR] [--startup-timeout SECONDS]");
        System.exit(2);
    }
}
