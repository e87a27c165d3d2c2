package dev.upshot.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one rendered document against the schema of its kind, offline. Kubernetes kinds and Strimzi's custom
 * resources are bound to their published Java models (fabric8 kubernetes-model, io.strimzi:api); those models
 * keep unknown fields in an "additionalProperties" map instead of failing, so every such map in the bound object
 * graph must be empty. CloudNativePG and KEDA publish no Java model: their resources are checked against the
 * JSON schemas in src/test/resources/schemas, written from the operators' CRD reference (a subset: the fields
 * Upshot uses or may plausibly use, every object closed with additionalProperties: false).
 */
final class Schemas {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class));

    private static final Set<String> JSON_SCHEMAS = Set.of(
            "postgresql.cnpg.io/v1/Cluster", "postgresql.cnpg.io/v1/ScheduledBackup", "keda.sh/v1alpha1/ScaledObject");

    private Schemas() {
    }

    /** @return the problems found, empty when the document fits its schema */
    static List<String> check(JsonNode doc) {
        String type = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        String where = Rendered.id(doc);
        List<String> problems = new ArrayList<>();
        if (Rendered.name(doc).isEmpty()) {
            problems.add(where + ": metadata.name missing");
        }
        Class<?> model = MODELS.get(type);
        if (model != null) {
            try {
                Object bound = MAPPER.treeToValue(doc, model);
                unknownFields(bound, where, problems, Collections.newSetFromMap(new IdentityHashMap<>()));
            } catch (Exception e) {
                problems.add(where + ": does not bind to " + model.getName() + ": " + e.getMessage());
            }
        } else if (JSON_SCHEMAS.contains(type)) {
            for (ValidationMessage m : jsonSchema(type).validate(doc)) {
                problems.add(where + ": " + m.getMessage());
            }
        } else {
            problems.add(where + ": no schema known for " + type + " (add one to Schemas)");
        }
        return problems;
    }

    private static JsonSchema jsonSchema(String type) {
        String file = "/schemas/" + type.replace('/', '_') + ".json";
        try (InputStream in = Schemas.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing " + file);
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Walks the bound model and reports every non-empty additionalProperties map, with its path. */
    static void unknownFields(Object o, String path, List<String> problems, Set<Object> seen) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>
                || !seen.add(o)) {
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems, seen));
            return;
        }
        if (o instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.strimzi.api")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            String name = m.getName();
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !name.startsWith("get")
                    || name.equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (name.equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
            } else {
                String field = Character.toLowerCase(name.charAt(3)) + name.substring(4);
                unknownFields(value, path + "." + field, problems, seen);
            }
        }
    }
}
