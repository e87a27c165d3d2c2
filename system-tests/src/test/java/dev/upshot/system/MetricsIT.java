package dev.upshot.system;

import com.cloudinary.Transformation;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboard and the alerts of deploy/observability query only metrics the services really export: after
 * one upload that exercises every stage, the names in their queries are looked up in the scrapes of the running
 * services' {@code /q/metrics}.
 */
class MetricsIT {
    private static final Pattern QUERIED = Pattern.compile("\\b((?:upshot|http_server|kafka)_[a-z0-9_]+)");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)", Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path OBSERVABILITY = Path.of(System.getProperty("upshot.repo", ".."), "deploy/observability");

    @Test
    void everyMetricTheDashboardAndTheAlertsQueryIsExported() throws Exception {
        Platform platform = Platform.get();
        String hook = "/metrics/" + UUID.randomUUID();
        platform.cloudinary.uploader().upload(Png.of(64, 48), ObjectUtils.asMap(
                "colors", true, "faces", true, "moderation", "manual",
                "eager", List.of(new Transformation().crop("scale").width(32)),
                "on_success", "current_asset.update({ tags: ['measured'] });",
                "notification_url", platform.receiver.url(hook)));
        await().atMost(Platform.DELIVERY).until(() -> !platform.receiver.at(hook).isEmpty());

        Set<String> queried = queriedNames();
        await().atMost(Platform.DELIVERY).untilAsserted(() -> {
            Map<String, Set<String>> exported = exportedNames(platform);
            Set<String> all = new TreeSet<>();
            exported.values().forEach(all::addAll);
            Set<String> missing = new TreeSet<>(queried);
            missing.removeAll(all);
            assertEquals(Set.of(), missing, "queried by deploy/observability but exported by no service");
        });
        assertTrue(queried.size() >= 15, "the dashboard and alerts query the stages: " + queried);
    }

    /** Metric names in the dashboard's and the alerts' queries. */
    private static Set<String> queriedNames() throws Exception {
        List<String> expressions = new ArrayList<>();
        new ObjectMapper().readTree(OBSERVABILITY.resolve("dashboard.json").toFile()).path("panels").forEach(p ->
                p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
        JsonNode rules = new YAMLMapper().readTree(OBSERVABILITY.resolve("prometheus-rules.yaml").toFile());
        rules.path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> expressions.add(r.path("expr").asText())));
        Set<String> names = new TreeSet<>();
        for (String expression : expressions) {
            Matcher m = QUERIED.matcher(expression);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Sample names by service, from a scrape of each. */
    private static Map<String, Set<String>> exportedNames(Platform platform) throws Exception {
        Map<String, Set<String>> names = new TreeMap<>();
        for (ServiceProcess service : platform.services()) {
            String scrape = HTTP.send(HttpRequest.newBuilder(service.uri("/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Set<String> here = new TreeSet<>();
            Matcher m = SAMPLE.matcher(scrape);
            while (m.find()) {
                here.add(m.group(1));
            }
            names.put(service.module(), here);
        }
        return names;
    }
}
