package dev.upshot.dispatcher.persistence;

import dev.upshot.dispatcher.service.AttemptResult;
import dev.upshot.dispatcher.service.CompletedAttempt;
import dev.upshot.dispatcher.service.PendingDispatch;
import dev.upshot.dispatcher.service.Transition;
import dev.upshot.messaging.OutboxEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.upshot.dispatcher.persistence.DeliveryRepository.timestamp;

/**
 * Writes finished attempts, many per statement, on the connection of the caller's transaction: each delivery's new
 * state (only while this replica's lease still holds) and its attempt row in one statement, and the outbox rows of the
 * outcomes.
 */
@ApplicationScoped
public class AttemptLog {
    /** One statement for the batch: the new states where the lease still holds, and the attempt rows of those. */
    private static final String SETTLE = """
            with input as (
                select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::int4[], $5::int4[], $6::timestamptz[],
                                     $7::uuid[], $8::timestamptz[], $9::int8[], $10::text[], $11::text[])
                    as u(id, lease_token, state, attempt_no, status, next_attempt_at, attempt_id, started_at,
                         duration_ms, error, response_body)
            ), settled as (
                update delivery d
                   set state = i.state, attempt_count = i.attempt_no, last_status = i.status,
                       next_attempt_at = i.next_attempt_at, leased_until = null, lease_token = null, updated_at = now()
                  from input i
                 where d.id = i.id and d.lease_token = i.lease_token and d.state = 'PENDING'
                returning d.id
            ), logged as (
                insert into delivery_attempt (id, delivery_id, attempt_no, started_at, duration_ms, http_status, error,
                                              response_body)
                select i.attempt_id, i.id, i.attempt_no, i.started_at, i.duration_ms, i.status, i.error,
                       i.response_body
                  from input i join settled s on s.id = i.id
            )
            select id from settled""";
    private static final Class<?>[] SETTLE_TYPES = {UUID.class, UUID.class, String.class, Integer.class,
            Integer.class, OffsetDateTime.class, UUID.class, OffsetDateTime.class, Long.class, String.class,
            String.class};
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
        return connection.preparedQuery(SETTLE).execute(Columns.of(ordered.stream().map(AttemptLog::row).toList(),
                SETTLE_TYPES)).map(rows -> {
            Set<UUID> settled = new HashSet<>();
            rows.forEach(row -> settled.add(row.getUUID(0)));
            return ordered.stream().filter(s -> settled.contains(s.dispatch().deliveryId())).toList();
        });
    }

    /** Appends events to the outbox (its trigger wakes the relay at commit). */
    public Uni<Void> append(SqlConnection connection, List<OutboxEntry> events) {
        return events.isEmpty() ? Uni.createFrom().voidItem()
                : connection.preparedQuery(OUTBOX).executeBatch(events.stream().map(e -> Tuple.from(Arrays.asList(
                        e.eventId, e.topic, e.messageKey, e.eventType, e.payload, timestamp(e.createdAt),
                        e.traceparent))).toList()).replaceWithVoid();
    }

    private static Object[] row(Settled settled) {
        PendingDispatch dispatch = settled.dispatch();
        CompletedAttempt attempt = settled.attempt();
        String body = attempt.result() instanceof AttemptResult.Responded(int ignored, String answer) ? answer : null;
        return new Object[]{dispatch.deliveryId(), dispatch.leaseToken(), settled.transition().status().name(),
                attempt.attemptNo(), attempt.result().status(),
                timestamp(settled.transition() instanceof Transition.RetryAt(var at) ? at : null), UUID.randomUUID(),
                timestamp(attempt.startedAt()), attempt.duration().toMillis(), attempt.result().error(), body};
    }
}
