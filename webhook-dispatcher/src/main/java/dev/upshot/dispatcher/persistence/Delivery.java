package dev.upshot.dispatcher.persistence;

import dev.upshot.dispatcher.service.DeliveryStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One notification to one target, with where it stands. */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "notification_event_id", nullable = false)
    public UUID notificationEventId;

    @Column(nullable = false)
    public String cloud;

    @Column(name = "asset_id", nullable = false)
    public String assetId;

    @Column(name = "asset_version", nullable = false)
    public long assetVersion;

    @Column(name = "notification_type", nullable = false)
    public String notificationType;

    @Column(nullable = false)
    public String target;

    @Column(nullable = false)
    public byte[] body;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DeliveryStatus state;

    @Column(name = "attempt_count", nullable = false)
    public int attemptCount;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "leased_until")
    public Instant leasedUntil;

    @Column(name = "lease_token")
    public UUID leaseToken;

    @Column(name = "last_status")
    public Integer lastStatus;

    @Column(name = "standard_webhooks", nullable = false)
    public boolean standardWebhooks;

    /** The attempt number the retry schedule counts from: 0, or the attempts made before the last replay. */
    @Column(name = "schedule_start", nullable = false)
    public int scheduleStart;

    /** The trace of the event that asked for the notification, continued by every attempt; null when tracing is off. */
    @Column(columnDefinition = "text")
    public String traceparent;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Delivery pending(UUID notificationEventId, String cloud, String assetId, long assetVersion,
                                   String notificationType, String target, byte[] body, boolean standardWebhooks,
                                   Instant createdAt, Instant firstAttemptAt, String traceparent) {
        Delivery delivery = new Delivery();
        delivery.id = UUID.randomUUID();
        delivery.notificationEventId = notificationEventId;
        delivery.cloud = cloud;
        delivery.assetId = assetId;
        delivery.assetVersion = assetVersion;
        delivery.notificationType = notificationType;
        delivery.target = target;
        delivery.body = body;
        delivery.standardWebhooks = standardWebhooks;
        delivery.state = DeliveryStatus.PENDING;
        delivery.nextAttemptAt = firstAttemptAt;
        delivery.createdAt = createdAt;
        delivery.updatedAt = createdAt;
        delivery.traceparent = traceparent;
        return delivery;
    }

    /** Sends the delivery again from now, with a fresh retry schedule (Admin API replay and recover). */
    public void replay(Instant now) {
        state = DeliveryStatus.PENDING;
        scheduleStart = attemptCount;
        nextAttemptAt = now;
        leasedUntil = null;
        leaseToken = null;
        updatedAt = now;
    }
}
