package dev.upshot.gateway.service;

import dev.upshot.gateway.config.LimitsConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * Applies {@link LimitsConfig}: the form as a whole before anything else is done with it, then every parameter of
 * an upload or a preset. Each refusal names the parameter, the size found and the limit with its key.
 */
@ApplicationScoped
public class InputLimits {
    private final LimitsConfig limits;

    public InputLimits(LimitsConfig limits) {
        this.limits = limits;
    }

    /**
     * @param fieldCount every text value and file part received (a repeated name counts each time)
     * @throws ApiException 400 for too many fields, 413 for a form or data URI over its size
     */
    public void checkForm(int fieldCount, Map<String, String> fields) {
        if (fieldCount > limits.maxFields()) {
            throw ApiException.badRequest("Too many form fields: " + fieldCount + "; the limit is "
                    + limits.maxFields() + " (upshot.limits.max-fields)");
        }
        long size = 0;
        for (var field : fields.entrySet()) {
            String value = field.getValue();
            if (field.getKey().equals("file") && value.startsWith("data:")) {
                if (value.length() > limits.dataUriSize()) {
                    throw tooLarge("file (data URI)", value.length(), limits.dataUriSize(), "data-uri-size");
                }
            } else {
                size += utf8Length(field.getKey()) + utf8Length(value);
            }
        }
        if (size > limits.formSize()) {
            throw tooLarge("the form's text fields", size, limits.formSize(), "form-size");
        }
    }

    /** Every parameter of an upload (its preset applied) or of a preset. */
    public void checkParameters(Map<String, String> params) {
        params.forEach((name, value) -> {
            switch (name) {
                case "file" -> {
                    if (!value.startsWith("data:")) {
                        length(name, value, limits.urlLength(), "url-length");
                    }
                }
                case "public_id" -> length(name, value, limits.publicIdLength(), "public-id-length");
                case "folder", "asset_folder" -> length(name, value, limits.folderLength(), "folder-length");
                case "display_name", "filename_override" -> length(name, value, limits.nameLength(), "name-length");
                case "notification_url", "eager_notification_url", "callback" ->
                        length(name, value, limits.urlLength(), "url-length");
                case "on_success" -> {
                    long size = utf8Length(value);
                    if (size > limits.onSuccessSize()) {
                        throw tooLarge(name, size, limits.onSuccessSize(), "on-success-size");
                    }
                }
                case "tags" -> tags(value);
                case "context" -> pairs(name, value, limits.contextValueLength(), limits.contextSize(), "context");
                case "metadata" -> pairs(name, value, limits.metadataValueLength(), limits.metadataSize(), "metadata");
                case "eager" -> eager(value);
                default -> length(name, value, limits.valueLength(), "value-length");
            }
        });
    }

    /** A notification URL outside the upload parameters (triggers, moderation decisions). */
    public void checkUrl(String name, String value) {
        if (value != null) {
            length(name, value, limits.urlLength(), "url-length");
        }
    }

    private void tags(String value) {
        var tags = UploadParameters.tags(value);
        if (tags.size() > limits.maxTags()) {
            throw ApiException.badRequest("Too many tags: " + tags.size() + "; the limit is " + limits.maxTags()
                    + " (upshot.limits.max-tags)");
        }
        tags.forEach(tag -> length("tag '" + abbreviated(tag) + "'", tag, limits.tagLength(), "tag-length"));
    }

    private void pairs(String name, String value, int valueLength, int total, String key) {
        long size = utf8Length(value);
        if (size > total) {
            throw tooLarge(name, size, total, key + "-size");
        }
        UploadParameters.context(value).forEach((k, v) -> {
            length(name + " key '" + abbreviated(k) + "'", k, limits.keyLength(), "key-length");
            length(name + " value of '" + abbreviated(k) + "'", v, valueLength, key + "-value-length");
        });
    }

    private void eager(String value) {
        String[] transformations = value.split("\\|");
        if (transformations.length > limits.maxEager()) {
            throw ApiException.badRequest("Too many eager transformations: " + transformations.length
                    + "; the limit is " + limits.maxEager() + " (upshot.limits.max-eager)");
        }
        for (String transformation : transformations) {
            length("eager transformation", transformation, limits.eagerLength(), "eager-length");
        }
    }

    private static void length(String name, String value, int limit, String key) {
        if (value.length() > limit) {
            throw ApiException.badRequest("Parameter " + name + " is too long: " + value.length()
                    + " characters; the limit is " + limit + " (upshot.limits." + key + ")");
        }
    }

    private static ApiException tooLarge(String name, long size, long limit, String key) {
        return new ApiException(413, "Parameter " + name + " is too large: " + size + " bytes; the limit is " + limit
                + " (upshot.limits." + key + ")");
    }

    /** Names inside messages stay short: the message must not echo an attack back at full size. */
    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    /** UTF-8 size without encoding a copy of the text. */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
