package dev.upshot.contracts;

/** Kafka topic names. Every topic is keyed by asset id so one asset's events stay ordered on one partition. */
public final class Topics {
    /** Every upload and every {@link WorkRequested}: the public event; no Upshot service reads it. */
    public static final String ASSET_UPLOADED = "upshot.asset.uploaded";
    /**
     * Uploads asking for analyses. Each work topic ({@code *.requested}) carries a copy of the asset.uploaded
     * message, same event id, for the one worker that has work in it ({@link AssetUploaded#workTopics()} decides), so
     * a worker with nothing to do for an upload is never woken.
     */
    public static final String ANALYSIS_REQUESTED = "upshot.analysis.requested";
    /** Uploads whose moderation chain has an automated kind (not {@code manual} alone). */
    public static final String MODERATION_REQUESTED = "upshot.moderation.requested";
    /** Uploads with eager derivatives. */
    public static final String DERIVATION_REQUESTED = "upshot.derivation.requested";
    /** Video and audio uploads asking for a transcription. */
    public static final String TRANSCRIPTION_REQUESTED = "upshot.transcription.requested";
    /** What happens to an asset after its upload: deleted, renamed, tags, context or metadata changed. */
    public static final String ASSET_CHANGED = "upshot.asset.changed";
    public static final String ASSET_PROCESSED = "upshot.asset.processed";
    public static final String MODERATION_COMPLETED = "upshot.moderation.completed";
    public static final String ANALYSIS_COMPLETED = "upshot.analysis.completed";
    public static final String DERIVATIVES_CREATED = "upshot.derivatives.created";
    public static final String TRANSCRIPTION_COMPLETED = "upshot.transcription.completed";
    public static final String ONSUCCESS_COMPLETED = "upshot.onsuccess.completed";
    public static final String NOTIFICATION_REQUESTED = "upshot.notification.requested";
    public static final String NOTIFICATION_OUTCOME = "upshot.notification.outcome";

    /** Kafka header carrying {@link Envelope#eventId()}, so consumers can deduplicate without parsing. */
    public static final String EVENT_ID_HEADER = "upshot-event-id";
    /** Kafka header carrying {@link Envelope#type()}. */
    public static final String EVENT_TYPE_HEADER = "upshot-event-type";

    private Topics() {
    }

    /** The dead-letter topic of a consumer group reading {@code topic}. */
    public static String deadLetter(String topic, String group) {
        return topic + ".dlq." + group;
    }
}
