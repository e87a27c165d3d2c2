package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.MetadataField;
import dev.upshot.messaging.CommitSignals;
import dev.upshot.messaging.SignalledCache;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Admin API for structured metadata fields, and the check of metadata values against them. */
@ApplicationScoped
public class MetadataFields {
    private static final Set<String> UPDATABLE = Set.of("label", "mandatory", "default_value", "validation",
            "datasource", "restrictions", "default_disabled");

    /** Every upload checks its metadata against them (mandatory fields' defaults apply even when none is sent). */
    private final SignalledCache<Map<String, ObjectNode>> checked;

    public MetadataFields(CommitSignals signals, GatewayConfig config) {
        this.checked = new SignalledCache<>(signals, "metadata_field", config.triggerCacheTtl());
    }

    /** A change of the definitions, in one transaction; this replica's kept definitions are dropped after it. */
    private <T> Uni<T> changing(Supplier<Uni<T>> work) {
        return Panache.withTransaction(work).eventually(checked::invalidate);
    }

    public Uni<ObjectNode> create(String cloud, JsonNode body) {
        ObjectNode field = object(body).deepCopy();
        field.put("mandatory", field.path("mandatory").asBoolean(false));
        normalise(field);
        MetadataRules.checkDefinition(field);
        String id = field.get("external_id").asText();
        ApiException exists = ApiException.conflict("Metadata field " + id + " already exists");
        return changing(() -> MetadataField.findById(cloud, id).chain(existing -> {
            if (existing != null) {
                throw exists;
            }
            MetadataField row = new MetadataField();
            row.cloud = cloud;
            row.externalId = id;
            row.definition = field;
            row.createdAt = Instant.now();
            return row.<MetadataField>persist();
        })).onFailure(ApiException::duplicateKey).transform(e -> exists).map(row -> row.definition);
    }

    /** The definitions, oldest first. */
    public Uni<List<ObjectNode>> list(String cloud) {
        return Panache.withSession(() -> MetadataField.ofCloud(cloud))
                .map(rows -> rows.stream().map(r -> r.definition).toList());
    }

    public Uni<ObjectNode> get(String cloud, String id) {
        return Panache.withSession(() -> field(cloud, id)).map(row -> row.definition);
    }

    /** Type and external id stay; every other attribute given replaces the old one. */
    public Uni<ObjectNode> update(String cloud, String id, JsonNode body) {
        ObjectNode changes = object(body);
        return changing(() -> field(cloud, id).map(row -> {
            ObjectNode field = row.definition.deepCopy();
            changes.properties().forEach(e -> {
                if (UPDATABLE.contains(e.getKey())) {
                    field.set(e.getKey(), e.getValue());
                }
            });
            normalise(field);
            MetadataRules.checkDefinition(field);
            row.definition = field;
            return field;
        }));
    }

    public Uni<Void> delete(String cloud, String id) {
        return changing(() -> MetadataField.deleteField(cloud, id)).invoke(deleted -> {
            if (!deleted) {
                throw ApiException.notFound("Metadata field " + id + " not found");
            }
        }).replaceWithVoid();
    }

    /** Values with a known external id are renamed, new ones added; answers the whole datasource. */
    public Uni<ObjectNode> updateDatasource(String cloud, String id, JsonNode body) {
        JsonNode values = object(body).path("values");
        if (!values.isArray()) {
            throw ApiException.badRequest("Missing required parameter - values");
        }
        return changeDatasource(cloud, id, entries -> values.forEach(v -> {
            ObjectNode entry = object(v).deepCopy();
            String valueId = entry.path("external_id").asText("");
            entries.put(valueId.isEmpty() ? UUID.randomUUID().toString() : valueId, entry);
        }));
    }

    /** Cloudinary keeps deleted values as {@code inactive}: assets that hold them stay readable. */
    public Uni<ObjectNode> deleteDatasourceValues(String cloud, String id, JsonNode body) {
        JsonNode ids = object(body).path("external_ids");
        if (!ids.isArray() || ids.isEmpty()) {
            throw ApiException.badRequest("Missing required parameter - external_ids");
        }
        return changeDatasource(cloud, id, entries -> ids.forEach(valueId -> {
            ObjectNode entry = entries.get(valueId.asText());
            if (entry != null) {
                entry.put("state", "inactive");
            }
        }));
    }

    private Uni<ObjectNode> changeDatasource(String cloud, String id,
                                             Consumer<Map<String, ObjectNode>> change) {
        return changing(() -> field(cloud, id).map(row -> {
            if (!row.definition.path("datasource").path("values").isArray()) {
                throw ApiException.badRequest("Metadata field " + id + " has no datasource");
            }
            Map<String, ObjectNode> entries = new LinkedHashMap<>();
            row.definition.path("datasource").path("values")
                    .forEach(v -> entries.put(v.path("external_id").asText(), (ObjectNode) v.deepCopy()));
            change.accept(entries);
            ObjectNode field = row.definition.deepCopy();
            ArrayNode values = field.putObject("datasource").putArray("values");
            entries.values().forEach(values::add);
            normalise(field);
            row.definition = field;
            return (ObjectNode) field.get("datasource");
        }));
    }

    /**
     * @return the values to store
     * @throws ApiException 400 when a value is refused
     */
    public Uni<Map<String, Object>> validate(String cloud, Map<String, JsonNode> values) {
        return checked.get(cloud, () -> definitions(cloud)).map(fields -> MetadataRules.validate(fields, values));
    }

    /** The account's field definitions by external id, within the caller's session. */
    public Uni<Map<String, ObjectNode>> definitions(String cloud) {
        return MetadataField.ofCloud(cloud).map(rows -> {
            Map<String, ObjectNode> fields = new LinkedHashMap<>();
            rows.forEach(r -> fields.put(r.externalId, r.definition.deepCopy()));
            return fields;
        });
    }

    /** Upload parameters hold strings and lists of strings. */
    public static Map<String, JsonNode> asJson(Map<String, Object> values) {
        Map<String, JsonNode> json = new LinkedHashMap<>();
        values.forEach((k, v) -> json.put(k, EventCodec.mapper().valueToTree(v)));
        return json;
    }

    private static Uni<MetadataField> field(String cloud, String id) {
        return MetadataField.findById(cloud, id).map(row -> {
            if (row == null) {
                throw ApiException.notFound("Metadata field " + id + " not found");
            }
            return row;
        });
    }

    /** Every datasource value has an external id and a state, as the Admin API shows them. */
    private static void normalise(ObjectNode field) {
        JsonNode values = field.path("datasource").path("values");
        values.forEach(v -> {
            ObjectNode entry = object(v);
            if (entry.path("external_id").asText("").isEmpty()) {
                entry.put("external_id", UUID.randomUUID().toString());
            }
            if (!entry.has("state")) {
                entry.put("state", "active");
            }
        });
    }

    private static ObjectNode object(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("Expected a JSON object");
        }
        return (ObjectNode) node;
    }
}
