package dev.upshot.gateway.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An upload's parameters after parsing and validation (preset already applied).
 *
 * @param transcription {@code raw_convert} and {@code auto_transcription} as the transcription worker reads them
 */
public record UploadRequest(Optional<String> publicId, String folder, Optional<String> assetFolder,
                            Optional<String> displayName, boolean useFilename, boolean uniqueFilename,
                            Optional<String> filenameOverride, boolean overwrite, String type, List<String> tags,
                            Map<String, String> context, Map<String, Object> metadata, boolean async,
                            Optional<String> notificationUrl, List<String> moderation, Map<String, String> analyses,
                            Optional<String> onSuccess, EagerRequest eager, Map<String, String> transcription) {
}
