package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A change of stored assets' structured metadata (the Upload API's {@code metadata}, the Admin API's
 * {@code update}): the given values, checked against the account's definitions, are merged into each asset's; an
 * empty value clears its field; with {@code clear_invalid}, values the definitions no longer accept are dropped.
 *
 * @param fields the account's definitions by external id
 * @param given  the values as sent
 * @param valid  the non-empty values as they will be stored
 */
public record MetadataUpdate(Map<String, ObjectNode> fields, Map<String, Object> given, Map<String, Object> valid,
                             boolean clearInvalid) {

    /** @throws ApiException 400 naming the first value the definitions refuse */
    public static MetadataUpdate check(Map<String, ObjectNode> fields, Map<String, Object> given,
                                       boolean clearInvalid) {
        Map<String, JsonNode> set = new LinkedHashMap<>();
        given.forEach((id, value) -> {
            if (!"".equals(value)) {
                set.put(id, EventCodec.mapper().valueToTree(value));
            }
        });
        Map<String, Object> valid = MetadataRules.validate(fields, set);
        valid.keySet().retainAll(set.keySet()); // mandatory defaults are for new assets only
        return new MetadataUpdate(fields, given, valid, clearInvalid);
    }

    /** An asset's metadata after the change. */
    public Map<String, Object> apply(Map<String, Object> current) {
        Map<String, Object> now = new LinkedHashMap<>(current);
        given.keySet().forEach(now::remove);
        now.putAll(valid);
        if (clearInvalid) {
            now.entrySet().removeIf(e -> !accepted(e.getKey(), e.getValue()));
        }
        return now;
    }

    private boolean accepted(String id, Object value) {
        try {
            MetadataRules.validate(fields, Map.of(id, EventCodec.mapper().valueToTree(value)));
            return true;
        } catch (ApiException e) {
            return false;
        }
    }
}
