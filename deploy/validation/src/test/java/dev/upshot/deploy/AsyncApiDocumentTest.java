package dev.upshot.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.Event;
import dev.upshot.contracts.Topics;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/asyncapi.yaml is the public description of Upshot's topics. This test derives the JSON Schema of the
 * Envelope and of every event record from the records themselves (their components, as Jackson writes them) and
 * fails when the document says otherwise, printing what it should say.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncApiDocumentTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private JsonNode doc;

    @BeforeAll
    void read() throws IOException {
        doc = Rendered.YAML.readTree(Files.readString(Repository.ROOT.resolve("docs/asyncapi.yaml")));
    }

    @Test
    void isAnAsyncApi3DocumentWithKafkaChannels() {
        assertEquals("3.0.0", doc.path("asyncapi").asText());
        assertFalse(doc.at("/info/title").asText().isEmpty());
        doc.path("servers").forEach(s -> assertEquals("kafka", s.path("protocol").asText()));
        doc.path("channels").properties().forEach(e -> {
            assertFalse(e.getValue().path("address").asText().isEmpty(), e.getKey() + " has no address");
            e.getValue().path("messages").forEach(m -> assertResolves(m, "channel " + e.getKey()));
        });
        doc.path("operations").properties().forEach(e -> {
            JsonNode op = e.getValue();
            assertTrue(Set.of("send", "receive").contains(op.path("action").asText()), e.getKey() + ": action");
            assertResolves(op.path("channel"), "operation " + e.getKey());
            op.path("messages").forEach(m -> assertResolves(m, "operation " + e.getKey()));
        });
    }

    @Test
    void conformsToTheOfficialAsyncApi300Schema() throws IOException {
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        List<String> problems = schema.validate(doc).stream().map(ValidationMessage::getMessage).toList();
        assertEquals(List.of(), problems, "docs/asyncapi.yaml is not a valid AsyncAPI 3.0.0 document");
    }

    @Test
    void everyTopicIsAChannel() throws IllegalAccessException {
        Set<String> addresses = new TreeSet<>();
        doc.path("channels").forEach(c -> addresses.add(c.path("address").asText()));
        for (String topic : topics()) {
            assertTrue(addresses.contains(topic), "docs/asyncapi.yaml has no channel for " + topic);
        }
    }

    @Test
    void everyDeadLetterTopicIsCoveredByTheDeadLetterChannel() {
        JsonNode dlq = null;
        for (JsonNode c : doc.path("channels")) {
            if (c.path("address").asText().equals("{topic}.dlq.{group}")) {
                dlq = c;
            }
        }
        assertTrue(dlq != null, "no dead-letter channel '{topic}.dlq.{group}'");
        Set<String> topics = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        dlq.at("/parameters/topic/enum").forEach(n -> topics.add(n.asText()));
        dlq.at("/parameters/group/enum").forEach(n -> groups.add(n.asText()));
        for (String module : ServiceConfig.MODULES) {
            for (ServiceConfig.Consumer c : ServiceConfig.of(module).consumers().values()) {
                assertTrue(topics.contains(c.topic()) && groups.contains(c.group()),
                        module + ": dead-letter topic " + c.deadLetterTopic() + " is not described");
            }
        }
    }

    @Test
    void everyMessageCarriesTheKeyAndHeadersTheRelayWrites() {
        JsonNode headers = doc.at("/components/schemas/EventHeaders");
        assertTrue(headers.at("/properties").has(Topics.EVENT_ID_HEADER), "header " + Topics.EVENT_ID_HEADER);
        assertTrue(headers.at("/properties").has(Topics.EVENT_TYPE_HEADER), "header " + Topics.EVENT_TYPE_HEADER);
        assertEquals("uuid", headers.at("/properties/" + Topics.EVENT_ID_HEADER + "/format").asText());
        Set<String> described = new TreeSet<>();
        doc.at("/components/messages").properties().forEach(e -> {
            JsonNode m = e.getValue();
            assertEquals("#/components/schemas/EventHeaders", m.at("/headers/$ref").asText(), e.getKey() + ": headers");
            assertEquals("string", m.at("/bindings/kafka/key/type").asText(), e.getKey() + ": key is the asset id");
            JsonNode parts = m.at("/payload/allOf");
            assertEquals("#/components/schemas/Envelope", parts.at("/0/$ref").asText(), e.getKey() + ": envelope");
            String type = parts.at("/1/properties/type/const").asText();
            assertEquals("#/components/schemas/" + type, parts.at("/1/properties/payload/$ref").asText(),
                    e.getKey() + ": payload must be the record named by type");
            described.add(type);
        });
        Set<String> records = new TreeSet<>();
        for (Class<?> c : Event.class.getPermittedSubclasses()) {
            records.add(c.getSimpleName());
        }
        assertEquals(records, described, "every event record has a message, and every message a record");
    }

    @Test
    void schemasMatchTheRecords() {
        Map<String, ObjectNode> generated = new LinkedHashMap<>();
        schema(Envelope.class, generated);
        for (Class<?> c : Event.class.getPermittedSubclasses()) {
            schema(c, generated);
        }
        ObjectNode documented = JSON.objectNode();
        doc.at("/components/schemas").properties().forEach(e -> {
            if (!e.getKey().equals("EventHeaders")) {
                documented.set(e.getKey(), withoutDescriptions(e.getValue()));
            }
        });
        ObjectNode expected = JSON.objectNode();
        generated.forEach(expected::set);
        if (!expected.equals(documented)) {
            String yaml;
            try {
                yaml = Rendered.YAML.writeValueAsString(expected);
            } catch (IOException e) {
                yaml = expected.toPrettyString();
            }
            assertEquals(expected.toPrettyString(), documented.toPrettyString(),
                    "docs/asyncapi.yaml drifted from the records; components.schemas must be (descriptions aside):\n"
                            + yaml);
        }
    }

    @Test
    void kafkaBindingsMatchTheDeclaredTopics() throws IOException {
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        for (JsonNode t : Rendered.parse(Files.readString(
                Repository.ROOT.resolve("deploy/kubernetes/base/kafka/topics.yaml")))) {
            declared.put(t.at("/spec/topicName").asText(), t.path("spec"));
        }
        for (JsonNode c : doc.path("channels")) {
            JsonNode binding = c.at("/bindings/kafka");
            if (binding.isMissingNode()) {
                continue;
            }
            String address = c.path("address").asText();
            JsonNode topic = declared.get(address);
            assertTrue(topic != null, address + ": no KafkaTopic in deploy/kubernetes/base/kafka/topics.yaml");
            assertEquals(topic.path("partitions").asInt(), binding.path("partitions").asInt(), address + ": partitions");
            assertEquals(topic.path("replicas").asInt(), binding.path("replicas").asInt(), address + ": replicas");
            assertEquals(topic.at("/config/retention.ms").asLong(),
                    binding.at("/topicConfiguration/retention.ms").asLong(), address + ": retention.ms");
        }
    }

    // ---- schema generation from records ---------------------------------------------------------------------

    /** Registers the schema of a record (and of the records it holds) and returns a reference to it. */
    static ObjectNode schema(Class<?> record, Map<String, ObjectNode> out) {
        String name = record.getSimpleName();
        if (!out.containsKey(name)) {
            ObjectNode s = JSON.objectNode().put("type", "object");
            out.put(name, s);
            ArrayNode required = s.putArray("required");
            ObjectNode props = s.putObject("properties");
            for (RecordComponent rc : record.getRecordComponents()) {
                required.add(rc.getName());
                props.set(rc.getName(), type(rc.getGenericType(), true, out));
            }
        }
        return JSON.objectNode().put("$ref", "#/components/schemas/" + name);
    }

    /** A record component may be null unless primitive; list items and map values may not (List/Map.copyOf). */
    private static ObjectNode type(Type t, boolean nullable, Map<String, ObjectNode> out) {
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            if (Collection.class.isAssignableFrom(raw)) {
                ObjectNode s = JSON.objectNode().put("type", "array");
                s.set("items", type(p.getActualTypeArguments()[0], false, out));
                return s;
            }
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode s = JSON.objectNode().put("type", "object");
                s.set("additionalProperties", type(p.getActualTypeArguments()[1], false, out));
                return s;
            }
        }
        Class<?> c = (Class<?>) t;
        if (c == long.class || c == Long.class) {
            return scalar("integer", "int64", c.isPrimitive() ? false : nullable);
        }
        if (c == int.class || c == Integer.class) {
            return scalar("integer", "int32", c.isPrimitive() ? false : nullable);
        }
        if (c == boolean.class || c == Boolean.class) {
            return scalar("boolean", null, !c.isPrimitive() && nullable);
        }
        if (c == String.class) {
            return scalar("string", null, nullable);
        }
        if (c == UUID.class) {
            return scalar("string", "uuid", nullable);
        }
        if (c == Instant.class) {
            return scalar("string", "date-time", nullable);
        }
        if (c.isEnum()) {
            ObjectNode s = scalar("string", null, nullable);
            ArrayNode values = s.putArray("enum");
            for (Object v : c.getEnumConstants()) {
                values.add(((Enum<?>) v).name());
            }
            if (nullable) {
                values.addNull();
            }
            return s;
        }
        if (JsonNode.class.isAssignableFrom(c)) {
            return JSON.objectNode().put("type", "object");
        }
        if (c.isRecord()) {
            return schema(c, out);
        }
        throw new IllegalArgumentException("no JSON Schema mapping for " + c + ": extend AsyncApiDocumentTest.type");
    }

    private static ObjectNode scalar(String type, String format, boolean nullable) {
        ObjectNode s = JSON.objectNode();
        if (nullable) {
            s.putArray("type").add(type).add("null");
        } else {
            s.put("type", type);
        }
        if (format != null) {
            s.put("format", format);
        }
        return s;
    }

    private static JsonNode withoutDescriptions(JsonNode n) {
        if (n instanceof ObjectNode o) {
            ObjectNode copy = JSON.objectNode();
            o.properties().forEach(e -> {
                if (!e.getKey().equals("description")) {
                    copy.set(e.getKey(), withoutDescriptions(e.getValue()));
                }
            });
            return copy;
        }
        if (n instanceof ArrayNode a) {
            ArrayNode copy = JSON.arrayNode();
            a.forEach(i -> copy.add(withoutDescriptions(i)));
            return copy;
        }
        return n;
    }

    private void assertResolves(JsonNode ref, String where) {
        String pointer = ref.path("$ref").asText();
        assertTrue(pointer.startsWith("#/"), where + ": not a local $ref: " + ref);
        assertFalse(doc.at(pointer.substring(1)).isMissingNode(), where + ": $ref " + pointer + " resolves to nothing");
    }

    private static List<String> topics() throws IllegalAccessException {
        List<String> out = new java.util.ArrayList<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class
                    && ((String) f.get(null)).startsWith("upshot.")) {
                out.add((String) f.get(null));
            }
        }
        assertTrue(out.size() >= 7, "topics read from contracts/Topics: " + out);
        return out;
    }

}
