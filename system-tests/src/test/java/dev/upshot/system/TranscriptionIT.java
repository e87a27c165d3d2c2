package dev.upshot.system;

import com.cloudinary.Cloudinary;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.testsupport.WebhookReceiver;
import dev.upshot.video.Speech;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transcription end to end through the official Java SDK against the packaged services and the real local model: a
 * sentence spoken by espeak-ng is uploaded with {@code raw_convert=google_speech:vtt}; the answer shows it pending,
 * a signed {@code info} notification says it is complete, and the transcript and captions are delivered as raw assets.
 */
class TranscriptionIT extends OnPlatform {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ServiceProcess worker;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        // only this class needs the transcription worker: the others' uploads ask nothing of it
        worker = ServiceProcess.start("transcription-worker", platform.env).awaitHealth("ready", false,
                Platform.STARTUP);
    }

    @AfterAll
    static void stop() throws Exception {
        worker.close();
    }

    @Test
    void aSpokenSentenceComesBackAsATranscriptWithCaptionsAndAnInfoNotification() throws Exception {
        String hook = "/transcription/" + UUID.randomUUID();
        String publicId = "voice-notes/" + UUID.randomUUID();
        JsonNode answer = JSON.valueToTree(cloudinary.uploader().upload(Speech.m4a(dir).toFile(), ObjectUtils.asMap(
                "resource_type", "video", "public_id", publicId, "raw_convert", "google_speech:vtt",
                "notification_url", platform.receiver.url(hook))));
        assertTrue(answer.get("is_audio").asBoolean(), answer.toString());
        assertEquals("pending", answer.at("/info/raw_convert/google_speech/status").asText(), answer.toString());

        // the upload's own notification goes there too; the info one follows the transcription
        List<JsonNode> info = new ArrayList<>();
        await().atMost(Platform.DELIVERY.multipliedBy(2)).until(() -> {
            info.clear();
            for (WebhookReceiver.Received hit : platform.receiver.at(hook)) {
                JsonNode body = JSON.readTree(hit.body());
                if (body.path("notification_type").asText().equals("info")) {
                    assertTrue(cloudinary.verifyNotificationSignature(hit.body(), hit.timestamp(), hit.signature(),
                            7200));
                    info.add(body);
                }
            }
            return !info.isEmpty();
        });
        assertEquals(List.of("google_speech", "complete", publicId), List.of(info.getFirst().path("info_kind").asText(),
                info.getFirst().path("info_status").asText(), info.getFirst().path("public_id").asText()));
        JsonNode details = JSON.valueToTree(cloudinary.api().resource(publicId,
                ObjectUtils.asMap("resource_type", "video")));
        assertEquals("complete", details.at("/info/raw_convert/google_speech/status").asText(), details.toString());

        JsonNode transcript = JSON.readTree(get(raw(cloudinary, publicId + ".transcript")));
        List<String> words = new ArrayList<>();
        transcript.forEach(segment -> segment.get("words").forEach(w -> words.add(w.get("word").asText())));
        assertTrue(words.containsAll(Speech.KEY_WORDS), "key words of '" + Speech.SENTENCE + "' in " + words);
        assertTrue(get(raw(cloudinary, publicId + ".vtt")).startsWith("WEBVTT\n\n"));
    }

    private static String raw(Cloudinary cloudinary, String publicId) throws Exception {
        return (String) cloudinary.api().resource(publicId, ObjectUtils.asMap("resource_type", "raw"))
                .get("secure_url");
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url);
        return response.body();
    }
}
