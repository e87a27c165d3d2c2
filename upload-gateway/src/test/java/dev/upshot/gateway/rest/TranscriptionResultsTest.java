package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.cloudinary.api.exceptions.NotFound;
import dev.upshot.contracts.AssetDeleted;
import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.NotificationRequested;
import dev.upshot.contracts.Topics;
import dev.upshot.contracts.TranscriptionCompleted;
import dev.upshot.kit.s3.ObjectStore;
import dev.upshot.video.Clips;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's side of transcription, with this test standing in for the transcription worker: the upload answers
 * at once with the requests pending under {@code info}; the report makes the raw {@code .transcript} and caption
 * assets, settles each status and sends one {@code info} notification per request; a failure is recorded.
 */
@QuarkusTest
class TranscriptionResultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOOK = "http://127.0.0.1:9/transcription-hook";

    @TestHTTPResource("/")
    URL base;

    @Inject
    ObjectStore store;

    @Test
    void theTranscriptBecomesRawAssetsAndEachRequestIsNotified() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String publicId = "speech/" + UUID.randomUUID();
        Envelope uploaded;
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.ASSET_UPLOADED));
            JsonNode answer = JSON.valueToTree(cloudinary.uploader().upload(audio(), ObjectUtils.asMap(
                    "resource_type", "video", "public_id", publicId, "notification_url", HOOK,
                    "raw_convert", "google_speech:srt", "auto_transcription", "true")));
            assertEquals("pending", answer.at("/info/raw_convert/google_speech/status").asText(), answer.toString());
            assertEquals("pending", answer.at("/info/auto_transcription/status").asText(), answer.toString());
            assertTrue(answer.get("processing") == null, "transcription never holds the upload: " + answer);
            uploaded = TestEvents.awaitFor(consumer, List.of(publicId),
                    e -> AssetUploaded.of(e).publicId()).get(publicId);
        }
        assertEquals(Map.of("raw_convert", "google_speech:srt", "auto_transcription", "true"),
                AssetUploaded.of(uploaded).requested().transcription());

        String transcript = "[{\"transcript\":\"hello world\",\"confidence\":0.8,\"words\":[{\"word\":\"hello\","
                + "\"start_time\":0.1,\"end_time\":0.5},{\"word\":\"world\",\"start_time\":0.6,\"end_time\":1.0}]}]";
        String srt = "1\n00:00:00,100 --> 00:00:01,000\nhello world\n\n";
        String key = AssetUploaded.of(uploaded).objectKey();
        TestEvents.publish(Topics.TRANSCRIPTION_COMPLETED, uploaded, new TranscriptionCompleted(
                AssetUploaded.of(uploaded).requested().transcription(), null,
                List.of(file(key, "transcript", transcript, "application/json"),
                        file(key, "srt", srt, "application/x-subrip"))));

        await().atMost(Duration.ofSeconds(30)).until(() -> "complete".equals(JSON.valueToTree(cloudinary.api()
                .resource(publicId, ObjectUtils.asMap("resource_type", "video"))).at("/info/auto_transcription/status")
                .asText()));
        JsonNode details = JSON.valueToTree(cloudinary.api().resource(publicId, ObjectUtils.asMap("resource_type",
                "video")));
        assertEquals("complete", details.at("/info/raw_convert/google_speech/status").asText(), details.toString());

        JsonNode raw = JSON.valueToTree(cloudinary.api().resource(publicId + ".transcript",
                ObjectUtils.asMap("resource_type", "raw")));
        assertEquals("transcript", raw.get("format").asText(), raw.toString());
        assertEquals(transcript.length(), raw.get("bytes").asInt());
        String url = raw.get("secure_url").asText();
        assertTrue(url.endsWith("/raw/upload/v" + raw.get("version").asLong() + "/" + publicId + ".transcript"), url);
        assertEquals(transcript, RestAssured.get(url).then().statusCode(200).extract().asString());
        JsonNode captions = JSON.valueToTree(cloudinary.api().resource(publicId + ".srt",
                ObjectUtils.asMap("resource_type", "raw")));
        assertEquals(srt, RestAssured.get(captions.get("secure_url").asText()).then().statusCode(200)
                .extract().asString());

        List<NotificationRequested> notices = infoNotices(publicId, 2);
        assertEquals(List.of("auto_transcription", "google_speech"), notices.stream()
                .map(n -> n.body().get("info_kind").asText()).sorted().toList());
        for (NotificationRequested notice : notices) {
            assertEquals("complete", notice.body().get("info_status").asText(), notice.body().toString());
            assertEquals(List.of(HOOK), notice.targets());
            assertEquals("video", notice.body().get("resource_type").asText());
        }
    }

    @Test
    void theTranscriptsOfAVersionGoWithItOnOverwriteAndDestroy() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String publicId = "speech/" + UUID.randomUUID();
        // a raw file the user uploaded under a caption's name is not made from the video: it stays
        Path own = Files.writeString(Files.createTempFile("own-", ".vtt"), "WEBVTT\n\n");
        cloudinary.uploader().upload(own.toFile(), ObjectUtils.asMap("resource_type", "raw",
                "public_id", publicId + ".vtt"));

        List<String> first = transcribed(cloudinary, publicId, ObjectUtils.emptyMap());
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.ASSET_CHANGED));
            JsonNode overwritten = JSON.valueToTree(cloudinary.uploader().upload(audio(), ObjectUtils.asMap(
                    "resource_type", "video", "public_id", publicId, "overwrite", true)));
            assertTrue(overwritten.path("overwritten").asBoolean(), overwritten.toString());
            assertGone(cloudinary, publicId, first);
            Map<String, Envelope> deleted = TestEvents.awaitFor(consumer,
                    List.of(publicId + ".transcript", publicId + ".srt"), e -> e.type().equals("AssetDeleted")
                            ? e.payload().path("publicId").asText() : null);
            assertEquals(first.getFirst(), EventCodec.payload(deleted.get(publicId + ".transcript"),
                    AssetDeleted.class).objectKey());
        }

        List<String> second = transcribed(cloudinary, publicId, ObjectUtils.asMap("overwrite", true));
        assertEquals("ok", cloudinary.uploader().destroy(publicId, ObjectUtils.asMap("resource_type", "video"))
                .get("result"));
        assertGone(cloudinary, publicId, second);
        assertEquals("WEBVTT\n\n", RestAssured.get(JSON.valueToTree(cloudinary.api().resource(publicId + ".vtt",
                ObjectUtils.asMap("resource_type", "raw"))).get("secure_url").asText()).then().statusCode(200)
                .extract().asString());
    }

    /** Uploads the video asking for a transcript and captions, reports them as the worker does: their object keys. */
    private List<String> transcribed(Cloudinary cloudinary, String publicId, Map<String, Object> options)
            throws Exception {
        Envelope uploaded;
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.ASSET_UPLOADED));
            Map<String, Object> params = new java.util.HashMap<>(options);
            params.putAll(ObjectUtils.asMap("resource_type", "video", "public_id", publicId,
                    "raw_convert", "google_speech:srt"));
            cloudinary.uploader().upload(audio(), params);
            uploaded = TestEvents.awaitFor(consumer, List.of(publicId), e -> {
                AssetUploaded asset = AssetUploaded.of(e);
                return asset.requested().transcription().isEmpty() ? null : asset.publicId();
            }).get(publicId);
        }
        String key = AssetUploaded.of(uploaded).objectKey();
        List<TranscriptionCompleted.TranscriptFile> files = List.of(
                file(key, "transcript", "[]", "application/json"), file(key, "srt", "", "application/x-subrip"));
        TestEvents.publish(Topics.TRANSCRIPTION_COMPLETED, uploaded, new TranscriptionCompleted(
                AssetUploaded.of(uploaded).requested().transcription(), null, files));
        await().atMost(Duration.ofSeconds(30)).until(() -> "complete".equals(JSON.valueToTree(cloudinary.api()
                .resource(publicId, ObjectUtils.asMap("resource_type", "video")))
                .at("/info/raw_convert/google_speech/status").asText()));
        return files.stream().map(TranscriptionCompleted.TranscriptFile::objectKey).toList();
    }

    /** Neither the raw assets nor their objects are left. */
    private void assertGone(Cloudinary cloudinary, String publicId, List<String> objectKeys) {
        for (String extension : List.of("transcript", "srt")) {
            assertThrows(NotFound.class, () -> cloudinary.api().resource(publicId + "." + extension,
                    ObjectUtils.asMap("resource_type", "raw")), extension);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (String key : objectKeys) {
                if (store.stat(key).isPresent()) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void aFailureIsRecordedWithItsReasonAndNotified() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String publicId = "speech/" + UUID.randomUUID();
        JsonNode answer = JSON.valueToTree(cloudinary.uploader().upload(audio(), ObjectUtils.asMap(
                "resource_type", "video", "public_id", publicId, "notification_url", HOOK,
                "auto_transcription", "{\"language\":\"fr-FR\"}")));
        String reason = "language fr-FR is not supported by the local speech model (supported: en-US)";
        TestEvents.publish(Topics.TRANSCRIPTION_COMPLETED, answer.get("asset_id").asText(),
                answer.get("version").asLong(), SdkClients.config("cloud-name"), new TranscriptionCompleted(
                        Map.of("auto_transcription", "{\"language\":\"fr-FR\"}"), reason, List.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(JSON.valueToTree(cloudinary.api()
                .resource(publicId, ObjectUtils.asMap("resource_type", "video"))).at("/info/auto_transcription/status")
                .asText()));
        JsonNode details = JSON.valueToTree(cloudinary.api().resource(publicId, ObjectUtils.asMap("resource_type",
                "video")));
        assertEquals(reason, details.at("/info/auto_transcription/error").asText(), details.toString());
        NotificationRequested notice = infoNotices(publicId, 1).getFirst();
        assertEquals("failed", notice.body().get("info_status").asText());
        assertEquals(reason, notice.body().at("/info_data/error").asText());
        assertThrows(Exception.class, () -> cloudinary.api().resource(publicId + ".transcript",
                ObjectUtils.asMap("resource_type", "raw")));
    }

    @Test
    void explicitTranscribesAStoredAsset() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String publicId = "speech/" + UUID.randomUUID();
        cloudinary.uploader().upload(audio(), ObjectUtils.asMap("resource_type", "video", "public_id", publicId));
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.ASSET_UPLOADED));
            JsonNode answer = JSON.valueToTree(cloudinary.uploader().explicit(publicId, ObjectUtils.asMap(
                    "type", "upload", "resource_type", "video", "raw_convert", "google_speech:vtt")));
            assertEquals("pending", answer.at("/info/raw_convert/google_speech/status").asText(), answer.toString());
            Envelope requested = TestEvents.awaitFor(consumer, List.of(publicId), e -> {
                AssetUploaded asset = AssetUploaded.of(e);
                return asset.requested().transcription().isEmpty() ? null : asset.publicId();
            }).get(publicId);
            assertEquals(Map.of("raw_convert", "google_speech:vtt"),
                    AssetUploaded.of(requested).requested().transcription());
        }
    }

    @Test
    void whatCannotBeTranscribedIsA400() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        Map<String, String> refused = Map.of(
                "raw_convert=aspose", "Raw convert is invalid: 'aspose'",
                "raw_convert=google_speech:mp3", "Invalid raw_convert option 'mp3'",
                "auto_transcription=maybe", "Invalid auto_transcription value 'maybe'",
                "auto_transcription={\"translate\":[\"fr-FR\"]}", "Unsupported auto_transcription option 'translate'");
        for (var entry : refused.entrySet()) {
            String[] parameter = entry.getKey().split("=", 2);
            Exception e = assertThrows(Exception.class, () -> cloudinary.uploader().upload(audio(),
                    ObjectUtils.asMap("resource_type", "video", parameter[0], parameter[1])));
            assertTrue(e.getMessage().startsWith(entry.getValue()), e.getMessage());
        }
        Exception image = assertThrows(Exception.class, () -> cloudinary.uploader().upload(
                UploadApiTest.image("png", 8, 8), ObjectUtils.asMap("auto_transcription", "true")));
        assertTrue(image.getMessage().contains("need a video or audio file"), image.getMessage());
    }

    private static File audio() throws Exception {
        return Clips.audio(Files.createTempDirectory("speech"), "m4a", 1).toFile();
    }

    /** As the worker writes them: the object, and its description. */
    private TranscriptionCompleted.TranscriptFile file(String originalKey, String extension, String text, String contentType)
            throws Exception {
        Path local = Files.createTempFile("transcript-", "." + extension);
        Files.writeString(local, text);
        String key = originalKey + "." + extension;
        store.put(key, local, contentType);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
        return new TranscriptionCompleted.TranscriptFile(extension, store.bucket(), key, bytes.length, md5, contentType);
    }

    /** The info notifications requested for this public id, once {@code expected} are there. */
    private static List<NotificationRequested> infoNotices(String publicId, int expected) {
        List<NotificationRequested> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.NOTIFICATION_REQUESTED));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    var n = EventCodec.payload(EventCodec.decode(r.value()), NotificationRequested.class);
                    if (n.notificationType().equals("info") && n.body().path("public_id").asText().equals(publicId)) {
                        found.add(n);
                    }
                });
                return found.size() >= expected;
            });
        }
        return found;
    }
}
