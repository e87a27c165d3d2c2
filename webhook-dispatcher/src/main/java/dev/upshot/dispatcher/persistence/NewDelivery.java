package dev.upshot.dispatcher.persistence;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery the intake stores: one notification to one target, pending from {@code firstAttemptAt}. The body is the
 * exact bytes every attempt signs and sends.
 *
 * @param traceparent the trace of the event that asked for it, continued by every attempt; null when tracing is off
 */
public record NewDelivery(UUID notificationEventId, String cloud, String assetId, long assetVersion,
                          String notificationType, String target, byte[] body, boolean standardWebhooks,
                          Instant createdAt, Instant firstAttemptAt, String traceparent) {
}
