package dev.upshot.messaging;

/**
 * A dependency (object store, provider, database) cannot serve now; waiting may cure it. Clients throw it where the
 * low-level failure alone would not say so, e.g. an object store answering 503.
 */
public class DependencyUnavailableException extends RuntimeException {
    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
