package dev.upshot.gateway.messaging;

import dev.upshot.contracts.DerivativesCreated;
import dev.upshot.contracts.EventCodec;
import dev.upshot.gateway.service.EagerDerivatives;
import dev.upshot.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Applies each report of eager derivatives once, in the transaction that records the event. */
@ApplicationScoped
public class DerivativesCreatedConsumer {
    private static final Logger LOG = Logger.getLogger(DerivativesCreatedConsumer.class);
    private final IdempotentConsumer consumer;
    private final EagerDerivatives eager;

    public DerivativesCreatedConsumer(IdempotentConsumer consumer, EagerDerivatives eager) {
        this.consumer = consumer;
        this.eager = eager;
    }

    @Incoming("derivatives-created")
    public Uni<Void> onCreated(String message) {
        return consumer.consume("derivatives-created", message, envelope ->
                        eager.created(envelope, EventCodec.payload(envelope, DerivativesCreated.class)))
                .onFailure().invoke(e -> LOG.errorf(e, "eager derivatives not applied; to the dead-letter topic"));
    }
}
