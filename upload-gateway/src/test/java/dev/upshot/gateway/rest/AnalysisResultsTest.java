package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.AnalysisCompleted;
import dev.upshot.contracts.AssetProcessed;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's side of analyses, with this test standing in for the analysis worker: an upload asking for
 * analyses waits for {@code AnalysisCompleted}, whose fields join the answer, the details (when asked) and
 * {@code asset.processed}; tags found join the asset's tags; duplicates and reports for older versions change nothing.
 */
@QuarkusTest
class AnalysisResultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    private static AnalysisCompleted colours(String hex) throws Exception {
        ObjectNode fields = (ObjectNode) EventCodec.mapper().readTree("{\"colors\":[[\"" + hex + "\",100.0]],"
                + "\"predominant\":{\"google\":[[\"red\",100.0]]},\"info\":{\"detection\":{\"captioning\":"
                + "{\"status\":\"complete\",\"data\":{\"caption\":\"a red square\"}}}},\"tags\":[\"red\",\"mine\"]}");
        return new AnalysisCompleted(fields, Map.of("faces", "faces failed: model missing"));
    }

    /** The asset as the Admin API shows it, once its row exists. */
    private static JsonNode awaitAsset(Cloudinary cloudinary, String publicId) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            found[0] = JSON.valueToTree(cloudinary.api().resource(publicId, ObjectUtils.emptyMap()));
            return true;
        });
        return found[0];
    }

    private static void report(JsonNode asset, long version, AnalysisCompleted completed) throws Exception {
        TestEvents.publish(Topics.ANALYSIS_COMPLETED, asset.get("asset_id").asText(), version,
                SdkClients.config("cloud-name"), completed);
    }

    @Test
    void theSynchronousAnswerWaitsForTheResults() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String publicId = "analysed/" + UUID.randomUUID();
        // not the common pool: with 2 cores it has one thread, which the MinIO client's own futures need
        CompletableFuture<Map<?, ?>> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return cloudinary.uploader().upload(UploadApiTest.image("png", 8, 8), ObjectUtils.asMap(
                        "public_id", publicId, "colors", true, "faces", true, "tags", "mine"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
        JsonNode asset = awaitAsset(cloudinary, publicId);
        assertEquals("[\"analysis\"]", asset.at("/processing/awaiting").toString(), asset.toString());
        assertFalse(answer.isDone(), "the answer waits for the analyses");
        report(asset, asset.get("version").asLong(), colours("#FF0000"));

        JsonNode result = JSON.valueToTree(answer.get());
        assertEquals("#FF0000", result.at("/colors/0/0").asText(), result.toString());
        assertEquals("a red square", result.at("/info/detection/captioning/data/caption").asText());
        assertEquals(List.of("mine", "red"), JSON.convertValue(result.get("tags"), List.class));
        assertEquals("faces failed: model missing", result.at("/analysis_errors/faces").asText());
        assertNull(result.get("processing"), result.toString());
    }

    @Test
    void resultsAreMergedOnceForTheCurrentVersionAndShownInDetailsWhenAsked() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String publicId = "analysed/" + UUID.randomUUID();
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.ASSET_PROCESSED));
            Map<?, ?> pending = cloudinary.uploader().upload(UploadApiTest.image("png", 8, 8), ObjectUtils.asMap(
                    "public_id", publicId, "colors", true, "async", true, "on_success", "current_asset.update({})"));
            assertEquals("pending", pending.get("status"));
            JsonNode asset = awaitAsset(cloudinary, publicId);
            assertEquals("[\"analysis\"]", asset.at("/processing/awaiting").toString(), asset.toString());

            // a report about an older version is ignored; the current one is applied once though sent twice
            long version = asset.get("version").asLong();
            report(asset, version - 1, colours("#000000"));
            report(asset, version, colours("#FF0000"));
            report(asset, version, colours("#00FF00"));

            // processed: on_success sees the merged results in e.upload_info
            Envelope processed = TestEvents.awaitFor(consumer, List.of(publicId), envelope ->
                    EventCodec.payload(envelope, AssetProcessed.class).uploadInfo().path("public_id").asText())
                    .get(publicId);
            assertEquals("#FF0000", EventCodec.payload(processed, AssetProcessed.class).uploadInfo()
                    .at("/colors/0/0").asText());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.valueToTree(cloudinary.api().resource(publicId,
                ObjectUtils.emptyMap())).get("processing") == null);
        JsonNode plain = JSON.valueToTree(cloudinary.api().resource(publicId, ObjectUtils.emptyMap()));
        assertNull(plain.get("colors"), "only when asked: " + plain);
        assertEquals("a red square", plain.at("/info/detection/captioning/data/caption").asText(), plain.toString());
        JsonNode asked = JSON.valueToTree(cloudinary.api().resource(publicId, ObjectUtils.asMap("colors", true)));
        assertEquals("#FF0000", asked.at("/colors/0/0").asText(), asked.toString());
        assertTrue(asked.has("predominant"), asked.toString());
        assertEquals(List.of("red", "mine"), JSON.convertValue(asked.get("tags"), List.class));
    }
    @Test
    void detailsShowTheAccessibilityObjectAndEmptyFacesWhenAsked() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String publicId = "analysed/" + UUID.randomUUID();
        cloudinary.uploader().upload(UploadApiTest.image("png", 8, 8), ObjectUtils.asMap("public_id", publicId,
                "accessibility_analysis", true, "faces", true, "async", true));
        JsonNode asset = awaitAsset(cloudinary, publicId);
        ObjectNode fields = (ObjectNode) EventCodec.mapper().readTree("{\"faces\":[],\"accessibility_analysis\":"
                + "{\"colorblind_accessibility_analysis\":{\"distinct_edges\":1.0,\"distinct_colors\":1.0,"
                + "\"most_indistinct_pair\":[\"#FFFFFF\",\"#FFFFFF\"]},\"colorblind_accessibility_score\":1.0}}");
        report(asset, asset.get("version").asLong(), new AnalysisCompleted(fields, Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.valueToTree(cloudinary.api().resource(publicId,
                ObjectUtils.emptyMap())).get("processing") == null);

        JsonNode plain = JSON.valueToTree(cloudinary.api().resource(publicId, ObjectUtils.emptyMap()));
        assertNull(plain.get("accessibility_analysis"), plain.toString());
        assertNull(plain.get("faces"), plain.toString());
        JsonNode asked = JSON.valueToTree(cloudinary.api().resource(publicId,
                ObjectUtils.asMap("accessibility_analysis", true, "faces", true)));
        assertEquals(fields.get("accessibility_analysis"), asked.get("accessibility_analysis"), asked.toString());
        assertEquals("[]", asked.get("faces").toString(), asked.toString());
        assertNull(asked.get("colorblind_accessibility_score"), "only inside the object: " + asked);
    }
}
