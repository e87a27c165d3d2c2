package dev.upshot.messaging;

import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Appends events to the outbox. Call it inside the transaction that makes the change the event reports, so the
 * change and its event commit or roll back together.
 */
@ApplicationScoped
public class Outbox {

    public Uni<Void> append(String topic, Envelope envelope) {
        OutboxEntry entry = new OutboxEntry();
        entry.eventId = envelope.eventId();
        entry.topic = topic;
        entry.messageKey = envelope.assetId();
        entry.eventType = envelope.type();
        entry.payload = EventCodec.encode(envelope);
        entry.createdAt = Instant.now();
        return entry.persist().replaceWithVoid();
    }
}
