package dev.upshot.dispatcher.service;

import dev.upshot.contracts.NotificationOutcome.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryPolicyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** No jitter (random 0.5 is the middle of the band), three attempts. */
    private final DeliveryPolicy policy = new DeliveryPolicy(
            new RetrySchedule(List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5)), 0.2, () -> 0.5));

    private static CompletedAttempt attempt(int no, AttemptResult result) {
        return new CompletedAttempt(no, T0, Duration.ofMillis(100), result);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204, 299})
    void anyTwoHundredDelivers(int status) {
        assertInstanceOf(Transition.Delivered.class, policy.next(attempt(1, new AttemptResult.Responded(status, "")), 0));
    }

    @Test
    void goneStopsAtOnceEvenWithRetriesLeft() {
        Transition next = policy.next(attempt(1, new AttemptResult.Responded(410, "bye")), 0);
        assertInstanceOf(Transition.Gone.class, next);
        assertEquals(DeliveryStatus.GONE, next.status());
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 400, 404, 429, 500, 503})
    void otherAnswersAreRetriedOnSchedule(int status) {
        Transition next = policy.next(attempt(1, new AttemptResult.Responded(status, "")), 0);
        assertEquals(new Transition.RetryAt(T0.plusMillis(100).plusSeconds(5)), next);
        assertEquals(DeliveryStatus.PENDING, next.status());
    }

    @Test
    void networkFailuresAreRetriedThenDie() {
        var failed = new AttemptResult.Failed("ConnectException: Connection refused");
        assertEquals(new Transition.RetryAt(T0.plusMillis(100).plus(Duration.ofMinutes(5))),
                policy.next(attempt(2, failed), 0));
        assertInstanceOf(Transition.Dead.class, policy.next(attempt(3, failed), 0), "the schedule has three attempts");
    }

    @Test
    void aReplayedDeliveryGetsTheWholeScheduleAgain() {
        var failed = new AttemptResult.Failed("ConnectException: Connection refused");
        assertEquals(new Transition.RetryAt(T0.plusMillis(100).plusSeconds(5)), policy.next(attempt(4, failed), 3),
                "attempt 4 is the first after a replay made at 3 attempts");
        assertInstanceOf(Transition.Dead.class, policy.next(attempt(6, failed), 3));
    }

    @Test
    void aRefusedTargetDiesOnItsFirstAttempt() {
        assertInstanceOf(Transition.Dead.class,
                policy.next(attempt(1, new AttemptResult.Refused("resolves to 10.0.0.1, a private address")), 0));
    }

    @Test
    void theFirstAttemptIsDueAsTheScheduleSays() {
        assertEquals(T0, policy.firstAttemptAt(T0));
    }

    @Test
    void finalStatesMapToOutcomes() {
        assertFalse(DeliveryStatus.PENDING.isFinal());
        assertThrows(IllegalStateException.class, DeliveryStatus.PENDING::outcome);
        assertTrue(DeliveryStatus.DEAD.isFinal());
        assertEquals(Outcome.DELIVERED, DeliveryStatus.DELIVERED.outcome());
        assertEquals(Outcome.DEAD, DeliveryStatus.DEAD.outcome());
        assertEquals(Outcome.GONE, DeliveryStatus.GONE.outcome());
    }
}
