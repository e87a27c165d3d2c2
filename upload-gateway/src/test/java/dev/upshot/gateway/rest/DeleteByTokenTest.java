package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.api.exceptions.NotFound;
import com.cloudinary.utils.ObjectUtils;
import dev.upshot.contracts.AssetDeleted;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import dev.upshot.kit.s3.ObjectStore;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Upload API's {@code delete_by_token} on real PostgreSQL, Kafka and S3: a {@code return_delete_token=true}
 * upload's token deletes that asset unsigned, once, as {@code destroy} does (event, objects), under a resource type
 * (the Java SDK) or without one (browsers: urlencoded or JSON); unknown, used, expired and overwritten tokens are
 * refused; concurrent calls with one token delete once.
 */
@QuarkusTest
class DeleteByTokenTest {
    private static final String STALE = "Stale or invalid token";

    @TestHTTPResource("/")
    URL base;

    @Inject
    ObjectStore store;

    @Inject
    Pool pool;

    @Test
    void theJavaSdksDeleteByTokenDeletesTheAssetAsDestroyDoesOnce() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String id = "token/" + UUID.randomUUID();
        String token = upload(cloudinary, id, true);
        assertTrue(token.length() >= 40, token);
        assertFalse(cloudinary.uploader().upload(UploadApiTest.image("png", 5, 5), ObjectUtils.emptyMap())
                .containsKey("delete_token"));
        // only the hash is stored
        long stored = pool.preparedQuery("select count(*) from delete_token where token_hash = $1 or token_hash = $2")
                .execute(Tuple.of(token, sha256(token))).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong(0);
        assertEquals(1, stored);

        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.ASSET_CHANGED));
            assertEquals("ok", cloudinary.uploader().deleteByToken(token).get("result"));
            assertThrows(NotFound.class, () -> cloudinary.api().resource(id, ObjectUtils.emptyMap()));
            Envelope event = TestEvents.awaitFor(consumer, List.of(id), e -> e.type().equals("AssetDeleted")
                    ? e.payload().path("publicId").asText() : null).get(id);
            String objectKey = EventCodec.payload(event, AssetDeleted.class).objectKey();
            await().atMost(Duration.ofSeconds(10)).until(() -> store.stat(objectKey).isEmpty());
        }
        RuntimeException again = assertThrows(RuntimeException.class, () -> cloudinary.uploader().deleteByToken(token));
        assertTrue(again.getMessage().contains(STALE), again.getMessage());
    }

    @Test
    void browsersDeleteWithoutASignatureUrlencodedOrJson() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String formId = "token/form/" + UUID.randomUUID();
        String formToken = upload(cloudinary, formId, true);
        RestAssured.given().formParam("token", formToken).post(untypedUrl()).then().statusCode(200)
                .body("result", equalTo("ok"));
        assertThrows(NotFound.class, () -> cloudinary.api().resource(formId, ObjectUtils.emptyMap()));

        String jsonId = "token/json/" + UUID.randomUUID();
        String jsonToken = upload(cloudinary, jsonId, true);
        RestAssured.given().contentType("application/json").body(Map.of("token", jsonToken)).post(untypedUrl())
                .then().statusCode(200).body("result", equalTo("ok"));
        assertThrows(NotFound.class, () -> cloudinary.api().resource(jsonId, ObjectUtils.emptyMap()));

        // under a resource type, urlencoded and unsigned
        String typedId = "token/typed/" + UUID.randomUUID();
        String typedToken = upload(cloudinary, typedId, true);
        RestAssured.given().formParam("token", typedToken)
                .post(base + "v1_1/" + SdkClients.config("cloud-name") + "/video/delete_by_token")
                .then().statusCode(200).body("result", equalTo("ok"));
        assertThrows(NotFound.class, () -> cloudinary.api().resource(typedId, ObjectUtils.emptyMap()));
    }

    @Test
    void unknownMissingExpiredAndOverwrittenTokensAreRefused() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        RestAssured.given().formParam("token", "no-such-token").post(untypedUrl()).then().statusCode(400)
                .body("error.message", equalTo(STALE));
        RestAssured.given().formParam("other", "x").post(untypedUrl()).then().statusCode(400)
                .body("error.message", equalTo("Missing required parameter - token"));
        RestAssured.given().formParam("token", "x").post(base + "v1_1/nosuchcloud/delete_by_token").then().statusCode(401);

        String expiredId = "token/expired/" + UUID.randomUUID();
        String expired = upload(cloudinary, expiredId, true);
        pool.preparedQuery("update delete_token set expires_at = now() - interval '1 second' where token_hash = $1")
                .execute(Tuple.of(sha256(expired))).await().atMost(Duration.ofSeconds(5));
        RestAssured.given().formParam("token", expired).post(untypedUrl()).then().statusCode(400)
                .body("error.message", equalTo(STALE));
        assertEquals(expiredId, cloudinary.api().resource(expiredId, ObjectUtils.emptyMap()).get("public_id"));

        // the token is for the upload that answered it, not for a later version of that public id
        String overwrittenId = "token/overwritten/" + UUID.randomUUID();
        String first = upload(cloudinary, overwrittenId, true);
        Thread.sleep(1100); // a new version number
        upload(cloudinary, overwrittenId, false);
        RestAssured.given().formParam("token", first).post(untypedUrl()).then().statusCode(400)
                .body("error.message", equalTo(STALE));
        assertEquals(overwrittenId, cloudinary.api().resource(overwrittenId, ObjectUtils.emptyMap()).get("public_id"));
    }

    @Test
    void sixteenConcurrentCallsWithOneTokenDeleteOnceAndDistinctTokensEachDelete() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        List<String> ids = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            String id = "token/concurrent/" + UUID.randomUUID();
            ids.add(id);
            tokens.add(upload(cloudinary, id, true));
        }
        ExecutorService pool16 = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> same = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                same.add(pool16.submit(() -> deleteByToken(tokens.getFirst())));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> call : same) {
                statuses.add(call.get(20, TimeUnit.SECONDS));
            }
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(15, statuses.stream().filter(s -> s == 400).count(), statuses.toString());

            List<Future<Integer>> distinct = new ArrayList<>();
            for (String token : tokens.subList(1, tokens.size())) {
                distinct.add(pool16.submit(() -> deleteByToken(token)));
            }
            for (Future<Integer> call : distinct) {
                assertEquals(200, call.get(20, TimeUnit.SECONDS));
            }
        } finally {
            pool16.shutdownNow();
        }
        for (String id : ids) {
            assertThrows(NotFound.class, () -> cloudinary.api().resource(id, ObjectUtils.emptyMap()));
        }
    }

    private int deleteByToken(String token) {
        Response response = RestAssured.given().formParam("token", token).post(untypedUrl());
        if (response.statusCode() == 400) {
            assertEquals(STALE, response.jsonPath().getString("error.message"));
        }
        return response.statusCode();
    }

    private String untypedUrl() {
        return base + "v1_1/" + SdkClients.config("cloud-name") + "/delete_by_token";
    }

    /** The upload's delete_token when asked for one. */
    private static String upload(Cloudinary cloudinary, String id, boolean token) throws Exception {
        Map<String, Object> options = new HashMap<>(Map.of("public_id", id));
        if (token) {
            options.put("return_delete_token", true);
        }
        return (String) cloudinary.uploader().upload(UploadApiTest.image("png", 5, 5), options).get("delete_token");
    }

    private static String sha256(String token) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
