package dev.upshot.contracts.transform;

/**
 * Where a crop keeps the image ({@code g_}): a compass anchor, or the detected face(s).
 *
 * @param x 0 = left edge, 0.5 = centre, 1 = right edge of the excess to cut
 * @param y likewise from the top
 */
public enum Gravity {
    CENTER(0.5, 0.5), NORTH(0.5, 0), NORTH_EAST(1, 0), EAST(1, 0.5), SOUTH_EAST(1, 1), SOUTH(0.5, 1),
    SOUTH_WEST(0, 1), WEST(0, 0.5), NORTH_WEST(0, 0), FACE(0.5, 0.5), FACES(0.5, 0.5);

    private final double x;
    private final double y;

    Gravity(double x, double y) {
        this.x = x;
        this.y = y;
    }

    public double x() {
        return x;
    }

    public double y() {
        return y;
    }

    /** Whether the anchor comes from the image's content (a face detector) rather than a compass point. */
    public boolean detected() {
        return this == FACE || this == FACES;
    }
}
