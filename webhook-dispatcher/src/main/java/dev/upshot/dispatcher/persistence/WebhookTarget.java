package dev.upshot.dispatcher.persistence;

import java.time.Instant;

/** A target that has failed at least once: since when it fails (null: healthy again), and whether it is disabled. */
public record WebhookTarget(String target, String state, Instant failingSince, Instant disabledAt) {
}
