package dev.upshot.onsuccess.messaging;

import dev.upshot.contracts.AssetProcessed;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.OnSuccessCompleted;
import dev.upshot.contracts.Topics;
import dev.upshot.messaging.IdempotentConsumer;
import dev.upshot.messaging.WorkMetrics;
import dev.upshot.onsuccess.service.OnSuccessRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;


/**
 * {@code asset.processed} with an on_success script (the others cost nothing here) → run it → {@code
 * onsuccess.completed}, sent straight to Kafka with an id derived from the event's ({@link IdempotentConsumer#reply}):
 * the runner keeps no state, so it needs no transaction, processed-event row or outbox; a redelivered event runs its
 * script again and its answer, same id, is dropped by the gateway. Scripts that fail (any limit, a killed sandbox)
 * still complete the event: their failure is the outcome the gateway records.
 */
@ApplicationScoped
public class AssetProcessedConsumer {
    private final IdempotentConsumer consumer;
    private final MeterRegistry registry;
    private final OnSuccessRunner runner;

    public AssetProcessedConsumer(IdempotentConsumer consumer, OnSuccessRunner runner, MeterRegistry registry) {
        this.registry = registry;
        this.consumer = consumer;
        this.runner = runner;
    }

    @Incoming("asset-processed")
    public Uni<Void> onProcessed(String message) {
        return consumer.reply("asset-processed", message,
                envelope -> hasScript(EventCodec.payload(envelope, AssetProcessed.class)),
                envelope -> WorkMetrics.timed("on_success", runner.run(EventCodec.payload(envelope, AssetProcessed.class)))
                        .invoke(this::counted),
                Topics.ONSUCCESS_COMPLETED);
    }

    private void counted(OnSuccessCompleted outcome) {
        Counter.builder("upshot.onsuccess.outcomes").description("on_success scripts run, by outcome")
                .tag("outcome", outcome.succeeded() ? "succeeded" : "failed").register(registry).increment();
    }

    private static boolean hasScript(AssetProcessed processed) {
        return processed.onSuccess() != null && !processed.onSuccess().isBlank();
    }
}
