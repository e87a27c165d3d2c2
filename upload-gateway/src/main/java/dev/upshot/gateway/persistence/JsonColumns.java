package dev.upshot.gateway.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** Rectangles as {@code [x, y, width, height]}; an empty list is stored as null. */
    @Converter
    public static class Rectangles implements AttributeConverter<List<List<Integer>>, String> {
        @Override
        public String convertToDatabaseColumn(List<List<Integer>> value) {
            return value == null || value.isEmpty() ? null : write(value);
        }

        @Override
        public List<List<Integer>> convertToEntityAttribute(String json) {
            return json == null ? List.of() : read(json, new TypeReference<List<List<Integer>>>() { });
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

    @Converter
    public static class AwaitedWorkList implements AttributeConverter<List<AwaitedWork>, String> {
        @Override
        public String convertToDatabaseColumn(List<AwaitedWork> value) {
            return write(value == null ? List.of() : value);
        }

        @Override
        public List<AwaitedWork> convertToEntityAttribute(String json) {
            return json == null ? new ArrayList<>() : read(json, new TypeReference<ArrayList<AwaitedWork>>() { });
        }
    }

    /**
     * The notice as a JSON object of strings, the shape the column has always had; none is {@code {}} or null.
     * Migration V10_3 gave the older rows without {@code type} their type and URL.
     */
    @Converter
    public static class PendingNotice implements AttributeConverter<Notice, String> {
        @Override
        public String convertToDatabaseColumn(Notice notice) {
            if (notice == null) {
                return null;
            }
            Map<String, String> map = new LinkedHashMap<>();
            map.put("base", notice.base().toString());
            map.put("request_id", notice.requestId());
            if (notice.batchId() != null) {
                map.put("batch_id", notice.batchId());
            }
            map.put("overwritten", Boolean.toString(notice.overwritten()));
            map.put("type", notice.type().wire());
            notice.url().ifPresent(u -> map.put("notification_url", u));
            map.put("info_of", String.join(",", notice.infoOf()));
            return write(map);
        }

        @Override
        public Notice convertToEntityAttribute(String json) {
            Map<String, String> map = json == null ? Map.of()
                    : read(json, new TypeReference<LinkedHashMap<String, String>>() { });
            if (map.isEmpty()) {
                return null;
            }
            String infoOf = map.getOrDefault("info_of", "");
            return new Notice(URI.create(map.get("base")), map.get("request_id"), map.get("batch_id"),
                    Boolean.parseBoolean(map.get("overwritten")),
                    WireNames.parse(Notice.Type.class, map.get("type")).orElseThrow(() -> new IllegalStateException(
                            "corrupt pending_notification column: type " + map.get("type"))),
                    Optional.ofNullable(map.get("notification_url")),
                    infoOf.isEmpty() ? List.of() : List.of(infoOf.split(",")));
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
