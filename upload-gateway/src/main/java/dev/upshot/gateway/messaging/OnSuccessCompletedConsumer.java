package dev.upshot.gateway.messaging;

import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.OnSuccessCompleted;
import dev.upshot.gateway.service.AssetProcessing;
import dev.upshot.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Applies each on_success outcome to its asset once, in the transaction that records the event. */
@ApplicationScoped
public class OnSuccessCompletedConsumer {
    private static final Logger LOG = Logger.getLogger(OnSuccessCompletedConsumer.class);
    private final IdempotentConsumer consumer;
    private final AssetProcessing processing;

    public OnSuccessCompletedConsumer(IdempotentConsumer consumer, AssetProcessing processing) {
        this.consumer = consumer;
        this.processing = processing;
    }

    @Incoming("onsuccess-completed")
    public Uni<Void> onCompleted(String message) {
        return consumer.consume("onsuccess-completed", message, envelope ->
                        processing.completed(envelope, EventCodec.payload(envelope, OnSuccessCompleted.class)))
                .onFailure().invoke(e -> LOG.errorf(e, "on_success outcome not applied; to the dead-letter topic"));
    }
}
