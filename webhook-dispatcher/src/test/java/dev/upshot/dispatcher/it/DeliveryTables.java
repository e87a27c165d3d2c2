package dev.upshot.dispatcher.it;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.NotificationRequested;
import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The tests' view of the dispatcher's tables, read over JDBC, and the events they publish. */
final class DeliveryTables {
    private final AgroalDataSource database;

    DeliveryTables(AgroalDataSource database) {
        this.database = database;
    }

    /** A NotificationRequested as the gateway would publish it; one asset per test class keeps events in order. */
    static Envelope notification(String cloud, String assetId, String type, List<String> targets,
                                 List<String> standardTargets, Map<String, String> fields) {
        ObjectNode body = EventCodec.mapper().createObjectNode()
                .put("notification_type", type)
                .put("timestamp", Instant.now().toString())
                .put("request_id", UUID.randomUUID().toString());
        fields.forEach(body::put);
        return EventCodec.wrap(new NotificationRequested(type, targets, body, standardTargets), assetId, 7, cloud,
                Instant.now());
    }

    List<String> state(UUID eventId) {
        return column("select state from dispatcher.delivery where notification_event_id = ?", eventId, String.class);
    }

    List<Integer> attemptStatuses(UUID eventId) {
        return attemptColumn(eventId, "http_status", Integer.class);
    }

    List<String> attemptErrors(UUID eventId) {
        return attemptColumn(eventId, "error", String.class);
    }

    <T> List<T> attemptColumn(UUID eventId, String column, Class<T> type) {
        return column("select a." + column + " from dispatcher.delivery_attempt a"
                + " join dispatcher.delivery d on d.id = a.delivery_id"
                + " where d.notification_event_id = ? order by a.attempt_no", eventId, type);
    }

    <T> List<T> column(String sql, Object parameter, Class<T> type) {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> values = new ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getObject(1, type));
                }
                return values;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
