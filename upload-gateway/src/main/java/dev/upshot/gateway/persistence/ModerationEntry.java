package dev.upshot.gateway.persistence;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One kind of an asset's moderation chain, as Cloudinary shows it in {@code moderation[]}.
 *
 * @param response  what the provider answered; null until decided
 * @param updatedAt when the status last changed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModerationEntry(String kind, ModerationStatus status, ObjectNode response,
                              @JsonProperty("updated_at") Instant updatedAt) {

    public ModerationEntry with(ModerationStatus newStatus, ObjectNode newResponse, Instant at) {
        return new ModerationEntry(kind, newStatus, newResponse, at);
    }

    /** The chain as a JSON list in a text column (see {@link JsonColumns} for why not a JSON type). */
    @Converter
    public static class Column implements AttributeConverter<List<ModerationEntry>, String> {
        @Override
        public String convertToDatabaseColumn(List<ModerationEntry> value) {
            try {
                return value == null || value.isEmpty() ? null : EventCodec.mapper().writeValueAsString(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<ModerationEntry> convertToEntityAttribute(String json) {
            try {
                return json == null ? new ArrayList<>()
                        : EventCodec.mapper().readValue(json, new TypeReference<ArrayList<ModerationEntry>>() { });
            } catch (IOException e) {
                throw new IllegalStateException("corrupt moderation column", e);
            }
        }
    }
}
