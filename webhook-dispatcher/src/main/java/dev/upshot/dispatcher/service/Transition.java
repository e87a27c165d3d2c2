package dev.upshot.dispatcher.service;

import java.time.Instant;

/** Where a pending delivery goes after an attempt. */
public sealed interface Transition {

    DeliveryStatus status();

    /** The receiver answered 2xx. */
    record Delivered() implements Transition {
        @Override
        public DeliveryStatus status() {
            return DeliveryStatus.DELIVERED;
        }
    }

    /** The receiver answered 410 Gone: it asked us to stop. */
    record Gone() implements Transition {
        @Override
        public DeliveryStatus status() {
            return DeliveryStatus.GONE;
        }
    }

    /** The schedule is exhausted, or the target can never be reached. */
    record Dead() implements Transition {
        @Override
        public DeliveryStatus status() {
            return DeliveryStatus.DEAD;
        }
    }

    /** Try again at {@code at}. */
    record RetryAt(Instant at) implements Transition {
        @Override
        public DeliveryStatus status() {
            return DeliveryStatus.PENDING;
        }
    }
}
