package dev.upshot.dispatcher.service;

import java.time.Duration;
import java.time.Instant;

/** One attempt, finished: what is written to the attempt log. */
public record CompletedAttempt(int attemptNo, Instant startedAt, Duration duration, AttemptResult result) {

    public Instant finishedAt() {
        return startedAt.plus(duration);
    }
}
