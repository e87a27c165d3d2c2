package dev.upshot.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.Topics;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Renders each overlay of deploy/kubernetes with {@code kubectl kustomize} (offline) and checks what it would apply:
 * every document against its schema (see {@link Schemas}), and against the services' own configuration —
 * images, ports, probes, environment variables, topics, consumer groups, autoscaling.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployManifestsTest {

    private static final String OVERLAYS = "dev,production";
    private final Map<String, Rendered> rendered = new HashMap<>();
    private final Map<String, ServiceConfig> services = new TreeMap<>();

    private String skipped;

    @BeforeAll
    void render() {
        ServiceConfig.MODULES.forEach(m -> services.put(m, ServiceConfig.of(m)));
        skipped = Rendered.cannotRender()
                .map(why -> "SKIPPED: deploy/kubernetes cannot be rendered offline here: " + why
                        + " (.ci/run tries to install kubectl)")
                .orElse(null);
        if (skipped != null) {
            System.err.println("DeployManifestsTest " + skipped);
            return;
        }
        for (String overlay : OVERLAYS.split(",")) {
            rendered.put(overlay, Rendered.overlay(overlay));
        }
    }

    private Rendered rendered(String overlay) {
        Assumptions.assumeTrue(skipped == null, skipped);
        return rendered.get(overlay);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyDocumentFitsItsSchema(String overlay) {
        Rendered r = rendered(overlay);
        assertTrue(r.documents().size() > 40, "suspiciously few documents: " + r.documents().size());
        List<String> problems = new ArrayList<>();
        r.documents().forEach(d -> problems.addAll(Schemas.check(d)));
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyServiceHasItsDeploymentServiceAndDisruptionBudget(String overlay) {
        Rendered r = rendered(overlay);
        Set<String> deployed = r.ofKind("Deployment").stream().map(Rendered::name).collect(Collectors.toSet());
        assertEquals(ServiceConfig.MODULES, deployed, "one Deployment per service, no other");
        for (ServiceConfig svc : services.values()) {
            ObjectNode deployment = r.get("Deployment", svc.module());
            JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
            JsonNode selector = deployment.at("/spec/selector/matchLabels");
            assertTrue(matches(selector, podLabels), svc.module() + ": selector does not match the pod's labels");

            ObjectNode service = r.get("Service", svc.module());
            assertTrue(matches(service.at("/spec/selector"), podLabels), svc.module() + ": Service selects no pod");
            JsonNode port = service.at("/spec/ports/0");
            assertEquals(svc.httpPort(), port.path("port").asInt(), svc.module() + ": Service port");
            assertEquals("http", port.path("targetPort").asText(), svc.module() + ": Service targetPort");

            ObjectNode pdb = r.get("PodDisruptionBudget", svc.module());
            assertTrue(matches(pdb.at("/spec/selector/matchLabels"), podLabels), svc.module() + ": PDB selects no pod");
            assertTrue(pdb.at("/spec/maxUnavailable").isInt() || pdb.at("/spec/minAvailable").isInt(),
                    svc.module() + ": PDB without a budget");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void containersMatchTheServicesImagesPortsAndProbes(String overlay) throws IOException {
        Rendered r = rendered(overlay);
        for (ServiceConfig svc : services.values()) {
            String m = svc.module();
            JsonNode pod = r.get("Deployment", m).at("/spec/template/spec");
            JsonNode c = container(r, m);

            String image = c.path("image").asText();
            assertTrue(image.matches("upshot/" + m + ":[0-9][0-9A-Za-z.\\-]*"), m + ": image " + image);
            Path dockerfile = Repository.ROOT.resolve(m).resolve("src/main/docker/Dockerfile.jvm");
            assertTrue(Files.isRegularFile(dockerfile), m + ": no image recipe at " + dockerfile);
            String recipe = Files.readString(dockerfile);
            assertTrue(recipe.contains("-t upshot/" + m + ":"), m + ": the recipe builds another image name");
            assertTrue(recipe.lines().anyMatch(l -> l.equals("EXPOSE " + svc.httpPort())),
                    m + ": the recipe does not EXPOSE " + svc.httpPort());
            assertTrue(recipe.contains("target/quarkus-app/lib/") && recipe.contains("quarkus-run.jar"),
                    m + ": not the Quarkus fast-jar layout");

            JsonNode port = c.at("/ports/0");
            assertEquals("http", port.path("name").asText(), m + ": first container port must be named http");
            assertEquals(svc.httpPort(), port.path("containerPort").asInt(),
                    m + ": containerPort differs from quarkus.http.port");

            assertEquals("/q/health/live", c.at("/livenessProbe/httpGet/path").asText(), m + ": liveness path");
            assertEquals("/q/health/ready", c.at("/readinessProbe/httpGet/path").asText(), m + ": readiness path");
            assertEquals("http", c.at("/livenessProbe/httpGet/port").asText(), m + ": liveness port");
            assertEquals("http", c.at("/readinessProbe/httpGet/port").asText(), m + ": readiness port");

            JsonNode annotations = r.get("Deployment", m).at("/spec/template/metadata/annotations");
            assertEquals("/q/metrics", annotations.path("prometheus.io/path").asText(), m + ": metrics path");
            assertEquals(String.valueOf(svc.httpPort()), annotations.path("prometheus.io/port").asText(),
                    m + ": metrics port");

            for (String kind : List.of("requests", "limits")) {
                for (String res : List.of("cpu", "memory")) {
                    assertFalse(c.at("/resources/" + kind + "/" + res).asText().isEmpty(),
                            m + ": resources." + kind + "." + res + " missing");
                }
            }

            assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(), m + ": runAsNonRoot");
            assertTrue(pod.at("/securityContext/runAsUser").asInt() > 0, m + ": runAsUser must not be root");
            assertTrue(c.at("/securityContext/readOnlyRootFilesystem").asBoolean(), m + ": readOnlyRootFilesystem");
            assertFalse(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true),
                    m + ": allowPrivilegeEscalation");
            String tmpVolume = null;
            for (JsonNode mount : c.path("volumeMounts")) {
                if (mount.path("mountPath").asText().equals("/tmp")) {
                    tmpVolume = mount.path("name").asText();
                }
            }
            assertTrue(tmpVolume != null, m + ": /tmp is not mounted (the root filesystem is read-only)");
            String tmp = tmpVolume;
            assertTrue(StreamSupport.stream(pod.path("volumes").spliterator(), false)
                    .anyMatch(v -> v.path("name").asText().equals(tmp) && v.has("emptyDir")), m + ": /tmp is no emptyDir");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void environmentIsExactlyWhatTheServicesRead(String overlay) {
        Rendered r = rendered(overlay);
        for (ServiceConfig svc : services.values()) {
            Map<String, String> env = environment(r, svc.module());
            Set<String> unknown = new TreeSet<>(env.keySet());
            unknown.removeAll(svc.envRead());
            assertEquals(Set.of(), unknown, svc.module() + " is given variables its application.properties never reads");
            Set<String> missing = new TreeSet<>(svc.envRequired());
            missing.removeAll(env.keySet());
            assertEquals(Set.of(), missing, svc.module() + " lacks variables it requires (no default)");
            assertEquals("0.0.0.0", env.get("QUARKUS_HTTP_HOST"),
                    svc.module() + ": must listen on all interfaces in a pod, or probes and Services fail");
            for (String v : List.of("KAFKA_BOOTSTRAP_SERVERS", "UPSHOT_DB_HOST", "UPSHOT_DB_USER", "UPSHOT_DB_PASSWORD")) {
                assertTrue(env.containsKey(v), svc.module() + " lacks " + v);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void referencedConfigMapsAndSecretsExistOrAreCreatedOutOfBand(String overlay) {
        Rendered r = rendered(overlay);
        String dbCluster = Rendered.name(r.ofKind("Cluster").getFirst());
        Set<String> outOfBand = Set.of("upshot-account", "upshot-s3", "upshot-backup", "upshot-tls");
        List<String> problems = new ArrayList<>();
        for (ObjectNode doc : r.documents()) {
            for (JsonNode ref : doc.findValues("secretKeyRef")) {
                checkSecret(r, overlay, ref.path("name").asText(), ref.path("key").asText(), dbCluster, outOfBand,
                        Rendered.id(doc), problems);
            }
            for (JsonNode ref : doc.findValues("configMapKeyRef")) {
                JsonNode cm = r.find("ConfigMap", ref.path("name").asText()).orElse(null);
                if (cm == null || !cm.path("data").has(ref.path("key").asText())) {
                    problems.add(Rendered.id(doc) + ": ConfigMap key " + ref + " not rendered");
                }
            }
            for (JsonNode ref : doc.findValues("configMapRef")) {
                if (r.find("ConfigMap", ref.path("name").asText()).isEmpty()) {
                    problems.add(Rendered.id(doc) + ": ConfigMap " + ref.path("name").asText() + " not rendered");
                }
            }
        }
        if (overlay.equals("production")) {
            assertEquals(List.of(), r.ofKind("Secret").stream().map(Rendered::name).toList(),
                    "production must not ship credentials: Secrets are created out of band");
        } else {
            for (ObjectNode secret : r.ofKind("Secret")) {
                assertEquals("true", secret.at("/metadata/labels/upshot.dev~1placeholder").asText(),
                        Rendered.id(secret) + " must be marked as a placeholder");
            }
        }
        assertEquals(List.of(), problems);
    }

    private static void checkSecret(Rendered r, String overlay, String name, String key, String dbCluster,
                                    Set<String> outOfBand, String where, List<String> problems) {
        if (name.equals(dbCluster + "-app")) {
            if (!Set.of("username", "password", "host", "port", "dbname", "uri").contains(key)) {
                problems.add(where + ": CloudNativePG's " + name + " has no key " + key);
            }
            return;
        }
        JsonNode secret = r.find("Secret", name).orElse(null);
        if (secret != null) {
            boolean has = secret.path("data").has(key) || secret.path("stringData").has(key);
            if (!has) {
                problems.add(where + ": Secret " + name + " has no key " + key);
            }
        } else if (!overlay.equals("production") || !outOfBand.contains(name)) {
            problems.add(where + ": Secret " + name + " is neither rendered nor one of the out-of-band secrets "
                    + outOfBand);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyTopicAndDeadLetterTopicIsDeclared(String overlay) throws IllegalAccessException {
        Rendered r = rendered(overlay);
        ObjectNode kafka = r.ofKind("Kafka").getFirst();
        String cluster = Rendered.name(kafka);
        assertEquals("enabled", kafka.at("/metadata/annotations/strimzi.io~1kraft").asText(), "KRaft mode");
        assertEquals("enabled", kafka.at("/metadata/annotations/strimzi.io~1node-pools").asText(), "node pools");
        ObjectNode pool = r.ofKind("KafkaNodePool").getFirst();
        assertEquals(cluster, pool.at("/metadata/labels/strimzi.io~1cluster").asText(), "node pool's cluster");
        Set<String> roles = new TreeSet<>();
        pool.at("/spec/roles").forEach(n -> roles.add(n.asText()));
        assertEquals(Set.of("broker", "controller"), roles, "nodes are controllers and brokers");
        int brokers = pool.at("/spec/replicas").asInt();
        assertTrue(kafka.at("/spec/entityOperator/topicOperator").isObject(), "the topic operator manages KafkaTopics");

        Map<String, JsonNode> topics = new TreeMap<>();
        for (ObjectNode t : r.ofKind("KafkaTopic")) {
            String name = t.at("/spec/topicName").asText(Rendered.name(t));
            topics.put(name.isEmpty() ? Rendered.name(t) : name, t);
            String where = "KafkaTopic " + name;
            assertEquals(cluster, t.at("/metadata/labels/strimzi.io~1cluster").asText(), where + ": cluster label");
            int replicas = t.at("/spec/replicas").asInt();
            assertTrue(replicas >= 1 && replicas <= brokers, where + ": replicas " + replicas + " vs " + brokers + " brokers");
            int minIsr = t.at("/spec/config/min.insync.replicas").asInt(1);
            assertTrue(minIsr <= replicas && (replicas == 1 || minIsr < replicas),
                    where + ": min.insync.replicas " + minIsr + " leaves no room for one broker down");
            assertTrue(t.at("/spec/partitions").asInt() >= 1, where + ": partitions");
            assertTrue(t.at("/spec/config/retention.ms").asLong() > 0, where + ": retention.ms");
        }

        Set<String> expected = new TreeSet<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                String value = (String) f.get(null);
                if (value.startsWith("upshot.")) {
                    expected.add(value);
                }
            }
        }
        assertTrue(expected.size() >= 7, "contracts/Topics read: " + expected);
        for (ServiceConfig svc : services.values()) {
            for (ServiceConfig.Consumer c : svc.consumers().values()) {
                expected.add(c.topic());
                assertEquals(Topics.deadLetter(c.topic(), c.group()), c.deadLetterTopic(),
                        svc.module() + ": dead-letter topic is not <topic>.dlq.<group>");
                expected.add(c.deadLetterTopic());
            }
        }
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(topics.keySet());
        assertEquals(Set.of(), missing, "topics without a KafkaTopic");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void consumersScaleOnTheirOwnLagAndTheGatewayOnCpu(String overlay) {
        Rendered r = rendered(overlay);
        String namespace = r.ofKind("Namespace").stream().map(Rendered::name).findFirst().orElseThrow();
        Set<String> scaled = new TreeSet<>();
        for (ServiceConfig svc : services.values()) {
            if (svc.module().equals("upload-gateway")) {
                continue;
            }
            ObjectNode so = r.get("ScaledObject", svc.module());
            scaled.add(svc.module());
            assertEquals(svc.module(), so.at("/spec/scaleTargetRef/name").asText(), "ScaledObject target");
            JsonNode trigger = so.at("/spec/triggers/0");
            assertEquals("kafka", trigger.path("type").asText());
            ServiceConfig.Consumer consumer = svc.consumers().values().iterator().next();
            JsonNode meta = trigger.path("metadata");
            assertEquals(consumer.topic(), meta.path("topic").asText(), svc.module() + ": lag of which topic");
            assertEquals(consumer.group(), meta.path("consumerGroup").asText(), svc.module() + ": lag of which group");
            int partitions = r.get("KafkaTopic", consumer.topic()).at("/spec/partitions").asInt();
            int max = so.at("/spec/maxReplicaCount").asInt();
            assertTrue(max <= partitions, svc.module() + ": " + max + " replicas for " + partitions + " partitions");

            String bootstrap = meta.has("bootstrapServersFromEnv")
                    ? environment(r, svc.module()).get(meta.path("bootstrapServersFromEnv").asText())
                    : meta.path("bootstrapServers").asText();
            assertTrue(bootstrap != null && bootstrap.contains("." + namespace + ".svc:"),
                    svc.module() + ": KEDA's operator resolves '" + bootstrap + "' from its own namespace; "
                            + "name the Kafka bootstrap service fully qualified in namespace " + namespace);
            assertTrue(r.find("HorizontalPodAutoscaler", svc.module()).isEmpty(),
                    svc.module() + ": KEDA owns its HPA; a second one would fight it");
        }
        assertEquals(6, scaled.size());
        ObjectNode hpa = r.get("HorizontalPodAutoscaler", "upload-gateway");
        assertEquals("upload-gateway", hpa.at("/spec/scaleTargetRef/name").asText());
        assertEquals("cpu", hpa.at("/spec/metrics/0/resource/name").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void onlyTheGatewayIsExposedAndTheRestIsFencedIn(String overlay) {
        Rendered r = rendered(overlay);
        List<String> backends = new ArrayList<>();
        for (ObjectNode ingress : r.ofKind("Ingress")) {
            ingress.findValues("service").forEach(s -> backends.add(s.path("name").asText()));
        }
        assertFalse(backends.isEmpty(), "no Ingress");
        assertEquals(Set.of("upload-gateway"), Set.copyOf(backends), "only the gateway is exposed");
        for (ObjectNode service : r.ofKind("Service")) {
            String type = service.at("/spec/type").asText("ClusterIP");
            assertTrue(type.isEmpty() || type.equals("ClusterIP"), Rendered.id(service) + " is exposed as " + type);
        }
        assertTrue(r.ofKind("NetworkPolicy").stream().anyMatch(p -> p.at("/spec/podSelector").isEmpty()
                        && p.at("/spec/ingress").isMissingNode()
                        && p.at("/spec/policyTypes").toString().contains("Ingress")),
                "no default-deny ingress NetworkPolicy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void servicesPointAtTheDataStoresDeclaredHere(String overlay) {
        Rendered r = rendered(overlay);
        ObjectNode db = r.ofKind("Cluster").getFirst();
        for (ServiceConfig svc : services.values()) {
            Map<String, String> env = environment(r, svc.module());
            assertEquals(Rendered.name(db) + "-rw", env.get("UPSHOT_DB_HOST"), svc.module() + ": database host");
            assertEquals(db.at("/spec/bootstrap/initdb/database").asText(), env.get("UPSHOT_DB_NAME"),
                    svc.module() + ": database name");
            assertEquals("5432", env.get("UPSHOT_DB_PORT"), svc.module() + ": database port");
            String kafka = env.get("KAFKA_BOOTSTRAP_SERVERS");
            assertTrue(kafka.startsWith(Rendered.name(r.ofKind("Kafka").getFirst()) + "-kafka-bootstrap."),
                    svc.module() + ": Kafka bootstrap " + kafka);
        }
        Map<String, String> gateway = environment(r, "upload-gateway");
        String s3 = gateway.get("UPSHOT_S3_ENDPOINT");
        assertTrue(s3.matches("https?://[a-z0-9.-]+(:[0-9]+)?"), "S3 endpoint " + s3);
        r.find("Service", "upshot-minio").ifPresent(minio -> assertEquals(
                "http://upshot-minio:" + minio.at("/spec/ports/0/port").asInt(), s3, "gateway's S3 endpoint vs MinIO"));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static JsonNode container(Rendered r, String deployment) {
        JsonNode containers = r.get("Deployment", deployment).at("/spec/template/spec/containers");
        for (JsonNode c : containers) {
            if (c.path("name").asText().equals(deployment)) {
                return c;
            }
        }
        return fail(deployment + ": no container named like the Deployment");
    }

    /** The container's environment as Kubernetes would build it (values of secrets shown as "secret:NAME/KEY"). */
    private static Map<String, String> environment(Rendered r, String deployment) {
        JsonNode c = container(r, deployment);
        Map<String, String> env = new TreeMap<>();
        for (JsonNode from : c.path("envFrom")) {
            if (from.has("configMapRef")) {
                String name = from.at("/configMapRef/name").asText();
                r.get("ConfigMap", name).path("data").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
            }
            if (from.has("secretRef")) {
                fail(deployment + ": envFrom a Secret hides which variables it sets; use secretKeyRef");
            }
        }
        for (JsonNode e : c.path("env")) {
            String value = e.has("value") ? e.path("value").asText()
                    : e.has("valueFrom") ? "secret:" + e.at("/valueFrom/secretKeyRef/name").asText() + "/"
                    + e.at("/valueFrom/secretKeyRef/key").asText() : "";
            env.put(e.path("name").asText(), value);
        }
        return env;
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector == null || !selector.isObject() || selector.isEmpty()) {
            return false;
        }
        return selector.properties().stream()
                .allMatch(e -> e.getValue().asText().equals(labels.path(e.getKey()).asText(null)));
    }
}
