package dev.upshot.moderation.messaging;

import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.Topics;
import dev.upshot.messaging.IdempotentConsumer;
import dev.upshot.moderation.service.ModerationRunner;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Transport for {@code moderation.requested}: an upload whose chain has an automated kind is fingerprinted and its
 * chain run once (processed-event log); the gateway routes no others (no moderation, or {@code manual} alone) here.
 * Only those uploads are fingerprinted, so duplicate detection compares uploads that asked for moderation.
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
                        envelope -> AssetUploaded.of(envelope).wakes(Topics.MODERATION_REQUESTED),
                        envelope -> runner.moderate(envelope, AssetUploaded.of(envelope)),
                        (envelope, outcome) -> runner.record(outcome),
                        (envelope, failure) -> runner.recordFailure(envelope,
                                AssetUploaded.of(envelope), failure))
                .onFailure().invoke(e -> LOG.errorf(e, "moderation not run; to the dead-letter topic"));
    }
}
