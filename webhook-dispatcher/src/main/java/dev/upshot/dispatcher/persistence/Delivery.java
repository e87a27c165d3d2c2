package dev.upshot.dispatcher.persistence;

import dev.upshot.dispatcher.service.DeliveryStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One notification to one target as the delivery log shows it: where it stands, and its attempts in order. */
public record Delivery(UUID id, UUID notificationEventId, String assetId, long assetVersion, String notificationType,
                       String target, byte[] body, DeliveryStatus state, int attemptCount, Integer lastStatus,
                       Instant nextAttemptAt, Instant createdAt, Instant updatedAt, List<Attempt> attempts) {

    /** The log of one attempt: {@code httpStatus} 0 when no answer came, {@code responseBody} its first 2 KiB. */
    public record Attempt(int attemptNo, Instant startedAt, long durationMs, int httpStatus, String error,
                          String responseBody) {
    }
}
