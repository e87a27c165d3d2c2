package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.api.ApiResponse;
import com.cloudinary.api.exceptions.BadRequest;
import com.cloudinary.api.exceptions.NotFound;
import com.cloudinary.utils.ObjectUtils;
import dev.upshot.contracts.AssetDeleted;
import dev.upshot.contracts.AssetTagsChanged;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deletion by prefix and by tag, exclusive tags, the Admin API's update of an asset's attributes
 * and generated preset names, through the official Java SDK on real PostgreSQL, Kafka and S3.
 */
@QuarkusTest
class AssetDeletesAndUpdatesTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void deleteByPrefixTakesThePrefixLiterallyAndRecordsEachDeletion() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String a = "bulk_" + run + "/a";
        String b = "bulk_" + run + "/b";
        String lookalike = "bulkx" + run + "/c"; // '_' would match 'x' as a LIKE wildcard
        for (String id : List.of(a, b, lookalike)) {
            upload(cloudinary, id, ObjectUtils.emptyMap());
        }
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.ASSET_CHANGED));
            ApiResponse deleted = cloudinary.api().deleteResourcesByPrefix("bulk_" + run + "/", ObjectUtils.emptyMap());
            assertEquals(Map.of(a, "deleted", b, "deleted"), deleted.get("deleted"));
            assertEquals(false, deleted.get("partial"));
            var events = TestEvents.awaitFor(consumer, List.of(a, b), e -> e.type().equals("AssetDeleted")
                    ? e.payload().path("publicId").asText() : null);
            assertEquals(b, EventCodec.payload(events.get(b), AssetDeleted.class).publicId());
        }
        assertThrows(NotFound.class, () -> cloudinary.api().resource(a, ObjectUtils.emptyMap()));
        assertEquals(lookalike, cloudinary.api().resource(lookalike, ObjectUtils.emptyMap()).get("public_id"));
    }

    @Test
    void deleteByTagDeletesEveryAssetWithTheWholeTag() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String tag = "gone_" + UUID.randomUUID().toString().substring(0, 8);
        String a = "bytag/" + UUID.randomUUID();
        String b = "bytag/" + UUID.randomUUID();
        String other = "bytag/" + UUID.randomUUID();
        upload(cloudinary, a, ObjectUtils.asMap("tags", tag));
        upload(cloudinary, b, ObjectUtils.asMap("tags", "keep," + tag));
        upload(cloudinary, other, ObjectUtils.asMap("tags", tag + "x"));
        ApiResponse deleted = cloudinary.api().deleteResourcesByTag(tag, ObjectUtils.emptyMap());
        assertEquals(Set.of(a, b), ((Map<?, ?>) deleted.get("deleted")).keySet());
        assertThrows(NotFound.class, () -> cloudinary.api().resource(b, ObjectUtils.emptyMap()));
        assertEquals(other, cloudinary.api().resource(other, ObjectUtils.emptyMap()).get("public_id"));
    }

    @Test
    void setExclusiveMovesTheTagToTheGivenAssets() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String tag = "only_" + UUID.randomUUID().toString().substring(0, 8);
        String holder = "exclusive/" + UUID.randomUUID();
        String rawHolder = "exclusive/" + UUID.randomUUID();
        String target = "exclusive/" + UUID.randomUUID();
        upload(cloudinary, holder, ObjectUtils.asMap("tags", "keep," + tag));
        cloudinary.uploader().upload("data:text/plain;base64,aGVsbG8=", ObjectUtils.asMap("public_id", rawHolder,
                "resource_type", "raw", "tags", tag));
        upload(cloudinary, target, ObjectUtils.emptyMap());
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.ASSET_CHANGED));
            Map<?, ?> answer = cloudinary.uploader().addTag(tag, new String[]{target}, ObjectUtils.asMap("exclusive",
                    true));
            assertEquals(List.of(target), answer.get("public_ids"));
            AssetTagsChanged removed = EventCodec.payload(TestEvents.awaitFor(consumer, List.of(holder),
                    e -> e.type().equals("AssetTagsChanged") ? e.payload().path("publicId").asText() : null)
                    .get(holder), AssetTagsChanged.class);
            assertEquals(List.of("keep"), removed.tags());
        }
        assertEquals(List.of(tag), tags(cloudinary, target));
        assertEquals(List.of("keep"), tags(cloudinary, holder));
        assertEquals(List.of(), cloudinary.api().resource(rawHolder, ObjectUtils.asMap("resource_type", "raw"))
                .get("tags"));
    }

    @Test
    void updateSetsTagsContextMetadataAndCustomCoordinates() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String field = "len_" + UUID.randomUUID().toString().replace("-", "");
        RestAssured.given().auth().preemptive().basic(SdkClients.config("api-key"), SdkClients.config("api-secret"))
                .contentType("application/json")
                .body("{\"type\":\"string\",\"external_id\":\"" + field + "\",\"label\":\"L\"}")
                .post(base + "v1_1/" + SdkClients.config("cloud-name") + "/metadata_fields").then().statusCode(200);
        String id = "update/" + UUID.randomUUID();
        upload(cloudinary, id, ObjectUtils.asMap("tags", "old"));
        ApiResponse updated = cloudinary.api().update(id, ObjectUtils.asMap("tags", List.of("a", "b"),
                "context", ObjectUtils.asMap("alt", "x"), "metadata", ObjectUtils.asMap(field, "long value"),
                "custom_coordinates", "121,31,110,151"));
        assertEquals(List.of("a", "b"), updated.get("tags"));
        assertEquals(Map.of("custom", Map.of("alt", "x")), updated.get("context"));
        assertEquals(Map.of(field, "long value"), updated.get("metadata"));
        Map<?, ?> details = cloudinary.api().resource(id, ObjectUtils.asMap("coordinates", true));
        assertEquals(Map.of("custom", List.of(List.of(121, 31, 110, 151))), details.get("coordinates"));
        assertFalse(cloudinary.api().resource(id, ObjectUtils.emptyMap()).containsKey("coordinates"));

        // the definition changes; clear_invalid drops the value it no longer accepts
        RestAssured.given().auth().preemptive().basic(SdkClients.config("api-key"), SdkClients.config("api-secret"))
                .contentType("application/json").body("{\"validation\":{\"type\":\"strlen\",\"max\":3}}")
                .put(base + "v1_1/" + SdkClients.config("cloud-name") + "/metadata_fields/" + field)
                .then().statusCode(200);
        ApiResponse cleared = cloudinary.api().update(id, ObjectUtils.asMap("clear_invalid", true, "tags", "c"));
        assertFalse(cleared.containsKey("metadata"), cleared.toString());
        assertEquals(List.of("c"), cleared.get("tags"));

        for (Map<String, Object> illegal : List.<Map<String, Object>>of(Map.of("ocr", "illegal"),
                Map.of("raw_convert", "illegal"), Map.of("categorization", "illegal value"))) {
            BadRequest refused = assertThrows(BadRequest.class, () -> cloudinary.api().update(id, illegal));
            assertTrue(refused.getMessage().matches("^Illegal value(.*)"), refused.getMessage());
        }
        // the Java SDK checks coordinates itself; the Node SDK sends them as given
        RestAssured.given().auth().preemptive().basic(SdkClients.config("api-key"), SdkClients.config("api-secret"))
                .formParam("custom_coordinates", "1,2,3")
                .post(base + "v1_1/" + SdkClients.config("cloud-name") + "/resources/image/upload/" + id)
                .then().statusCode(400).body("error.message", org.hamcrest.Matchers.containsString("custom_coordinates"));
    }

    @Test
    void aPresetCreatedWithoutANameGetsAGeneratedOne() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        ApiResponse created = cloudinary.api().createUploadPreset(ObjectUtils.asMap("tags", "generated"));
        assertEquals("created", created.get("message"));
        String name = (String) created.get("name");
        assertTrue(name != null && name.matches("[A-Za-z0-9_-]+"), created.toString());
        assertEquals(name, cloudinary.api().uploadPreset(name, ObjectUtils.emptyMap()).get("name"));
    }

    private static Map<?, ?> upload(Cloudinary cloudinary, String id, Map<String, Object> options) throws Exception {
        Map<String, Object> all = new java.util.HashMap<>(options);
        all.put("public_id", id);
        return cloudinary.uploader().upload(UploadApiTest.image("png", 5, 5), all);
    }

    private static List<?> tags(Cloudinary cloudinary, String id) throws Exception {
        return (List<?>) cloudinary.api().resource(id, ObjectUtils.emptyMap()).get("tags");
    }
}
