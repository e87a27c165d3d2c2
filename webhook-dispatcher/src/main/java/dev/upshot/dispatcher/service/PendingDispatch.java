package dev.upshot.dispatcher.service;

import java.util.UUID;

/**
 * A delivery claimed for one attempt: everything the sender needs, detached from the database. The lease token proves,
 * when the attempt is recorded, that no other replica took the delivery over meanwhile.
 */
public record PendingDispatch(UUID deliveryId, String cloud, String target, byte[] body, int attemptNo,
                              UUID leaseToken) {
}
