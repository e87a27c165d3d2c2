package dev.upshot.dispatcher.persistence;

import dev.upshot.dispatcher.persistence.TargetRepository.Target;
import dev.upshot.dispatcher.service.DeliveryStatus;
import dev.upshot.dispatcher.service.PendingDispatch;
import dev.upshot.messaging.PollIntake;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlResult;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The delivery table, in plain SQL on the reactive client: the hot paths (intake, claim) one statement for many
 * rows, and each call of the Admin API (a page of the log with its attempts, a replay, a recovery) one statement.
 */
@ApplicationScoped
public class DeliveryRepository {
    private static final String CLAIM = """
            with recursive visited as (
                -- up to 64 targets with pending rows, after ($6, $7) (where the previous pass stopped: the targets it
                -- did not reach come first), one index probe each (delivery_pending_target_idx)
                (select cloud, target, 1 as n from delivery
                  where state = 'PENDING' and (cloud, target) > ($6, $7)
                  order by cloud, target limit 1)
                union all
                select s.cloud, s.target, v.n + 1
                  from visited v cross join lateral (
                       select d.cloud, d.target from delivery d
                        where d.state = 'PENDING' and (d.cloud, d.target) > (v.cloud, v.target)
                        order by d.cloud, d.target limit 1) s
                 where v.n < 64
            ), leased as (
                -- rows in flight: leased, less this replica's attempts that are over and only wait to be recorded ($5)
                select cloud, target, asset_id, leased_until from delivery
                 where leased_until > now() and id <> all($5::uuid[])
            ), in_flight as (
                select target, count(*) as n from leased group by target
            ), candidates as (
                -- the first due rows of each visited target, and the first due rows of all: a pass reads a bounded
                -- part of the backlog, however long it is, and a target whose rows fill the second part does not
                -- hide the others
                select d.id, d.cloud, d.target, d.asset_id, d.next_attempt_at, d.seq
                  from visited v cross join lateral (
                       select d.id, d.cloud, d.target, d.asset_id, d.next_attempt_at, d.seq from delivery d
                        where d.state = 'PENDING' and d.cloud = v.cloud and d.target = v.target
                          and d.next_attempt_at <= now() and (d.leased_until is null or d.leased_until < now())
                        order by d.next_attempt_at limit $1 * 4) d
                union
                select * from (select id, cloud, target, asset_id, next_attempt_at, seq from delivery
                                where state = 'PENDING' and next_attempt_at <= now()
                                  and (leased_until is null or leased_until < now())
                                order by next_attempt_at limit $2 * 4) g
            ), ranked as (
                select c.*, row_number() over (partition by c.target order by c.next_attempt_at, c.seq) + c.busy as rank
                  from (select c.*, coalesce(f.n, 0) as busy,
                               row_number() over (partition by c.cloud, c.target, c.asset_id order by c.seq) as turn
                          from candidates c left join in_flight f on f.target = c.target
                         -- rows of an asset with a delivery in flight to that target wait for it
                         where not exists (select 1 from leased l
                                            where l.cloud = c.cloud and l.target = c.target and l.asset_id = c.asset_id)
                           and not exists (select 1 from webhook_target t
                                            where t.cloud = c.cloud and t.target = c.target and t.state = 'DISABLED')) c
                 where turn = 1
            ), claimable as (
                select d.id from unnest(array(select r.id from ranked r
                                       where r.rank <= $1
                                         -- one asset's notifications reach a target oldest first, also when the
                                         -- older one lies beyond the rows read
                                         and not exists (select 1 from delivery o
                                                          where o.cloud = r.cloud and o.asset_id = r.asset_id
                                                            and o.target = r.target and o.seq < r.seq
                                                            and o.state = 'PENDING' and o.next_attempt_at <= now()
                                                            and (o.leased_until is null or o.leased_until < now()))
                                       order by r.next_attempt_at
                                       limit $2)) as c(id)
                  join delivery d on d.id = c.id
                 -- repeated here: FOR UPDATE re-checks only these conditions on a row another replica leased and
                 -- committed meanwhile, so it is skipped, not claimed twice
                 where d.state = 'PENDING' and d.next_attempt_at <= now()
                   and (d.leased_until is null or d.leased_until < now())
                 for update of d skip locked
            ), claimed as (
                update delivery d
                   set leased_until = now() + make_interval(secs => $3::float8), lease_token = $4
                  from claimable c
                 where d.id = c.id
                returning d.id, d.notification_event_id, d.cloud, d.target, d.asset_version, d.body,
                          d.standard_webhooks, d.attempt_count, d.schedule_start, d.asset_id, d.traceparent,
                          d.next_attempt_at
            ), outlook as (
                -- the pump's next wake-up, from the snapshot the claim saw (the claimed rows as they were before):
                -- whether due rows were left (for a free slot, their turn, a disabled target), when the first other
                -- row falls due, where the next pass's visit starts (null: at the first target), and if asked ($8)
                -- the pending rows, beside how many the planner believes there are (its statistics of the queue's
                -- indexes, taken when the queue was empty, make every plan read the whole queue)
                select exists (select 1 from delivery p
                                where p.state = 'PENDING' and p.next_attempt_at <= now()
                                  and (p.leased_until is null or p.leased_until < now())
                                  and p.id not in (select id from claimed)) as due_left,
                       extract(epoch from least(
                               (select min(next_attempt_at) from delivery
                                 where state = 'PENDING' and next_attempt_at > now()),
                               (select min(leased_until) from leased))
                               - now())::float8 as until_next_due,
                       (select cloud from visited where n = 64) as next_cloud,
                       (select target from visited where n = 64) as next_target,
                       case when $8 then (select count(*) from delivery where state = 'PENDING') end as pending,
                       case when $8 then (select reltuples::float8 from pg_class
                                           where oid = 'delivery_due_idx'::regclass) end as planned_pending
            )
            select c.*, o.due_left, o.until_next_due, o.next_cloud, o.next_target, o.pending, o.planned_pending
              from outlook o left join claimed c on true""";
    /**
     * The events not processed before are recorded as processed, and the deliveries of those inserted. Up to $4 of
     * them are leased to this replica at insert ($5 seconds, token $6), so they are sent without a claim: each the first
     * of its asset and target in the poll, with no delivery of that asset and target pending before it (its order), its
     * target enabled and with fewer than $3 leased rows (over all replicas, as a claim counts them). The others wait
     * for a claim.
     */
    private static final String INSERT = PollIntake.firstTime("""
            , input as (
                select u.*
                  from unnest($7::uuid[], $8::uuid[], $9::text[], $10::text[], $11::int8[], $12::text[], $13::text[],
                              $14::bytea[], $15::bool[], $16::timestamptz[], $17::text[], $18::timestamptz[])
                       with ordinality
                       as u(id, notification_event_id, cloud, asset_id, asset_version, notification_type, target, body,
                            standard_webhooks, next_attempt_at, traceparent, created_at, n)
                 where u.notification_event_id in (select event_id from first_time)
            ), sendable as (
                select s.id, row_number() over (order by s.n) as k
                  from (select i.id, i.n,
                               row_number() over (partition by i.cloud, i.target order by i.n)
                               + (select count(*) from delivery l
                                   where l.cloud = i.cloud and l.target = i.target and l.leased_until > now()) as slot
                          from (select i.*, row_number() over (partition by i.cloud, i.asset_id, i.target
                                                               order by i.n) as turn
                                  from input i where $4::int > 0) i
                         where i.turn = 1
                           and not exists (select 1 from delivery o
                                            where o.cloud = i.cloud and o.asset_id = i.asset_id
                                              and o.target = i.target and o.state = 'PENDING')
                           and not exists (select 1 from webhook_target t
                                            where t.cloud = i.cloud and t.target = i.target
                                              and t.state = 'DISABLED')) s
                 where s.slot <= $3::int
            )
            insert into delivery (id, notification_event_id, cloud, asset_id, asset_version, notification_type, target,
                                  body, standard_webhooks, next_attempt_at, traceparent, created_at, updated_at, state,
                                  leased_until, lease_token)
            select i.id, i.notification_event_id, i.cloud, i.asset_id, i.asset_version, i.notification_type, i.target,
                   i.body, i.standard_webhooks, i.next_attempt_at, i.traceparent, i.created_at, i.created_at, 'PENDING',
                   case when s.id is not null then now() + make_interval(secs => $5::float8) end,
                   case when s.id is not null then $6::uuid end
              from input i left join sendable s on s.id = i.id and s.k <= $4::int
            on conflict (notification_event_id, target) do nothing
            returning id, lease_token is not null as leased""");
    private static final Class<?>[] INSERT_TYPES = {UUID.class, UUID.class, String.class, String.class, Long.class,
            String.class, String.class, Buffer.class, Boolean.class, OffsetDateTime.class, String.class,
            OffsetDateTime.class};
    /**
     * Sends a delivery again from now, with a fresh retry schedule: attempt numbers go on, the schedule counts from
     * the next one (Admin API replay and recover).
     */
    private static final String REPLAY = """
            update delivery set state = 'PENDING', schedule_start = attempt_count, next_attempt_at = now(),
                                leased_until = null, lease_token = null, updated_at = now()""";
    /**
     * One replay: no row when there is no such delivery, a row of nulls when it is pending (left as it is), else the
     * replayed delivery with its attempts.
     */
    private static final String REPLAY_ONE = """
            with found as (
                select id from delivery where cloud = $1 and id = $2
            ), replayed as (
            %s
                 where id = (select id from found) and state <> 'PENDING'
                returning *
            )
            select r.* from found left join (%s) r on true""".formatted(REPLAY, withAttempts("select * from replayed"));

