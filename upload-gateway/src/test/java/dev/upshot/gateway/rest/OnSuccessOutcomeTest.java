package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.api.ApiResponse;
import com.cloudinary.metadata.MetadataDataSource;
import com.cloudinary.metadata.MetadataField;
import com.cloudinary.metadata.MetadataFieldType;
import com.cloudinary.metadata.SetMetadataField;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.AssetProcessed;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.OnSuccessCompleted;
import dev.upshot.contracts.Topics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's side of on_success, with this test standing in for the runner: the upload emits asset.processed
 * with the script; the outcome the test publishes is applied with replace semantics, or refused and recorded.
 * Metadata fields through the official SDK, and upload metadata validated against them.
 */
@QuarkusTest
class OnSuccessOutcomeTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void metadataFieldsThroughTheSdkAndUploadMetadataIsValidated() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String id = "colors_" + UUID.randomUUID().toString().substring(0, 8);
        SetMetadataField colors = new SetMetadataField();
        colors.setExternalId(id);
        colors.setLabel("Colors");
        colors.setDataSource(new MetadataDataSource(List.of(new MetadataDataSource.Entry("red", "Red"),
                new MetadataDataSource.Entry("green", "Green"))));
        ApiResponse created = cloudinary.api().addMetadataField(colors);
        assertEquals("set", created.get("type"));
        cloudinary.api().updateMetadataFieldDatasource(id, List.of(new MetadataDataSource.Entry("blue", "Blue")));
        assertTrue(cloudinary.api().listMetadataFields().toString().contains("blue"));
        assertEquals("Colors", cloudinary.api().metadataFieldByFieldId(id).get("label"));

        Map<?, ?> ok = cloudinary.uploader().upload(UploadApiTest.image("png", 4, 4),
                ObjectUtils.asMap("metadata", Map.of(id, List.of("red", "blue"))));
        assertEquals(Map.of(id, List.of("red", "blue")), ok.get("metadata"));
        Exception refused = assertThrows(Exception.class, () -> cloudinary.uploader().upload(
                UploadApiTest.image("png", 4, 4), ObjectUtils.asMap("metadata", Map.of(id, List.of("purple")))));
        assertTrue(refused.getMessage().contains("purple"), refused.getMessage());
        Exception unknown = assertThrows(Exception.class, () -> cloudinary.uploader().upload(
                UploadApiTest.image("png", 4, 4), ObjectUtils.asMap("metadata", Map.of("no_such_field", "x"))));
        assertTrue(unknown.getMessage().contains("no_such_field"), unknown.getMessage());

        MetadataField<String> bad = new MetadataField<>(MetadataFieldType.ENUM);
        bad.setExternalId(id + "_enum");
        bad.setLabel("No values");
        assertThrows(Exception.class, () -> cloudinary.api().addMetadataField(bad));
        assertEquals("ok", cloudinary.api().deleteMetadataField(id).get("message"));
        assertThrows(Exception.class, () -> cloudinary.api().metadataFieldByFieldId(id));
    }

    @Test
    void anOutcomeReplacesTheKindsItNamesAndARefusedOneIsRecorded() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String script = "current_asset.update({ tags: ['x'] })";
        String applied = "it/" + UUID.randomUUID();
        String refused = "it/" + UUID.randomUUID();
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.ASSET_PROCESSED));
            for (String id : List.of(applied, refused)) {
                cloudinary.uploader().upload(UploadApiTest.image("png", 1200, 10), ObjectUtils.asMap(
                        "public_id", id, "tags", "old1,old2", "context", "keep=1", "on_success", script,
                        "async", true));
            }
            Map<String, Envelope> events = TestEvents.awaitFor(consumer, List.of(applied, refused), envelope ->
                    EventCodec.payload(envelope, AssetProcessed.class).uploadInfo().path("public_id").asText());
            Envelope forApplied = events.get(applied);
            Envelope forRefused = events.get(refused);
            AssetProcessed payload = EventCodec.payload(forApplied, AssetProcessed.class);
            assertEquals(script, payload.onSuccess());
            assertEquals(1200, payload.uploadInfo().get("width").asInt());
            assertEquals("old1", payload.uploadInfo().at("/tags/0").asText());

            ObjectNode update = (ObjectNode) EventCodec.mapper().readTree("{\"tags\":[\"new\"]}");
            ObjectNode badUpdate = (ObjectNode) EventCodec.mapper().readTree(
                    "{\"tags\":[\"new\"],\"metadata\":{\"no_such_field\":\"x\"}}");
            // as the runner would, for the version processed; sent twice, applied once
            publish(forApplied, OnSuccessCompleted.success(update));
            publish(forApplied, OnSuccessCompleted.success(update));
            publish(forRefused, OnSuccessCompleted.success(badUpdate));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "succeeded".equals(onSuccessStatus(cloudinary, applied)));
        ApiResponse details = cloudinary.api().resource(applied, ObjectUtils.emptyMap());
        assertEquals(List.of("new"), details.get("tags"));
        assertEquals(Map.of("custom", Map.of("keep", "1")), details.get("context"));

        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(onSuccessStatus(cloudinary, refused)));
        ApiResponse unchanged = cloudinary.api().resource(refused, ObjectUtils.emptyMap());
        assertEquals(List.of("old1", "old2"), unchanged.get("tags"));
        String error = (String) ((Map<?, ?>) unchanged.get("on_success")).get("error");
        assertTrue(error.contains("no_such_field"), error);
        assertFalse(error.isBlank());
    }

    private static String onSuccessStatus(Cloudinary cloudinary, String publicId) throws Exception {
        Object block = cloudinary.api().resource(publicId, ObjectUtils.emptyMap()).get("on_success");
        return block == null ? null : (String) ((Map<?, ?>) block).get("status");
    }

    private static void publish(Envelope processed, OnSuccessCompleted outcome) throws Exception {
        TestEvents.publish(Topics.ONSUCCESS_COMPLETED, processed, outcome);
    }
}
