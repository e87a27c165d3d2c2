package dev.upshot.moderation.messaging;

import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.ModerationCompleted;
import dev.upshot.messaging.IdempotentConsumer;
import dev.upshot.moderation.persistence.Fingerprints;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the duplicate index's status in step with every decision, manual ones from the gateway included: only
 * approved assets are matched against, and an asset is approved once the last kind of its chain is (or a
 * manual decision overrides a rejection).
 */
@ApplicationScoped
public class ModerationCompletedConsumer {
    private final IdempotentConsumer consumer;
    private final Fingerprints fingerprints;

    public ModerationCompletedConsumer(IdempotentConsumer consumer, Fingerprints fingerprints) {
        this.consumer = consumer;
        this.fingerprints = fingerprints;
    }

    @Incoming("moderation-completed")
    public Uni<Void> onCompleted(String message) {
        return consumer.consume("moderation-completed", message, envelope -> {
            ModerationCompleted decision = EventCodec.payload(envelope, ModerationCompleted.class);
            return fingerprints.decided(envelope.assetId(), envelope.assetVersion(),
                    decision.status().equals(ModerationCompleted.REJECTED), decision.position());
        });
    }
}
