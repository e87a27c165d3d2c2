package dev.upshot.dispatcher.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.EventCodec.MalformedEventException;
import dev.upshot.contracts.NotificationRequested;
import dev.upshot.dispatcher.config.AccountsConfig;
import dev.upshot.dispatcher.persistence.Delivery;
import dev.upshot.dispatcher.persistence.DeliveryRepository;
import dev.upshot.messaging.EventTracing;
import dev.upshot.messaging.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Turns a NotificationRequested into one pending delivery per target, once per event id however often the event is
 * redelivered. The body is serialised here, once: every attempt sends and signs these exact bytes.
 */
@ApplicationScoped
public class NotificationIntake {
    static final String CONSUMER = "notification-requested";

    private final IdempotentConsumer consumer;
    private final DeliveryRepository deliveries;
    private final DeliveryPolicy policy;
    private final DeliveryPump pump;
    private final AccountsConfig accounts;

    public NotificationIntake(IdempotentConsumer consumer, DeliveryRepository deliveries, DeliveryPolicy policy,
                              DeliveryPump pump, AccountsConfig accounts) {
        this.accounts = accounts;
        this.consumer = consumer;
        this.deliveries = deliveries;
        this.policy = policy;
        this.pump = pump;
    }

    /** Completes once the deliveries are committed; fails with MalformedEventException for a message that never fits. */
    public Uni<Void> accept(String json) {
        return Uni.createFrom().deferred(() -> consumer.consume(CONSUMER, json, this::createDeliveries))
                .invoke(pump::nudge);   // first attempts are due now: don't wait for the next tick
    }

    private Uni<Void> createDeliveries(Envelope envelope) {
        NotificationRequested request = EventCodec.payload(envelope, NotificationRequested.class);
        if (request.body() == null || request.notificationType() == null) {
            throw new MalformedEventException("NotificationRequested " + envelope.eventId()
                    + " lacks its body or notification type");
        }
        byte[] body = serialise(request);
        Instant now = Instant.now();
        Instant firstAttemptAt = policy.firstAttemptAt(now);
        String traceparent = EventTracing.currentTraceparent();   // the consumer span of this event
        boolean standardWebhooks = accounts.forCloud(envelope.cloud()).map(AccountsConfig.Account::standardWebhooks)
                .orElse(false);
        List<Delivery> rows = new LinkedHashSet<>(request.targets()).stream()
                .map(target -> Delivery.pending(envelope.eventId(), envelope.cloud(), envelope.assetId(),
                        envelope.assetVersion(), request.notificationType(), target, body,
                        standardWebhooks || request.standardWebhookTargets().contains(target), now, firstAttemptAt,
                        traceparent))
                .toList();
        return rows.isEmpty() ? Uni.createFrom().voidItem() : deliveries.persist(rows);
    }

    private static byte[] serialise(NotificationRequested request) {
        try {
            return EventCodec.mapper().writeValueAsBytes(request.body());
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("notification body cannot be serialised: " + e.getOriginalMessage());
        }
    }
}
