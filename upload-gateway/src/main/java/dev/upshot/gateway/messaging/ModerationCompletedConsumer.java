package dev.upshot.gateway.messaging;

import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.ModerationCompleted;
import dev.upshot.gateway.service.ModerationChain;
import dev.upshot.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Applies each moderation decision to its asset's chain once, in the transaction that records the event. */
@ApplicationScoped
public class ModerationCompletedConsumer {
    private static final Logger LOG = Logger.getLogger(ModerationCompletedConsumer.class);
    private final IdempotentConsumer consumer;
    private final ModerationChain chain;

    public ModerationCompletedConsumer(IdempotentConsumer consumer, ModerationChain chain) {
        this.consumer = consumer;
        this.chain = chain;
    }

    @Incoming("moderation-completed")
    public Uni<Void> onCompleted(String message) {
        return consumer.consume("moderation-completed", message, envelope ->
                        chain.completed(envelope, EventCodec.payload(envelope, ModerationCompleted.class)))
                .onFailure().invoke(e -> LOG.errorf(e, "moderation decision not applied; to the dead-letter topic"));
    }
}
