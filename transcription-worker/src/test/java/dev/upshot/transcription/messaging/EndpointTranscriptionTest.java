package dev.upshot.transcription.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.TranscriptionCompleted;
import dev.upshot.video.Clips;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.upshot.transcription.messaging.TranscriptionEvents.get;
import static dev.upshot.transcription.messaging.TranscriptionEvents.put;
import static dev.upshot.transcription.messaging.TranscriptionEvents.run;
import static dev.upshot.transcription.messaging.TranscriptionEvents.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker with {@code upshot.transcription.endpoint.url} set, on real Kafka, PostgreSQL and S3, against a real HTTP
 * endpoint on loopback: it is sent the 16 kHz mono WAV as multipart with the verbose_json and timestamp fields and
 * the bearer key; its segments and words become the transcript and captions; its 400 is a recorded failure.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeTranscriptionEndpoint.class, restrictToAnnotatedClass = true)
class EndpointTranscriptionTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void bucket() throws Exception {
        TranscriptionEvents.bucket();
    }

    @Test
    void theEndpointsSegmentsBecomeTheTranscriptAndItsRefusalAFailure() throws Exception {
        String key = put(Files.readAllBytes(Clips.audio(dir, "m4a", 3)));
        Map<String, TranscriptionCompleted> reports = run(Map.of(
                "english", upload(key, "m4a", Map.of("raw_convert", "google_speech:srt:en-US")),
                "unknown", upload(key, "m4a", Map.of("auto_transcription", "{\"language\":\"xx-YY\"}"))));

        TranscriptionCompleted english = reports.get("english");
        assertNull(english.error());
        assertEquals(List.of("transcript", "srt"), english.files().stream()
                .map(TranscriptionCompleted.TranscriptFile::extension).toList());
        JsonNode transcript = EventCodec.mapper().readTree(get(english.files().getFirst().objectKey()));
        assertEquals(EventCodec.mapper().readTree("""
                [{"transcript":"Hello there.","confidence":%s,"words":[{"word":"Hello","start_time":0.0,"end_time":0.5},
                  {"word":"there","start_time":0.52,"end_time":1.1}]},
                 {"transcript":"General Kenobi.","confidence":%s,"words":[{"word":"General","start_time":1.4,
                  "end_time":2.0},{"word":"Kenobi","start_time":2.05,"end_time":2.9}]}]"""
                .formatted(Math.exp(-0.1), Math.exp(-0.3))), transcript);
        assertTrue(get(english.files().get(1).objectKey()).startsWith("1\n00:00:00,000 --> 00:00:01,100\nHello there\n"),
                get(english.files().get(1).objectKey()));

        String refusal = reports.get("unknown").error();
        assertTrue(refusal.startsWith("transcription endpoint answered HTTP 400: ") && refusal.contains("'xx'"),
                refusal);
        assertTrue(reports.get("unknown").files().isEmpty());

        assertEquals(2, FakeTranscriptionEndpoint.REQUESTS.size(), "one request each, the 400 not retried");
        FakeTranscriptionEndpoint.Received sent = FakeTranscriptionEndpoint.REQUESTS.stream()
                .filter(r -> r.text().contains("name=\"language\"\r\n\r\nen\r\n")).findFirst().orElseThrow();
        assertEquals("Bearer " + FakeTranscriptionEndpoint.API_KEY, sent.authorization());
        assertTrue(sent.contentType().startsWith("multipart/form-data; boundary="), sent.contentType());
        String form = sent.text();
        for (String field : List.of("name=\"model\"\r\n\r\nwhisper-test\r\n",
                "name=\"response_format\"\r\n\r\nverbose_json\r\n",
                "name=\"timestamp_granularities[]\"\r\n\r\nword\r\n",
                "name=\"timestamp_granularities[]\"\r\n\r\nsegment\r\n",
                "name=\"file\"; filename=\"audio.wav\"")) {
            assertTrue(form.contains(field), "multipart field " + field);
        }
        assertFalse(refusal.contains(FakeTranscriptionEndpoint.API_KEY));
        // the file part is the WAV ffmpeg made: RIFF, PCM, one channel, 16 kHz, 16 bits
        int riff = form.indexOf("RIFF");
        ByteBuffer header = ByteBuffer.wrap(sent.body(), riff, 44).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("WAVE", new String(sent.body(), riff + 8, 4, StandardCharsets.US_ASCII));
        assertEquals(List.of(1, 1, 16_000, 16), List.of((int) header.getShort(20), (int) header.getShort(22),
                header.getInt(24), (int) header.getShort(34)));
    }
}
