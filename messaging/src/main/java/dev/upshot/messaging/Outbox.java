package dev.upshot.messaging;

import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Appends events to the outbox. Call it inside the transaction that makes the change the event reports, so the
 * change and its event commit or roll back together. The insert's trigger notifies the relay at commit.
 */
@ApplicationScoped
public class Outbox {
    private final int maxEventBytes;

    public Outbox(MessagingConfig config) {
        this.maxEventBytes = config.outbox().maxEventBytes();
    }

    /** @throws EventTooLargeException (as the Uni's failure) when the event is over the budget */
    public Uni<Void> append(String topic, Envelope envelope) {
        return Uni.createFrom().item(() -> entry(topic, envelope)).chain(entry -> entry.persist()).replaceWithVoid();
    }

    /** Encodes and checks the event; nothing is written for one over the budget. */
    public OutboxEntry entry(String topic, Envelope envelope) {
        String payload = EventCodec.encode(envelope);
        int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxEventBytes) {
            throw new EventTooLargeException(envelope.type(), bytes, maxEventBytes);
        }
        OutboxEntry entry = new OutboxEntry();
        entry.eventId = envelope.eventId();
        entry.topic = topic;
        entry.messageKey = envelope.assetId();
        entry.eventType = envelope.type();
        entry.payload = payload;
        entry.createdAt = Instant.now();
        entry.traceparent = EventTracing.currentTraceparent();
        return entry;
    }

    public int maxEventBytes() {
        return maxEventBytes;
    }
}
