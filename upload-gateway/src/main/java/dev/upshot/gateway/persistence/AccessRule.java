package dev.upshot.gateway.persistence;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.upshot.contracts.EventCodec;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of an asset's {@code access_control}, as Cloudinary echoes it: {@code anonymous} (public between
 * {@code start} and {@code end}, either open-ended when absent) or {@code token} (only with a signed URL).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessRule(@JsonProperty("access_type") String accessType, Instant start, Instant end) {
    public static final String ANONYMOUS = "anonymous";
    public static final String TOKEN = "token";

    /** Whether this rule lets anyone see the asset at that instant. */
    public boolean allowsAnonymousAt(Instant now) {
        return accessType.equals(ANONYMOUS) && (start == null || !now.isBefore(start))
                && (end == null || now.isBefore(end));
    }

    /** Without rules an asset is public; with rules, only while one of them lets anyone see it. */
    public static boolean publicAt(List<AccessRule> rules, Instant now) {
        return rules.isEmpty() || rules.stream().anyMatch(rule -> rule.allowsAnonymousAt(now));
    }

    /** The rules as a JSON list in a text column, null when none (see {@link JsonColumns} for why not a JSON type). */
    @Converter
    public static class Column implements AttributeConverter<List<AccessRule>, String> {
        @Override
        public String convertToDatabaseColumn(List<AccessRule> value) {
            try {
                return value == null || value.isEmpty() ? null : EventCodec.mapper().writeValueAsString(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<AccessRule> convertToEntityAttribute(String json) {
            try {
                return json == null ? new ArrayList<>()
                        : EventCodec.mapper().readValue(json, new TypeReference<ArrayList<AccessRule>>() { });
            } catch (IOException e) {
                throw new IllegalStateException("corrupt access_control column", e);
            }
        }
    }
}
