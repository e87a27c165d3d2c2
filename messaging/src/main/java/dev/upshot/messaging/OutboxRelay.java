package dev.upshot.messaging;

import dev.upshot.contracts.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes outbox rows to Kafka in id order and deletes them once the broker acknowledged them.
 * A transaction-scoped advisory lock lets one replica relay at a time, which keeps each asset's events in order.
 * While Kafka is unreachable rows simply stay and are retried on the next pass: an accepted change is never lost.
 * Passes run on a Vert.x timer (Quarkus' scheduler fires at most once a second, too slow for upload latency).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock key: any constant shared by the replicas of one service (each service has its own schema). */
    private static final long LOCK_KEY = 0x75707368_6f74L;

    private final MutinyEmitter<String> emitter;
    private final FreshContext contexts;
    private final Vertx vertx;
    private final int batchSize;
    private final Duration interval;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopped;
    private long timer = -1;

    public OutboxRelay(@Channel("outbox") MutinyEmitter<String> emitter, FreshContext contexts, Vertx vertx,
                       MessagingConfig config, MeterRegistry registry) {
        this.emitter = emitter;
        this.contexts = contexts;
        this.vertx = vertx;
        this.batchSize = config.outbox().batchSize();
        this.interval = config.outbox().interval();
        Gauge.builder("upshot.outbox.backlog", backlog, AtomicLong::doubleValue).strongReference(true)
                .description("events written but not yet acknowledged by Kafka").register(registry);
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Math.max(10, interval.toMillis()), id -> pass());
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        vertx.cancelTimer(timer);
    }

    /** One pass at a time per replica; a full batch is followed by another pass at once. */
    private void pass() {
        if (stopped || !running.compareAndSet(false, true)) {
            return;
        }
        contexts.run(this::relay).subscribe().with(sent -> {
            running.set(false);
            if (sent == batchSize) {
                pass();
            }
        }, failure -> {
            running.set(false);
            if (!stopped) {
                LOG.warnf("outbox relay failed, will retry: %s", failure.getMessage());
            }
        });
    }

    /** Relays one batch; returns how many events were published. */
    Uni<Integer> relay() {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("select pg_try_advisory_xact_lock(" + LOCK_KEY + ")",
                                Boolean.class).getSingleResult())
                .chain(locked -> locked ? publishBatch() : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publishBatch() {
        return OutboxEntry.<OutboxEntry>find("order by id").page(0, batchSize).list()
                .chain(entries -> entries.isEmpty() ? Uni.createFrom().item(0) : publishAll(entries))
                .call(sent -> OutboxEntry.count().invoke(backlog::set));
    }

    private Uni<Integer> publishAll(List<OutboxEntry> entries) {
        // Sent together, acknowledged together: the idempotent producer keeps per-partition order.
        List<Uni<Void>> sends = entries.stream().map(this::send).toList();
        // Exactly the rows sent, not "id <= last": identities are taken at insert, but concurrent uploads commit in
        // any order, so a lower id may become visible only after this batch was read (scale-out bench lost 3 of 240)
        List<Long> sent = entries.stream().map(entry -> entry.id).toList();
        return Uni.join().all(sends).andFailFast()
                .chain(() -> OutboxEntry.delete("id in ?1", sent))
                .replaceWith(entries.size());
    }

    private Uni<Void> send(OutboxEntry entry) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.EVENT_ID_HEADER, entry.eventId.toString().getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.EVENT_TYPE_HEADER, entry.eventType.getBytes(StandardCharsets.UTF_8));
        var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(entry.topic).withKey(entry.messageKey).withHeaders(headers).build();
        return emitter.sendMessage(Message.of(entry.payload).addMetadata(metadata));
    }
}
