package dev.upshot.messaging;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An outbox row the broker refused for good, kept with the reason until an operator re-drives or drops it. */
@Entity
@Table(name = "outbox_parked")
public class ParkedEvent extends PanacheEntityBase {
    @Id
    public Long id;

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

    @Column(name = "parked_at", nullable = false)
    public Instant parkedAt;

    @Column(nullable = false, columnDefinition = "text")
    public String reason;

    static ParkedEvent of(OutboxEntry entry, String reason) {
        ParkedEvent parked = new ParkedEvent();
        parked.id = entry.id;
        parked.eventId = entry.eventId;
        parked.topic = entry.topic;
        parked.messageKey = entry.messageKey;
        parked.eventType = entry.eventType;
        parked.payload = entry.payload;
        parked.createdAt = entry.createdAt;
        parked.parkedAt = Instant.now();
        parked.reason = reason;
        return parked;
    }

    /** Back into the outbox as a new row (relayed in order behind what waits now). */
    OutboxEntry requeued() {
        OutboxEntry entry = new OutboxEntry();
        entry.eventId = eventId;
        entry.topic = topic;
        entry.messageKey = messageKey;
        entry.eventType = eventType;
        entry.payload = payload;
        entry.createdAt = createdAt;
        return entry;
    }
}
