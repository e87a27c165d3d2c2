package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.api.exceptions.NotFound;
import com.cloudinary.utils.ObjectUtils;
import dev.upshot.contracts.AssetDeleted;
import dev.upshot.contracts.AssetRenamed;
import dev.upshot.contracts.AssetTagsChanged;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import dev.upshot.contracts.transform.Transformation;
import dev.upshot.kit.s3.ObjectStore;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Upload API's actions on stored assets through the official Java SDK, on real PostgreSQL, Kafka and S3: each
 * change is answered as Cloudinary answers it and recorded with its event (concurrent calls: ConcurrentWritesTest).
 */
@QuarkusTest
class AssetActionsTest {
    @TestHTTPResource("/")
    URL base;

    @Inject
    ObjectStore store;

    @Test
    void destroyRemovesTheAssetItsObjectsAndDerivativesAndRecordsAnEvent() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String id = "destroy/" + UUID.randomUUID();
        Map<?, ?> uploaded = cloudinary.uploader().upload(UploadApiTest.image("png", 6, 6),
                ObjectUtils.asMap("public_id", id));
        String objectKey = objectKey(uploaded);
        String derivative = Transformation.objectKey(objectKey, "w_2", "png");
        Path file = Files.createTempFile("derivative", ".png");
        Files.write(file, UploadApiTest.image("png", 2, 2));
        store.put(derivative, file, "image/png");

        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.ASSET_CHANGED));
            assertEquals("ok", cloudinary.uploader().destroy(id, ObjectUtils.asMap("invalidate", true)).get("result"));
            assertEquals("not found", cloudinary.uploader().destroy(id, ObjectUtils.emptyMap()).get("result"));
            assertThrows(NotFound.class, () -> cloudinary.api().resource(id, ObjectUtils.emptyMap()));
            RestAssured.get((String) uploaded.get("secure_url")).then().statusCode(404);
            await().atMost(Duration.ofSeconds(10)).until(() -> store.stat(objectKey).isEmpty()
                    && store.stat(derivative).isEmpty());

            Envelope event = TestEvents.awaitFor(consumer, List.of(id), e -> e.type().equals("AssetDeleted")
                    ? e.payload().path("publicId").asText() : null).get(id);
            AssetDeleted deleted = EventCodec.payload(event, AssetDeleted.class);
            assertEquals(objectKey, deleted.objectKey());
            assertEquals(uploaded.get("asset_id"), event.assetId());
        }
    }

    @Test
    void renameMovesThePublicIdAndOverwritesOnlyWhenAsked() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String from = "rename/" + UUID.randomUUID();
        String to = "rename/" + UUID.randomUUID();
        Map<?, ?> uploaded = cloudinary.uploader().upload(UploadApiTest.image("png", 7, 7),
                ObjectUtils.asMap("public_id", from));
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.ASSET_CHANGED));
            Map<?, ?> renamed = cloudinary.uploader().rename(from, to, ObjectUtils.emptyMap());
            assertEquals(to, renamed.get("public_id"));
            assertEquals(uploaded.get("asset_id"), renamed.get("asset_id"));
            assertThrows(NotFound.class, () -> cloudinary.api().resource(from, ObjectUtils.emptyMap()));
            RestAssured.get((String) renamed.get("secure_url")).then().statusCode(200);
            AssetRenamed event = EventCodec.payload(TestEvents.awaitFor(consumer, List.of(to),
                    e -> e.type().equals("AssetRenamed") ? e.payload().path("toPublicId").asText() : null).get(to),
                    AssetRenamed.class);
            assertEquals(from, event.fromPublicId());
        }

        String other = "rename/" + UUID.randomUUID();
        Map<?, ?> second = cloudinary.uploader().upload(UploadApiTest.image("png", 8, 8),
                ObjectUtils.asMap("public_id", other));
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> cloudinary.uploader().rename(other, to, ObjectUtils.emptyMap()));
        assertTrue(refused.getMessage().contains("already exists"), refused.getMessage());
        Map<?, ?> overwritten = cloudinary.uploader().rename(other, to, ObjectUtils.asMap("overwrite", true));
        assertEquals(second.get("asset_id"), overwritten.get("asset_id"));
        assertEquals(second.get("asset_id"), cloudinary.api().resource(to, ObjectUtils.emptyMap()).get("asset_id"));

        RuntimeException missing = assertThrows(RuntimeException.class,
                () -> cloudinary.uploader().rename("rename/nothing-" + UUID.randomUUID(), to, ObjectUtils.emptyMap()));
        assertTrue(missing.getMessage().contains("Resource not found"), missing.getMessage());
    }

    @Test
    void tagsAreAddedRemovedReplacedAndClearedOnExistingIdsOnly() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String a = "tags/" + UUID.randomUUID();
        String b = "tags/" + UUID.randomUUID();
        for (String id : List.of(a, b)) {
            cloudinary.uploader().upload(UploadApiTest.image("png", 5, 5), ObjectUtils.asMap("public_id", id,
                    "tags", "old"));
        }
        String absent = "tags/absent-" + UUID.randomUUID();
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.ASSET_CHANGED));
            Map<?, ?> added = cloudinary.uploader().addTag("x,y", new String[]{a, b, absent}, ObjectUtils.emptyMap());
            assertEquals(List.of(a, b), added.get("public_ids"));
            assertEquals(List.of("old", "x", "y"), tags(cloudinary, a));
            AssetTagsChanged event = EventCodec.payload(TestEvents.awaitFor(consumer, List.of(b),
                    e -> e.type().equals("AssetTagsChanged") ? e.payload().path("publicId").asText() : null).get(b),
                    AssetTagsChanged.class);
            assertEquals(List.of("old", "x", "y"), event.tags());
        }
        cloudinary.uploader().removeTag("x", new String[]{a}, ObjectUtils.emptyMap());
        assertEquals(List.of("old", "y"), tags(cloudinary, a));
        cloudinary.uploader().replaceTag("z", new String[]{a}, ObjectUtils.emptyMap());
        assertEquals(List.of("z"), tags(cloudinary, a));
        cloudinary.uploader().removeAllTags(new String[]{a}, ObjectUtils.emptyMap());
        assertEquals(List.of(), tags(cloudinary, a));
        assertEquals(List.of("old", "x", "y"), tags(cloudinary, b));

        String[] most = IntStream.range(0, 1000).mapToObj(i -> i == 0 ? a : "id" + i).toArray(String[]::new);
        assertEquals(List.of(a), cloudinary.uploader().addTag("many", most, ObjectUtils.emptyMap()).get("public_ids"));
        String[] tooMany = IntStream.range(0, 1001).mapToObj(i -> "id" + i).toArray(String[]::new);
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> cloudinary.uploader().addTag("t", tooMany, ObjectUtils.emptyMap()));
        assertTrue(refused.getMessage().contains("at most 1000"), refused.getMessage());
    }

    @Test
    void contextIsMergedAndCleared() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String id = "context/" + UUID.randomUUID();
        cloudinary.uploader().upload(UploadApiTest.image("png", 5, 5), ObjectUtils.asMap("public_id", id,
                "context", "alt=first"));
        Map<?, ?> answer = cloudinary.uploader().addContext(ObjectUtils.asMap("caption", "a|b", "alt", "second"),
                new String[]{id}, ObjectUtils.emptyMap());
        assertEquals(List.of(id), answer.get("public_ids"));
        assertEquals(Map.of("custom", Map.of("alt", "second", "caption", "a|b")),
                cloudinary.api().resource(id, ObjectUtils.emptyMap()).get("context"));
        cloudinary.uploader().removeAllContext(new String[]{id}, ObjectUtils.emptyMap());
        assertEquals(null, cloudinary.api().resource(id, ObjectUtils.emptyMap()).get("context"));
    }

    @Test
    void metadataIsValidatedAndUpdated() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String field = "size_" + UUID.randomUUID().toString().replace("-", "");
        RestAssured.given().auth().preemptive().basic(SdkClients.config("api-key"), SdkClients.config("api-secret"))
                .contentType("application/json")
                .body("{\"type\":\"integer\",\"external_id\":\"" + field + "\",\"label\":\"Size\"}")
                .post(base + "v1_1/" + SdkClients.config("cloud-name") + "/metadata_fields").then().statusCode(200);
        String id = "metadata/" + UUID.randomUUID();
        cloudinary.uploader().upload(UploadApiTest.image("png", 5, 5), ObjectUtils.asMap("public_id", id));

        Map<?, ?> answer = cloudinary.uploader().updateMetadata(ObjectUtils.asMap(field, "12"), new String[]{id},
                ObjectUtils.emptyMap());
        assertEquals(List.of(id), answer.get("public_ids"));
        Map<?, ?> metadata = (Map<?, ?>) cloudinary.api().resource(id, ObjectUtils.emptyMap()).get("metadata");
        assertEquals("12", String.valueOf(metadata.get(field)));
        RuntimeException refused = assertThrows(RuntimeException.class, () -> cloudinary.uploader()
                .updateMetadata(ObjectUtils.asMap(field, "twelve"), new String[]{id}, ObjectUtils.emptyMap()));
        assertTrue(refused.getMessage().contains(field), refused.getMessage());
    }

    @Test
    void anUnsignedActionIsRefused() {
        RestAssured.given().formParam("public_id", "x").formParam("api_key", SdkClients.config("api-key"))
                .post(base + "v1_1/" + SdkClients.config("cloud-name") + "/image/destroy")
                .then().statusCode(401);
    }

    private static List<?> tags(Cloudinary cloudinary, String id) throws Exception {
        return (List<?>) cloudinary.api().resource(id, ObjectUtils.emptyMap()).get("tags");
    }

    /** The stored object's key, as the upload's event carried it. */
    private static String objectKey(Map<?, ?> uploaded) throws Exception {
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.ASSET_UPLOADED));
            String id = (String) uploaded.get("public_id");
            Envelope event = TestEvents.awaitFor(consumer, List.of(id),
                    e -> e.payload().path("publicId").asText()).get(id);
            return event.payload().path("objectKey").asText();
        }
    }
}
