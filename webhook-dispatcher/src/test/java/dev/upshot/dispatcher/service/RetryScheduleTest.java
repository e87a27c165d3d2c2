package dev.upshot.dispatcher.service;

import io.quarkus.runtime.configuration.DurationConverter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryScheduleTest {

    @Test
    void theDefaultScheduleParsesAsSvixs() {
        // the same converter Quarkus applies to upshot.webhooks.retry-schedule
        var converter = new DurationConverter();
        List<Duration> parsed = Arrays.stream("0s,5s,5m,30m,2h,5h,10h,10h".split(","))
                .map(converter::convert).toList();

        assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10)), parsed);
        assertEquals(Duration.ofMillis(300), converter.convert("300ms"));
    }

    @Test
    void jitterStaysWithinTwentyPercent() {
        var schedule = new RetrySchedule(List.of(Duration.ZERO, Duration.ofMinutes(5)), 0.2);
        for (int i = 0; i < 10_000; i++) {
            long millis = schedule.delayBefore(2).orElseThrow().toMillis();
            assertTrue(millis >= 240_000 && millis <= 360_000, "out of bounds: " + millis);
        }
        assertEquals(Optional.of(Duration.ZERO), schedule.delayBefore(1), "no jitter can move an immediate attempt");
    }

    @Test
    void jitterReachesBothEnds() {
        List<Duration> fiveMinutes = List.of(Duration.ofMinutes(5));
        assertEquals(Duration.ofMinutes(4), new RetrySchedule(fiveMinutes, 0.2, () -> 0.0).delayBefore(1).orElseThrow());
        assertEquals(Duration.ofMinutes(5), new RetrySchedule(fiveMinutes, 0.2, () -> 0.5).delayBefore(1).orElseThrow());
        Duration top = new RetrySchedule(fiveMinutes, 0.2, () -> Math.nextDown(1.0)).delayBefore(1).orElseThrow();
        assertTrue(top.compareTo(Duration.ofMinutes(6)) <= 0 && top.compareTo(Duration.ofSeconds(359)) > 0, top::toString);
        assertEquals(Duration.ofMinutes(5), new RetrySchedule(fiveMinutes, 0, ThreadLocalRandom.current()::nextDouble)
                .delayBefore(1).orElseThrow());
    }

    @Test
    void endsWithTheList() {
        var schedule = new RetrySchedule(List.of(Duration.ZERO, Duration.ofSeconds(5)), 0.2);
        assertEquals(2, schedule.maxAttempts());
        assertTrue(schedule.delayBefore(3).isEmpty());
        assertTrue(schedule.delayBefore(0).isEmpty());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(List.of(), 0.2));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(List.of(Duration.ofSeconds(-1)), 0.2));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(List.of(Duration.ZERO), 1.0));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(List.of(Duration.ZERO), -0.1));
    }
}
