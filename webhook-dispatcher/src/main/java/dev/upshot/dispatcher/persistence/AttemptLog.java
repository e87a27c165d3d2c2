package dev.upshot.dispatcher.persistence;

import dev.upshot.dispatcher.service.AttemptResult;
import dev.upshot.dispatcher.service.CompletedAttempt;
import dev.upshot.dispatcher.service.PendingDispatch;
import dev.upshot.dispatcher.service.Transition;
import dev.upshot.messaging.OutboxEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import static dev.upshot.dispatcher.persistence.DeliveryRepository.timestamp;

/**
 * Writes finished attempts, many per statement batch, on the connection of the caller's transaction: each delivery's
 * new state (only while this replica's lease still holds), its attempt row, and the outbox rows of the outcomes.
 */
@ApplicationScoped
public class AttemptLog {
    private static final String SETTLE = """
            update delivery
               set state = $3, attempt_count = $4, last_status = $5, next_attempt_at = $6,
                   leased_until = null, lease_token = null, updated_at = now()
             where id = $1 and lease_token = $2 and state = 'PENDING'
            returning id""";
    private static final String ATTEMPT = """
            insert into delivery_attempt (id, delivery_id, attempt_no, started_at, duration_ms, http_status, error,
                                          response_body)
            values ($1, $2, $3, $4, $5, $6, $7, $8)""";
    private static final String OUTBOX = """
            insert into outbox (event_id, topic, message_key, event_type, payload, created_at, traceparent)
            values ($1, $2, $3, $4, $5, $6, $7)""";

    /** A finished attempt of a claimed delivery, and where it takes the delivery. */
    public record Settled(PendingDispatch dispatch, CompletedAttempt attempt, Transition transition) {
    }

    /**
     * Applies each transition whose lease still holds, and logs its attempt.
     *
     * @return the attempts recorded; one missing was outlived by its lease and another replica took the delivery over
     */
    public Uni<List<Settled>> settle(SqlConnection connection, List<Settled> attempts) {
        // one order for every transaction, so two never wait for each other's rows
        List<Settled> ordered = attempts.stream().sorted(Comparator.comparing(s -> s.dispatch().deliveryId())).toList();
        List<Tuple> updates = ordered.stream().map(s -> Tuple.from(Arrays.asList(s.dispatch().deliveryId(),
                s.dispatch().leaseToken(), s.transition().status().name(), s.attempt().attemptNo(),
                s.attempt().result().status(),
                timestamp(s.transition() instanceof Transition.RetryAt(var at) ? at : null)))).toList();
        return connection.preparedQuery(SETTLE).executeBatch(updates).chain(results -> {
            List<Settled> recorded = new ArrayList<>();
            int i = 0;
            for (RowSet<Row> result = results; result != null; result = result.next(), i++) {
                if (result.rowCount() > 0) {
                    recorded.add(ordered.get(i));
                }
            }
            return recorded.isEmpty() ? Uni.createFrom().item(recorded)
                    : connection.preparedQuery(ATTEMPT).executeBatch(recorded.stream().map(AttemptLog::attemptRow)
                    .toList()).replaceWith(recorded);
        });
    }

    /** Appends events to the outbox (its trigger wakes the relay at commit). */
    public Uni<Void> append(SqlConnection connection, List<OutboxEntry> events) {
        return events.isEmpty() ? Uni.createFrom().voidItem()
                : connection.preparedQuery(OUTBOX).executeBatch(events.stream().map(e -> Tuple.from(Arrays.asList(
                        e.eventId, e.topic, e.messageKey, e.eventType, e.payload, timestamp(e.createdAt),
                        e.traceparent))).toList()).replaceWithVoid();
    }

    private static Tuple attemptRow(Settled settled) {
        CompletedAttempt attempt = settled.attempt();
        String body = attempt.result() instanceof AttemptResult.Responded(int ignored, String answer) ? answer : null;
        return Tuple.from(Arrays.asList(UUID.randomUUID(), settled.dispatch().deliveryId(), attempt.attemptNo(),
                timestamp(attempt.startedAt()), attempt.duration().toMillis(), attempt.result().status(),
                attempt.result().error(), body));
    }
}
