package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.AnalysisCompleted;
import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import dev.upshot.contracts.WorkRequested;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's side of {@code explicit} and of the Admin update's add-ons, with this test standing in for the
 * analysis worker: the call commits a {@link WorkRequested} on the analysis worker's topic, waits (explicit) or answers
 * pending (update), and merges the worker's report like an upload's.
 */
@QuarkusTest
class StoredAssetWorkTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    private static String stored(Cloudinary cloudinary) throws Exception {
        String publicId = "stored/" + UUID.randomUUID();
        cloudinary.uploader().upload(UploadApiTest.image("png", 8, 8), ObjectUtils.asMap("public_id", publicId,
                "tags", "first", "context", "k=v"));
        return publicId;
    }

    /** The WorkRequested of this public id, as the analysis worker would read it. */
    private static Envelope requested(KafkaConsumer<String, String> consumer, String publicId) {
        return TestEvents.awaitFor(consumer, List.of(publicId), envelope -> envelope.type()
                .equals(WorkRequested.class.getSimpleName()) ? AssetUploaded.of(envelope).publicId() : null)
                .get(publicId);
    }

    private static <T> CompletableFuture<T> async(java.util.concurrent.Callable<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
    }

    @Test
    void explicitWaitsForTheAnalysesItAskedAndReplacesWhatItSent() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String publicId = stored(cloudinary);
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.ANALYSIS_REQUESTED));
            CompletableFuture<Map<?, ?>> answer = async(() -> cloudinary.uploader().explicit(publicId,
                    ObjectUtils.asMap("type", "upload", "colors", true, "tags", List.of("second"))));
            Envelope envelope = requested(consumer, publicId);
            WorkRequested work = EventCodec.payload(envelope, WorkRequested.class);
            assertEquals("explicit", work.origin());
            assertEquals(Map.of("colors", "true"), work.asset().requested().analyses());
            assertFalse(answer.isDone(), "the answer waits for the analyses");

            // another explicit while this one's work runs would take over its answer: refused
            Exception busy = assertThrows(Exception.class, () -> cloudinary.uploader().explicit(publicId,
                    ObjectUtils.asMap("type", "upload", "phash", true)));
            assertTrue(busy.getMessage().contains("still being processed"), busy.getMessage());

            ObjectNode fields = (ObjectNode) JSON.readTree("{\"colors\":[[\"#00FF00\",100.0]]}");
            TestEvents.publish(Topics.ANALYSIS_COMPLETED, envelope, new AnalysisCompleted(fields, Map.of()));
            JsonNode result = JSON.valueToTree(answer.get());
            assertEquals("#00FF00", result.at("/colors/0/0").asText(), result.toString());
            assertEquals(List.of("second"), JSON.convertValue(result.get("tags"), List.class));
            assertEquals("v", result.at("/context/custom/k").asText(), "context not sent stays: " + result);
            assertNull(result.get("processing"), result.toString());
        }
    }

    @Test
    void explicitWithoutWorkAnswersAtOnceAndMissingAssetsAreNotFound() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String publicId = stored(cloudinary);
        JsonNode result = JSON.valueToTree(cloudinary.uploader().explicit(publicId, ObjectUtils.asMap("type", "upload",
                "context", "a=b")));
        assertEquals("b", result.at("/context/custom/a").asText(), result.toString());
        assertTrue(result.at("/context/custom/k").isMissingNode(), "context sent replaces: " + result);
        // the SDK's uploader reports every error as a RuntimeException carrying the message
        Exception missing = assertThrows(Exception.class, () -> cloudinary.uploader().explicit("stored/none-"
                + UUID.randomUUID(), ObjectUtils.asMap("type", "upload", "colors", true)));
        assertTrue(missing.getMessage().startsWith("Resource not found"), missing.getMessage());
        Exception file = assertThrows(Exception.class, () -> cloudinary.uploader().explicit(publicId,
                ObjectUtils.asMap("type", "upload", "overwrite", true)));
        assertTrue(file.getMessage().contains("overwrite"), file.getMessage());
    }

    @Test
    void adminUpdateAddOnsAnswerPendingAndMergeTheReport() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String publicId = stored(cloudinary);
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.ANALYSIS_REQUESTED));
            JsonNode answer = JSON.valueToTree(cloudinary.api().update(publicId, ObjectUtils.asMap("ocr", "adv_ocr")));
            assertEquals("pending", answer.at("/info/ocr/adv_ocr/status").asText(), answer.toString());
            Envelope envelope = requested(consumer, publicId);
            assertEquals("update", EventCodec.payload(envelope, WorkRequested.class).origin());

            ObjectNode fields = (ObjectNode) JSON.readTree("{\"info\":{\"ocr\":{\"adv_ocr\":{\"status\":\"complete\","
                    + "\"data\":[{\"textAnnotations\":[{\"description\":\"HELLO\"}]}]}}}}");
            TestEvents.publish(Topics.ANALYSIS_COMPLETED, envelope, new AnalysisCompleted(fields, Map.of()));
            await().atMost(Duration.ofSeconds(30)).until(() -> "complete".equals(JSON.valueToTree(
                    cloudinary.api().resource(publicId, ObjectUtils.emptyMap())).at("/info/ocr/adv_ocr/status").asText()));
        }
    }
}
