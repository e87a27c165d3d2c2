package dev.upshot.gateway.messaging;

import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.NotificationOutcome;
import dev.upshot.messaging.IdempotentConsumer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Records how each notification ended, so the asset's delivery history is visible from the gateway. */
@ApplicationScoped
public class NotificationOutcomeConsumer {
    private final IdempotentConsumer consumer;

    public NotificationOutcomeConsumer(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    @Incoming("notification-outcome")
    public Uni<Void> onOutcome(String message) {
        return consumer.consume("notification-outcome", message, envelope -> {
            NotificationOutcome outcome = EventCodec.payload(envelope, NotificationOutcome.class);
            return Panache.getSession().chain(session -> session.createNativeQuery(
                            "insert into notification_outcome (notification_event_id, target, asset_id, outcome, "
                                    + "attempts, last_status, recorded_at) values (?1, ?2, ?3, ?4, ?5, ?6, now()) "
                                    + "on conflict (notification_event_id, target) do update set outcome = excluded.outcome, "
                                    + "attempts = excluded.attempts, last_status = excluded.last_status, "
                                    + "recorded_at = excluded.recorded_at")
                    .setParameter(1, outcome.notificationEventId())
                    .setParameter(2, outcome.target())
                    .setParameter(3, envelope.assetId())
                    .setParameter(4, outcome.outcome().name())
                    .setParameter(5, outcome.attempts())
                    .setParameter(6, outcome.lastStatus())
                    .executeUpdate()).replaceWithVoid();
        });
    }
}
