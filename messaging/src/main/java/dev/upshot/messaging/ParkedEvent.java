package dev.upshot.messaging;

import java.time.Instant;

/** An outbox row the broker refused for good, kept with the reason until an operator re-drives or drops it. */
public class ParkedEvent extends StoredEvent {
    /** The outbox row's id. */
    public Long id;
    public Instant parkedAt;
    public String reason;

    static ParkedEvent of(OutboxEntry entry, String reason) {
        ParkedEvent parked = entry.copyTo(new ParkedEvent());
        parked.id = entry.id;
        parked.parkedAt = Instant.now();
        parked.reason = reason;
        return parked;
    }
}
