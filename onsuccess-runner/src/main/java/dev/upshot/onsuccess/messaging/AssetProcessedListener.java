package dev.upshot.onsuccess.messaging;

import dev.upshot.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Transport for {@code asset.processed}, deduplicated by event id. The gateway starts emitting it, and this
 * runner starts executing {@code on_success} scripts in its sandbox, with the on_success issue.
 */
@ApplicationScoped
public class AssetProcessedListener {
    private static final Logger LOG = Logger.getLogger(AssetProcessedListener.class);

    private final IdempotentConsumer consumer;

    public AssetProcessedListener(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    @Incoming("asset-processed")
    public Uni<Void> onProcessed(String message) {
        return consumer.consume("asset-processed", message, envelope -> {
            LOG.infof("asset %s v%d processed (%s)", envelope.assetId(), envelope.assetVersion(), envelope.type());
            return Uni.createFrom().voidItem();
        });
    }
}
