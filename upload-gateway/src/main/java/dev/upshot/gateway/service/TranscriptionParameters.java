package dev.upshot.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.contracts.EventCodec;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The transcription parameters, checked here so the worker only sees what it can do: {@code raw_convert} is
 * {@code google_speech} with optional {@code :srt}, {@code :vtt} and {@code :<language>}; {@code auto_transcription}
 * is a boolean or a JSON object whose only option is {@code language}. Whether the model has the language is the
 * worker's answer (a failed status), since the gateway does not know the model.
 */
public final class TranscriptionParameters {
    public static final String RAW_CONVERT = "raw_convert";
    public static final String AUTO_TRANSCRIPTION = "auto_transcription";
    static final Set<String> NAMES = Set.of(RAW_CONVERT, AUTO_TRANSCRIPTION);
    private static final String ENGINE = "google_speech";
    private static final Pattern LANGUAGE = Pattern.compile("[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*");

    private TranscriptionParameters() {
    }

    /** @throws ApiException 400 on a value the worker would not understand */
    static Map<String, String> parse(Map<String, String> raw) {
        Map<String, String> transcription = new LinkedHashMap<>();
        String rawConvert = raw.getOrDefault(RAW_CONVERT, "");
        if (!rawConvert.isEmpty()) {
            String[] parts = rawConvert.split(":");
            if (!parts[0].equals(ENGINE)) {
                // "Raw convert is invalid": the wording the SDKs' tests check
                throw ApiException.badRequest("Raw convert is invalid: '" + rawConvert
                        + "' (supported: google_speech with optional :srt, :vtt and :<language>)");
            }
            for (int i = 1; i < parts.length; i++) {
                String option = parts[i].toLowerCase(Locale.ROOT);
                if (!option.equals("srt") && !option.equals("vtt") && !LANGUAGE.matcher(parts[i]).matches()) {
                    throw ApiException.badRequest("Invalid raw_convert option '" + parts[i]
                            + "': srt, vtt or a language code such as en-US");
                }
            }
            transcription.put(RAW_CONVERT, rawConvert);
        }
        String auto = raw.getOrDefault(AUTO_TRANSCRIPTION, "").strip();
        if (auto.startsWith("{")) {
            transcription.put(AUTO_TRANSCRIPTION, options(auto));
        } else if (!auto.isEmpty()) {
            switch (auto.toLowerCase(Locale.ROOT)) {
                case "true", "1" -> transcription.put(AUTO_TRANSCRIPTION, "true");
                case "false", "0" -> {
                }
                default -> throw ApiException.badRequest("Invalid auto_transcription value '" + auto
                        + "': true, false or a JSON object such as {\"language\":\"en-US\"}");
            }
        }
        return transcription;
    }

    private static String options(String json) {
        JsonNode options;
        try {
            options = EventCodec.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Invalid auto_transcription JSON: " + e.getOriginalMessage());
        }
        options.fieldNames().forEachRemaining(name -> {
            if (!name.equals("language")) {
                throw ApiException.badRequest("Unsupported auto_transcription option '" + name
                        + "': the only option is language (no translation)");
            }
        });
        JsonNode language = options.path("language");
        if (!language.isMissingNode() && !(language.isTextual() && LANGUAGE.matcher(language.asText()).matches())) {
            throw ApiException.badRequest("Invalid auto_transcription language: " + language);
        }
        return options.toString();
    }
}
