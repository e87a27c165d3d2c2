package dev.upshot.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/openapi.yaml describes exactly the gateway's endpoints: every JAX-RS resource method of
 * {@code dev.upshot.gateway.rest} has its operation (same path, same HTTP method) with a description, and the document
 * has no operation the code lacks. A new endpoint fails here, named, until the document describes it.
 */
class OpenApiDriftTest {
    static final java.nio.file.Path DOCUMENT = java.nio.file.Path.of("..", "docs", "openapi.yaml");
    private static final String REST_PACKAGE = "dev.upshot.gateway.rest";
    private static final Set<String> VERBS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void everyEndpointIsDescribedAndEveryDescribedOperationExists() throws Exception {
        Set<String> inCode = endpointsInCode();
        Set<String> inDocument = new TreeSet<>();
        Set<String> undescribed = new TreeSet<>();
        JsonNode paths = new YAMLMapper().readTree(DOCUMENT.toFile()).path("paths");
        paths.properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (VERBS.contains(operation.getKey())) {
                String id = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                inDocument.add(id);
                if (operation.getValue().path("description").asText().isBlank()) {
                    undescribed.add(id);
                }
            }
        }));
        Set<String> missing = new TreeSet<>(inCode);
        missing.removeAll(inDocument);
        Set<String> stale = new TreeSet<>(inDocument);
        stale.removeAll(inCode);
        assertEquals(List.of(), List.copyOf(missing),
                "endpoints of the gateway missing from docs/openapi.yaml (describe them there)");
        assertEquals(List.of(), List.copyOf(stale), "operations in docs/openapi.yaml that the gateway does not have");
        assertEquals(List.of(), List.copyOf(undescribed), "operations in docs/openapi.yaml without a description");
    }

    /** "METHOD /path" of every resource method, path parameters without their regular expressions. */
    static Set<String> endpointsInCode() throws IOException, ClassNotFoundException {
        Set<String> endpoints = new TreeSet<>();
        java.nio.file.Path classes = java.nio.file.Path.of("target", "classes", REST_PACKAGE.replace('.', '/'));
        try (Stream<java.nio.file.Path> files = Files.list(classes)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                Class<?> type = Class.forName(REST_PACKAGE + "." + file.getFileName().toString().replace(".class", ""));
                Path root = type.getAnnotation(Path.class);
                if (root == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = verb(method);
                    if (verb != null) {
                        Path sub = method.getAnnotation(Path.class);
                        endpoints.add(verb + " " + normalise(root.value() + "/" + (sub == null ? "" : sub.value())));
                    }
                }
            }
        }
        return endpoints;
    }

    static String verb(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** {@code {publicId: .+}} → {@code {publicId}}; one slash between segments, none at the end. */
    static String normalise(String path) {
        String plain = path.replaceAll("\\{\\s*([A-Za-z0-9_]+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        plain = plain.startsWith("/") ? plain : "/" + plain;
        return plain.length() > 1 && plain.endsWith("/") ? plain.substring(0, plain.length() - 1) : plain;
    }
}
