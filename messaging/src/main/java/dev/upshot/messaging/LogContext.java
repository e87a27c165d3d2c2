package dev.upshot.messaging;

import dev.upshot.contracts.Envelope;
import org.jboss.logging.MDC;

/**
 * Names the asset and the event a unit of work is about in the log MDC, so every line it logs carries them (the
 * trace id is put there by OpenTelemetry when tracing is on). On a Vert.x duplicated context, as each Kafka message
 * and HTTP request has, the MDC belongs to that context: concurrent messages do not see each other's ids.
 */
public final class LogContext {
    public static final String ASSET_ID = "assetId";
    public static final String EVENT_ID = "eventId";

    private LogContext() {
    }

    /** The event being handled, and its asset. */
    public static void about(Envelope envelope) {
        MDC.put(ASSET_ID, envelope.assetId());
        MDC.put(EVENT_ID, envelope.eventId().toString());
    }

    /** The asset a request works on (an upload, once its id is chosen). */
    public static void aboutAsset(String assetId) {
        MDC.put(ASSET_ID, assetId);
    }
}
