package dev.upshot.dispatcher.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus meters: {@code upshot_webhook_attempts_total{outcome}}, {@code upshot_webhook_deliveries_completed_total
 * {state}}, {@code upshot_webhook_targets_disabled_total}, {@code upshot_webhook_attempt_duration_seconds} and the gauge {@code upshot_webhook_deliveries_pending}.
 */
@ApplicationScoped
public class DispatchMetrics {
    private final MeterRegistry registry;
    private final AtomicLong pending = new AtomicLong();
    private final Timer duration;
    private final Counter targetsDisabled;

    public DispatchMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("upshot.webhook.deliveries.pending", pending);
        this.duration = Timer.builder("upshot.webhook.attempt.duration")
                .description("Time from the start of an attempt to its answer or failure").register(registry);
        // registered at zero, so increase() over it has a series before the first target is disabled
        this.targetsDisabled = Counter.builder("upshot.webhook.targets.disabled")
                .description("Targets disabled after failing for too long").register(registry);
    }

    public void attempted(CompletedAttempt attempt) {
        duration.record(attempt.duration());
        Counter.builder("upshot.webhook.attempts").description("Notification attempts by outcome")
                .tag("outcome", outcome(attempt.result())).register(registry).increment();
    }

    public void transitioned(Transition transition) {
        if (transition.status().isFinal()) {
            Counter.builder("upshot.webhook.deliveries.completed").description("Deliveries that reached a final state")
                    .tag("state", transition.status().name().toLowerCase(Locale.ROOT)).register(registry).increment();
        }
    }

    /** A target was disabled after failing for the configured period: worth an alert. */
    public void targetDisabled() {
        targetsDisabled.increment();
    }

    public void pending(long count) {
        pending.set(count);
    }

    /** success (2xx), gone (410), http_error (any other status), network_error (no answer), refused (never sent). */
    static String outcome(AttemptResult result) {
        return switch (result) {
            case AttemptResult.Responded r when r.isSuccess() -> "success";
            case AttemptResult.Responded r when r.status() == 410 -> "gone";
            case AttemptResult.Responded ignored -> "http_error";
            case AttemptResult.Failed ignored -> "network_error";
            case AttemptResult.Refused ignored -> "refused";
        };
    }
}
