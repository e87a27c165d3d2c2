package dev.upshot.dispatcher.health;

import dev.upshot.dispatcher.service.DeliveryPump;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.time.Duration;
import java.time.Instant;

/**
 * DOWN when the scheduler has stopped starting passes: deliveries would wait forever while everything else looks
 * healthy. A database outage does not trip it (passes still start, and fail fast); readiness covers that.
 */
@Liveness
@ApplicationScoped
public class DeliveryPumpLiveness implements HealthCheck {
    private static final Duration STALL = Duration.ofMinutes(2);

    private final DeliveryPump pump;

    public DeliveryPumpLiveness(DeliveryPump pump) {
        this.pump = pump;
    }

    @Override
    public HealthCheckResponse call() {
        Instant lastPass = pump.lastPassStartedAt();
        return HealthCheckResponse.named("webhook-delivery-scheduler")
                .status(lastPass.isAfter(Instant.now().minus(STALL)))
                .withData("last-pass-started-at", lastPass.toString())
                .withData("attempts-in-flight", pump.inFlight())
                .build();
    }
}
