package dev.upshot.gateway.service;

import dev.upshot.gateway.persistence.AccessRule;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An upload's parameters after parsing and validation (preset already applied).
 *
 * @param accessControl the {@code access_control} rules; empty when none were given
 * @param storedFormat  {@code format} and {@code allowed_formats}: what the stored original may be, or becomes
 * @param transcription {@code raw_convert} and {@code auto_transcription} as the transcription worker reads them
 */
public record UploadRequest(Optional<String> publicId, String folder, Optional<String> assetFolder,
                            Optional<String> displayName, boolean useFilename, boolean uniqueFilename,
                            Optional<String> filenameOverride, boolean overwrite, String type,
                            List<AccessRule> accessControl, List<String> tags,
                            Map<String, String> context, Map<String, Object> metadata, boolean async,
                            Optional<String> notificationUrl, List<String> moderation, Map<String, String> analyses,
                            Optional<String> onSuccess, EagerRequest eager, StoredFormat storedFormat,
                            Map<String, String> transcription) {
}
