package dev.upshot.local.process;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    @Test
    void doublesToAMinuteWhileTheProcessKeepsDying() {
        Backoff backoff = new Backoff();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            delays.add(backoff.after(Duration.ofSeconds(2)).toSeconds());
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L), delays);
    }

    @Test
    void aMinuteOfGoodRunningStartsOver() {
        Backoff backoff = new Backoff();
        backoff.after(Duration.ZERO);
        backoff.after(Duration.ZERO);
        assertEquals(4, backoff.after(Duration.ofSeconds(59)).toSeconds());
        assertEquals(1, backoff.after(Duration.ofSeconds(60)).toSeconds());
        assertEquals(2, backoff.after(Duration.ofSeconds(1)).toSeconds());
    }

    @Test
    void livenessKillsAfterTheLimitInARowOnly() {
        Liveness liveness = new Liveness(3);
        assertFalse(liveness.record(false));
        assertFalse(liveness.record(false));
        assertFalse(liveness.record(true), "a passed check starts the count over");
        assertFalse(liveness.record(false));
        assertFalse(liveness.record(false));
        assertTrue(liveness.record(false));
        assertEquals(3, liveness.failures());
    }
}
