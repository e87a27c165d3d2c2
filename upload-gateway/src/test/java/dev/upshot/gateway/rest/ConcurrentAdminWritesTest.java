package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.gateway.persistence.UploadPreset;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 16 parallel Admin API writes, on 16 objects and all on one: each is answered within 2 s, none with a 500, and the
 * final state is one a serial order of the same calls gives. Entity removal, which Hibernate Reactive cannot run
 * concurrently, is refused outright.
 */
@QuarkusTest
class ConcurrentAdminWritesTest {
    private static final int PARALLEL = 16;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void presetsCreatedUpdatedAndDeletedInParallel() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        // distinct objects
        List<HttpResponse<String>> created = parallel(i -> form("POST", "upload_presets", "name=p" + run + "_" + i + "&tags=t" + i));
        created.forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        List<HttpResponse<String>> updated = parallel(i -> form("PUT", "upload_presets/p" + run + "_" + i, "tags=u" + i));
        updated.forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        assertEquals("[\"u3\"]", json(send(admin("GET", "upload_presets/p" + run + "_3"))).path("settings").path("tags").toString());
        List<HttpResponse<String>> deleted = parallel(i -> admin("DELETE", "upload_presets/p" + run + "_" + i));
        deleted.forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        assertEquals(404, send(admin("GET", "upload_presets/p" + run + "_3")).statusCode());

