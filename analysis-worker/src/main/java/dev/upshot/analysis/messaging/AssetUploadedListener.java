package dev.upshot.analysis.messaging;

import dev.upshot.analysis.service.AssetAnalyzer;
import dev.upshot.contracts.AnalysisCompleted;
import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import dev.upshot.messaging.IdempotentConsumer;
import dev.upshot.messaging.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;

/**
 * Transport for {@code asset.uploaded}: uploads that ask for analyses are analysed outside any transaction, then
 * {@code AnalysisCompleted} is written through the outbox in the transaction that records the event as processed.
 */
@ApplicationScoped
public class AssetUploadedListener {
    private final IdempotentConsumer consumer;
    private final AssetAnalyzer analyzer;
    private final Outbox outbox;

    public AssetUploadedListener(IdempotentConsumer consumer, AssetAnalyzer analyzer, Outbox outbox) {
        this.consumer = consumer;
        this.analyzer = analyzer;
        this.outbox = outbox;
    }

    @Incoming("asset-uploaded")
    public Uni<Void> onUploaded(String message) {
        return consumer.<AnalysisCompleted>consume("asset-uploaded", message, envelope -> {
            AssetUploaded uploaded = EventCodec.payload(envelope, AssetUploaded.class);
            return uploaded.requested().analyses().isEmpty() ? Uni.createFrom().nullItem()
                    : analyzer.analyze(uploaded);
        }, (envelope, completed) -> completed == null ? Uni.createFrom().voidItem()
                : outbox.append(Topics.ANALYSIS_COMPLETED, EventCodec.wrap(completed, envelope.assetId(),
                envelope.assetVersion(), envelope.cloud(), Instant.now())));
    }
}
