package dev.upshot.messaging;

import java.time.Instant;
import java.util.UUID;

/** The columns an event keeps while it waits to be relayed ({@code outbox}), and while it is parked. */
public abstract class StoredEvent {
    public UUID eventId;
    public String topic;
    public String messageKey;
    public String eventType;
    public String payload;
    public Instant createdAt;
    /** The W3C trace context of the work that wrote the event; null when tracing is off. */
    public String traceparent;

    /** Copies the event's columns into {@code target}. */
    <T extends StoredEvent> T copyTo(T target) {
        target.eventId = eventId;
        target.topic = topic;
        target.messageKey = messageKey;
        target.eventType = eventType;
        target.payload = payload;
        target.createdAt = createdAt;
        target.traceparent = traceparent;
        return target;
    }
}
