package dev.upshot.dispatcher.service;

/** An Admin API request that cannot be served; rendered as Cloudinary's {@code {"error":{"message":…}}}. */
public class AdminException extends RuntimeException {
    private final int status;

    public AdminException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
