package dev.upshot.gateway.persistence;

import dev.upshot.contracts.NotificationOutcome;
import dev.upshot.messaging.PollIntake;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** How each notification ended, as the dispatcher reported it: the asset's delivery history. */
@ApplicationScoped
public class NotificationOutcomes {
    /**
     * The events' processed-event rows and the outcomes of those not processed before, in one statement (atomic
     * without BEGIN/COMMIT). A later outcome of the same delivery replaces the earlier one.
     */
    private static final String RECORD = PollIntake.firstTime("""
            insert into notification_outcome (notification_event_id, target, asset_id, outcome, attempts, last_status,
                                              recorded_at)
            select n, t, a, o, at, s, now()
            from unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::int[], $9::int[])
                as u(e, n, t, a, o, at, s)
            where e in (select event_id from first_time)
            on conflict (notification_event_id, target) do update set outcome = excluded.outcome,
                attempts = excluded.attempts, last_status = excluded.last_status, recorded_at = excluded.recorded_at
            """);

    private final Pool pool;

    public NotificationOutcomes(Pool pool) {
        this.pool = pool;
    }

    /** One outcome event. */
    public record Reported(UUID eventId, String assetId, NotificationOutcome outcome) {
    }

    /**
     * Records the outcomes once per event id, in their order.
     *
     * @param consumer the processed-event log's name for this consumer
     */
    public Uni<Void> record(String consumer, List<Reported> reported) {
        // one statement may not update a row twice: of one delivery's outcomes, the last one is written
        Map<List<Object>, Reported> latest = new LinkedHashMap<>();
        for (Reported r : reported) {
            latest.remove(List.of(r.outcome().notificationEventId(), r.outcome().target()));
            latest.put(List.of(r.outcome().notificationEventId(), r.outcome().target()), r);
        }
        List<Reported> rows = List.copyOf(latest.values());
        int n = rows.size();
        UUID[] events = new UUID[n];
        UUID[] notifications = new UUID[n];
        String[] targets = new String[n];
        String[] assets = new String[n];
        String[] outcomes = new String[n];
        Integer[] attempts = new Integer[n];
        Integer[] statuses = new Integer[n];
        for (int i = 0; i < n; i++) {
            Reported r = rows.get(i);
            events[i] = r.eventId();
            notifications[i] = r.outcome().notificationEventId();
            targets[i] = r.outcome().target();
            assets[i] = r.assetId();
            outcomes[i] = r.outcome().outcome().name();
            attempts[i] = r.outcome().attempts();
            statuses[i] = r.outcome().lastStatus();
        }
        UUID[] all = reported.stream().map(Reported::eventId).toArray(UUID[]::new);
        return pool.preparedQuery(RECORD)
                .execute(Tuple.from(new Object[]{consumer, all, events, notifications, targets, assets, outcomes,
                        attempts, statuses}))
                .replaceWithVoid();
    }
}
