package dev.upshot.moderation.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.ModerationCompleted;

/** What a provider decided, and what it said, for the chain entry's {@code response}. */
public record Decision(boolean approved, ObjectNode response) {
    public String status() {
        return approved ? ModerationCompleted.APPROVED : ModerationCompleted.REJECTED;
    }
}
