package dev.upshot.local.process;

/** Counts failed liveness checks in a row: a service that fails {@code limit} of them is hung and gets killed. */
public final class Liveness {
    private final int limit;
    private int failures;

    public Liveness(int limit) {
        this.limit = limit;
    }

    /** Records one check; true when the process is to be killed. */
    public boolean record(boolean passed) {
        failures = passed ? 0 : failures + 1;
        return failures >= limit;
    }

    public int failures() {
        return failures;
    }

    public int limit() {
        return limit;
    }
}
