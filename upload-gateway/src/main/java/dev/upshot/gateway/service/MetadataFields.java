package dev.upshot.gateway.service;

import com.fasterxml.jackson.annotation.JsonProperty;
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
import java.util.ArrayList;
import java.util.Comparator;
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

    /** A field sent without {@code external_id} gets a generated one, as Cloudinary does. */
    public Uni<ObjectNode> create(String cloud, JsonNode body) {
        ObjectNode field = object(body).deepCopy();
        field.put("mandatory", field.path("mandatory").asBoolean(false));
        if (field.path("external_id").asText("").isEmpty()) {
            field.put("external_id", UUID.randomUUID().toString());
        }
        normalise(field);
        MetadataRules.checkDefinition(field);
        String id = field.get("external_id").asText();
        // Cloudinary's answer (400, this wording), which the Node SDK's tests check
        ApiException exists = ApiException.badRequest("A metadata field with external id " + id
                + " already exists");
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
        })).onFailure(ApiException::duplicateKey).transform(e -> exists).map(row -> shown(row.definition));
    }

    /** The definitions in the account's order: as ordered by {@link #reorder}, then oldest first. */
    public Uni<List<ObjectNode>> list(String cloud) {
        return Panache.withSession(() -> MetadataField.ofCloud(cloud))
                .map(rows -> rows.stream().map(r -> shown(r.definition)).toList());
    }

    public Uni<ObjectNode> get(String cloud, String id) {
        return Panache.withSession(() -> field(cloud, id)).map(row -> shown(row.definition));
    }

    /** How {@code PUT metadata_fields/order} and {@code POST …/datasource/order} sort. */
    public record Order(String orderBy, boolean descending) {
        public static Order of(String orderBy, String direction, Set<String> allowed) {
            if (orderBy == null || orderBy.isEmpty()) {
                throw ApiException.badRequest("Missing required parameter - order_by");
            }
            if (!allowed.contains(orderBy)) {
                throw ApiException.badRequest("Invalid order_by " + orderBy + "; one of " + allowed);
            }
            return new Order(orderBy, switch (direction == null || direction.isEmpty() ? "asc" : direction) {
                case "asc" -> false;
                case "desc" -> true;
                default -> throw ApiException.badRequest("Invalid direction " + direction + "; one of asc, desc");
            });
        }

        /** The comparator in this direction. */
        <T> Comparator<T> apply(Comparator<T> ascending) {
            return descending ? ascending.reversed() : ascending;
        }
    }

    public static final Set<String> FIELD_ORDERS = Set.of("label", "external_id", "created_at");
    public static final Set<String> DATASOURCE_ORDERS = Set.of("value");

    /** Stores the account's field order; answers the fields in it. */
    public Uni<List<ObjectNode>> reorder(String cloud, Order order) {
        return changing(() -> MetadataField.reorder(cloud, order.orderBy(), order.descending())
                .chain(() -> MetadataField.ofCloud(cloud))
                .map(rows -> rows.stream().map(r -> shown(r.definition)).toList()));
    }

    /** Type and external id stay; every other attribute given replaces the old one. */
    public Uni<ObjectNode> update(String cloud, String id, JsonNode body) {
        ObjectNode changes = object(body);
        return changing(() -> locked(cloud, id).map(row -> {
            ObjectNode field = row.definition.deepCopy();
            changes.properties().forEach(e -> {
                if (UPDATABLE.contains(e.getKey())) {
                    field.set(e.getKey(), e.getValue());
                }
            });
            normalise(field);
            MetadataRules.checkDefinition(field);
            row.definition = field;
            return shown(field);
        }));
    }

    public Uni<Void> delete(String cloud, String id) {
        return changing(() -> MetadataField.deleteField(cloud, id)).invoke(deleted -> {
            if (!deleted) {
                throw ApiException.notFound("Metadata field " + id + " not found");
            }
        }).replaceWithVoid();
    }

    /** Values with a known external id are renamed (and active again), new ones added; answers the datasource. */
    public Uni<Datasource> updateDatasource(String cloud, String id, JsonNode body) {
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

    /**
     * Cloudinary keeps deleted values as {@code inactive}: assets that hold them stay readable, new values may not
     * use them, and no answer lists them; {@link #restoreDatasourceValues} makes them active again.
     */
    public Uni<Datasource> deleteDatasourceValues(String cloud, String id, List<String> valueIds) {
        return changeDatasource(cloud, id, entries -> setState(entries, required(valueIds), "inactive"));
    }

    public Uni<Datasource> restoreDatasourceValues(String cloud, String id, List<String> valueIds) {
        return changeDatasource(cloud, id, entries -> setState(entries, required(valueIds), "active"));
    }

    /** Stores the values in this order ({@code order_by} value, as text). */
    public Uni<Datasource> orderDatasource(String cloud, String id, Order order) {
        Comparator<ObjectNode> byValue = order.apply(Comparator.comparing(v -> v.path("value").asText("")));
        return changeDatasource(cloud, id, entries -> {
            List<ObjectNode> sorted = entries.values().stream().sorted(byValue).toList();
            entries.clear();
            sorted.forEach(v -> entries.put(v.path("external_id").asText(), v));
        });
    }

    /** One value of a datasource as the Admin API shows it. */
    public record DatasourceValue(@JsonProperty("external_id") String externalId, String value, String state) {
    }

    /** A field's datasource as answered: its active values, in order. */
    public record Datasource(List<DatasourceValue> values) {
        static Datasource of(JsonNode datasource) {
            List<DatasourceValue> values = new ArrayList<>();
            datasource.path("values").forEach(v -> {
                if (!v.path("state").asText().equals("inactive")) {
                    values.add(new DatasourceValue(v.path("external_id").asText(), v.path("value").asText(),
                            v.path("state").asText()));
                }
            });
            return new Datasource(values);
        }
    }

    private static List<String> required(List<String> valueIds) {
        if (valueIds == null || valueIds.isEmpty()) {
            throw ApiException.badRequest("Missing required parameter - external_ids");
        }
        return valueIds;
    }

    private static void setState(Map<String, ObjectNode> entries, List<String> valueIds, String state) {
        valueIds.forEach(valueId -> {
            ObjectNode entry = entries.get(valueId);
            if (entry != null) {
                entry.put("state", state);
            }
        });
    }

    private Uni<Datasource> changeDatasource(String cloud, String id, Consumer<Map<String, ObjectNode>> change) {
        return changing(() -> locked(cloud, id).map(row -> {
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
            return Datasource.of(field.get("datasource"));
        }));
    }

    /**
     * @return the values to store
     * @throws ApiException 400 when a value is refused
     */
    public Uni<Map<String, Object>> validate(String cloud, Map<String, JsonNode> values) {
        // a miss reads in the caller's session, or in one of its own (a new asset's upload runs outside Hibernate)
        return checked.get(cloud, () -> Panache.withSession(() -> definitions(cloud)))
                .map(fields -> MetadataRules.validate(fields, values));
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
        return MetadataField.findById(cloud, id).map(row -> found(row, id));
    }

    private static Uni<MetadataField> locked(String cloud, String id) {
        return MetadataField.locked(cloud, id).map(row -> found(row, id));
    }

    private static MetadataField found(MetadataField row, String id) {
        if (row == null) {
            throw ApiException.notFound("Metadata field " + id + " not found");
        }
        return row;
    }

    /** Keys every definition shows, null when unset (the SDKs' tests check that they are there). */
    private static final List<String> ALWAYS_SHOWN = List.of("type", "external_id", "label", "mandatory",
            "default_value", "validation");

    /** A definition as answered: the keys of {@link #ALWAYS_SHOWN} first, inactive datasource values left out. */
    private static ObjectNode shown(ObjectNode definition) {
        ObjectNode shown = EventCodec.mapper().createObjectNode();
        ALWAYS_SHOWN.forEach(key -> shown.set(key, definition.get(key)));
        shown.put("mandatory", definition.path("mandatory").asBoolean(false));
        definition.properties().forEach(e -> {
            if (!shown.has(e.getKey())) {
                shown.set(e.getKey(), e.getValue());
            }
        });
        if (definition.path("datasource").isObject()) {
            shown.set("datasource", EventCodec.mapper().valueToTree(Datasource.of(definition.get("datasource"))));
        }
        return shown;
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