    /** A backlog this long, more than twice what the planner believes, makes {@link Claim#statisticsStale()}. */
    private static final long STALE_STATISTICS_AT = 1000;

    private final Pool pool;

    public DeliveryRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores the deliveries of the events not processed before, and records all of them as processed by
     * {@code consumer}, in one statement: an event seen again (redelivered, replayed, twice in a poll) adds nothing.
     * Up to {@code lease.capacity()} of the new deliveries are leased to this replica as they are inserted, as a claim
     * would lease them (see {@link #INSERT}).
     *
     * @return the deliveries leased, ready to send, and how many were inserted
     */
    public Uni<Inserted> createOnce(String consumer, Map<UUID, List<NewDelivery>> byEvent,
                                                 IntakeLease lease) {
        List<Object[]> rows = new ArrayList<>();
        Map<UUID, NewDelivery> byId = new HashMap<>();
        byEvent.values().forEach(deliveries -> deliveries.forEach(delivery -> {
            Object[] row = row(delivery);
            byId.put((UUID) row[0], delivery);
            rows.add(row);
        }));
        Object[] leading = {consumer, byEvent.keySet().toArray(UUID[]::new), lease.perTarget(), lease.capacity(),
                lease.duration().toMillis() / 1000.0, lease.token()};
        return pool.preparedQuery(INSERT).execute(Columns.after(leading, rows, INSERT_TYPES)).map(inserted -> {
            List<PendingDispatch> leased = new ArrayList<>();
            int count = 0;
            for (Row row : inserted) {
                count++;
                if (row.getBoolean("leased")) {
                    UUID id = row.getUUID("id");
                    NewDelivery d = byId.get(id);
                    leased.add(new PendingDispatch(id, d.notificationEventId(), d.cloud(), d.target(), d.assetVersion(),
                            d.body(), d.standardWebhooks(), 1, 0, lease.token(), d.assetId(), d.traceparent()));
                }
            }
            return new Inserted(leased, count);
        });
    }

    /** What an intake's statement inserted: the deliveries leased at insert, and how many in all. */
    public record Inserted(List<PendingDispatch> leased, int count) {
    }

    /**
     * How many of an intake's new deliveries may be leased to this replica at insert, and how: at most
     * {@code perTarget} leased rows per target, at most {@code capacity} of them (0: none, they all wait for a claim).
     */
    public record IntakeLease(int perTarget, int capacity, Duration duration, UUID token) {
        public static IntakeLease none() {
            return new IntakeLease(0, 0, Duration.ZERO, UUID.randomUUID());
        }
    }

    /**
     * Claims up to {@code limit} due deliveries for this replica, in one statement. Rows another replica is claiming
     * are skipped, not waited for, and a claimed row stays reserved for {@code lease} (database clock), so the HTTP
     * call happens outside any transaction. A target never gets more than {@code perTarget} attempts in flight
     * (counting rows leased by any replica), and a disabled target gets none, so a slow or dead receiver cannot fill
     * the batch. One asset's deliveries to one target go one at a time, oldest first (a failed one waiting for its
     * retry does not hold the later ones back). {@code answered} are deliveries of this replica whose attempt is over
     * but not recorded yet: their rows are still leased (no other replica takes them) but no longer count as in
     * flight, so the next attempt to their target need not wait for that write.
     * <p>
     * Its cost does not grow with the backlog. It reads the first due rows of all, and the first due rows of each of
     * up to 64 targets after {@code resumeAfter} (the previous claim's {@link Claim#resumeAfter()}; null: from the
     * first), so a target whose rows come first everywhere does not hide the others. The same statement reads the
     * pump's outlook ({@link Claim}), and counts the pending rows if {@code countPending}.
     */
    public Uni<Claim> claimDue(int limit, int perTarget, Duration lease, Collection<UUID> answered, Target resumeAfter,
                               boolean countPending) {
        UUID token = UUID.randomUUID();
        return pool.preparedQuery(CLAIM).execute(Tuple.from(List.of(perTarget, limit, lease.toMillis() / 1000.0, token,
                        answered.toArray(UUID[]::new), resumeAfter == null ? "" : resumeAfter.cloud(),
                        resumeAfter == null ? "" : resumeAfter.target(), countPending)))
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
                    boolean dueLeft = outlook.getBoolean("due_left");
                    Double untilDue = outlook.getDouble("until_next_due");
                    String nextCloud = outlook.getString("next_cloud");
                    Long pending = outlook.getLong("pending");
                    Double planned = outlook.getDouble("planned_pending");
                    return new Claim(claimed.stream().map(row -> dispatch(row, token)).toList(), dueLeft, pending,
                            dueLeft ? Duration.ZERO
                            : untilDue == null ? null : Duration.ofMillis(Math.round(untilDue * 1000)),
                            nextCloud == null ? null : new Target(nextCloud, outlook.getString("next_target")),
                            pending != null && pending >= STALE_STATISTICS_AT
                                    && pending > 2 * Math.max(planned, 0));
                });
    }

