package dev.upshot.contracts.transform;

/** A transformation that cannot be parsed or is not supported; the message names the offending component. */
public final class InvalidTransformationException extends IllegalArgumentException {
    public InvalidTransformationException(String message) {
        super(message);
    }
}
