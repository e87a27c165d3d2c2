package dev.upshot.gateway.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.AnalysisCompleted;
import dev.upshot.contracts.EventCodec;
import dev.upshot.gateway.persistence.AwaitedWork;
import dev.upshot.gateway.service.AssetProcessing;
import dev.upshot.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Merges each asset's analysis results once, in the transaction that records the event. */
@ApplicationScoped
public class AnalysisCompletedConsumer {
    private static final Logger LOG = Logger.getLogger(AnalysisCompletedConsumer.class);
    private final IdempotentConsumer consumer;
    private final AssetProcessing processing;

    public AnalysisCompletedConsumer(IdempotentConsumer consumer, AssetProcessing processing) {
        this.consumer = consumer;
        this.processing = processing;
    }

    @Incoming("analysis-completed")
    public Uni<Void> onCompleted(String message) {
        return consumer.consume("analysis-completed", message, envelope -> {
                    AnalysisCompleted completed = EventCodec.payload(envelope, AnalysisCompleted.class);
                    ObjectNode fields = completed.fields() == null ? EventCodec.mapper().createObjectNode()
                            : completed.fields().deepCopy();
                    if (!completed.errors().isEmpty()) {
                        fields.set("analysis_errors", EventCodec.mapper().valueToTree(completed.errors()));
                    }
                    return processing.workCompleted(envelope, AwaitedWork.ANALYSIS, fields);
                })
                .onFailure().invoke(e -> LOG.errorf(e, "analysis results not applied; to the dead-letter topic"));
    }
}
