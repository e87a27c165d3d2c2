package dev.upshot.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/observability, offline: the Grafana dashboard parses and every panel queries something; one ServiceMonitor
 * per service selects that service's Service and scrapes its http port at /q/metrics; the PrometheusRule has the
 * alerts the runbook names, each with a severity. That the metric names they query exist is checked against scrapes
 * of the running services by the system test {@code MetricsIT}.
 */
class ObservabilityManifestsTest {
    static final Path DIR = Repository.ROOT.resolve("deploy/observability");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDashboardParsesAndEveryPanelQueries() throws IOException {
        JsonNode dashboard = JSON.readTree(DIR.resolve("dashboard.json").toFile());
        assertEquals("upshot-overview", dashboard.path("uid").asText());
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertTrue(ids.add(panel.path("id").asInt()), "panel ids are unique: " + panel.path("id"));
            assertFalse(panel.path("targets").isEmpty(), panel.path("title") + " has no query");
            panel.path("targets").forEach(t -> assertFalse(t.path("expr").asText().isBlank(),
                    panel.path("title") + " has an empty query"));
        }
        assertTrue(ids.size() >= 10, "the dashboard covers the stages: " + ids.size() + " panels");
    }

    @Test
    void everyServiceHasAServiceMonitorOnItsMetricsEndpoint() throws IOException {
        Map<String, JsonNode> monitors = new TreeMap<>();
        for (JsonNode doc : Rendered.parse(Files.readString(DIR.resolve("service-monitors.yaml")))) {
            assertEquals("ServiceMonitor", doc.path("kind").asText());
            assertEquals("monitoring.coreos.com/v1", doc.path("apiVersion").asText());
            monitors.put(doc.path("metadata").path("name").asText(), doc);
        }
        assertEquals(new TreeSet<>(ServiceConfig.MODULES), monitors.keySet());
        for (var entry : monitors.entrySet()) {
            JsonNode service = serviceOf(entry.getKey());
            String selected = entry.getValue().path("spec").path("selector").path("matchLabels")
                    .path("app.kubernetes.io/name").asText();
            assertEquals(service.path("metadata").path("labels").path("app.kubernetes.io/name").asText(), selected,
                    entry.getKey() + ": the monitor selects the service's Service");
            JsonNode endpoint = entry.getValue().path("spec").path("endpoints").get(0);
            assertEquals("/q/metrics", endpoint.path("path").asText());
            Set<String> ports = StreamSupport.stream(service.path("spec").path("ports").spliterator(), false)
                    .map(p -> p.path("name").asText()).collect(Collectors.toSet());
            assertTrue(ports.contains(endpoint.path("port").asText()), entry.getKey() + ": the Service has port "
                    + endpoint.path("port").asText() + " (it has " + ports + ")");
        }
    }

    @Test
    void theRulesHaveTheRunbookAlerts() throws IOException {
        JsonNode rule = Rendered.parse(Files.readString(DIR.resolve("prometheus-rules.yaml"))).getFirst();
        assertEquals("PrometheusRule", rule.path("kind").asText());
        Map<String, JsonNode> alerts = new TreeMap<>();
        rule.path("spec").path("groups").forEach(g -> g.path("rules").forEach(r ->
                alerts.put(r.path("alert").asText(), r)));
        assertTrue(alerts.keySet().containsAll(Set.of("UpshotOutboxRelayStuck", "UpshotConsumerLagGrowing",
                "UpshotWebhookDeliveriesDead", "UpshotModerationQueueWaiting", "UpshotSandboxCrashLoop")),
                alerts.keySet().toString());
        alerts.forEach((name, r) -> {
            assertFalse(r.path("expr").asText().isBlank(), name);
            assertTrue(Set.of("warning", "critical").contains(r.path("labels").path("severity").asText()), name);
        });
    }

    private static JsonNode serviceOf(String module) throws IOException {
        return Rendered.parse(Files.readString(Repository.ROOT.resolve("deploy/kubernetes/base/services/" + module
                        + ".yaml"))).stream().filter(d -> d.path("kind").asText().equals("Service")).findFirst()
                .orElseThrow(() -> new AssertionError(module + " has no Service"));
    }
}
