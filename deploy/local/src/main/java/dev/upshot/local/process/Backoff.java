package dev.upshot.local.process;

import java.time.Duration;

/**
 * The supervisor's wait before a restart: 1 s, doubling to 60 s while the process keeps dying, back to 1 s once it
 * ran for a minute (a crash loop must not burn the machine; one crash after a good run must heal fast).
 */
public final class Backoff {
    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(60);
    static final Duration GOOD_RUN = Duration.ofSeconds(60);

    private Duration next = FIRST;

    /** The delay before restarting a process that ran for {@code ran}. */
    public Duration after(Duration ran) {
        if (ran.compareTo(GOOD_RUN) >= 0) {
            next = FIRST;
        }
        Duration delay = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(MAX) > 0 ? MAX : doubled;
        return delay;
    }
}
