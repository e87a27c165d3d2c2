package dev.upshot.moderation.messaging;

import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.ModerationCompleted;
import dev.upshot.messaging.IdempotentConsumer;
import dev.upshot.moderation.persistence.Fingerprint;
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

    public ModerationCompletedConsumer(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    @Incoming("moderation-completed")
    public Uni<Void> onCompleted(String message) {
        return consumer.consume("moderation-completed", message, envelope -> {
            ModerationCompleted decision = EventCodec.payload(envelope, ModerationCompleted.class);
            return Fingerprint.<Fingerprint>findById(envelope.assetId()).invoke(row -> {
                if (row == null || row.assetVersion != envelope.assetVersion()) {
                    return;
                }
                if (decision.status().equals(ModerationCompleted.REJECTED)) {
                    row.status = Fingerprint.REJECTED;
                } else if (decision.position() >= row.chainLength - 1 || Fingerprint.REJECTED.equals(row.status)) {
                    row.status = Fingerprint.APPROVED;
                }
            }).replaceWithVoid();
        });
    }
}
