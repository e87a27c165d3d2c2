package dev.upshot.local;

import java.time.Duration;

/** The runner's progress lines: a part's name in a 20-column field, then what happened to it. */
public final class Console {
    private Console() {
    }

    /** {@code   NAME ...} without a line end: the outcome follows on the same line. */
    public static void begin(String name, String text) {
        System.out.printf("  %-20s %s", name, text);
        System.out.flush();
    }

    public static void line(String name, String text) {
        System.out.printf("  %-20s %s%n", name, text);
    }

    public static void more(String text) {
        System.out.print(text);
        System.out.flush();
    }

    /** Whole seconds, rounded. */
    public static long seconds(Duration d) {
        return (d.toMillis() + 500) / 1000;
    }

    public static long secondsSince(long startNanos) {
        return seconds(Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