        // one object
        String one = "one" + run;
        assertStatuses(parallel(i -> form("POST", "upload_presets", "name=" + one + "&tags=c" + i)), 200, 1, 409);
        parallel(i -> form("PUT", "upload_presets/" + one, "tags=u" + i))
                .forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        String tags = json(send(admin("GET", "upload_presets/" + one))).path("settings").path("tags").toString();
        assertTrue(tags.matches("\\[\"u([0-9]|1[0-5])\"]"), "one of the updates won whole: " + tags);
        assertStatuses(parallel(i -> admin("DELETE", "upload_presets/" + one)), 200, 1, 404);
        assertEquals(404, send(admin("GET", "upload_presets/" + one)).statusCode());
    }

    @Test
    void metadataFieldsCreatedUpdatedAndDeletedInParallel() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<HttpResponse<String>> created = parallel(i -> jsonCall("POST", "metadata_fields",
                "{\"type\":\"string\",\"external_id\":\"f" + run + i + "\",\"label\":\"F" + i + "\"}"));
        created.forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        parallel(i -> jsonCall("PUT", "metadata_fields/f" + run + i, "{\"label\":\"G" + i + "\"}"))
                .forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        assertEquals("G5", json(send(admin("GET", "metadata_fields/f" + run + 5))).path("label").asText());
        parallel(i -> admin("DELETE", "metadata_fields/f" + run + i))
                .forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        assertEquals(404, send(admin("GET", "metadata_fields/f" + run + 5)).statusCode());

        String one = "one" + run;
        assertStatuses(parallel(i -> jsonCall("POST", "metadata_fields",
                "{\"type\":\"string\",\"external_id\":\"" + one + "\",\"label\":\"L" + i + "\"}")), 200, 1, 400);
        parallel(i -> jsonCall("PUT", "metadata_fields/" + one, "{\"label\":\"M" + i + "\"}"))
                .forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        String label = json(send(admin("GET", "metadata_fields/" + one))).path("label").asText();
        assertTrue(label.matches("M([0-9]|1[0-5])"), "one of the updates won: " + label);
        assertStatuses(parallel(i -> admin("DELETE", "metadata_fields/" + one)), 200, 1, 404);
        assertEquals(404, send(admin("GET", "metadata_fields/" + one)).statusCode());
    }

    @Test
    void presetsWithoutANameGetSixteenDistinctNames() {
        List<HttpResponse<String>> created = parallel(i -> form("POST", "upload_presets", "tags=anonymous" + i));
        created.forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        assertEquals(PARALLEL, created.stream().map(r -> r.body()).distinct().count(), "distinct generated names");
    }

    @Test
    void datasourceAndFieldOrderChangesInParallel() throws Exception {
        String field = "ds" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(200, send(jsonCall("POST", "metadata_fields", "{\"type\":\"set\",\"external_id\":\"" + field
                + "\",\"label\":\"DS\",\"datasource\":{\"values\":[]}}")).statusCode());
        // one field, 16 additions: none lost
        parallel(i -> jsonCall("PUT", "metadata_fields/" + field + "/datasource",
                "{\"values\":[{\"external_id\":\"v" + i + "\",\"value\":\"value " + i + "\"}]}"))
                .forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        assertEquals(PARALLEL, json(send(admin("GET", "metadata_fields/" + field))).path("datasource").path("values").size());
        // 16 deletions (urlencoded, as the Java SDK sends them), then 16 restores of the same value
        parallel(i -> form("DELETE", "metadata_fields/" + field + "/datasource", "external_ids[]=v" + i))
                .forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        assertEquals(0, json(send(admin("GET", "metadata_fields/" + field))).path("datasource").path("values").size());
        parallel(i -> jsonCall("POST", "metadata_fields/" + field + "/datasource_restore", "{\"external_ids\":[\"v3\"]}"))
                .forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        assertEquals(List.of("v3"), json(send(admin("GET", "metadata_fields/" + field))).path("datasource")
                .path("values").findValuesAsText("external_id"));
        parallel(i -> jsonCall("POST", "metadata_fields/" + field + "/datasource/order",
                "{\"order_by\":\"value\",\"direction\":\"" + (i % 2 == 0 ? "asc" : "desc") + "\"}"))
                .forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        // the account's field order, 16 reorders at once: one of them is the final order
        List<HttpResponse<String>> reordered = parallel(i -> form("PUT", "metadata_fields/order",
                "order_by=" + List.of("label", "external_id", "created_at").get(i % 3) + "&direction="
                        + (i % 2 == 0 ? "asc" : "desc")));
        reordered.forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        String listed = json(send(admin("GET", "metadata_fields"))).path("metadata_fields").toString();
        assertTrue(reordered.stream().anyMatch(r -> {
            try {
                return json(r).path("metadata_fields").toString().equals(listed);
            } catch (Exception e) {
                return false;
            }
        }), "the listing is the answer of one of the reorders");
    }

    @Test
    void deletesByPrefixAndUpdatesInParallel() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < PARALLEL; i++) {
            cloudinary.uploader().upload(UploadApiTest.image("png", 3, 3), ObjectUtils.asMap("public_id",
                    "pd" + run + "/" + i + "/x", "tags", "t"));
        }
        // one asset, 16 updates: one of them wins whole
        String one = "pd" + run + "/0/x";
        parallel(i -> form("POST", "resources/image/upload/" + one, "tags=u" + i + ",w" + i))
                .forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        String tags = cloudinary.api().resource(one, ObjectUtils.emptyMap()).get("tags").toString();
        assertTrue(tags.matches("\\[u([0-9]|1[0-5]), w\\1]"), "one of the updates won whole: " + tags);
        // distinct objects: each call deletes its own prefix
        parallel(i -> admin("DELETE", "resources/image/upload?prefix=pd" + run + "/" + i + "/"))
                .forEach(r -> assertTrue(r.body().contains("pd" + run), r.body()));
        for (int i = 0; i < PARALLEL; i++) {
            cloudinary.uploader().upload(UploadApiTest.image("png", 3, 3), ObjectUtils.asMap("public_id",
                    "same" + run + "/" + i));
        }
        // one prefix, 16 calls: each asset is deleted exactly once
        List<HttpResponse<String>> same = parallel(i -> admin("DELETE", "resources/image/upload?prefix=same" + run + "/"));
        List<String> deleted = new ArrayList<>();
        for (HttpResponse<String> r : same) {
            assertEquals(200, r.statusCode(), r.body());
            json(r).path("deleted").properties().forEach(e -> deleted.add(e.getKey()));
        }
        assertEquals(PARALLEL, deleted.size(), deleted.toString());
        assertEquals(PARALLEL, deleted.stream().distinct().count(), deleted.toString());
    }

    @Test
    void aTriggerDeletedSixteenTimesAtOnceIsDeletedOnce() throws Exception {
        HttpResponse<String> created = send(jsonCall("POST", "triggers", "{\"uri\":\"https://example.com/hook/"
                + UUID.randomUUID() + "\",\"event_type\":\"delete\"}"));
        assertEquals(200, created.statusCode(), created.body());
        String id = json(created).path("id").asText();
        assertStatuses(parallel(i -> admin("DELETE", "triggers/" + id)), 200, 1, 404);
    }

    @Test
    void anEntityRemovalIsRefusedAtOnceAndRolledBack() throws Exception {
        String name = "removal" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(200, send(form("POST", "upload_presets", "name=" + name)).statusCode());
        String cloud = SdkClients.config("cloud-name");
        Exception refused = assertThrows(Exception.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> UploadPreset.findByName(cloud, name).call(UploadPreset::delete))));
        assertTrue(causes(refused).anyMatch(t -> t instanceof IllegalStateException
                && t.getMessage().contains("hibernate-reactive#1713")), refused::toString);
        assertEquals(200, send(admin("GET", "upload_presets/" + name)).statusCode());
    }

    private static Stream<Throwable> causes(Throwable failure) {
        return Stream.iterate(failure, Objects::nonNull, t -> t.getCause() == t ? null : t.getCause());
    }

    /** Exactly {@code winners} calls got {@code ok}, every other one {@code loser}. */
    private static void assertStatuses(List<HttpResponse<String>> responses, int ok, int winners, int loser) {
        long won = responses.stream().filter(r -> r.statusCode() == ok).count();
        List<String> others = responses.stream().filter(r -> r.statusCode() != ok && r.statusCode() != loser)
                .map(r -> r.statusCode() + " " + r.body()).toList();
        assertEquals(List.of(), others, "every call is answered " + ok + " or " + loser);
        assertEquals(winners, won, "calls answered " + ok);
    }

    /** Sends the 16 requests at once; each must be answered within {@link #ANSWER_WITHIN}. */
    private List<HttpResponse<String>> parallel(IntFunction<HttpRequest> request) {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        IntStream.range(0, PARALLEL).forEach(i -> calls.add(
                http.sendAsync(request.apply(i), HttpResponse.BodyHandlers.ofString())));
        List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();
        responses.forEach(r -> assertTrue(r.statusCode() < 500, r.statusCode() + " " + r.body()));
        return responses;
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest admin(String method, String path) {
        return builder(path).method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    private HttpRequest form(String method, String path, String body) {
        return builder(path).header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest jsonCall(String method, String path, String body) {
        return builder(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest.Builder builder(String path) {
        String credentials = SdkClients.config("api-key") + ":" + SdkClients.config("api-secret");
        return HttpRequest.newBuilder(URI.create(base + "v1_1/" + SdkClients.config("cloud-name") + "/" + path))
                .timeout(ANSWER_WITHIN)
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return EventCodec.mapper().readTree(response.body());
    }
}
