package dev.upshot.local.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateTest {
    @TempDir
    Path dir;

    @Test
    void roundTrip() {
        Ports ports = Ports.from(new Env(Map.of("UPSHOT_GATEWAY_PORT", "18080", "UPSHOT_BIND", "0.0.0.0")));
        State state = new State(ports.settings(), true, "db.example:5432", false, "http://127.0.0.1:9000",
                List.of("upload-gateway", "analysis-worker"), 3);
        Home home = Home.create(dir.resolve("home"));
        state.write(home.state());
        State read = State.read(home.state()).orElseThrow();
        assertEquals(state, read);
        assertEquals(ports, Ports.from(new Env(Map.of()).withDefaults(read.settings())));
    }

    @Test
    void theEnvironmentWinsOverTheSavedState() {
        Env env = new Env(Map.of("UPSHOT_KAFKA_PORT", "19092", "UPSHOT_PG_PORT", ""))
                .withDefaults(Map.of("UPSHOT_KAFKA_PORT", "9999", "UPSHOT_PG_PORT", "15433"));
        assertEquals(19092, Ports.from(env).kafka());
        assertEquals(15433, Ports.from(env).pg(), "empty counts as unset, as in bash");
    }

    @Test
    void noServicesAndNoFile() {
        Path file = dir.resolve("state.env");
        assertTrue(State.read(file).isEmpty());
        new State(Map.of(), false, "h:1", false, "http://h:2", List.of(), 1).write(file);
        assertEquals(List.of(), State.read(file).orElseThrow().services());
    }

    @Test
    void theAccountIsMadeOnceAndKeptPrivate() throws Exception {
        Path file = dir.resolve("account.env");
        Account first = Account.ensure(file, new Env(Map.of("UPSHOT_CLOUD_NAME", "acme")));
        Account again = Account.ensure(file, new Env(Map.of()));
        assertEquals(first, again);
        assertEquals("acme", again.cloudName());
        assertTrue(first.apiKey().matches("[1-9][0-9]{14}"), first.apiKey());
        assertEquals(32, first.opsToken().length());
        assertEquals(java.util.Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(file));
        assertNotEquals(first.apiSecret(), Account.ensure(dir.resolve("other.env"), new Env(Map.of())).apiSecret());
    }

    @Test
    void externalDatabaseUrl() {
        Database db = Database.from(new Env(Map.of("UPSHOT_DB_URL", "postgresql://app:p%40ss+1@db.local:6543/media")),
                Ports.from(new Env(Map.of())));
        assertEquals(new Database(true, "db.local", 6543, "media", "app", "p@ss+1"), db);
    }
}
