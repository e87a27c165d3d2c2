package dev.upshot.local.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The preparation (a run that exits) and then the server run on its own, as the supervisor runs it. */
class PostgresTest {

    @Test
    void aPreparedClusterIsServedByThePostgresBinaryAlone(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path data = dir.resolve("data");
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true));
        try {
            EmbeddedPostgres.main(new String[]{"--port", Integer.toString(port), "--data", data.toString(),
                    "--database", "upshot", "--binaries", dir.resolve("bin").toString()});
        } finally {
            System.setOut(out);
        }
        List<String> lines = printed.toString().lines().toList();
        assertTrue(lines.getLast().startsWith(EmbeddedPostgres.PREPARED), lines.toString());
        Path server = Path.of(lines.getLast().substring(EmbeddedPostgres.PREPARED.length()));
        assertTrue(Files.isExecutable(server), server.toString());

        List<String> command = new ArrayList<>(Postgres.root() ? List.of("unshare", "-U") : List.of());
        command.addAll(List.of(server.toString(), "-D", data.toString()));
        command.addAll(Postgres.settings(port, Postgres.listen("127.0.0.1")));
        Path log = dir.resolve("pg.log");
        Process pg = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains(Postgres.READY) && System.nanoTime() < deadline && pg.isAlive()) {
                Thread.sleep(100);
            }
            assertTrue(Files.readString(log).contains(Postgres.READY), Files.readString(log));
            try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/upshot", "postgres", "");
                 var rs = c.createStatement().executeQuery("SELECT current_setting('shared_buffers'), "
                         + "current_setting('synchronous_commit')")) {
                assertTrue(rs.next());
                assertEquals("32MB", rs.getString(1));
                // an answered commit must survive a killed server (SupervisionIT kills it mid-burst)
                assertEquals("on", rs.getString(2));
            }
        } finally {
            pg.destroy(); // SIGTERM: a smart shutdown, no client is left
            assertTrue(pg.waitFor(60, TimeUnit.SECONDS), "PostgreSQL did not stop on SIGTERM");
        }
        assertEquals("127.0.0.1", Postgres.listen("127.0.0.1"));
        assertEquals("10.0.0.5,127.0.0.1", Postgres.listen("10.0.0.5"));
    }
}
