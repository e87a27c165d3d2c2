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
import java.util.stream.Stream;

/**
 * Prepares the local runner's PostgreSQL (zonky embedded binaries from a Maven artifact), then exits: unpacks the
 * binaries, creates the cluster and the database when missing, stops the server again and prints the server binary's
 * path. {@link Postgres} runs that binary itself under the supervisor, so no JVM stays alive beside the database (it
 * cost ~50 MiB PSS only to wait).
 *
 * <pre>
 * java -Djava.io.tmpdir=DIR -cp 'target/lib/*:target/upshot-local-infra.jar' dev.upshot.local.infra.EmbeddedPostgres \
 *      --port 5433 --data DIR [--database upshot] [--binaries DIR] [--startup-timeout 120]
 * </pre>
 *
 * The data directory is kept across runs: a cluster already in it is reused, never wiped. The last line printed starts
 * with {@value #PREPARED} and ends with the path of the {@code postgres} binary.
 */
public final class EmbeddedPostgres {

    public static final String PREPARED = "UPSHOT-POSTGRES-PREPARED ";

    private EmbeddedPostgres() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        int port = Integer.parseInt(opts.getOrDefault("port", "5433"));
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

        var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(data.toFile())
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // TCP only: no socket file in a shared /tmp, no path-length limit
                .setServerConfig("unix_socket_directories", "")
                .setPGStartupWait(Duration.ofSeconds(startupTimeout))
                .setOutputRedirector(ProcessBuilder.Redirect.INHERIT)
                .setErrorRedirector(ProcessBuilder.Redirect.INHERIT);
        if (opts.containsKey("binaries")) {
            File binaries = new File(opts.get("binaries")).getAbsoluteFile();
            Files.createDirectories(binaries.toPath());
            builder.setOverrideWorkingDirectory(binaries);
        }

        long t0 = System.nanoTime();
        Path server;
        boolean created;
        try (io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = builder.start()) {
            long serverPid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().trim());
            server = Path.of("/proc/" + serverPid + "/exe").toRealPath();
            created = createDatabaseIfMissing(pg, database);
        }
        System.out.printf("cluster=%s%s (%d ms)%n%s%s%n", existing ? "existing" : "new",
                created ? " database-created" : "", Duration.ofNanos(System.nanoTime() - t0).toMillis(), PREPARED,
                server);
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
        System.err.println("usage: EmbeddedPostgres --data DIR [--port 5433] [--database upshot]"
                + " [--binaries DIR] [--startup-timeout SECONDS]");
        System.exit(2);
    }
}
