package dev.upshot.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import dev.upshot.gateway.persistence.UploadPreset;
import dev.upshot.gateway.rest.ConcurrentCalls.Target;
import dev.upshot.kit.s3.ObjectStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.upshot.gateway.rest.ConcurrentCalls.PARALLEL;
import static dev.upshot.gateway.rest.ConcurrentCalls.allAnswered;
import static dev.upshot.gateway.rest.ConcurrentCalls.assertStatuses;
import static dev.upshot.gateway.rest.ConcurrentCalls.dataUri;
import static dev.upshot.gateway.rest.ConcurrentCalls.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Admin and Upload API write operation, 16 calls at once on 16 objects and 16 calls at once on one object: each
 * is answered within 2 s, none with a 5xx, with the codes the contract gives (one winner and 15 "not found" or
 * "exists" where only one can win), and the final state is one a serial order of the same calls gives. The last test
 * checks against docs/openapi.yaml that every write operation was exercised both ways.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConcurrentWritesTest {
    /** Operations the suite leaves out, and why. */
    private static final Map<String, String> NOT_HERE = Map.of(
            "POST /v1_1/{cloud}/moderation/review/session", "the review page's sign-in (a browser session, not the "
                    + "Admin or Upload API); failed sign-ins are rate limited by design",
            "DELETE /v1_1/{cloud}/moderation/review/session", "the review page's sign-out (a browser session)",
            "POST /v1_1/{cloud}/moderation/review/api/decisions", "the review page's decisions (cookie session, not "
                    + "the Admin API); each runs the Admin API update's locked moderation change, tested here",
            "POST /v1_1/{cloud}/webhooks/{path}", "forwarded unchanged to the webhook dispatcher, which holds the "
                    + "delivery log and is not running in the gateway's tests");
    /** Operations on the account's one object, which have no distinct objects to act on. */
    private static final Map<String, String> ONE_PER_ACCOUNT = Map.of(
            "PUT /v1_1/{cloud}/metadata_fields/order", "the account has one order of its fields");

    @TestHTTPResource("/")
    URL base;

    @Inject
    ObjectStore store;

    private static boolean warm;

    private ConcurrentCalls calls;
    private String run;

    @BeforeEach
    void calls() {
        calls = new ConcurrentCalls(base);
        run = UUID.randomUUID().toString().substring(0, 8);
        if (!warm) {
            // a fresh JVM's first upload loads classes and compiles queries for seconds: the 2 s are for concurrency
            assertEquals(200, calls.send(upload("warm" + run, 0, Map.of())).statusCode());
            warm = true;
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void everyWriteOperationOfTheSpecWasExercisedOnDistinctObjectsAndOnOne() {
        Set<String> spec = ConcurrentCalls.writeOperations();
        assertTrue(spec.containsAll(NOT_HERE.keySet()) && spec.containsAll(ONE_PER_ACCOUNT.keySet()),
                "the exceptions name operations of docs/openapi.yaml");
        Map<String, Set<Target>> exercised = ConcurrentCalls.exercised();
        Map<String, Set<Target>> missing = new TreeMap<>();
        for (String operation : spec) {
            Set<Target> wanted = NOT_HERE.containsKey(operation) ? EnumSet.noneOf(Target.class)
                    : ONE_PER_ACCOUNT.containsKey(operation) ? EnumSet.of(Target.ONE_OBJECT)
                    : EnumSet.allOf(Target.class);
            wanted.removeAll(exercised.getOrDefault(operation, Set.of()));
            if (!wanted.isEmpty()) {
                missing.put(operation, wanted);
            }
        }
        assertEquals(Map.of(), missing, "write operations not run 16 at once (add a case to this suite)");
    }

    // ---- Upload API ---------------------------------------------------------------------------------------------

    @Test
    void uploadsOfSixteenPublicIds() {
        allAnswered(200, calls.onDistinctObjects(i -> upload("up" + run + "/" + i, i, Map.of())));
        IntStream.range(0, PARALLEL).forEach(i -> assertEquals(3 + i, details("up" + run + "/" + i).path("width").asInt()));
    }

    @Test
    void sixteenOverwritingUploadsOfOnePublicIdLeaveOneAssetAtItsLastVersion() throws Exception {
        String id = "overwrite" + run;
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.ASSET_UPLOADED));
            List<HttpResponse<String>> answers = calls.onOneObject(i -> upload(id, i, Map.of("overwrite", "true")));
            allAnswered(200, answers);
            assertEquals(1, answers.stream().map(r -> json(r).path("asset_id").asText()).distinct().count());
            assertEquals(PARALLEL - 1, answers.stream().filter(r -> json(r).path("overwritten").asBoolean()).count(),
                    "one upload created the asset, the others overwrote it");

            List<Envelope> events = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    Envelope event = EventCodec.decode(r.value());
                    if (event.payload().path("publicId").asText().equals(id)) {
                        events.add(event);
                    }
                });
                return events.size() >= PARALLEL;
            });
            assertEquals(answers.stream().map(r -> json(r).path("version").asLong()).sorted().toList(),
                    events.stream().map(Envelope::assetVersion).sorted().toList(), "one AssetUploaded per answer");
            assertEquals(PARALLEL, events.stream().map(Envelope::assetVersion).distinct().count(), "16 versions");
            Envelope last = events.stream().max(Comparator.comparingLong(Envelope::assetVersion)).orElseThrow();
            JsonNode asset = details(id);
            assertEquals(last.assetVersion(), asset.path("version").asLong());
            assertEquals(last.payload().path("width").asInt(), asset.path("width").asInt(), "the last version's file");
            assertEquals(1, json(calls.send(calls.admin("GET", "resources/image/upload?prefix=" + id)))
                    .path("resources").size());
            String kept = last.payload().path("objectKey").asText();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                for (Envelope event : events) {
                    String key = event.payload().path("objectKey").asText();
                    assertEquals(key.equals(kept), store.stat(key).isPresent(), key);
                }
            });
        }
    }

    @Test
    void sixteenUploadsOfOneNewPublicIdWithoutOverwriteCreateItOnce() {
        String id = "keep" + run;
        List<HttpResponse<String>> answers = calls.onOneObject(i -> upload(id, i, Map.of("overwrite", "false")));
        allAnswered(200, answers);
        List<HttpResponse<String>> created = answers.stream().filter(r -> !json(r).path("existing").asBoolean()).toList();
        assertEquals(1, created.size(), "one created, the others answered existing: true");
        assertEquals(json(created.getFirst()).path("width").asInt(), details(id).path("width").asInt());
        assertEquals(1, answers.stream().map(r -> json(r).path("version").asLong()).distinct().count());
    }

    @Test
    void explicitOnSixteenAssetsAndSixteenTimesOnOne() {
        List<String> ids = uploaded("explicit");
        allAnswered(200, calls.onDistinctObjects(i -> calls.uploadApi("image/explicit",
                Map.of("public_id", ids.get(i), "type", "upload", "tags", "e" + i))));
        IntStream.range(0, PARALLEL).forEach(i -> assertEquals("[\"e" + i + "\"]", tags(ids.get(i))));
        allAnswered(200, calls.onOneObject(i -> calls.uploadApi("image/explicit",
                Map.of("public_id", ids.getFirst(), "type", "upload", "tags", "e" + i + ",f" + i))));
        assertOneWonWhole(tags(ids.getFirst()), "\\[\"e(\\d+)\",\"f\\1\"]");
    }

    @Test
    void destroyOfSixteenAssetsAndSixteenTimesOfOne() {
        List<String> ids = uploaded("destroy");
        List<HttpResponse<String>> answers = calls.onDistinctObjects(i -> calls.uploadApi("image/destroy",
                Map.of("public_id", ids.get(i))));
        answers.forEach(r -> assertEquals("ok", json(r).path("result").asText(), r.body()));
        String one = uploaded("destroyone").getFirst();
        List<String> results = calls.onOneObject(i -> calls.uploadApi("image/destroy", Map.of("public_id", one)))
                .stream().map(r -> json(r).path("result").asText()).toList();
        assertEquals(1, results.stream().filter("ok"::equals).count(), results.toString());
        assertEquals(PARALLEL - 1, results.stream().filter("not found"::equals).count(), results.toString());
        assertEquals(404, calls.send(calls.admin("GET", "resources/image/upload/" + one)).statusCode());
    }

    @Test
    void deleteByTokenOfSixteenAssetsAndSixteenTimesWithOneToken() {
        // both routes: the SDKs' typed one and the one browsers post to
        for (String path : List.of("image/delete_by_token", "delete_by_token")) {
            String name = "token" + path.length();
            List<String> tokens = IntStream.range(0, PARALLEL + 1).mapToObj(i -> json(calls.send(upload(
                    "%s%s/%02d".formatted(name, run, i), i, Map.of("return_delete_token", "true"))))
                    .path("delete_token").asText()).toList();
            allAnswered(200, calls.onDistinctObjects(i -> calls.uploadApi(path, Map.of("token", tokens.get(i)))));
            List<HttpResponse<String>> answers = calls.onOneObject(i -> calls.uploadApi(path,
                    Map.of("token", tokens.get(PARALLEL))));
            assertStatuses(answers, 200, 1, 400);
            IntStream.range(0, PARALLEL + 1).forEach(i -> assertEquals(404, calls.send(calls.admin("GET",
                    "resources/image/upload/%s%s/%02d".formatted(name, run, i))).statusCode()));
        }
    }

    @Test
    void renameOfSixteenAssetsAndOfOneToSixteenNames() {
        List<String> ids = uploaded("rename");
        allAnswered(200, calls.onDistinctObjects(i -> calls.uploadApi("image/rename",
                Map.of("from_public_id", ids.get(i), "to_public_id", ids.get(i) + "_to"))));
        ids.forEach(id -> assertEquals(200, calls.send(calls.admin("GET", "resources/image/upload/" + id + "_to"))
                .statusCode()));
        String one = uploaded("renameone").getFirst();
        List<HttpResponse<String>> answers = calls.onOneObject(i -> calls.uploadApi("image/rename",
                Map.of("from_public_id", one, "to_public_id", one + "_" + i)));
        assertStatuses(answers, 200, 1, 404);
        String winner = answers.stream().filter(r -> r.statusCode() == 200).map(r -> json(r).path("public_id").asText())
                .findFirst().orElseThrow();
        List<String> remaining = IntStream.range(0, PARALLEL).mapToObj(i -> one + "_" + i)
                .filter(id -> calls.send(calls.admin("GET", "resources/image/upload/" + id)).statusCode() == 200)
                .toList();
        assertEquals(List.of(winner), remaining);
    }

    @Test
    void tagsAddedToSixteenAssetsAndToOne() {
        List<String> ids = uploaded("tags");
        allAnswered(200, calls.onDistinctObjects(i -> tagCall("add", "t" + i, ids.get(i))));
        IntStream.range(0, PARALLEL).forEach(i -> assertEquals("[\"t" + i + "\"]", tags(ids.get(i))));
        String one = ids.getFirst();
        allAnswered(200, calls.onOneObject(i -> tagCall("add", "a" + i, one)));
        assertEquals(PARALLEL + 1, details(one).path("tags").size(), "no tag lost to a concurrent add");
        allAnswered(200, calls.onOneObject(i -> tagCall("remove", "a" + i, one)));
        assertEquals("[\"t0\"]", tags(one), "no removal lost");
    }

    @Test
    void aTagMadeExclusiveBySixteenCallsEndsOnOneAsset() {
        List<String> ids = uploaded("exclusive");
        String tag = "x" + run;
        // each call makes the tag exclusive to its own asset: the last one is alone with it
        allAnswered(200, calls.onDistinctObjects(i -> tagCall("set_exclusive", tag, ids.get(i))));
        assertEquals(1, ids.stream().filter(id -> tags(id).contains(tag)).count(), "the tag is on one asset");
        // the same asset 16 times: it keeps the tag
        allAnswered(200, calls.onOneObject(i -> tagCall("set_exclusive", tag, ids.get(3))));
        assertEquals(List.of(ids.get(3)), ids.stream().filter(id -> tags(id).contains(tag)).toList());
    }

    @Test
    void contextAddedToSixteenAssetsAndToOne() {
        List<String> ids = uploaded("context");
        allAnswered(200, calls.onDistinctObjects(i -> calls.uploadApi("image/context",
                Map.of("command", "add", "context", "k=v" + i, "public_ids", List.of(ids.get(i))))));
        IntStream.range(0, PARALLEL).forEach(i ->
                assertEquals("v" + i, details(ids.get(i)).path("context").path("custom").path("k").asText()));
        allAnswered(200, calls.onOneObject(i -> calls.uploadApi("image/context",
                Map.of("command", "add", "context", "k" + i + "=v" + i, "public_ids", List.of(ids.getFirst())))));
        assertEquals(PARALLEL + 1, details(ids.getFirst()).path("context").path("custom").size(),
                "no key lost to a concurrent add");
    }

    @Test
    void metadataSetOnSixteenAssetsAndOnOne() {
        List<String> fields = IntStream.range(0, PARALLEL).mapToObj(i -> "m" + run + "_" + i).toList();
        fields.forEach(f -> assertEquals(200, calls.send(calls.json("POST", "metadata_fields",
                "{\"type\":\"string\",\"external_id\":\"" + f + "\",\"label\":\"" + f + "\"}")).statusCode()));
        List<String> ids = uploaded("metadata");
        allAnswered(200, calls.onDistinctObjects(i -> calls.uploadApi("image/metadata",
                Map.of("metadata", fields.getFirst() + "=v" + i, "public_ids", List.of(ids.get(i))))));
        IntStream.range(0, PARALLEL).forEach(i ->
                assertEquals("v" + i, details(ids.get(i)).path("metadata").path(fields.getFirst()).asText()));
        // one asset, each call its own field: all 16 values stay
        allAnswered(200, calls.onOneObject(i -> calls.uploadApi("image/metadata",
                Map.of("metadata", fields.get(i) + "=w" + i, "public_ids", List.of(ids.get(1))))));
        JsonNode metadata = details(ids.get(1)).path("metadata");
        IntStream.range(0, PARALLEL).forEach(i -> assertEquals("w" + i, metadata.path(fields.get(i)).asText()));
    }

    // ---- Admin API: assets --------------------------------------------------------------------------------------

    @Test
    void updatesOfSixteenAssetsAndOfOne() {
        List<String> ids = uploaded("update");
        String field = "u" + run;
        assertEquals(200, calls.send(calls.json("POST", "metadata_fields",
                "{\"type\":\"string\",\"external_id\":\"" + field + "\",\"label\":\"U\"}")).statusCode());
        allAnswered(200, calls.onDistinctObjects(i -> calls.form("POST", "resources/image/upload/" + ids.get(i),
                "metadata=" + field + "%3Dv" + i + "&access_control="
                        + encode("[{\"access_type\":\"anonymous\",\"start\":\"2030-01-0" + (1 + i % 9) + "T00:00:00Z\"}]"))));
        IntStream.range(0, PARALLEL).forEach(i -> {
            JsonNode asset = details(ids.get(i));
            assertEquals("v" + i, asset.path("metadata").path(field).asText());
            assertTrue(asset.path("access_control").toString().contains("2030-01-0" + (1 + i % 9)), asset::toString);
        });
        // one asset, 16 updates of several attributes: one of them wins whole
        String one = ids.getFirst();
        allAnswered(200, calls.onOneObject(i -> calls.form("POST", "resources/image/upload/" + one,
                "tags=u" + i + ",w" + i + "&context=k%3D" + i + "&custom_coordinates=" + i + ",1,2,2")));
        JsonNode asset = json(calls.send(calls.admin("GET", "resources/image/upload/" + one + "?coordinates=true")));
        String won = assertOneWonWhole(asset.path("tags").toString(), "\\[\"u(\\d+)\",\"w\\1\"]");
        assertEquals(won, asset.path("context").path("custom").path("k").asText());
        assertEquals("[[" + won + ",1,2,2]]", asset.path("coordinates").path("custom").toString());
    }

    @Test
    void moderationDecidedSixteenTimesAtOnce() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            String id = "moderated" + run + "/" + i;
            assertEquals(200, calls.send(upload(id, i, Map.of("moderation", "manual"))).statusCode());
            ids.add(id);
        }
        allAnswered(200, calls.onDistinctObjects(i -> calls.form("POST", "resources/image/upload/" + ids.get(i),
                "moderation_status=" + (i % 2 == 0 ? "approved" : "rejected"))));
        IntStream.range(0, PARALLEL).forEach(i -> assertEquals(i % 2 == 0 ? "approved" : "rejected",
                details(ids.get(i)).path("moderation_status").asText()));
        List<HttpResponse<String>> answers = calls.onOneObject(i -> calls.form("POST",
                "resources/image/upload/" + ids.getFirst(), "moderation_status=" + (i % 2 == 0 ? "rejected" : "approved")));
        allAnswered(200, answers);
        assertTrue(List.of("approved", "rejected").contains(details(ids.getFirst()).path("moderation_status").asText()));
    }

    @Test
    void deletesByPublicIdPrefixAndTag() {
        List<String> ids = uploaded("byid");
        calls.onDistinctObjects(i -> calls.admin("DELETE", "resources/image/upload?public_ids%5B%5D=" + ids.get(i)))
                .forEach(r -> assertEquals("deleted", json(r).path("deleted").elements().next().asText(), r.body()));
        String one = uploaded("byidone").getFirst();
        assertDeletedOnce(List.of(one),
                calls.onOneObject(i -> calls.admin("DELETE", "resources/image/upload?public_ids%5B%5D=" + one)));

        List<String> prefixed = uploaded("prefix");
        calls.onDistinctObjects(i -> calls.admin("DELETE", "resources/image/upload?prefix=" + prefixed.get(i)))
                .forEach(r -> assertEquals(1, json(r).path("deleted").size(), r.body()));
        List<String> same = uploaded("prefixone");
        assertDeletedOnce(same, calls.onOneObject(i -> calls.admin("DELETE",
                "resources/image/upload?prefix=prefixone" + run + "/")));

        List<String> tagged = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            String id = "bytag" + run + "/" + i;
            calls.send(upload(id, i, Map.of("tags", "own" + run + i + ",all" + run)));
            tagged.add(id);
        }
        calls.onDistinctObjects(i -> calls.admin("DELETE", "resources/image/tags/own" + run + i))
                .forEach(r -> assertEquals(1, json(r).path("deleted").size(), r.body()));
        List<String> alsoTagged = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            String id = "bytagone" + run + "/" + i;
            calls.send(upload(id, i, Map.of("tags", "all" + run)));
            alsoTagged.add(id);
        }
        assertDeletedOnce(alsoTagged, calls.onOneObject(i -> calls.admin("DELETE", "resources/image/tags/all" + run)));
        tagged.forEach(id -> assertEquals(404, calls.send(calls.admin("GET", "resources/image/upload/" + id)).statusCode()));
    }

    // ---- Admin API: presets, metadata fields, triggers ----------------------------------------------------------

    @Test
    void presetsCreatedUpdatedAndDeletedInParallel() {
        // distinct objects
        allAnswered(200, calls.onDistinctObjects(i -> calls.form("POST", "upload_presets",
                "name=p" + run + "_" + i + "&tags=t" + i)));
        allAnswered(200, calls.onDistinctObjects(i -> calls.form("PUT", "upload_presets/p" + run + "_" + i, "tags=u" + i)));
        assertEquals("[\"u3\"]", json(calls.send(calls.admin("GET", "upload_presets/p" + run + "_3")))
                .path("settings").path("tags").toString());
        allAnswered(200, calls.onDistinctObjects(i -> calls.admin("DELETE", "upload_presets/p" + run + "_" + i)));
        assertEquals(404, calls.send(calls.admin("GET", "upload_presets/p" + run + "_3")).statusCode());

        // one object
        String one = "one" + run;
        assertStatuses(calls.onOneObject(i -> calls.form("POST", "upload_presets", "name=" + one + "&tags=c" + i)),
                200, 1, 409);
        allAnswered(200, calls.onOneObject(i -> calls.form("PUT", "upload_presets/" + one, "tags=u" + i)));
        assertOneWonWhole(json(calls.send(calls.admin("GET", "upload_presets/" + one))).path("settings").path("tags")
                .toString(), "\\[\"u(\\d+)\"]");
        assertStatuses(calls.onOneObject(i -> calls.admin("DELETE", "upload_presets/" + one)), 200, 1, 404);
        assertEquals(404, calls.send(calls.admin("GET", "upload_presets/" + one)).statusCode());
    }

    @Test
    void presetsWithoutANameGetSixteenDistinctNames() {
        List<HttpResponse<String>> created = calls.onDistinctObjects(i -> calls.form("POST", "upload_presets",
                "tags=anonymous" + i));
        allAnswered(200, created);
        assertEquals(PARALLEL, created.stream().map(HttpResponse::body).distinct().count(), "distinct generated names");
    }

    @Test
    void metadataFieldsCreatedUpdatedAndDeletedInParallel() {
        allAnswered(200, calls.onDistinctObjects(i -> calls.json("POST", "metadata_fields",
                "{\"type\":\"string\",\"external_id\":\"f" + run + i + "\",\"label\":\"F" + i + "\"}")));
        allAnswered(200, calls.onDistinctObjects(i -> calls.json("PUT", "metadata_fields/f" + run + i,
                "{\"label\":\"G" + i + "\"}")));
        assertEquals("G5", json(calls.send(calls.admin("GET", "metadata_fields/f" + run + 5))).path("label").asText());
        allAnswered(200, calls.onDistinctObjects(i -> calls.admin("DELETE", "metadata_fields/f" + run + i)));
        assertEquals(404, calls.send(calls.admin("GET", "metadata_fields/f" + run + 5)).statusCode());

        String one = "one" + run;
        assertStatuses(calls.onOneObject(i -> calls.json("POST", "metadata_fields",
                "{\"type\":\"string\",\"external_id\":\"" + one + "\",\"label\":\"L" + i + "\"}")), 200, 1, 400);
        allAnswered(200, calls.onOneObject(i -> calls.json("PUT", "metadata_fields/" + one, "{\"label\":\"M" + i + "\"}")));
        assertOneWonWhole(json(calls.send(calls.admin("GET", "metadata_fields/" + one))).path("label").asText(),
                "M(\\d+)");
        assertStatuses(calls.onOneObject(i -> calls.admin("DELETE", "metadata_fields/" + one)), 200, 1, 404);
        assertEquals(404, calls.send(calls.admin("GET", "metadata_fields/" + one)).statusCode());
    }

    @Test
    void datasourcesOfSixteenFieldsChangedInParallel() {
        List<String> fields = IntStream.range(0, PARALLEL).mapToObj(i -> "ds" + run + "_" + i).toList();
        fields.forEach(this::setField);
        allAnswered(200, calls.onDistinctObjects(i -> calls.json("PUT", "metadata_fields/" + fields.get(i) + "/datasource",
                "{\"values\":[{\"external_id\":\"v\",\"value\":\"value " + i + "\"},{\"external_id\":\"w\",\"value\":\"a\"}]}")));
        allAnswered(200, calls.onDistinctObjects(i -> calls.form("DELETE", "metadata_fields/" + fields.get(i)
                + "/datasource", "external_ids[]=v")));
        allAnswered(200, calls.onDistinctObjects(i -> calls.json("POST", "metadata_fields/" + fields.get(i)
                + "/datasource_restore", "{\"external_ids\":[\"v\"]}")));
        allAnswered(200, calls.onDistinctObjects(i -> calls.json("POST", "metadata_fields/" + fields.get(i)
                + "/datasource/order", "{\"order_by\":\"value\",\"direction\":\"desc\"}")));
        IntStream.range(0, PARALLEL).forEach(i -> assertEquals(List.of("value " + i, "a"), datasource(fields.get(i))
                .findValuesAsText("value")));
    }

    @Test
    void oneDatasourceAndTheFieldOrderChangedSixteenTimesAtOnce() {
        String field = "ds" + run;
        setField(field);
        // one field, 16 additions: none lost
        allAnswered(200, calls.onOneObject(i -> calls.json("PUT", "metadata_fields/" + field + "/datasource",
                "{\"values\":[{\"external_id\":\"v" + i + "\",\"value\":\"value " + i + "\"}]}")));
        assertEquals(PARALLEL, datasource(field).size());
        // 16 deletions (urlencoded, as the Java SDK sends them), then 16 restores of the same value
        allAnswered(200, calls.onOneObject(i -> calls.form("DELETE", "metadata_fields/" + field + "/datasource",
                "external_ids[]=v" + i)));
        assertEquals(0, datasource(field).size());
        allAnswered(200, calls.onOneObject(i -> calls.json("POST", "metadata_fields/" + field + "/datasource_restore",
                "{\"external_ids\":[\"v3\"]}")));
        assertEquals(List.of("v3"), datasource(field).findValuesAsText("external_id"));
        allAnswered(200, calls.onOneObject(i -> calls.json("POST", "metadata_fields/" + field + "/datasource/order",
                "{\"order_by\":\"value\",\"direction\":\"" + (i % 2 == 0 ? "asc" : "desc") + "\"}")));
        // the account's field order, 16 reorders at once: one of them is the final order
        List<HttpResponse<String>> reordered = calls.onOneObject(i -> calls.form("PUT", "metadata_fields/order",
                "order_by=" + List.of("label", "external_id", "created_at").get(i % 3) + "&direction="
                        + (i % 2 == 0 ? "asc" : "desc")));
        allAnswered(200, reordered);
        String listed = json(calls.send(calls.admin("GET", "metadata_fields"))).path("metadata_fields").toString();
        assertTrue(reordered.stream().anyMatch(r -> json(r).path("metadata_fields").toString().equals(listed)),
                "the listing is the answer of one of the reorders");
    }

    @Test
    void triggersCreatedUpdatedAndDeletedInParallel() {
        String hook = "https://example.com/hook/" + run + "/";
        List<HttpResponse<String>> created = calls.onDistinctObjects(i -> calls.json("POST", "triggers",
                "{\"uri\":\"" + hook + i + "\",\"event_type\":\"explicit\"}"));
        allAnswered(200, created);
        List<String> ids = created.stream().map(r -> json(r).path("id").asText()).toList();
        allAnswered(200, calls.onDistinctObjects(i -> calls.json("PUT", "triggers/" + ids.get(i),
                "{\"new_uri\":\"" + hook + "new" + i + "\"}")));
        allAnswered(200, calls.onDistinctObjects(i -> calls.admin("DELETE", "triggers/" + ids.get(i))));
        assertEquals(List.of(), triggerUris(hook));

        List<HttpResponse<String>> one = calls.onOneObject(i -> calls.json("POST", "triggers",
                "{\"uri\":\"" + hook + "one\",\"event_type\":\"explicit\"}"));
        assertStatuses(one, 200, 1, 409);
        String id = one.stream().filter(r -> r.statusCode() == 200).map(r -> json(r).path("id").asText())
                .findFirst().orElseThrow();
        allAnswered(200, calls.onOneObject(i -> calls.json("PUT", "triggers/" + id,
                "{\"new_uri\":\"" + hook + "u" + i + "\"}")));
        List<String> uris = triggerUris(hook);
        assertEquals(1, uris.size(), uris.toString());
        assertOneWonWhole(uris.getFirst(), ".*/u(\\d+)");
        assertStatuses(calls.onOneObject(i -> calls.admin("DELETE", "triggers/" + id)), 200, 1, 404);
        assertEquals(List.of(), triggerUris(hook));
    }

    @Test
    void anEntityRemovalIsRefusedAtOnceAndRolledBack() {
        String name = "removal" + run;
        assertEquals(200, calls.send(calls.form("POST", "upload_presets", "name=" + name)).statusCode());
        String cloud = SdkClients.config("cloud-name");
        Exception refused = assertThrows(Exception.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> UploadPreset.findByName(cloud, name).call(UploadPreset::delete))));
        assertTrue(Stream.iterate((Throwable) refused, Objects::nonNull, t -> t.getCause() == t ? null : t.getCause())
                .anyMatch(t -> t instanceof IllegalStateException
                        && t.getMessage().contains("hibernate-reactive#1713")), refused::toString);
        assertEquals(200, calls.send(calls.admin("GET", "upload_presets/" + name)).statusCode());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** 16 assets uploaded one after the other, {@code <name><run>/<i>}. */
    private List<String> uploaded(String name) {
        // two digits: no id is a prefix of another
        List<String> ids = IntStream.range(0, PARALLEL).mapToObj(i -> "%s%s/%02d".formatted(name, run, i)).toList();
        IntStream.range(0, PARALLEL).forEach(i ->
                assertEquals(200, calls.send(upload(ids.get(i), i, Map.of())).statusCode()));
        return ids;
    }

    private HttpRequest upload(String publicId, int seed, Map<String, String> options) {
        Map<String, Object> parameters = new HashMap<>(options);
        parameters.put("public_id", publicId);
        parameters.put("file", dataUri(seed));
        return calls.uploadApi("image/upload", parameters);
    }

    private HttpRequest tagCall(String command, String tag, String publicId) {
        return calls.uploadApi("image/tags", Map.of("command", command, "tag", tag, "public_ids", List.of(publicId)));
    }

    private JsonNode details(String publicId) {
        HttpResponse<String> found = calls.send(calls.admin("GET", "resources/image/upload/" + publicId));
        assertEquals(200, found.statusCode(), found.body());
        return json(found);
    }

    private String tags(String publicId) {
        return details(publicId).path("tags").toString();
    }

    private void setField(String externalId) {
        assertEquals(200, calls.send(calls.json("POST", "metadata_fields", "{\"type\":\"set\",\"external_id\":\""
                + externalId + "\",\"label\":\"DS\",\"datasource\":{\"values\":[]}}")).statusCode());
    }

    private JsonNode datasource(String field) {
        return json(calls.send(calls.admin("GET", "metadata_fields/" + field))).path("datasource").path("values");
    }

    private List<String> triggerUris(String prefix) {
        return json(calls.send(calls.admin("GET", "triggers?event_type=explicit"))).path("triggers")
                .findValuesAsText("uri").stream().filter(u -> u.startsWith(prefix)).toList();
    }

    /** The value is one call's whole value (group 1 the same call's number each time it appears). */
    private static String assertOneWonWhole(String value, String pattern) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(pattern).matcher(value);
        assertTrue(matcher.matches() && Integer.parseInt(matcher.group(1)) < PARALLEL, "one call won whole: " + value);
        return matcher.group(1);
    }

    /** Each of the assets was deleted by exactly one of the calls; every call was answered 200. */
    private static void assertDeletedOnce(List<String> ids, List<HttpResponse<String>> answers) {
        allAnswered(200, answers);
        List<String> deleted = new ArrayList<>();
        answers.forEach(r -> json(r).path("deleted").properties().stream()
                .filter(e -> e.getValue().asText().equals("deleted")).forEach(e -> deleted.add(e.getKey())));
        assertEquals(ids.stream().sorted().toList(), deleted.stream().sorted().toList());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
