package dev.upshot.dispatcher.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The log of one attempt, kept for debugging and replay decisions. */
@Entity
@Table(name = "delivery_attempt")
public class DeliveryAttempt extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "delivery_id", nullable = false)
    public UUID deliveryId;

    @Column(name = "attempt_no", nullable = false)
    public int attemptNo;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "duration_ms", nullable = false)
    public long durationMs;

    @Column(name = "http_status", nullable = false)
    public int httpStatus;

    @Column(columnDefinition = "text")
    public String error;

    @Column(name = "response_body", columnDefinition = "text")
    public String responseBody;
}
