package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.upshot.contracts.EventCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * 16 calls of one write operation sent at once, on 16 objects or all on one: every call must be answered within 2 s and
 * none with a 5xx. Each batch is recorded under the docs/openapi.yaml operation its requests reach (read from the
 * requests themselves), so that {@link ConcurrentWritesTest} can tell which write operations the suite exercised.
 */
final class ConcurrentCalls {
    static final int PARALLEL = 16;
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);
    private static final Duration SETUP_WITHIN = Duration.ofSeconds(30);
    private static final Set<String> WRITES = Set.of("post", "put", "delete", "patch");
    /** Path parameters that hold a public id or a sub-path, and so may contain slashes. */
    private static final Set<String> MULTI_SEGMENT = Set.of("publicId", "path");

    /** On what the 16 calls of a batch act. */
    enum Target { DISTINCT_OBJECTS, ONE_OBJECT }

    private static final Map<String, Set<Target>> EXERCISED = new ConcurrentHashMap<>();

    private final URL base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Pattern> operations = writeOperations().stream()
            .collect(Collectors.toMap(op -> op, ConcurrentCalls::pattern));

    ConcurrentCalls(URL base) {
        this.base = base;
    }

    /**
     * Every write operation of docs/openapi.yaml as "METHOD /path"; a path parameter named {@code action} whose enum
     * lists the Upload API methods it stands for gives one operation per method.
     */
    static Set<String> writeOperations() {
        JsonNode paths;
        try {
            paths = new YAMLMapper().readTree(OpenApiDriftTest.DOCUMENT.toFile()).path("paths");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> found = new java.util.TreeSet<>();
        paths.properties().forEach(path -> {
            List<String> templates = new ArrayList<>();
            path.getValue().path("parameters").forEach(parameter -> {
                if (parameter.path("name").asText().equals("action")) {
                    parameter.path("schema").path("enum").forEach(method ->
                            templates.add(path.getKey().replace("{action}", method.asText())));
                }
            });
            if (templates.isEmpty()) {
                templates.add(path.getKey());
            }
            path.getValue().properties().forEach(operation -> {
                if (WRITES.contains(operation.getKey())) {
                    templates.forEach(t -> found.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + t));
                }
            });
        });
        return found;
    }

    /** The target(s) each operation's batches acted on, so far in this JVM. */
    static Map<String, Set<Target>> exercised() {
        return Map.copyOf(EXERCISED);
    }

    List<HttpResponse<String>> onDistinctObjects(IntFunction<HttpRequest> request) {
        return parallel(Target.DISTINCT_OBJECTS, request);
    }

    List<HttpResponse<String>> onOneObject(IntFunction<HttpRequest> request) {
        return parallel(Target.ONE_OBJECT, request);
    }

    private List<HttpResponse<String>> parallel(Target target, IntFunction<HttpRequest> request) {
        List<HttpRequest> requests = IntStream.range(0, PARALLEL).mapToObj(request).toList();
        Set<String> reached = requests.stream().map(this::operation).collect(Collectors.toSet());
        assertEquals(1, reached.size(), "one operation per batch: " + reached);
        List<CompletableFuture<HttpResponse<String>>> calls = requests.stream()
                .map(r -> http.sendAsync(r, HttpResponse.BodyHandlers.ofString())).toList();
        // each request carries the 2 s timeout: a late answer fails the join
        List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();
        responses.forEach(r -> assertTrue(r.statusCode() < 500, r.statusCode() + " " + r.body()));
        EXERCISED.computeIfAbsent(reached.iterator().next(), op -> ConcurrentHashMap.newKeySet()).add(target);
        return responses;
    }

    /** The spec's write operation this request reaches; the most literal template wins (/order over /{id}). */
    private String operation(HttpRequest request) {
        String path = request.uri().getPath();
        return operations.entrySet().stream()
                .filter(op -> op.getKey().startsWith(request.method() + " ")
                        && op.getValue().matcher(path).matches())
                .max(Comparator.comparingInt(op -> op.getKey().replaceAll("\\{[^}]+}", "").length()))
                .map(Map.Entry::getKey)
                .orElseGet(() -> fail(request.method() + " " + path + " is no write operation of docs/openapi.yaml"));
    }

    private static Pattern pattern(String operation) {
        String template = operation.substring(operation.indexOf(' ') + 1);
        StringBuilder regex = new StringBuilder();
        for (String piece : template.split("(?=\\{)|(?<=})")) {
            regex.append(!piece.startsWith("{") ? Pattern.quote(piece)
                    : MULTI_SEGMENT.contains(piece.substring(1, piece.length() - 1)) ? ".+" : "[^/]+");
        }
        return Pattern.compile(regex.toString());
    }

    /** One call, to prepare or check a case: not held to the 2 s of the parallel ones. */
    HttpResponse<String> send(HttpRequest request) {
        HttpRequest patient = HttpRequest.newBuilder(request, (name, value) -> true).timeout(SETUP_WITHIN).build();
        return http.sendAsync(patient, HttpResponse.BodyHandlers.ofString()).join();
    }

    HttpRequest admin(String method, String path) {
        return builder(path).method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    HttpRequest form(String method, String path, String body) {
        return builder(path).header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    HttpRequest json(String method, String path, String body) {
        return builder(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** An Upload API call ({@code image/upload}, {@code image/tags} …), signed as the SDKs sign it. */
    HttpRequest uploadApi(String path, Map<String, ?> parameters) {
        Map<String, Object> signed = new TreeMap<>(parameters);
        signed.remove("file");
        signed.put("timestamp", Long.toString(Instant.now().getEpochSecond()));
        SdkClients.cloudinary(base).signRequest(signed, new HashMap<>());
        if (parameters.containsKey("file")) {
            signed.put("file", parameters.get("file"));
        }
        String body = signed.entrySet().stream().flatMap(e -> e.getValue() instanceof Collection<?> values
                        ? values.stream().map(v -> encode(e.getKey() + "[]") + "=" + encode(v))
                        : java.util.stream.Stream.of(encode(e.getKey()) + "=" + encode(e.getValue())))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(base + "v1_1/" + SdkClients.config("cloud-name") + "/" + path))
                .timeout(ANSWER_WITHIN).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** A small PNG as the {@code file} of an upload, different for each {@code seed}. */
    static String dataUri(int seed) {
        try {
            return "data:image/png;base64," + Base64.getEncoder()
                    .encodeToString(UploadApiTest.image("png", 3 + seed, 3));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Object value) {
        return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder builder(String path) {
        String credentials = SdkClients.config("api-key") + ":" + SdkClients.config("api-secret");
        return HttpRequest.newBuilder(URI.create(base + "v1_1/" + SdkClients.config("cloud-name") + "/" + path))
                .timeout(ANSWER_WITHIN)
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    /** Every call answered {@code status}. */
    static void allAnswered(int status, List<HttpResponse<String>> responses) {
        responses.forEach(r -> assertEquals(status, r.statusCode(), r.body()));
    }

    /** Exactly {@code winners} calls got {@code ok}, every other one {@code loser}. */
    static void assertStatuses(List<HttpResponse<String>> responses, int ok, int winners, int loser) {
        long won = responses.stream().filter(r -> r.statusCode() == ok).count();
        List<String> others = responses.stream().filter(r -> r.statusCode() != ok && r.statusCode() != loser)
                .map(r -> r.statusCode() + " " + r.body()).toList();
        assertEquals(List.of(), others, "every call is answered " + ok + " or " + loser);
        assertEquals(winners, won, "calls answered " + ok);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return EventCodec.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
