package dev.upshot.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes outbox rows to Kafka in id order and deletes each once the broker acknowledged it.
 * <p>
 * Every row is sent on its own and its outcome sorted: acknowledged rows are deleted even when others of the pass
 * failed (so they are never sent again and again); a row the broker refuses for good (too large, invalid) is moved
 * to {@code outbox_parked} with the reason, a WARN and a metric, and the rows behind it go on; a row that failed for
 * a passing reason (broker away) stays, and the relay backs off (doubling up to {@code max-backoff}).
 * <p>
 * Passes are woken by the commit of a transaction that wrote events, with a slow safety poll: an idle relay does
 * nothing. A transaction-scoped advisory lock on the schema lets one replica relay at a time, which keeps each
 * asset's events in order. With {@code messaging.outbox.woken-by=notify} the commit signal is the outbox trigger's
 * {@code NOTIFY outbox_<schema>}, heard through {@link CommitSignals}: the replicas all hear each one, so a pass that
 * finds the lock held gives up and the holder passes again. With {@code local} the process reports its own commits
 * ({@link #committed()}) and no replica hears another's, so a pass waits for the lock instead (a pass is short).
 * <p>
 * The relay's statements go through the plain reactive SQL client: a pass is two statements (lock and read, delete),
 * which it runs once per upload when uploads trickle in, and Hibernate's per-statement work cost more than the rest.
 * <p>
 * Each record carries the row's trace context in a {@code traceparent} header, under a producer span that covers the
 * row's wait in the outbox and its send; the consumers' Kafka connector continues that trace.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /**
     * Advisory lock class ("outb"); the lock's second key is the hash of the service's schema. Advisory locks are
     * per database and the services share one: with a single constant key the relays of all services took turns,
     * and a pass that found another service's relay holding the lock skipped its rows until the next commit signal
     * or the safety poll (a sync on_success answer waited up to 30 s for it).
     */
    private static final int LOCK_CLASS = 0x6f757462;

    /** What one pass did. */
    record Pass(int read, int sent, int parked, boolean deferred) {
        static final Pass NONE = new Pass(0, 0, 0, false);
    }

    private enum Result { SENT, PARK, DEFER }

    private record Outcome(OutboxEntry entry, Result result, String reason) {
    }

    /**
     * The transaction's start, the lock and the batch in one round trip: a simple query of two statements (the
     * constants written in, as the simple protocol has no parameters). The read is one statement (a CTE with a
     * volatile function runs once): its first row says whether the lock is held; without it, or with an empty
     * outbox, that row has no event. {@code BEGIN} awaited on its own was a round trip more before every send.
     */
    private static final String BEGIN_AND_READ = "begin; with lock as (%s) "
            + "select held, id, event_id, topic, message_key, event_type, payload, created_at, traceparent "
            + "from lock left join lateral (select * from outbox where held order by id limit %d) o on true";
    private static final String TRY_LOCK = "select pg_try_advisory_xact_lock(" + LOCK_CLASS
            + ", hashtext(current_schema())) as held";
    private static final String WAIT_FOR_LOCK = "select true as held from (select pg_advisory_xact_lock(" + LOCK_CLASS
            + ", hashtext(current_schema()))) l";
    private static final String PARK = "insert into outbox_parked (id, event_id, topic, message_key, event_type, payload, "
            + "created_at, traceparent, parked_at, reason) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

    private final EventPublisher publisher;
    private final Pool pool;
    private final Vertx vertx;
    private final MessagingConfig.Outbox config;
    private final CommitSignals signals;
    private final boolean local;
    private final String beginAndRead;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong parkedRows = new AtomicLong();
    private final Counter parkedTotal;
    /** Counted again after a pass that parked rows, and when an operator re-drives or drops one. */
    private volatile boolean parkedUnknown = true;
    private volatile Instant lastPass = Instant.now();
    private boolean running;
    private boolean again;
    private boolean backingOff;
    private Duration delay = Duration.ZERO;
    private boolean stopped;
    private long safetyTimer = -1;

    /**
     * @param channel keeps the {@code outbox} channel, and so its configured producer, wired; rows are sent through
     *                that producer directly so each record's own failure comes back (the channel's sink would
     *                report one refused record as a failure of the whole service)
     */
    public OutboxRelay(@Channel(EventPublisher.CHANNEL) MutinyEmitter<String> channel, EventPublisher publisher,
                       Pool pool, Vertx vertx, MessagingConfig config, MeterRegistry registry, CommitSignals signals) {
        this.publisher = publisher;
        this.pool = pool;
        this.vertx = vertx;
        this.config = config.outbox();
        this.signals = signals;
        this.local = this.config.wokenBy() == MessagingConfig.Outbox.WokenBy.LOCAL;
        this.beginAndRead = BEGIN_AND_READ.formatted(local ? WAIT_FOR_LOCK : TRY_LOCK, this.config.batchSize());
        Gauge.builder("upshot.outbox.backlog", backlog, AtomicLong::doubleValue).strongReference(true)
                .description("events written but not yet acknowledged by Kafka").register(registry);
        Gauge.builder("upshot.outbox.parked.rows", parkedRows, AtomicLong::doubleValue).strongReference(true)
                .description("events in outbox_parked, waiting for an operator").register(registry);
        Gauge.builder("upshot.outbox.last.pass.timestamp", this, relay -> relay.lastPass.toEpochMilli() / 1000.0)
                .baseUnit("seconds").description("when the relay last finished a pass (stuck: rows wait, no pass)")
                .register(registry);
        this.parkedTotal = Counter.builder("upshot.outbox.parked")
                .description("events the broker refused for good, moved to outbox_parked").register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!local) {
            signals.listen(EventPublisher.CHANNEL, payload -> wake());
        }
        safetyTimer = vertx.setPeriodic(Math.max(1000, config.safetyInterval().toMillis()), id -> wake());
        wake();
    }

    void stop(@Observes ShutdownEvent event) {
        synchronized (this) {
            stopped = true;
        }
        vertx.cancelTimer(safetyTimer);
    }

    /**
     * A transaction of this process that may have written events committed: with {@code woken-by=local} a pass
     * follows; with {@code notify} the commit's own signal wakes the relay.
     */
    public void committed() {
        if (local) {
            wake();
        }
    }

    /** Waiting rows, as of the last pass. */
    public long backlog() {
        return backlog.get();
    }

    /** The parked rows changed outside a pass: the next pass counts them. */
    void parkedChanged() {
        parkedUnknown = true;
        wake();
    }

    /** When the last pass finished, well or not. */
    public Instant lastPass() {
        return lastPass;
    }

    /** Asks for a pass; one runs at a time per replica, and none while backing off from a broker failure. */
    public synchronized void wake() {
        if (stopped) {
            return;
        }
        if (running || backingOff) {
            again = true;
            return;
        }
        running = true;
        again = false;
        relay().subscribe().with(this::passed, this::failed);
    }

    private synchronized void passed(Pass pass) {
        running = false;
        lastPass = Instant.now();
        if (pass.deferred()) {
            backOff();
        } else {
            delay = Duration.ZERO;
            if (again || pass.read() == config.batchSize()) {
                wake();
            }
        }
    }

    private synchronized void failed(Throwable failure) {
        running = false;
        lastPass = Instant.now();
        if (!stopped) {
            LOG.warnf("outbox relay pass failed, will retry: %s", failure.getMessage());
            backOff();
        }
    }

    private void backOff() {
        delay = delay.isZero() ? config.backoff() : min(delay.multipliedBy(2), config.maxBackoff());
        backingOff = true;
        vertx.setTimer(delay.toMillis(), id -> {
            synchronized (this) {
                backingOff = false;
            }
            wake();
        });
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Relays one batch, in a transaction that ends in a commit, or a rollback when anything failed. */
    Uni<Pass> relay() {
        return pool.withConnection(conn -> publishBatch(conn)
                .call(() -> conn.query("commit").execute())
                .onFailure().call(() -> conn.query("rollback").execute().onFailure().recoverWithNull()));
    }

    private Uni<Pass> publishBatch(SqlConnection conn) {
        Context context = Vertx.currentContext();
        Executor onContext = task -> context.runOnContext(ignored -> task.run());
        return conn.query(beginAndRead).execute().map(RowSet::next).chain(rows -> {
            if (!rows.iterator().next().getBoolean("held")) {
                return Uni.createFrom().item(Pass.NONE);   // another replica relays
            }
            List<OutboxEntry> entries = new ArrayList<>();
            rows.forEach(row -> {
                if (row.getLong("id") != null) {
                    entries.add(entry(row));
                }
            });
            return (entries.isEmpty() ? Uni.createFrom().item(Pass.NONE)
                    : Uni.join().all(entries.stream().map(e -> send(e).emitOn(onContext)).toList())
                    .andFailFast().chain(outcomes -> settle(conn, outcomes)))
                    .call(pass -> counted(conn, pass));
        });
    }

    /** The backlog left behind a short pass is what it did not settle; only a full batch needs a count. */
    private Uni<Void> counted(SqlConnection conn, Pass pass) {
        Uni<Void> backlogKnown = pass.read() < config.batchSize()
                ? Uni.createFrom().item(() -> { backlog.set(pass.read() - pass.sent() - pass.parked()); return null; })
                : count(conn, "outbox").invoke(backlog::set).replaceWithVoid();
        boolean countParked = parkedUnknown || pass.parked() > 0;
        parkedUnknown = false;
        return backlogKnown.chain(() -> countParked ? count(conn, "outbox_parked").invoke(parkedRows::set)
                .replaceWithVoid() : Uni.createFrom().voidItem());
    }

    private static Uni<Long> count(SqlConnection conn, String table) {
        return conn.query("select count(*) from " + table).execute().map(rows -> rows.iterator().next().getLong(0));
    }

    private static OutboxEntry entry(Row row) {
        OutboxEntry entry = new OutboxEntry();
        entry.id = row.getLong("id");
        entry.eventId = row.getUUID("event_id");
        entry.topic = row.getString("topic");
        entry.messageKey = row.getString("message_key");
        entry.eventType = row.getString("event_type");
        entry.payload = row.getString("payload");
        entry.createdAt = row.getOffsetDateTime("created_at").toInstant();
        entry.traceparent = row.getString("traceparent");
        return entry;
    }

    private Uni<Outcome> send(OutboxEntry entry) {
        return publisher.send(entry)
                .map(ignored -> new Outcome(entry, Result.SENT, null))
                .onFailure().recoverWithItem(e -> new Outcome(entry,
                        SendFailures.isPermanent(e) ? Result.PARK : Result.DEFER, SendFailures.describe(e)));
    }

    /** Deletes what was acknowledged, parks what was refused for good, leaves the rest. */
    private Uni<Pass> settle(SqlConnection conn, List<Outcome> outcomes) {
        List<Long> sent = new ArrayList<>();
        List<ParkedEvent> parked = new ArrayList<>();
        String deferred = null;
        for (Outcome outcome : outcomes) {
            switch (outcome.result()) {
                case SENT -> sent.add(outcome.entry().id);
                case PARK -> parked.add(ParkedEvent.of(outcome.entry(), outcome.reason()));
                case DEFER -> deferred = deferred == null ? outcome.reason() : deferred;
            }
        }
        if (deferred != null) {
            LOG.warnf("outbox relay: %d of %d events not acknowledged, will retry: %s",
                    outcomes.size() - sent.size() - parked.size(), outcomes.size(), deferred);
        }
        for (ParkedEvent p : parked) {
            LOG.warnf("outbox relay: parked %s event %s of asset %s (outbox row %d): %s", p.eventType, p.eventId,
                    p.messageKey, p.id, p.reason);
            parkedTotal.increment();
        }
        List<Long> gone = new ArrayList<>(sent);
        parked.forEach(p -> gone.add(p.id));
        Uni<Void> done = parked.isEmpty() ? Uni.createFrom().voidItem()
                : conn.preparedQuery(PARK).executeBatch(parked.stream().map(OutboxRelay::parkRow).toList())
                .replaceWithVoid();
        Pass pass = new Pass(outcomes.size(), sent.size(), parked.size(), deferred != null);
        return done.chain(() -> gone.isEmpty() ? Uni.createFrom().voidItem()
                        : conn.preparedQuery("delete from outbox where id = any($1)")
                        .execute(Tuple.of(gone.toArray(Long[]::new))).replaceWithVoid())
                .replaceWith(pass);
    }

    private static Tuple parkRow(ParkedEvent p) {
        return Tuple.from(new Object[] {p.id, p.eventId, p.topic, p.messageKey, p.eventType, p.payload,
                p.createdAt.atOffset(ZoneOffset.UTC), p.traceparent, p.parkedAt.atOffset(ZoneOffset.UTC), p.reason});
    }
}
