package dev.upshot.analysis.messaging;

import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.EventCodec;
import dev.upshot.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Transport for {@code asset.uploaded}, deduplicated by event id. The analyses (quality, colours, phash, faces,
 * metadata, OCR, captioning) arrive with the analysis issue; until then requested ones are only logged.
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
            AssetUploaded uploaded = EventCodec.payload(envelope, AssetUploaded.class);
            if (!uploaded.requested().analyses().isEmpty()) {
                LOG.infof("asset %s (%s, %dx%d) asks for %s", envelope.assetId(), uploaded.format(),
                        uploaded.width(), uploaded.height(), uploaded.requested().analyses().keySet());
            }
            return Uni.createFrom().voidItem();
        });
    }
}
