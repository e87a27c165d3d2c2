package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What the Upload API's calls answer: the asset ({@link AssetView}), the {@code async=true} acknowledgement
 * ({@link AssetView.Pending}) or, until a chunked upload's last chunk, its progress ({@link ChunkProgress}).
 */
public sealed interface UploadAnswer permits AssetView, AssetView.Pending, UploadAnswer.ChunkProgress {

    /** {@code {"done": false, "upload_id": …, "bytes": …}}: the chunks received so far. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ChunkProgress(boolean done, String uploadId, long bytes) implements UploadAnswer {
    }
}
