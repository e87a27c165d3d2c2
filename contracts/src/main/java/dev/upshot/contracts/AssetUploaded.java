package dev.upshot.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An upload was accepted: the original is in object storage and the asset row exists.
 *
 * @param publicId     the asset's public id (with folder)
 * @param resourceType image, video or raw
 * @param deliveryType Cloudinary's "type", e.g. upload
 * @param format       file extension as detected, may be empty for raw files
 * @param bytes        size of the original
 * @param width        pixels, 0 when not an image
 * @param height       pixels, 0 when not an image
 * @param bucket       object storage bucket of the original
 * @param objectKey    object key of the original
 * @param contentType  detected media type
 * @param requested    the post-upload work the upload asked for
 */
public record AssetUploaded(String publicId, String resourceType, String deliveryType, String format, long bytes,
                            int width, int height, String bucket, String objectKey, String contentType,
                            RequestedWork requested) implements Event {

    /**
     * The asset and the work asked of it from either message of {@code asset.uploaded} and the work topics: an
     * upload, or {@link WorkRequested} on an asset already stored.
     */
    public static AssetUploaded of(Envelope envelope) {
        return WorkRequested.class.getSimpleName().equals(envelope.type())
                ? EventCodec.payload(envelope, WorkRequested.class).asset()
                : EventCodec.payload(envelope, AssetUploaded.class);
    }

    /**
     * The work topics of the workers that have something to do for this asset, the one place that decides which
     * workers an upload wakes: the gateway writes the message to each of them beside {@code asset.uploaded}.
     */
    public List<String> workTopics() {
        List<String> topics = new ArrayList<>(4);
        if (!requested.analyses().isEmpty()) {
            topics.add(Topics.ANALYSIS_REQUESTED);
        }
        if (requested.moderation().stream().anyMatch(kind -> !kind.equals(RequestedWork.MANUAL))) {
            topics.add(Topics.MODERATION_REQUESTED);
        }
        if (!requested.eager().isEmpty()) {
            topics.add(Topics.DERIVATION_REQUESTED);
        }
        // audio uploads are resource type video, as in Cloudinary
        if (resourceType.equals("video") && !requested.transcription().isEmpty()) {
            topics.add(Topics.TRANSCRIPTION_REQUESTED);
        }
        return topics;
    }

    /** Whether the worker reading {@code workTopic} has something to do for this asset (see {@link #workTopics()}). */
    public boolean wakes(String workTopic) {
        return workTopics().contains(workTopic);
    }

    /**
     * Work requested by upload parameters; workers act only on what is here.
     *
     * @param moderation ordered moderation chain (e.g. {@code ["duplicate:0.9", "manual"]})
     * @param analyses   requested analyses by upload parameter name (quality_analysis, colors, phash, …) and value;
     *                   booleans only when set, always as {@code true}
     * @param onSuccess  the on_success script, or null
     * @param async      whether the upload answered {@code pending} at once
     * @param eager      derived versions to produce, canonical transformation texts
     *                   ({@code c_fill,h_100,w_100/webp}; see {@code transform.Transformation})
     * @param eagerAsync whether the upload answered without waiting for them
     * @param transcription speech-to-text asked of a video or audio file, by upload parameter: {@code raw_convert}
     *                   ({@code google_speech} with optional {@code :srt}, {@code :vtt}) and {@code auto_transcription}
     *                   ({@code true} or its JSON options); empty when none
     */
    public record RequestedWork(List<String> moderation, Map<String, String> analyses, String onSuccess,
                                boolean async, List<String> eager, boolean eagerAsync,
                                Map<String, String> transcription) {
        /** The moderation kind a person decides in the gateway's queue; every other kind is automated. */
        public static final String MANUAL = "manual";

        public RequestedWork {
            moderation = moderation == null ? List.of() : List.copyOf(moderation);
            analyses = analyses == null ? Map.of() : Map.copyOf(analyses);
            eager = eager == null ? List.of() : List.copyOf(eager);
            transcription = transcription == null ? Map.of() : Map.copyOf(transcription);
        }

        /** Work without transcription. */
        public RequestedWork(List<String> moderation, Map<String, String> analyses, String onSuccess, boolean async,
                             List<String> eager, boolean eagerAsync) {
            this(moderation, analyses, onSuccess, async, eager, eagerAsync, Map.of());
        }

        /** Work without eager derivatives. */
        public RequestedWork(List<String> moderation, Map<String, String> analyses, String onSuccess, boolean async) {
            this(moderation, analyses, onSuccess, async, List.of(), false);
        }

        public static RequestedWork none() {
            return new RequestedWork(List.of(), Map.of(), null, false);
        }
    }
}
