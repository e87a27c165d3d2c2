package dev.upshot.dispatcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** How notifications are sent and retried. */
@ConfigMapping(prefix = "upshot.webhooks")
public interface WebhookConfig {

    /**
     * Delay before each attempt: the first entry applies to the first attempt, the n-th to the n-th. When the list is
     * exhausted the delivery is dead. Svix's schedule, with an immediate first attempt.
     */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retrySchedule();

    /** Each delay is multiplied by a random factor in [1 - jitter, 1 + jitter], so retries of a burst spread out. */
    @WithDefault("0.2")
    double jitter();

    /** Budget of one attempt: connect, send and read the answer. */
    @WithDefault("15s")
    Duration timeout();

    /** Send to loopback addresses (127/8, ::1). Only for local runs and tests. */
    @WithDefault("false")
    boolean allowLoopback();

    /** Send to private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), e.g. receivers in the same cluster. */
    @WithDefault("false")
    boolean allowPrivate();

    /**
     * Shortest pause before the pump looks again while due deliveries wait for a free slot of their target. New
     * deliveries are sent at once and retries when they fall due; the pump sleeps otherwise.
     */
    @WithDefault("0.2s")
    Duration pollInterval();

    /** Longest sleep of an idle pump (a safety net: deliveries written by another replica are found then). */
    @WithDefault("30s")
    Duration safetyInterval();

    /** Most deliveries claimed in one pass of the scheduler. */
    @WithDefault("50")
    int batchSize();

    /** Most attempts in flight at once in this replica; also the most connections the HTTP client keeps to one host. */
    @WithDefault("200")
    int maxInFlight();

    /**
     * How long a claimed delivery stays reserved beyond the attempt timeout. If the replica dies mid-attempt, another
     * replica takes the delivery over once the lease ends.
     */
    @WithDefault("30s")
    Duration leaseMargin();

    /**
     * Most attempts in flight at once to one target URL, over all replicas (counted from the leases in the database,
     * so two replicas claiming in the same instant may briefly exceed it). One slow receiver holds at most this many
     * of the {@link #maxInFlight()} slots.
     */
    @WithDefault("4")
    int perTargetConcurrency();

    /**
     * A target whose attempts have all failed for this long is disabled: its deliveries wait until the Admin API
     * enables it again. Svix's period.
     */
    @WithDefault("P5D")
    Duration disableAfter();

    /**
     * How long a finished delivery (delivered, dead or gone) stays in the delivery log with its attempts, counted from
     * its last change; the Admin API can replay it until then. Pending deliveries are never pruned.
     */
    @WithDefault("P30D")
    Duration logRetention();
}
