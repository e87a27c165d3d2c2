package dev.upshot.messaging;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import java.time.Instant;
import java.util.UUID;

/** The columns an event keeps while it waits to be relayed, and while it is parked. */
@MappedSuperclass
public abstract class StoredEvent extends PanacheEntityBase {
    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "message_key", nullable = false)
    public String messageKey;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The W3C trace context of the work that wrote the event; null when tracing is off. */
    @Column(columnDefinition = "text")
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