    /**
     * What a claim took, and what it left: whether due rows still wait (for a free slot of their target, for their
     * asset's earlier delivery, or for a disabled target), the pending rows (null when not counted), how long until
     * the first row it did not take may be claimed (zero: due rows were left; null: none), the last target it
     * visited when more may follow (null: it reached the last one), and whether the planner's statistics see far
     * fewer pending rows than the count ({@link #refreshStatistics()}).
     */
    public record Claim(List<PendingDispatch> claimed, boolean dueLeft, Long pending, Duration untilNextDue,
                        Target resumeAfter, boolean statisticsStale) {
    }

    /**
     * Analyses the delivery table. Autovacuum takes its statistics when it has work, mostly after a burst, when
     * nothing is pending: the planner then believes the queue's indexes empty and reads whole backlogs for a claim.
     */
    public Uni<Void> refreshStatistics() {
        return pool.query("analyze delivery").execute().replaceWithVoid();
    }

    private static PendingDispatch dispatch(Row row, UUID token) {
        return new PendingDispatch(row.getUUID("id"), row.getUUID("notification_event_id"), row.getString("cloud"),
                row.getString("target"), row.getLong("asset_version"), row.getBuffer("body").getBytes(),
                row.getBoolean("standard_webhooks"), row.getInteger("attempt_count") + 1,
                row.getInteger("schedule_start"), token, row.getString("asset_id"), row.getString("traceparent"));
    }

