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
 * @param customCoordinates {@code custom_coordinates}, each {@code [x, y, width, height]}; empty when none
 * @param faceCoordinates   {@code face_coordinates}, shown instead of the detected faces; empty when none
 * @param discardOriginalFilename the asset keeps no {@code original_filename}
 * @param returnDeleteToken the answer carries a {@code delete_token} (see {@link DeleteTokens})
 */
public record UploadRequest(Optional<String> publicId, String folder, Optional<String> assetFolder,
                            Optional<String> displayName, boolean useFilename, boolean uniqueFilename,
                            Optional<String> filenameOverride, boolean overwrite, String type,
                            List<AccessRule> accessControl, List<String> tags,
                            Map<String, String> context, Map<String, Object> metadata, boolean async,
                            Optional<String> notificationUrl, List<String> moderation, Map<String, String> analyses,
                            Optional<String> onSuccess, EagerRequest eager, StoredFormat storedFormat,
                            Map<String, String> transcription, List<List<Integer>> customCoordinates,
                            List<List<Integer>> faceCoordinates, boolean discardOriginalFilename,
                            boolean returnDeleteToken) {
}
