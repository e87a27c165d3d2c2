package dev.upshot.onsuccess.health;

import dev.upshot.onsuccess.service.SandboxPool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once a warm sandbox can take a script; a child being replaced does not make the runner unready. */
@Readiness
@ApplicationScoped
public class SandboxReadiness implements HealthCheck {
    private final SandboxPool pool;

    public SandboxReadiness(SandboxPool pool) {
        this.pool = pool;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("sandbox-pool")
                .status(pool.warmChildren() > 0)
                .withData("warm", pool.warmChildren())
                .withData("size", pool.size())
                .build();
    }
}