    private static Object[] row(NewDelivery d) {
        return new Object[]{UUID.randomUUID(), d.notificationEventId(), d.cloud(), d.assetId(), d.assetVersion(),
                d.notificationType(), d.target(), Buffer.buffer(d.body()), d.standardWebhooks(),
                timestamp(d.firstAttemptAt()), d.traceparent(), timestamp(d.createdAt())};
    }

    /** Which deliveries a page of the log shows; a null field does not filter. */
    public record LogFilter(String cloud, String assetId, DeliveryStatus state, String target) {
    }

    /** Where the previous page of the log ended: its last delivery. */
    public record LogPosition(Instant createdAt, UUID id) {
    }

    /**
     * A page of the log: up to {@code limit} deliveries with their attempts, newest first, after {@code after} (null:
     * from the newest). One statement.
     */
    public Uni<List<Delivery>> page(LogFilter filter, LogPosition after, int limit) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        BiConsumer<String, Object> equal = (column, value) -> {
            if (value != null) {
                parameters.add(value);
                where.append(where.isEmpty() ? "" : " and ").append(column).append(" = $").append(parameters.size());
            }
        };
        equal.accept("cloud", filter.cloud());
        equal.accept("asset_id", filter.assetId());
        equal.accept("state", filter.state() == null ? null : filter.state().name());
        equal.accept("target", filter.target());
        if (after != null) {
            parameters.add(timestamp(after.createdAt()));
            parameters.add(after.id());
            int at = parameters.size() - 1;
            where.append(" and (created_at < $%d or (created_at = $%d and id < $%d))".formatted(at, at, at + 1));
        }
        parameters.add((long) limit);
        return pool.preparedQuery(withAttempts("select * from delivery where " + where
                        + " order by created_at desc, id desc limit $" + parameters.size()))
                .execute(Tuple.from(parameters)).map(rows -> rows.stream().map(DeliveryRepository::logged).toList());
    }

    /** One delivery of {@code cloud} with its attempts; null when there is none. */
    public Uni<Delivery> find(String cloud, UUID id) {
        return pool.preparedQuery(withAttempts("select * from delivery where cloud = $1 and id = $2"))
                .execute(Tuple.of(cloud, id)).map(rows -> rows.size() == 0 ? null : logged(rows.iterator().next()));
    }

    /** What a replay found: no delivery, a pending one (left as it is), or the delivery now replayed. */
    public sealed interface Replay {
        record NotFound() implements Replay {
        }

        record Pending() implements Replay {
        }

        record Replayed(Delivery delivery) implements Replay {
        }
    }

    /** Sends a finished delivery again now, with a fresh retry schedule; in one statement. */
    public Uni<Replay> replay(String cloud, UUID id) {
        return pool.preparedQuery(REPLAY_ONE).execute(Tuple.of(cloud, id)).map(rows -> {
            if (rows.size() == 0) {
                return new Replay.NotFound();
            }
            Row row = rows.iterator().next();
            return row.getUUID("id") == null ? new Replay.Pending() : new Replay.Replayed(logged(row));
        });
    }

    /**
     * Replays every DEAD or GONE delivery to {@code target} created in [since, until), in one statement.
     *
     * @return how many
     */
    public Uni<Integer> recover(String cloud, String target, Instant since, Instant until) {
        return pool.preparedQuery(REPLAY + " where cloud = $1 and target = $2 and state in ('DEAD', 'GONE')"
                        + " and created_at >= $3 and created_at < $4")
                .execute(Tuple.of(cloud, target, timestamp(since), timestamp(until))).map(SqlResult::rowCount);
    }

    /**
     * The delivery log's query over the delivery rows {@code deliveries} selects: each with its attempts as arrays,
     * in the same statement (one row per delivery, no query per row), newest first.
     */
    private static String withAttempts(String deliveries) {
        return """
                select d.id, d.notification_event_id, d.asset_id, d.asset_version, d.notification_type, d.target,
                       d.body, d.state, d.attempt_count, d.last_status, d.next_attempt_at, d.created_at, d.updated_at,
                       a.attempt_no, a.started_at, a.duration_ms, a.http_status, a.error, a.response_body
                  from (%s) d
                  left join lateral (
                       select array_agg(attempt_no order by attempt_no) as attempt_no,
                              array_agg(started_at order by attempt_no) as started_at,
                              array_agg(duration_ms order by attempt_no) as duration_ms,
                              array_agg(http_status order by attempt_no) as http_status,
                              array_agg(error order by attempt_no) as error,
                              array_agg(response_body order by attempt_no) as response_body
                         from delivery_attempt where delivery_id = d.id) a on true
                 order by d.created_at desc, d.id desc""".formatted(deliveries);
    }

    private static Delivery logged(Row row) {
        Integer[] attemptNo = row.getArrayOfIntegers("attempt_no");
        List<Delivery.Attempt> attempts = new ArrayList<>();
        if (attemptNo != null) {
            OffsetDateTime[] startedAt = row.getArrayOfOffsetDateTimes("started_at");
            Long[] durationMs = row.getArrayOfLongs("duration_ms");
            Integer[] httpStatus = row.getArrayOfIntegers("http_status");
            String[] error = row.getArrayOfStrings("error");
            String[] responseBody = row.getArrayOfStrings("response_body");
            for (int i = 0; i < attemptNo.length; i++) {
                attempts.add(new Delivery.Attempt(attemptNo[i], startedAt[i].toInstant(), durationMs[i], httpStatus[i],
                        error[i], responseBody[i]));
            }
        }
        return new Delivery(row.getUUID("id"), row.getUUID("notification_event_id"), row.getString("asset_id"),
                row.getLong("asset_version"), row.getString("notification_type"), row.getString("target"),
                row.getBuffer("body").getBytes(), DeliveryStatus.valueOf(row.getString("state")),
                row.getInteger("attempt_count"), row.getInteger("last_status"),
                instant(row.getOffsetDateTime("next_attempt_at")), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("updated_at")), attempts);
    }

    /** The reactive client's type for {@code timestamptz}; null stays null. */
    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A {@code timestamptz} as the reactive client reads it, as an instant; null stays null. */
    static Instant instant(OffsetDateTime timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
