package dev.upshot.gateway.health;

import dev.upshot.kit.s3.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the bucket answers: an upload cannot be accepted without it. */
@Readiness
@ApplicationScoped
public class ObjectStoreHealth implements HealthCheck {
    private final ObjectStore store;

    public ObjectStoreHealth(ObjectStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            store.check();
            return HealthCheckResponse.named("object-store").up().withData("bucket", store.bucket()).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("object-store").down().withData("error", e.toString()).build();
        }
    }
}
