package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structured metadata checked against the account's field definitions, the same way for upload parameters and
 * for on_success updates. Values arrive as strings, numbers or lists; they come out as stored: strings (integers
 * as their digits, dates as {@code YYYY-MM-DD}) and lists of strings for {@code set} fields.
 */
public final class MetadataRules {
    public static final Set<String> TYPES = Set.of("string", "integer", "date", "enum", "set");

    private MetadataRules() {
    }

    /** @throws ApiException 400 when a definition is malformed */
    public static void checkDefinition(ObjectNode field) {
        String id = field.path("external_id").asText("");
        if (!id.matches("[A-Za-z0-9_\\-]{1,255}")) {
            throw ApiException.badRequest("Invalid external_id: letters, digits, '_' and '-' only");
        }
        String type = field.path("type").asText("");
        if (!TYPES.contains(type)) {
            throw ApiException.badRequest("Invalid metadata field type " + type + " (one of " + TYPES + ")");
        }
        if (field.path("label").asText("").isBlank()) {
            throw ApiException.badRequest("Missing required parameter - label");
        }
        if ((type.equals("enum") || type.equals("set")) && !field.path("datasource").path("values").isArray()) {
            throw ApiException.badRequest("Field " + id + " of type " + type + " needs datasource values");
        }
        if (field.path("mandatory").asBoolean(false) && !field.hasNonNull("default_value")) {
            throw ApiException.badRequest("Mandatory field " + id + " needs a default_value");
        }
        if (field.hasNonNull("default_value")) {
            try {
                value(field, field.get("default_value"));
            } catch (ApiException e) {
                // the exact wording the SDKs' tests check (the Java SDK's test compares the whole message)
                throw ApiException.badRequest("default_value is invalid");
            }
        }
    }

    /**
     * @param fields the account's definitions by external id
     * @param values the requested values by external id
     * @return the values to store, with the defaults of mandatory fields that were not given
     * @throws ApiException 400 naming the first field whose value is refused
     */
    public static Map<String, Object> validate(Map<String, ObjectNode> fields, Map<String, JsonNode> values) {
        Map<String, Object> stored = new LinkedHashMap<>();
        values.forEach((id, value) -> {
            ObjectNode field = fields.get(id);
            if (field == null) {
                throw ApiException.badRequest("Metadata field " + id + " does not exist");
            }
            stored.put(id, value(field, value));
        });
        fields.forEach((id, field) -> {
            if (!stored.containsKey(id) && field.path("mandatory").asBoolean(false)) {
                stored.put(id, value(field, field.get("default_value")));
            }
        });
        return stored;
    }

    private static Object value(ObjectNode field, JsonNode value) {
        String id = field.path("external_id").asText();
        String type = field.path("type").asText();
        if (type.equals("set")) {
            List<String> chosen = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(v -> chosen.add(scalar(id, v)));
            } else {
                chosen.add(scalar(id, value));
            }
            chosen.forEach(v -> inDatasource(field, id, v));
            return List.copyOf(chosen);
        }
        String text = scalar(id, value);
        switch (type) {
            case "integer" -> {
                try {
                    Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw ApiException.badRequest("Metadata field " + id + " expects an integer, got '" + text + "'");
                }
            }
            case "date" -> {
                try {
                    LocalDate.parse(text);
                } catch (DateTimeParseException e) {
                    throw ApiException.badRequest("Metadata field " + id + " expects a date YYYY-MM-DD, got '"
                            + text + "'");
                }
            }
            case "enum" -> inDatasource(field, id, text);
            default -> {
            }
        }
        JsonNode validation = field.get("validation");
        if (validation != null && !validation.isNull() && !passes(validation, type, text)) {
            throw ApiException.badRequest("Metadata field " + id + " value '" + text + "' fails its validation "
                    + validation);
        }
        return text;
    }

    private static String scalar(String id, JsonNode value) {
        if (value == null || !value.isValueNode() || value.isNull()) {
            throw ApiException.badRequest("Metadata field " + id + " expects a single value");
        }
        return value.asText();
    }

    private static void inDatasource(ObjectNode field, String id, String value) {
        for (JsonNode entry : field.path("datasource").path("values")) {
            if (entry.path("external_id").asText().equals(value)
                    && !entry.path("state").asText("active").equals("inactive")) {
                return;
            }
        }
        throw ApiException.badRequest("Metadata field " + id + " has no value '" + value + "' in its datasource");
    }

    /** Cloudinary's rules: strlen {min, max}, greater_than / less_than {value, equals}, and {rules}. */
    static boolean passes(JsonNode rule, String type, String value) {
        return switch (rule.path("type").asText()) {
            case "and" -> {
                for (JsonNode r : rule.path("rules")) {
                    if (!passes(r, type, value)) {
                        yield false;
                    }
                }
                yield true;
            }
            case "strlen" -> value.length() >= rule.path("min").asInt(0)
                    && (!rule.has("max") || value.length() <= rule.path("max").asInt());
            case "greater_than" -> compare(type, value, rule.path("value").asText()) > 0
                    || rule.path("equals").asBoolean(false) && compare(type, value, rule.path("value").asText()) == 0;
            case "less_than" -> compare(type, value, rule.path("value").asText()) < 0
                    || rule.path("equals").asBoolean(false) && compare(type, value, rule.path("value").asText()) == 0;
            default -> throw ApiException.badRequest("Unknown validation type " + rule.path("type").asText());
        };
    }

    private static int compare(String type, String value, String bound) {
        try {
            return type.equals("date") ? LocalDate.parse(value).compareTo(LocalDate.parse(bound))
                    : Long.compare(Long.parseLong(value), Long.parseLong(bound));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw ApiException.badRequest("Validation bound '" + bound + "' does not fit a " + type + " field");
        }
    }
}
