package dev.upshot.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One moderation kind of an asset's chain reached a decision. The worker publishes one event per automated kind,
 * in chain order, stopping at the first rejection; the gateway publishes one for each manual decision, so the
 * topic is the complete log of decisions.
 *
 * @param kind      the chain entry as requested, e.g. {@code duplicate:0.9}, {@code upshot_nsfw}, {@code manual}
 * @param position  the entry's index in the chain (0-based), so a chain naming one kind twice stays unambiguous
 * @param status    {@code approved} or {@code rejected}
 * @param response  what the provider answered (scores, matched assets, …); never null, may be empty
 * @param updatedAt when the decision was taken
 */
public record ModerationCompleted(String kind, int position, String status, ObjectNode response, Instant updatedAt)
        implements Event {
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";

    public ModerationCompleted {
        if (!APPROVED.equals(status) && !REJECTED.equals(status)) {
            throw new IllegalArgumentException("status must be approved or rejected: " + status);
        }
        response = response == null ? EventCodec.mapper().createObjectNode() : response;
    }
}
