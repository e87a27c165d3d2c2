package dev.upshot.moderation.messaging;

import dev.upshot.contracts.AssetDeleted;
import dev.upshot.messaging.IdempotentConsumer;
import dev.upshot.moderation.persistence.Fingerprints;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A destroyed asset leaves the duplicate index: an upload must not be refused as a duplicate of something that no
 * longer exists. The topic's other events (renames, tag changes…) do not concern the index.
 */
@ApplicationScoped
public class AssetDeletedConsumer {
    private final IdempotentConsumer consumer;
    private final Fingerprints fingerprints;

    public AssetDeletedConsumer(IdempotentConsumer consumer, Fingerprints fingerprints) {
        this.consumer = consumer;
        this.fingerprints = fingerprints;
    }

    @Incoming("deleted-assets")
    public Uni<Void> onChanged(String message) {
        return consumer.consume("deleted-assets", message, envelope -> !envelope.type().equals(
                        AssetDeleted.class.getSimpleName()) ? Uni.createFrom().voidItem()
                : fingerprints.forget(envelope.assetId()));
    }
}
