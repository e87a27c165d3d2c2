package dev.upshot.messaging;

import dev.upshot.contracts.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes outbox rows to Kafka in id order and deletes them once the broker acknowledged them.
 * A transaction-scoped advisory lock lets one replica relay at a time, which keeps each asset's events in order.
 * While Kafka is unreachable rows simply stay and are retried on the next tick: an accepted change is never lost.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock key: any constant shared by the replicas of one service (each service has its own schema). */
    private static final long LOCK_KEY = 0x75707368_6f74L;

    private final MutinyEmitter<String> emitter;
    private final int batchSize;
    private final AtomicLong backlog = new AtomicLong();

    public OutboxRelay(@Channel("outbox") MutinyEmitter<String> emitter,
                       @ConfigProperty(name = "messaging.outbox.batch-size", defaultValue = "200") int batchSize,
                       MeterRegistry registry) {
        this.emitter = emitter;
        this.batchSize = batchSize;
        registry.gauge("messaging.outbox.backlog", backlog);
    }

    @Scheduled(every = "${messaging.outbox.interval:0.2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        return relay().onFailure().invoke(e -> LOG.warnf("outbox relay failed, will retry: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Relays one batch; returns how many events were published. Safe to call from several places at once. */
    public Uni<Integer> relay() {
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
        return Uni.join().all(sends).andFailFast()
                .chain(() -> OutboxEntry.delete("id <= ?1", entries.getLast().id))
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
