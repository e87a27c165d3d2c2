package dev.upshot.moderation.messaging;

import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.EventCodec;
import dev.upshot.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Transport for {@code asset.uploaded}: every upload passes here once (processed-event log). The moderation
 * kinds themselves (manual queue, duplicates, image model, external provider) are the moderation issue's work;
 * until then a requested chain is only logged.
 */
@ApplicationScoped
public class AssetUploadedListener {
    private static final Logger LOG = Logger.getLogger(AssetUploadedListener.class);

    private final IdempotentConsumer consumer;

    public AssetUploadedListener(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    @Incoming("asset-uploaded")
    public Uni<Void> onUploaded(String message) {
        return consumer.consume("asset-uploaded", message, envelope -> {
            var chain = EventCodec.payload(envelope, AssetUploaded.class).requested().moderation();
            if (!chain.isEmpty()) {
                LOG.infof("asset %s v%d asks for moderation %s", envelope.assetId(), envelope.assetVersion(), chain);
            }
            return Uni.createFrom().voidItem();
        });
    }
}
