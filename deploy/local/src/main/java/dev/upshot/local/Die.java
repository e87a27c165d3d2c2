package dev.upshot.local;

/** A failure the user can act on: printed as {@code upshot: MESSAGE}, exit status 1 (2 for a usage error). */
public final class Die extends RuntimeException {
    private final int status;

    public Die(String message) {
        this(message, 1);
    }

    public Die(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
