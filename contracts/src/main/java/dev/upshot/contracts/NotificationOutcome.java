package dev.upshot.contracts;

import java.util.UUID;

/**
 * A delivery reached a final state.
 *
 * @param notificationEventId the {@link Envelope#eventId()} of the {@link NotificationRequested} it came from
 * @param target              the URL
 * @param outcome             DELIVERED, DEAD (retries exhausted) or GONE (the target answered 410)
 * @param attempts            how many attempts were made
 * @param lastStatus          last HTTP status, 0 when no response was received
 */
public record NotificationOutcome(UUID notificationEventId, String target, Outcome outcome, int attempts,
                                  int lastStatus) implements Event {
    public enum Outcome { DELIVERED, DEAD, GONE }
}
