package dev.upshot.transcription.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.contracts.EventCodec;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an upload asked of the transcription, from its parameters (already checked by the gateway):
 * {@code raw_convert=google_speech[:srt][:vtt][:<language>]} and {@code auto_transcription=true} or
 * {@code {"language": "<language>"}}. Both ask for the same {@code .transcript}; only raw_convert adds captions.
 *
 * @param language the spoken language asked for, if any (BCP 47, e.g. {@code en-US})
 */
public record TranscriptionRequest(boolean srt, boolean vtt, Optional<String> language) {
    public static final String RAW_CONVERT = "raw_convert";
    public static final String AUTO_TRANSCRIPTION = "auto_transcription";

    public static TranscriptionRequest of(Map<String, String> requested) {
        boolean srt = false;
        boolean vtt = false;
        Optional<String> language = Optional.empty();
        String rawConvert = requested.get(RAW_CONVERT);
        if (rawConvert != null) {
            String[] parts = rawConvert.split(":");
            for (int i = 1; i < parts.length; i++) {
                switch (parts[i].toLowerCase(Locale.ROOT)) {
                    case "srt" -> srt = true;
                    case "vtt" -> vtt = true;
                    default -> language = Optional.of(parts[i]);
                }
            }
        }
        String auto = requested.get(AUTO_TRANSCRIPTION);
        if (language.isEmpty() && auto != null && auto.strip().startsWith("{")) {
            JsonNode options;
            try {
                options = EventCodec.mapper().readTree(auto);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("auto_transcription options are not JSON: "
                        + e.getOriginalMessage());
            }
            language = Optional.ofNullable(options.get("language")).map(JsonNode::asText).filter(l -> !l.isBlank());
        }
        return new TranscriptionRequest(srt, vtt, language);
    }

    /** The language part of a BCP 47 tag, lower case ({@code en} of {@code en-US}). */
    static String primary(String tag) {
        return tag.split("[-_]")[0].toLowerCase(Locale.ROOT);
    }
}
