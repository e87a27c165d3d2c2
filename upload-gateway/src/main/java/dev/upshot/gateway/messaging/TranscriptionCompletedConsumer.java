package dev.upshot.gateway.messaging;

import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.TranscriptionCompleted;
import dev.upshot.gateway.service.Transcripts;
import dev.upshot.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Applies each transcription report once, in the transaction that records the event. */
@ApplicationScoped
public class TranscriptionCompletedConsumer {
    private static final Logger LOG = Logger.getLogger(TranscriptionCompletedConsumer.class);
    private final IdempotentConsumer consumer;
    private final Transcripts transcripts;

    public TranscriptionCompletedConsumer(IdempotentConsumer consumer, Transcripts transcripts) {
        this.consumer = consumer;
        this.transcripts = transcripts;
    }

    @Incoming("transcription-completed")
    public Uni<Void> onCompleted(String message) {
        return consumer.consume("transcription-completed", message, envelope ->
                        transcripts.completed(envelope, EventCodec.payload(envelope, TranscriptionCompleted.class)))
                .onFailure().invoke(e -> LOG.errorf(e, "transcription report not applied; to the dead-letter topic"));
    }
}
