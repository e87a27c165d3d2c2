package dev.upshot.onsuccess.messaging;

import dev.upshot.contracts.AssetProcessed;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.OnSuccessCompleted;
import dev.upshot.contracts.Topics;
import dev.upshot.messaging.IdempotentConsumer;
import dev.upshot.messaging.Outbox;
import dev.upshot.messaging.WorkMetrics;
import dev.upshot.onsuccess.service.OnSuccessRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;

/**
 * {@code asset.processed} with an on_success script (the others cost nothing here) → run it, with no database
 * connection held → {@code onsuccess.completed} through the outbox, in the transaction that records the event. Scripts that fail (any limit, a killed sandbox) still complete the event: their failure is the
 * outcome the gateway records.
 */
@ApplicationScoped
public class AssetProcessedConsumer {
    private final IdempotentConsumer consumer;
    private final MeterRegistry registry;
    private final OnSuccessRunner runner;
    private final Outbox outbox;

    public AssetProcessedConsumer(IdempotentConsumer consumer, OnSuccessRunner runner, Outbox outbox,
                                  MeterRegistry registry) {
        this.registry = registry;
        this.consumer = consumer;
        this.runner = runner;
        this.outbox = outbox;
    }

    @Incoming("asset-processed")
    public Uni<Void> onProcessed(String message) {
        return consumer.<OnSuccessCompleted>consume("asset-processed", message,
                envelope -> hasScript(EventCodec.payload(envelope, AssetProcessed.class)),
                envelope -> WorkMetrics.timed("on_success", runner.run(EventCodec.payload(envelope, AssetProcessed.class)))
                        .invoke(this::counted),
                (envelope, outcome) -> outbox.append(Topics.ONSUCCESS_COMPLETED, EventCodec.wrap(outcome,
                        envelope.assetId(), envelope.assetVersion(), envelope.cloud(), Instant.now())),
                null);
    }

    private void counted(OnSuccessCompleted outcome) {
        Counter.builder("upshot.onsuccess.outcomes").description("on_success scripts run, by outcome")
                .tag("outcome", outcome.succeeded() ? "succeeded" : "failed").register(registry).increment();
    }

    private static boolean hasScript(AssetProcessed processed) {
        return processed.onSuccess() != null && !processed.onSuccess().isBlank();
    }
}
