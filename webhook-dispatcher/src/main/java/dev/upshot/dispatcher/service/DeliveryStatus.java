package dev.upshot.dispatcher.service;

import dev.upshot.contracts.NotificationOutcome.Outcome;

/** Where a delivery stands. Only PENDING moves; the other states are final and reported as a NotificationOutcome. */
public enum DeliveryStatus {
    PENDING(null), DELIVERED(Outcome.DELIVERED), DEAD(Outcome.DEAD), GONE(Outcome.GONE);

    private final Outcome outcome;

    DeliveryStatus(Outcome outcome) {
        this.outcome = outcome;
    }

    public boolean isFinal() {
        return outcome != null;
    }

    /** @throws IllegalStateException for PENDING, which has no outcome yet */
    public Outcome outcome() {
        if (outcome == null) {
            throw new IllegalStateException("a pending delivery has no outcome");
        }
        return outcome;
    }
}
