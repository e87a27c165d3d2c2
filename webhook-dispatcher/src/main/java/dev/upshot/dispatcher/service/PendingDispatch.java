package dev.upshot.dispatcher.service;

import java.util.UUID;

/**
 * A delivery claimed for one attempt: everything the sender needs, detached from the database. The lease token proves,
 * when the attempt is recorded, that no other replica took the delivery over meanwhile.
 *
 * @param eventId          the NotificationRequested's event id, sent as {@code X-Upshot-Event-Id}
 * @param standardWebhooks whether Standard Webhooks headers are sent besides Cloudinary's
 * @param assetId          for the attempt's span and log lines
 * @param traceparent      the trace the attempt's span continues, or null
 */
public record PendingDispatch(UUID deliveryId, UUID eventId, String cloud, String target, long assetVersion,
                              byte[] body, boolean standardWebhooks, int attemptNo, int scheduleStart,
                              UUID leaseToken, String assetId, String traceparent) {
}
