package dev.upshot.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The moderation review page: its sign-in sessions, the limits on failed sign-ins, and how the page works the
 * queue. Reviewer passwords are per account ({@code upshot.accounts.<label>.reviewer-password}).
 */
@ConfigMapping(prefix = "upshot.review")
public interface ReviewConfig {

    /** How long a sign-in lasts; the session ends then whatever the reviewer is doing. */
    @WithDefault("PT8H")
    Duration sessionTtl();

    /** How long a decision can be undone in the page before it is sent. */
    @WithDefault("PT5S")
    Duration undoWindow();

    /** How often an open, visible page asks for new arrivals. */
    @WithDefault("PT3S")
    Duration pollInterval();

    /**
     * Derived version shown in the queue (one chain, like {@code eager}); delivery may always make it on request,
     * so list it nowhere else.
     */
    @WithDefault("c_limit,h_240,w_240")
    String thumbnail();

    /** Derived version of the large preview of the focused item; always allowed like {@link #thumbnail()}. */
    @WithDefault("c_limit,h_1200,w_1200")
    String preview();

    SignIn signIn();

    /** Failed sign-ins, counted in fixed windows in PostgreSQL (so all replicas share the count). */
    interface SignIn {
        /** Failures one client address may have per window before every sign-in from it is refused with 429. */
        @WithDefault("20")
        int maxFailuresPerAddress();

        /** Failures one API key may have per window, from any address, before its sign-ins are refused. */
        @WithDefault("10")
        int maxFailuresPerKey();

        @WithDefault("PT15M")
        Duration failureWindow();
    }
}
