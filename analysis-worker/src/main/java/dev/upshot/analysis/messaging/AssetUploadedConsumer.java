package dev.upshot.analysis.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.analysis.service.AssetAnalyzer;
import dev.upshot.contracts.AnalysisCompleted;
import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import dev.upshot.messaging.IdempotentConsumer;
import dev.upshot.messaging.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Transport for {@code analysis.requested}: the uploads that ask for analyses (the gateway routes no others here) are
 * analysed outside any transaction, then {@code AnalysisCompleted} is written through the outbox in the transaction
 * that records the event as processed.
 */
@ApplicationScoped
public class AssetUploadedConsumer {
    private static final Logger LOG = Logger.getLogger(AssetUploadedConsumer.class);
    private final IdempotentConsumer consumer;
    private final AssetAnalyzer analyzer;
    private final Outbox outbox;

    public AssetUploadedConsumer(IdempotentConsumer consumer, AssetAnalyzer analyzer, Outbox outbox) {
        this.consumer = consumer;
        this.analyzer = analyzer;
        this.outbox = outbox;
    }

    @Incoming("asset-uploaded")
    public Uni<Void> onUploaded(String message) {
        return consumer.<AnalysisCompleted>consume("asset-uploaded", message,
                envelope -> AssetUploaded.of(envelope).wakes(Topics.ANALYSIS_REQUESTED),
                envelope -> analyzer.analyze(AssetUploaded.of(envelope)),
                this::announce,
                // the original cannot be read at all: every asked analysis fails, recorded on the asset
                (envelope, failure) -> announce(envelope, new AnalysisCompleted(EventCodec.mapper().createObjectNode(),
                        AssetUploaded.of(envelope).requested().analyses().keySet().stream()
                                .collect(Collectors.toMap(name -> name, name -> "analysis failed: " + failure.getMessage())))))
                .onFailure().invoke(e -> LOG.errorf(e, "upload not analysed; to the dead-letter topic"));
    }

    private Uni<Void> announce(Envelope envelope, AnalysisCompleted completed) {
        return outbox.append(Topics.ANALYSIS_COMPLETED, EventCodec.wrap(withinBudget(completed),
                envelope.assetId(), envelope.assetVersion(), envelope.cloud(), Instant.now()));
    }

    /**
     * Results go into the upload response and its notification beside the upload's own parameters, so they get half
     * the event budget; the largest fields (a dense page's OCR, huge XMP) are replaced by an error until they fit.
     */
    AnalysisCompleted withinBudget(AnalysisCompleted completed) {
        int budget = outbox.maxEventBytes() / 2;
        ObjectNode fields = completed.fields().deepCopy();
        Map<String, String> errors = new LinkedHashMap<>(completed.errors());
        int size = EventCodec.encodedSize(fields);
        while (size > budget && !fields.isEmpty()) {
            String largest = null;
            int largestSize = -1;
            for (var it = fields.fields(); it.hasNext(); ) {
                var field = it.next();
                int fieldSize = EventCodec.encodedSize(field.getValue());
                if (fieldSize > largestSize) {
                    largest = field.getKey();
                    largestSize = fieldSize;
                }
            }
            fields.remove(largest);
            errors.put(largest, "result of " + largestSize + " bytes is over the event budget of " + budget + " bytes");
            size = EventCodec.encodedSize(fields);
        }
        return size == EventCodec.encodedSize(completed.fields()) ? completed : new AnalysisCompleted(fields, errors);
    }
}
