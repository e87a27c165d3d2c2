package dev.upshot.local.config;

import java.time.Duration;

/**
 * How long the runner waits: for a part to become ready, between SIGTERM and SIGKILL, and between a supervisor's
 * liveness checks.
 */
public record Settings(Duration timeout, Duration stopGrace, Duration livenessInterval, int livenessFailures) {

    public static Settings from(Env env) {
        return new Settings(Duration.ofSeconds(env.number("UPSHOT_TIMEOUT", 120)),
                Duration.ofSeconds(env.number("UPSHOT_STOP_GRACE", 30)),
                Duration.ofSeconds(env.number("UPSHOT_LIVENESS_INTERVAL", 10)),
                env.number("UPSHOT_LIVENESS_FAILURES", 3));
    }
}
