package dev.upshot.contracts;

import java.util.List;
import java.util.Map;

/**
 * The speech of a video or audio asset has been transcribed, or could not be (one event per asset version).
 *
 * @param requested the upload's transcription parameters, as in {@link AssetUploaded.RequestedWork#transcription()}
 * @param error     why there is no transcript (an unsupported language, an unreadable file), or null on success
 * @param files     the files written beside the original, {@code transcript} first, then {@code srt} and
 *                  {@code vtt} when asked; empty on failure
 */
public record TranscriptionCompleted(Map<String, String> requested, String error, List<TranscriptFile> files)
        implements Event {
    public TranscriptionCompleted {
        requested = requested == null ? Map.of() : Map.copyOf(requested);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /**
     * One file in object storage, to become the raw asset {@code <public_id>.<extension>}.
     *
     * @param extension   {@code transcript}, {@code srt} or {@code vtt}
     * @param bucket      its bucket (the original's)
     * @param objectKey   its key
     * @param bytes       its size
     * @param etag        MD5 of its bytes, hex
     * @param contentType its media type
     */
    public record TranscriptFile(String extension, String bucket, String objectKey, long bytes, String etag,
                       String contentType) {
    }
}
