package dev.upshot.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The gateway wants a notification sent. The dispatcher serialises {@code body} once, stores the bytes and signs
 * exactly those bytes on every attempt, with the timestamp of that attempt.
 *
 * @param notificationType upload, moderation, eager, delete, …
 * @param targets          target URLs: the call's notification_url and every matching global trigger
 * @param body             the complete JSON body (already has notification_type, timestamp, request_id)
 */
public record NotificationRequested(String notificationType, List<String> targets, ObjectNode body)
        implements Event {
    public NotificationRequested {
        targets = List.copyOf(targets);
    }
}
