package dev.upshot.dispatcher.service;

import dev.upshot.dispatcher.config.WebhookConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;

/** The delivery state machine: PENDING → DELIVERED | GONE | DEAD, or PENDING again at a later time. */
@ApplicationScoped
public class DeliveryPolicy {
    private final RetrySchedule schedule;

    @Inject
    public DeliveryPolicy(WebhookConfig config) {
        this(new RetrySchedule(config.retrySchedule(), config.jitter()));
    }

    public DeliveryPolicy(RetrySchedule schedule) {
        this.schedule = schedule;
    }

    /** Whether a new delivery is due as soon as it is created. */
    public boolean firstAttemptAtOnce() {
        return schedule.delayBefore(1).orElseThrow().isZero();
    }

    /** When the first attempt of a new delivery is due. */
    public Instant firstAttemptAt(Instant createdAt) {
        return createdAt.plus(schedule.delayBefore(1).orElseThrow());
    }

    /** @param scheduleStart attempts made before the last replay; the schedule counts from there */
    public Transition next(CompletedAttempt attempt, int scheduleStart) {
        return switch (attempt.result()) {
            case AttemptResult.Responded r when r.isSuccess() -> new Transition.Delivered();
            case AttemptResult.Responded r when r.status() == 410 -> new Transition.Gone();
            case AttemptResult.Refused ignored -> new Transition.Dead();
            case AttemptResult.Responded ignored -> retryOrDie(attempt, scheduleStart);
            case AttemptResult.Failed ignored -> retryOrDie(attempt, scheduleStart);
        };
    }

    private Transition retryOrDie(CompletedAttempt attempt, int scheduleStart) {
        return schedule.delayBefore(attempt.attemptNo() - scheduleStart + 1)
                .<Transition>map(delay -> new Transition.RetryAt(attempt.finishedAt().plus(delay)))
                .orElseGet(Transition.Dead::new);
    }
}
