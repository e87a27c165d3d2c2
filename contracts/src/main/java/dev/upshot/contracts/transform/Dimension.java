package dev.upshot.contracts.transform;

/**
 * A width or height: pixels, or a fraction of the input's size when written with a decimal point ({@code w_0.5}).
 */
public record Dimension(double value, boolean relative) {

    /** This dimension in pixels for an input side of {@code side} pixels; at least 1. */
    public int pixels(int side) {
        return Math.max(1, relative ? (int) Math.round(side * value) : (int) value);
    }
}
