package dev.upshot.dispatcher.service;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When each attempt of a delivery happens: entry n is the delay before attempt n (counted from the previous attempt,
 * or from creation for the first), spread by a random factor in [1 - jitter, 1 + jitter].
 */
public final class RetrySchedule {
    private final List<Duration> delays;
    private final double jitter;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1) */
    public RetrySchedule(List<Duration> delays, double jitter, DoubleSupplier random) {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("the retry schedule needs at least one entry");
        }
        if (delays.stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("retry delays cannot be negative: " + delays);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
        }
        this.delays = List.copyOf(delays);
        this.jitter = jitter;
        this.random = random;
    }

    public RetrySchedule(List<Duration> delays, double jitter) {
        this(delays, jitter, () -> ThreadLocalRandom.current().nextDouble());
    }

    public int maxAttempts() {
        return delays.size();
    }

    /** The jittered delay before attempt {@code attemptNo} (1-based), or empty when the schedule has no such attempt. */
    public Optional<Duration> delayBefore(int attemptNo) {
        if (attemptNo < 1 || attemptNo > delays.size()) {
            return Optional.empty();
        }
        Duration base = delays.get(attemptNo - 1);
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        return Optional.of(Duration.ofNanos(Math.round(base.toNanos() * factor)));
    }
}
