package dev.upshot.local.readiness;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a readiness check until it holds, the process behind it has failed, or time runs out. */
public final class Readiness {
    public enum Outcome { READY, FAILED, TIMED_OUT }

    private Readiness() {
    }

    /**
     * @param ready   the check, e.g. a health endpoint answering 200
     * @param failed  true once waiting is pointless (the process exited)
     * @param tick    called after each failed check with the time waited so far (progress output)
     */
    public static Outcome await(BooleanSupplier ready, BooleanSupplier failed, Duration timeout, Duration poll,
                                java.util.function.Consumer<Duration> tick) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            if (ready.getAsBoolean()) {
                return Outcome.READY;
            }
            if (failed.getAsBoolean()) {
                return Outcome.FAILED;
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            if (waited.compareTo(timeout) >= 0) {
                return Outcome.TIMED_OUT;
            }
            tick.accept(waited);
            Thread.sleep(poll.toMillis());
        }
    }
}
