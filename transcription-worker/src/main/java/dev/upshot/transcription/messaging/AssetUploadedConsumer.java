package dev.upshot.transcription.messaging;

import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import dev.upshot.contracts.TranscriptionCompleted;
import dev.upshot.messaging.IdempotentConsumer;
import dev.upshot.messaging.Outbox;
import dev.upshot.transcription.service.Transcriptions;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.util.List;

/**
 * {@code transcription.requested} (video and audio uploads asking for a transcription) → the transcript, stored →
 * {@code transcription.completed} through the outbox, once per event; the gateway routes no other uploads here. The
 * model runs on a worker thread outside any transaction; a file it cannot read fails its transcription once, recorded
 * on the asset, never retried forever.
 */
@ApplicationScoped
public class AssetUploadedConsumer {
    private final IdempotentConsumer consumer;
    private final Transcriptions transcriptions;
    private final Outbox outbox;
    private final Vertx vertx;

    public AssetUploadedConsumer(IdempotentConsumer consumer, Transcriptions transcriptions, Outbox outbox,
                                 Vertx vertx) {
        this.consumer = consumer;
        this.transcriptions = transcriptions;
        this.outbox = outbox;
        this.vertx = vertx;
    }

    @Incoming("asset-uploaded")
    public Uni<Void> onUploaded(String message) {
        return consumer.<TranscriptionCompleted>consume("asset-uploaded", message,
                envelope -> AssetUploaded.of(envelope).wakes(Topics.TRANSCRIPTION_REQUESTED),
                envelope -> vertx.executeBlocking(Uni.createFrom().item(() -> {
                    try {
                        return transcriptions.transcribe(AssetUploaded.of(envelope));
                    } catch (Exception e) {
                        throw new IllegalStateException("transcription failed: " + e.getMessage(), e);
                    }
                }), false),
                this::announce,
                (envelope, failure) -> announce(envelope, new TranscriptionCompleted(
                        AssetUploaded.of(envelope).requested().transcription(), failure.getMessage(), List.of())));
    }

    private Uni<Void> announce(Envelope envelope, TranscriptionCompleted completed) {
        return outbox.append(Topics.TRANSCRIPTION_COMPLETED, EventCodec.wrap(completed, envelope.assetId(),
                envelope.assetVersion(), envelope.cloud(), Instant.now()));
    }
}
