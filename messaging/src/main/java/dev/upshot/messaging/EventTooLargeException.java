package dev.upshot.messaging;

/**
 * An event whose encoding exceeds {@code messaging.outbox.max-event-bytes}. It is refused where it is written, so a
 * row the broker would reject never reaches the outbox; the caller turns it into a clear error (413 at the gateway).
 */
public class EventTooLargeException extends RuntimeException {
    private final int bytes;
    private final int limit;

    public EventTooLargeException(String eventType, int bytes, int limit) {
        super(eventType + " event of " + bytes + " bytes exceeds the event budget of " + limit + " bytes");
        this.bytes = bytes;
        this.limit = limit;
    }

    public int bytes() {
        return bytes;
    }

    public int limit() {
        return limit;
    }
}
