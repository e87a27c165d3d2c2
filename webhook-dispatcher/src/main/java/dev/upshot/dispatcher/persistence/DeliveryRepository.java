package dev.upshot.dispatcher.persistence;

import dev.upshot.dispatcher.service.PendingDispatch;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The delivery table. The hot paths (intake, claim) are plain SQL on the reactive client, each one statement
 * or one transaction for many rows; the Admin API reads and replays through Hibernate Reactive.
 */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, UUID> {
    private static final String CLAIM = """
            with leased as (
                -- rows in flight: leased, less this replica's attempts that are over and only wait to be recorded ($5)
                select cloud, target, asset_id from delivery
                 where leased_until > now() and id <> all($5::uuid[])
            ), in_flight as (
                select target, count(*) as n from leased group by target
            ), due as (
                -- one asset's notifications reach a target one after another, oldest first: per target and asset
                -- only the oldest due row, and none while one of theirs is in flight
                select d.id, d.cloud, d.target, d.next_attempt_at, d.seq,
                       row_number() over (partition by d.cloud, d.target, d.asset_id order by d.seq) as turn
                  from delivery d
                 where d.state = 'PENDING' and d.next_attempt_at <= now()
                   and (d.leased_until is null or d.leased_until < now())
                   -- only targets with a free slot: the rows of the others are not ranked
                   and not exists (select 1 from in_flight f where f.target = d.target and f.n >= $1)
                   and not exists (select 1 from leased l
                                    where l.cloud = d.cloud and l.target = d.target and l.asset_id = d.asset_id)
            ), ranked as (
                select id, cloud, target, next_attempt_at,
                       row_number() over (partition by target order by next_attempt_at, seq) as rank
                  from due where turn = 1
            ), claimable as (
                select id from delivery
                 where id = any(array(select r.id from ranked r left join in_flight f on f.target = r.target
                                       where r.rank + coalesce(f.n, 0) <= $1
                                         and not exists (select 1 from webhook_target t
                                                          where t.cloud = r.cloud and t.target = r.target
                                                            and t.state = 'DISABLED')
                                       order by r.next_attempt_at
                                       limit $2))
                   -- repeated here: FOR UPDATE re-checks only these conditions on a row another replica leased and
                   -- committed meanwhile, so it is skipped, not claimed twice
                   and state = 'PENDING' and next_attempt_at <= now()
                   and (leased_until is null or leased_until < now())
                 for update skip locked
            ), claimed as (
                update delivery d
                   set leased_until = now() + make_interval(secs => $3::float8), lease_token = $4
                  from claimable c
                 where d.id = c.id
                returning d.id, d.notification_event_id, d.cloud, d.target, d.asset_version, d.body,
                          d.standard_webhooks, d.attempt_count, d.schedule_start, d.asset_id, d.traceparent,
                          d.next_attempt_at
            ), outlook as (
                -- the pump's next wake-up, read from the snapshot the claim saw (the claimed rows as they were
                -- before): due rows left waiting for a slot or their turn, and when the first other row falls due
                select count(*) filter (where p.next_attempt_at <= now()
                                          and (p.leased_until is null or p.leased_until < now())) as due,
                       count(*) as pending,
                       extract(epoch from min(greatest(p.next_attempt_at, coalesce(p.leased_until, p.next_attempt_at)))
                                          filter (where c.id is null) - now())::float8 as until_next_due
                  from delivery p left join claimed c on c.id = p.id
                 where p.state = 'PENDING'
            )
            select c.*, o.due, o.pending, o.until_next_due from outlook o left join claimed c on true""";
    /** The events not processed before are recorded as processed, and the deliveries of those inserted. */
    private static final String INSERT = """
            with first_time as (
                insert into processed_event (consumer, event_id, processed_at)
                select $1, id, now() from unnest($2::uuid[]) as id
                on conflict do nothing
                returning event_id
            )
            insert into delivery (id, notification_event_id, cloud, asset_id, asset_version, notification_type, target,
                                  body, state, attempt_count, next_attempt_at, standard_webhooks, schedule_start,
                                  traceparent, created_at, updated_at)
            select u.* from unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::int8[], $8::text[], $9::text[],
                                   $10::bytea[], $11::text[], $12::int4[], $13::timestamptz[], $14::bool[],
                                   $15::int4[], $16::text[], $17::timestamptz[], $18::timestamptz[])
                   as u(id, notification_event_id)
             where u.notification_event_id in (select event_id from first_time)
            on conflict (notification_event_id, target) do nothing""";
    private static final Class<?>[] INSERT_TYPES = {UUID.class, UUID.class, String.class, String.class, Long.class,
            String.class, String.class, Buffer.class, String.class, Integer.class, OffsetDateTime.class, Boolean.class,
            Integer.class, String.class, OffsetDateTime.class, OffsetDateTime.class};

    private final Pool pool;

    public DeliveryRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores the deliveries of the events not processed before, and records all of them as processed by
     * {@code consumer}, in one statement: an event seen again (redelivered, replayed, twice in a poll) adds nothing.
     */
    public Uni<Void> createOnce(String consumer, Map<UUID, List<Delivery>> byEvent) {
        List<Object[]> rows = new ArrayList<>();
        byEvent.values().forEach(deliveries -> deliveries.forEach(delivery -> rows.add(row(delivery))));
        return pool.preparedQuery(INSERT).execute(Columns.after(
                new Object[]{consumer, byEvent.keySet().toArray(UUID[]::new)}, rows, INSERT_TYPES)).replaceWithVoid();
    }

    /**
     * Claims up to {@code limit} due deliveries for this replica, in one statement. Rows another replica is claiming
     * are skipped, not waited for, and a claimed row stays reserved for {@code lease} (database clock), so the HTTP
     * call happens outside any transaction. A target never gets more than {@code perTarget} attempts in flight
     * (counting rows leased by any replica), and a disabled target gets none, so a slow or dead receiver cannot fill
     * the batch. One asset's deliveries to one target go one at a time, oldest first (a failed one waiting for its
     * retry does not hold the later ones back). {@code answered} are deliveries of this replica whose attempt is over but not recorded yet: their
     * rows are still leased (no other replica takes them) but no longer count as in flight, so the next attempt to
     * their target need not wait for that write. The same statement reads the pump's outlook ({@link Claim}).
     */
    public Uni<Claim> claimDue(int limit, int perTarget, Duration lease, Collection<UUID> answered) {
        UUID token = UUID.randomUUID();
        return pool.preparedQuery(CLAIM).execute(Tuple.of(perTarget, limit, lease.toMillis() / 1000.0, token,
                        answered.toArray(UUID[]::new)))
                .map(rows -> {
                    List<Row> claimed = new ArrayList<>();
                    Row outlook = null;
                    for (Row row : rows) {
                        outlook = row;
                        if (row.getUUID("id") != null) {
                            claimed.add(row);
                        }
                    }
                    claimed.sort(Comparator.comparing(row -> row.getOffsetDateTime("next_attempt_at")));
                    Double untilDue = outlook.getDouble("until_next_due");
                    return new Claim(claimed.stream().map(row -> dispatch(row, token)).toList(),
                            outlook.getLong("due") > claimed.size(), outlook.getLong("pending"),
                            untilDue == null ? null : Duration.ofMillis(Math.round(untilDue * 1000)));
                });
    }

    /**
     * What a claim took, and what it left: whether due rows still wait (for a free slot of their target, for their
     * asset's earlier delivery, or for a disabled target), the pending rows, and how long until the first row it did
     * not take may be claimed (negative: already due; null: none).
     */
    public record Claim(List<PendingDispatch> claimed, boolean dueLeft, long pending, Duration untilNextDue) {
    }

    private static PendingDispatch dispatch(Row row, UUID token) {
        return new PendingDispatch(row.getUUID("id"), row.getUUID("notification_event_id"), row.getString("cloud"),
                row.getString("target"), row.getLong("asset_version"), row.getBuffer("body").getBytes(),
                row.getBoolean("standard_webhooks"), row.getInteger("attempt_count") + 1,
                row.getInteger("schedule_start"), token, row.getString("asset_id"), row.getString("traceparent"));
    }

    private static Object[] row(Delivery d) {
        return new Object[]{d.id, d.notificationEventId, d.cloud, d.assetId, d.assetVersion,
                d.notificationType, d.target, Buffer.buffer(d.body), d.state.name(), d.attemptCount,
                timestamp(d.nextAttemptAt), d.standardWebhooks, d.scheduleStart, d.traceparent, timestamp(d.createdAt),
                timestamp(d.updatedAt)};
    }

    /** The reactive client's type for {@code timestamptz}; null stays null. */
    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
