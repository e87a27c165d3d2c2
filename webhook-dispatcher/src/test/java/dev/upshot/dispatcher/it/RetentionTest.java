package dev.upshot.dispatcher.it;

import dev.upshot.messaging.RetentionPruner;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rows past their retention go, the others stay: processed events after 8 days (the messaging module's rule, which
 * every service has), finished deliveries with their attempts after 30 days; a pending delivery however old stays.
 */
@QuarkusTest
@WithTestResource(KafkaTestTopics.class)
class RetentionTest extends DispatcherTestBase {
    @Inject
    RetentionPruner pruner;

    @Test
    void prunesOnlyWhatOutlivedItsRetention() throws Exception {
        UUID oldEvent = UUID.randomUUID();
        UUID recentEvent = UUID.randomUUID();
        update("insert into dispatcher.processed_event (consumer, event_id, processed_at) values"
                + " ('retention-test', ?, now() - interval '9 days'), ('retention-test', ?, now() - interval '7 days')",
                oldEvent, recentEvent);
        UUID oldDelivered = delivery("DELIVERED", "31 days");
        UUID oldDead = delivery("DEAD", "31 days");
        UUID recentDelivered = delivery("DELIVERED", "29 days");
        UUID oldPending = delivery("PENDING", "31 days");

        Map<String, Long> deleted = pruner.prune().await().atMost(Duration.ofSeconds(30));

        assertTrue(deleted.get("processed events") >= 1, deleted.toString());
        assertTrue(deleted.get("finished webhook deliveries") >= 2, deleted.toString());
        assertEquals(List.of(recentEvent), tables().column("select event_id from dispatcher.processed_event"
                + " where consumer = ? order by processed_at", "retention-test", UUID.class));
        for (UUID gone : List.of(oldDelivered, oldDead)) {
            assertEquals(List.of(0L), count("select count(*) from dispatcher.delivery where id = ?", gone));
            assertEquals(List.of(0L), count("select count(*) from dispatcher.delivery_attempt where delivery_id = ?",
                    gone));
        }
        for (UUID kept : List.of(recentDelivered, oldPending)) {
            assertEquals(List.of(1L), count("select count(*) from dispatcher.delivery where id = ?", kept));
            assertEquals(List.of(1L), count("select count(*) from dispatcher.delivery_attempt where delivery_id = ?",
                    kept));
        }
    }

    /** A delivery last changed {@code age} ago, with one attempt. */
    private UUID delivery(String state, String age) throws SQLException {
        UUID id = UUID.randomUUID();
        update("insert into dispatcher.delivery (id, notification_event_id, cloud, asset_id, asset_version,"
                + " notification_type, target, body, state, next_attempt_at, created_at, updated_at)"
                + " values (?, ?, 'retention-test', 'a', 1, 'upload', 'http://example.com/hook', '\\x7b7d'::bytea, ?,"
                + " case when ? = 'PENDING' then now() + interval '1 hour' end,"
                + " now() - ?::interval, now() - ?::interval)", id, UUID.randomUUID(), state, state, age, age);
        update("insert into dispatcher.delivery_attempt (id, delivery_id, attempt_no, started_at, duration_ms,"
                + " http_status) values (?, ?, 1, now() - ?::interval, 5, 500)", UUID.randomUUID(), id, age);
        return id;
    }

    private List<Long> count(String sql, UUID id) {
        return tables().column(sql, id, Long.class);
    }

    private void update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
