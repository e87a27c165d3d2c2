package dev.upshot.moderation.messaging;

import dev.upshot.contracts.AssetDeleted;
import dev.upshot.messaging.IdempotentConsumer;
import dev.upshot.moderation.persistence.Fingerprint;
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

    public AssetDeletedConsumer(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    @Incoming("deleted-assets")
    public Uni<Void> onChanged(String message) {
        return consumer.consume("deleted-assets", message, envelope -> !envelope.type().equals(
                        AssetDeleted.class.getSimpleName()) ? Uni.createFrom().voidItem()
                // a statement, never entity removal (see the gateway's UploadPreset.deleteByName)
                : Fingerprint.delete("assetId = ?1", envelope.assetId()).replaceWithVoid());
    }
}
