package dev.upshot.dispatcher.service;

import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.NotificationOutcome;
import dev.upshot.contracts.Topics;
import dev.upshot.dispatcher.persistence.Delivery;
import dev.upshot.dispatcher.persistence.DeliveryAttempt;
import dev.upshot.dispatcher.persistence.DeliveryRepository;
import dev.upshot.dispatcher.persistence.TargetRepository;
import dev.upshot.dispatcher.config.WebhookConfig;
import dev.upshot.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * Writes an attempt and its consequence in one transaction: the attempt row, the delivery's new state, and, when
 * that state is final, the NotificationOutcome in the outbox.
 */
@ApplicationScoped
public class AttemptRecorder {
    private static final Logger LOG = Logger.getLogger(AttemptRecorder.class);

    private final DeliveryRepository deliveries;
    private final DeliveryPolicy policy;
    private final Outbox outbox;
    private final TargetRepository targets;
    private final DispatchMetrics metrics;
    private final Duration disableAfter;

    public AttemptRecorder(DeliveryRepository deliveries, DeliveryPolicy policy, Outbox outbox,
                           TargetRepository targets, DispatchMetrics metrics, WebhookConfig config) {
        this.deliveries = deliveries;
        this.policy = policy;
        this.outbox = outbox;
        this.targets = targets;
        this.metrics = metrics;
        this.disableAfter = config.disableAfter();
    }

    /** @return the transition made, or null when the lease was lost and the attempt is not recorded */
    public Uni<Transition> record(PendingDispatch dispatch, CompletedAttempt attempt) {
        return Panache.withTransaction(() -> deliveries.findById(dispatch.deliveryId(), LockModeType.PESSIMISTIC_WRITE)
                .chain(delivery -> {
                    if (delivery == null || delivery.state != DeliveryStatus.PENDING
                            || !dispatch.leaseToken().equals(delivery.leaseToken)) {
                        // Only if this attempt outlived its lease (timeout + lease margin) and another replica took
                        // the delivery over: that replica's attempt is the one that counts.
                        LOG.warnf("delivery %s was taken over while attempt %d ran; not recording it",
                                dispatch.deliveryId(), attempt.attemptNo());
                        return Uni.createFrom().nullItem();
                    }
                    Transition transition = policy.next(attempt, delivery.scheduleStart);
                    delivery.apply(attempt, transition);
                    return DeliveryAttempt.of(delivery.id, attempt).persist()
                            .chain(() -> transition.status().isFinal()
                                    ? reportOutcome(delivery) : Uni.createFrom().voidItem())
                            .chain(() -> trackHealth(delivery, attempt))
                            .replaceWith(transition);
                }));
    }

    /** 2xx heals the target; anything else counts towards disabling it (410 too: that URL refuses our calls). */
    private Uni<Void> trackHealth(Delivery delivery, CompletedAttempt attempt) {
        if (attempt.result() instanceof AttemptResult.Responded responded && responded.isSuccess()) {
            return targets.succeeded(delivery.cloud, delivery.target);
        }
        return targets.failed(delivery.cloud, delivery.target, attempt.startedAt(), disableAfter)
                .invoke(disabled -> {
                    if (disabled) {
                        LOG.warnf("webhook target %s of cloud %s disabled: every attempt failed for %s; its "
                                + "deliveries wait until it is enabled again through the Admin API",
                                delivery.target, delivery.cloud, disableAfter);
                        metrics.targetDisabled();
                    }
                }).replaceWithVoid();
    }

    private Uni<Void> reportOutcome(Delivery delivery) {
        var outcome = new NotificationOutcome(delivery.notificationEventId, delivery.target, delivery.state.outcome(),
                delivery.attemptCount, delivery.lastStatus);
        return outbox.append(Topics.NOTIFICATION_OUTCOME,
                EventCodec.wrap(outcome, delivery.assetId, delivery.assetVersion, delivery.cloud, Instant.now()));
    }
}
