package dev.upshot.dispatcher.persistence;

import dev.upshot.dispatcher.service.AttemptResult;
import dev.upshot.dispatcher.service.CompletedAttempt;
import dev.upshot.dispatcher.service.PendingDispatch;
import dev.upshot.dispatcher.service.Transition;
import dev.upshot.messaging.OutboxEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static dev.upshot.dispatcher.persistence.DeliveryRepository.timestamp;

/**
 * Writes finished attempts, many per statement, on the caller's connection: each delivery's new state (only while this
 * replica's lease still holds), its attempt row, the outbox row of its outcome, and the health of the targets that
 * answered 2xx, all in one statement.
 */
@ApplicationScoped
public class AttemptLog {
    /**
     * One statement for the batch: the new states where the lease still holds, the attempt rows of those, the
     * outbox rows of those that reached a final state (the outbox trigger fires once, at the statement's end), and
     * the targets healed by a recorded 2xx.
     */
    private static final String SETTLE = """
            with input as (
                select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::int4[], $5::int4[], $6::timestamptz[],
                                     $7::uuid[], $8::timestamptz[], $9::int8[], $10::text[], $11::text[],
                                     $12::uuid[], $13::text[], $14::text[], $15::text[], $16::text[],
                                     $17::timestamptz[], $18::text[], $19::text[], $20::text[],
                                     $21::bool[])
                    as u(id, lease_token, state, attempt_no, status, next_attempt_at, attempt_id, started_at,
                         duration_ms, error, response_body, outcome_event_id, outcome_topic, outcome_key,
                         outcome_type, outcome_payload, outcome_created_at, outcome_traceparent, cloud, target,
                         succeeded)
            ), settled as (
                update delivery d
                   set state = i.state, attempt_count = i.attempt_no, last_status = i.status,
                       next_attempt_at = i.next_attempt_at, leased_until = null, lease_token = null, updated_at = now()
                  from input i
                 -- the token alone says the row is still ours: a claim sets it on a PENDING row, every change of
                 -- state clears it. A state condition here let the planner walk the partial index of pending rows
                 -- (all of them, per settle), which statistics taken before a burst make look empty.
                 where d.id = i.id and d.lease_token = i.lease_token
                returning d.id
            ), logged as (
                insert into delivery_attempt (id, delivery_id, attempt_no, started_at, duration_ms, http_status, error,
                                              response_body)
                select i.attempt_id, i.id, i.attempt_no, i.started_at, i.duration_ms, i.status, i.error,
                       i.response_body
                  from input i join settled s on s.id = i.id
            ), outcomes as (
                insert into outbox (event_id, topic, message_key, event_type, payload, created_at, traceparent)
                select i.outcome_event_id, i.outcome_topic, i.outcome_key, i.outcome_type, i.outcome_payload,
                       i.outcome_created_at, i.outcome_traceparent
                  from input i join settled s on s.id = i.id
                 where i.outcome_event_id is not null
                 order by i.id
            ), healed as (
                -- a 2xx heals its target; only targets that were failing are written (rarely any), locked in one order
                update webhook_target t set failing_since = null, updated_at = now()
                 where (t.cloud, t.target) in (
                        select w.cloud, w.target from webhook_target w
                         where w.failing_since is not null
                           and (w.cloud, w.target) in (select i.cloud, i.target from input i
                                                         join settled s on s.id = i.id where i.succeeded)
                         order by w.cloud, w.target
                           for update)
            )
            select id from settled""";
    private static final Class<?>[] SETTLE_TYPES = {UUID.class, UUID.class, String.class, Integer.class,
            Integer.class, OffsetDateTime.class, UUID.class, OffsetDateTime.class, Long.class, String.class,
            String.class, UUID.class, String.class, String.class, String.class, String.class, OffsetDateTime.class,
            String.class, String.class, String.class, Boolean.class};
    /** Where a row's columns of the outcome event start; the delivery's target and result follow them. */
    private static final int OUTCOME_COLUMNS = 11;
    private static final int TARGET_COLUMNS = OUTCOME_COLUMNS + 7;

    /** A finished attempt of a claimed delivery, and where it takes the delivery. */
    public record Settled(PendingDispatch dispatch, CompletedAttempt attempt, Transition transition) {
        /** A 2xx: the target is healthy. */
        public boolean succeeded() {
            return attempt.result() instanceof AttemptResult.Responded responded && responded.isSuccess();
        }
    }

    /**
     * Applies each transition whose lease still holds, logs its attempt, appends its outcome event (if
     * {@code outcomeOf} gives one: for final states) to the outbox, and clears the failing period of each target a
     * recorded attempt found healthy. One statement: atomic without a transaction of the caller's.
     *
     * @return the attempts recorded; one missing was outlived by its lease and another replica took the delivery over
     */
    public Uni<List<Settled>> settle(SqlClient connection, List<Settled> attempts,
                                     Function<Settled, OutboxEntry> outcomeOf) {
        // one order for every transaction, so two never wait for each other's rows
        List<Settled> ordered = attempts.stream().sorted(Comparator.comparing(s -> s.dispatch().deliveryId())).toList();
        return connection.preparedQuery(SETTLE).execute(Columns.of(
                ordered.stream().map(s -> row(s, outcomeOf.apply(s))).toList(), SETTLE_TYPES)).map(rows -> {
            Set<UUID> settled = new HashSet<>();
            rows.forEach(row -> settled.add(row.getUUID(0)));
            return ordered.stream().filter(s -> settled.contains(s.dispatch().deliveryId())).toList();
        });
    }

    private static Object[] row(Settled settled, OutboxEntry outcome) {
        PendingDispatch dispatch = settled.dispatch();
        CompletedAttempt attempt = settled.attempt();
        String body = attempt.result() instanceof AttemptResult.Responded(int ignored, String answer) ? answer : null;
        Object[] row = Arrays.copyOf(new Object[]{dispatch.deliveryId(), dispatch.leaseToken(),
                settled.transition().status().name(), attempt.attemptNo(), attempt.result().status(),
                timestamp(settled.transition() instanceof Transition.RetryAt(var at) ? at : null), UUID.randomUUID(),
                timestamp(attempt.startedAt()), attempt.duration().toMillis(), attempt.result().error(), body},
                SETTLE_TYPES.length);   // the outcome's columns stay null when there is none
        if (outcome != null) {
            System.arraycopy(new Object[]{outcome.eventId, outcome.topic, outcome.messageKey, outcome.eventType,
                    outcome.payload, timestamp(outcome.createdAt), outcome.traceparent}, 0, row, OUTCOME_COLUMNS, 7);
        }
        row[TARGET_COLUMNS] = dispatch.cloud();
        row[TARGET_COLUMNS + 1] = dispatch.target();
        row[TARGET_COLUMNS + 2] = settled.succeeded();
        return row;
    }
}
