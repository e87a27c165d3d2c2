package dev.upshot.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Request bodies of the structured metadata calls. The Node SDK sends them as JSON, the Java SDK some of them as
 * urlencoded forms (lists as repeated {@code name[]}); both arrive as these records.
 */
final class MetadataRequests {
    private MetadataRequests() {
    }

    /** {@code DELETE …/datasource} and {@code POST …/datasource_restore}. */
    record ExternalIds(@JsonProperty("external_ids") List<String> externalIds) {
        static ExternalIds of(MultivaluedMap<String, String> form) {
            List<String> ids = new ArrayList<>(form.getOrDefault("external_ids[]", List.of()));
            ids.addAll(form.getOrDefault("external_ids", List.of()));
            return new ExternalIds(ids);
        }
    }

    /** {@code PUT metadata_fields/order} and {@code POST …/datasource/order}. */
    record Order(@JsonProperty("order_by") String orderBy, String direction) {
        static Order of(MultivaluedMap<String, String> form) {
            return new Order(form.getFirst("order_by"), form.getFirst("direction"));
        }
    }
}
