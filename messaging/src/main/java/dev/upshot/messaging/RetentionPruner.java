package dev.upshot.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Deletes rows past their retention ({@link RetentionRule}): every service's processed-event log, and whatever a
 * service adds (the dispatcher's delivery log). Without it those tables grow with every upload for ever, and so does
 * the cost of each insert into their indexes. Runs every prune interval, a batch per statement until a batch comes
 * back short; each replica prunes on its own (rows another replica is deleting are skipped).
 */
@ApplicationScoped
public class RetentionPruner {
    private static final Logger LOG = Logger.getLogger(RetentionPruner.class);
    private static final String PROCESSED_EVENTS = """
            delete from processed_event where ctid = any(array(
                select ctid from processed_event where processed_at < $1 limit $2 for update skip locked))""";

    private final Pool pool;
    private final Vertx vertx;
    private final MessagingConfig.Retention config;
    private final List<RetentionRule> rules;
    private final MeterRegistry registry;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public RetentionPruner(Pool pool, Vertx vertx, MessagingConfig config, Instance<RetentionRule> rules,
                           MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config.retention();
        this.rules = rules.stream().toList();
        this.registry = registry;
    }

    @Produces
    @Singleton
    static RetentionRule processedEvents(MessagingConfig config) {
        return new RetentionRule("processed events", PROCESSED_EVENTS, config.retention().processedEvents());
    }

    void start(@Observes StartupEvent event) {
        rules.forEach(rule -> pruned(rule));   // at zero from the start
        timer = vertx.setPeriodic(Math.max(1000, config.pruneInterval().toMillis()), id -> prune().subscribe().with(
                counts -> { }, failure -> LOG.warnf("pruning old rows failed; tried again in %s: %s",
                        config.pruneInterval(), failure.toString())));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** One prune of every rule; none while another runs. @return rows deleted, by rule (empty when one was running) */
    public Uni<Map<String, Long>> prune() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().item(Map.of());
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        return Multi.createFrom().iterable(rules)
                .onItem().transformToUniAndConcatenate(rule -> prune(rule, Instant.now().minus(rule.retention()), 0)
                        .invoke(deleted -> counts.put(rule.what(), deleted)))
                .collect().last()
                .map(ignored -> counts)
                .eventually(() -> running.set(false));
    }

    private Uni<Long> prune(RetentionRule rule, Instant cutoff, long deletedSoFar) {
        return pool.preparedQuery(rule.deleteBatch())
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC), config.batchSize()))
                .flatMap(result -> {
                    long total = deletedSoFar + result.rowCount();
                    pruned(rule).increment(result.rowCount());
                    if (result.rowCount() >= config.batchSize()) {
                        return prune(rule, cutoff, total);
                    }
                    if (total > 0) {
                        LOG.infof("deleted %d %s older than %s", total, rule.what(), rule.retention());
                    }
                    return Uni.createFrom().item(total);
                });
    }

    private Counter pruned(RetentionRule rule) {
        return Counter.builder("upshot.retention.pruned").description("rows deleted past their retention")
                .tag("what", rule.what()).register(registry);
    }
}
