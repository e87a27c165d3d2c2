package dev.upshot.moderation.messaging;

import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.EventCodec;
import dev.upshot.messaging.IdempotentConsumer;
import dev.upshot.moderation.service.ModerationRunner;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Transport for {@code asset.uploaded}: an upload whose chain has an automated kind is fingerprinted and its chain
 * run once (processed-event log); the others (no moderation, or {@code manual} alone) cost nothing here.
 */
@ApplicationScoped
public class AssetUploadedConsumer {
    private static final Logger LOG = Logger.getLogger(AssetUploadedConsumer.class);

    private final IdempotentConsumer consumer;
    private final ModerationRunner runner;

    public AssetUploadedConsumer(IdempotentConsumer consumer, ModerationRunner runner) {
        this.consumer = consumer;
        this.runner = runner;
    }

    @Incoming("asset-uploaded")
    public Uni<Void> onUploaded(String message) {
        return consumer.consume("asset-uploaded", message,
                        envelope -> ModerationRunner.automated(AssetUploaded.of(envelope)),
                        envelope -> runner.moderate(envelope, AssetUploaded.of(envelope)),
                        (envelope, outcome) -> runner.record(outcome),
                        (envelope, failure) -> runner.recordFailure(envelope,
                                AssetUploaded.of(envelope), failure))
                .onFailure().invoke(e -> LOG.errorf(e, "moderation not run; to the dead-letter topic"));
    }
}
