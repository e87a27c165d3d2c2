package dev.upshot.gateway.service;

import dev.upshot.gateway.persistence.ModerationStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The moderation queue as gauges, by status ({@code pending}: the current kind waits for a decision, {@code queued}:
 * a later kind of a chain): {@code upshot_moderation_queue_size} and {@code upshot_moderation_queue_oldest_seconds}
 * (since the oldest of them last changed). Read from the asset table every {@link #REFRESH_MILLIS}, on the partial
 * index of moderated assets, so a scrape never waits on the database.
 */
@ApplicationScoped
public class ModerationQueueMetrics {
    private static final Logger LOG = Logger.getLogger(ModerationQueueMetrics.class);
    /** Alerts look at minutes; a fresher figure is not worth a query more often. */
    static final long REFRESH_MILLIS = 30_000;
    private static final List<String> STATUSES = List.of(ModerationStatus.PENDING.wire(),
            ModerationStatus.QUEUED.wire());

    private final Pool pool;
    private final Vertx vertx;
    private final Map<String, AtomicLong> size = byStatus();
    private final Map<String, AtomicLong> oldest = byStatus();
    private long timer = -1;

    public ModerationQueueMetrics(Pool pool, Vertx vertx, MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        for (String status : STATUSES) {
            Gauge.builder("upshot.moderation.queue.size", size.get(status), AtomicLong::doubleValue)
                    .description("assets whose moderation waits, by status").tag("status", status).register(registry);
            Gauge.builder("upshot.moderation.queue.oldest", oldest.get(status), AtomicLong::doubleValue)
                    .baseUnit("seconds").description("how long the longest-waiting asset of the status has waited")
                    .tag("status", status).register(registry);
        }
    }

    private static Map<String, AtomicLong> byStatus() {
        return STATUSES.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), s -> new AtomicLong()));
    }

    void start(@Observes StartupEvent event) {
        refresh();
        timer = vertx.setPeriodic(REFRESH_MILLIS, id -> refresh());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** On the plain client: a native select through Hibernate would add a plan to its query cache at every refresh. */
    private void refresh() {
        pool.preparedQuery("""
                        select moderation_status, count(*),
                               coalesce(extract(epoch from now() - min(updated_at)), 0)::float8
                          from asset
                         where moderation_kind is not null and moderation_status in ($1, $2)
                         group by moderation_status""")
                .execute(Tuple.of(STATUSES.get(0), STATUSES.get(1)))
                .subscribe().with(rows -> {
                    STATUSES.forEach(status -> {
                        size.get(status).set(0);
                        oldest.get(status).set(0);
                    });
                    for (Row row : rows) {
                        size.get(row.getString(0)).set(row.getLong(1));
                        oldest.get(row.getString(0)).set(Math.round(row.getDouble(2)));
                    }
                }, failure -> LOG.debugf("reading the moderation queue for its metrics failed: %s", failure.getMessage()));
    }
}
