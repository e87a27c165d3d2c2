package dev.upshot.gateway.rest;

import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link BodyLimitResponses} decides, before any routing, which calls with a body carry their credentials inside it
 * (Upload API) and which are Admin API calls whose Basic credentials it checks. A new Upload API endpoint missing
 * from its list is refused 401 "Must supply api_key" before it is routed (what happened to the first
 * {@code delete_by_token}); an Admin endpoint on the list would read its body unauthenticated. Every POST, PUT and
 * DELETE under {@code /v1_1/} is checked here against its class's {@link AdminApi}.
 */
class BodyLimitRoutesTest {
    private static final Pattern PARAMETER = Pattern.compile("\\{\\s*([A-Za-z0-9_]+)\\s*(?::\\s*([^}]*))?}");
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "DELETE");

    @Test
    void everyEndpointWithABodyIsCheckedAsItsClassSays() throws Exception {
        Set<String> wrong = new TreeSet<>();
        java.nio.file.Path classes = java.nio.file.Path.of("target", "classes", "dev", "upshot", "gateway", "rest");
        try (Stream<java.nio.file.Path> files = Files.list(classes)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                Class<?> type = Class.forName("dev.upshot.gateway.rest."
                        + file.getFileName().toString().replace(".class", ""));
                Path root = type.getAnnotation(Path.class);
                if (root == null || !root.value().startsWith("/v1_1/{cloud}/")) {
                    continue;
                }
                // the webhook calls are Admin API calls the dispatcher serves (and authenticates again)
                boolean admin = type.isAnnotationPresent(AdminApi.class) || type == WebhookAdminProxy.class;
                for (Method method : type.getDeclaredMethods()) {
                    String verb = OpenApiDriftTest.verb(method);
                    if (verb == null || !WITH_BODY.contains(verb)) {
                        continue;
                    }
                    Path sub = method.getAnnotation(Path.class);
                    String template = root.value().substring("/v1_1/{cloud}/".length())
                            + (sub == null ? "" : "/" + sub.value());
                    for (String rest : samples(template)) {
                        if (BodyLimitResponses.credentialsInBody(rest) == admin) {
                            wrong.add(verb + " " + rest + (admin ? " (Admin API, not checked)" : " (taken for Admin)"));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), List.copyOf(wrong));
    }

    /**
     * Concrete paths for a template: each alternative of a {@code {name: a|b}} parameter, {@code image} for a resource
     * type, "x" for the others.
     */
    private static List<String> samples(String template) {
        Matcher parameter = PARAMETER.matcher(template);
        if (!parameter.find()) {
            return List.of(template.replaceAll("/+", "/"));
        }
        String regex = parameter.group(2) == null ? "" : parameter.group(2).strip();
        List<String> values = regex.matches("[a-z_]+(\\|[a-z_]+)*") ? List.of(regex.split("\\|"))
                : List.of(parameter.group(1).equals("resourceType") ? "image" : "x");
        List<String> all = new ArrayList<>();
        for (String value : values) {
            all.addAll(samples(template.substring(0, parameter.start()) + value
                    + template.substring(parameter.end())));
        }
        return all;
    }
}
