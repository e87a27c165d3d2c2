package dev.upshot.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The gateway wants a notification sent. The dispatcher serialises {@code body} once, stores the bytes and signs
 * exactly those bytes on every attempt, with the timestamp of that attempt.
 *
 * @param notificationType        upload, moderation, eager, delete, …
 * @param targets                 target URLs: the call's notification_url and every matching global trigger
 * @param body                    the complete JSON body (already has notification_type, timestamp, request_id)
 * @param standardWebhookTargets  the subset of {@code targets} whose trigger asked for Standard Webhooks headers
 *                                ({@code signature_scheme=standard}) besides Cloudinary's; absent in older events
 */
public record NotificationRequested(String notificationType, List<String> targets, ObjectNode body,
                                    List<String> standardWebhookTargets) implements Event {
    public NotificationRequested {
        targets = List.copyOf(targets);
        standardWebhookTargets = standardWebhookTargets == null ? List.of() : List.copyOf(standardWebhookTargets);
    }

    /** A notification whose targets all get Cloudinary's signature only. */
    public NotificationRequested(String notificationType, List<String> targets, ObjectNode body) {
        this(notificationType, targets, body, List.of());
    }
}
