package dev.upshot.gateway.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON documents in text columns. Hibernate Reactive's own JSON mapping goes through Vert.x JSON objects and
 * cannot hold top-level arrays, so the conversion is done here, with the same mapper as the events.
 */
public final class JsonColumns {
    private JsonColumns() {
    }

    private static String write(Object value) {
        try {
            return EventCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable to JSON", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return EventCodec.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column: " + e.getOriginalMessage(), e);
        }
    }

    @Converter
    public static class StringList implements AttributeConverter<List<String>, String> {
        @Override
        public String convertToDatabaseColumn(List<String> value) {
            return write(value == null ? List.of() : value);
        }

        @Override
        public List<String> convertToEntityAttribute(String json) {
            return json == null ? new ArrayList<>() : read(json, new TypeReference<ArrayList<String>>() { });
        }
    }

    @Converter
    public static class StringMap implements AttributeConverter<Map<String, String>, String> {
        @Override
        public String convertToDatabaseColumn(Map<String, String> value) {
            return write(value == null ? Map.of() : value);
        }

        @Override
        public Map<String, String> convertToEntityAttribute(String json) {
            return json == null ? new LinkedHashMap<>() : read(json, new TypeReference<LinkedHashMap<String, String>>() { });
        }
    }

    /** Values are strings or lists of strings (structured metadata). */
    @Converter
    public static class ObjectMap implements AttributeConverter<Map<String, Object>, String> {
        @Override
        public String convertToDatabaseColumn(Map<String, Object> value) {
            return write(value == null ? Map.of() : value);
        }

        @Override
        public Map<String, Object> convertToEntityAttribute(String json) {
            return json == null ? new LinkedHashMap<>() : read(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        }
    }

    /** A JSON object kept as it is (metadata field definitions). */
    @Converter
    public static class Document implements AttributeConverter<ObjectNode, String> {
        @Override
        public String convertToDatabaseColumn(ObjectNode value) {
            return write(value == null ? EventCodec.mapper().createObjectNode() : value);
        }

        @Override
        public ObjectNode convertToEntityAttribute(String json) {
            return json == null ? EventCodec.mapper().createObjectNode() : read(json, new TypeReference<ObjectNode>() { });
        }
    }
}
