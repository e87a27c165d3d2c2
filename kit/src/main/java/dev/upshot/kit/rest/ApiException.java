package dev.upshot.kit.rest;

/** A request that cannot be served; {@link ErrorResponses} renders it as Cloudinary's error with the status. */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
