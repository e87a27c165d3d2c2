package dev.upshot.messaging;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An outbox row the broker refused for good, kept with the reason until an operator re-drives or drops it. */
@Entity
@Table(name = "outbox_parked")
public class ParkedEvent extends StoredEvent {
    /** The outbox row's id. */
    @Id
    public Long id;

    @Column(name = "parked_at", nullable = false)
    public Instant parkedAt;

    @Column(nullable = false, columnDefinition = "text")
    public String reason;

    static ParkedEvent of(OutboxEntry entry, String reason) {
        ParkedEvent parked = entry.copyTo(new ParkedEvent());
        parked.id = entry.id;
        parked.parkedAt = Instant.now();
        parked.reason = reason;
        return parked;
    }

    /** Back into the outbox as a new row (relayed in order behind what waits now). */
    OutboxEntry requeued() {
        return copyTo(new OutboxEntry());
    }
}
