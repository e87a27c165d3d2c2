package dev.upshot.gateway.persistence;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A schema a newer release already migrated does not stop this release from starting: a rollback, or an old replica
 * restarting during a rolling upgrade, would otherwise fail Flyway's validation at start and never come up.
 */
@QuarkusTest
class NewerSchemaTest {
    private static final String NEWER = "999999";

    @Inject
    Flyway flyway;
    @Inject
    Pool pool;

    @Test
    void aMigrationOfANewerReleaseDoesNotFailTheStart() {
        pool.query("insert into flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                        + "installed_by, execution_time, success) select max(installed_rank) + 1, '" + NEWER + "', "
                        + "'of a newer release', 'SQL', 'V" + NEWER + "__of_a_newer_release.sql', 0, current_user, 1, true "
                        + "from flyway_schema_history")
                .execute().await().indefinitely();
        try {
            // what the start runs: validate, then migrate what is pending
            assertDoesNotThrow(() -> flyway.migrate());
            assertEquals(NEWER, flyway.info().current().getVersion().getVersion(), "the newer migration stays recorded");
        } finally {
            pool.query("delete from flyway_schema_history where version = '" + NEWER + "'").execute().await().indefinitely();
        }
    }
}
