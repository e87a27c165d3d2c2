package dev.upshot.transcription.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.TranscriptionCompleted;
import dev.upshot.video.Clips;
import dev.upshot.video.Speech;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.upshot.transcription.messaging.TranscriptionEvents.get;
import static dev.upshot.transcription.messaging.TranscriptionEvents.put;
import static dev.upshot.transcription.messaging.TranscriptionEvents.run;
import static dev.upshot.transcription.messaging.TranscriptionEvents.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker on real Kafka, PostgreSQL and S3 with the real model: a sentence spoken by espeak-ng comes back with its
 * key words in time order, with captions; a language the model lacks and a corrupt file fail with a reason, once.
 */
@QuarkusTest
class AssetUploadedConsumerTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void bucket() throws Exception {
        TranscriptionEvents.bucket();
    }

    @Test
    void aSpokenSentenceIsTranscribedWithOrderedTimesAndCaptions() throws Exception {
        String key = put(Files.readAllBytes(Speech.m4a(dir)));
        Map<String, TranscriptionCompleted> reports = run(Map.of(
                "speech", upload(key, "m4a", Map.of("raw_convert", "google_speech:srt:vtt")),
                "french", upload(key, "m4a", Map.of("auto_transcription", "{\"language\":\"fr-FR\"}")),
                "corrupt", upload(put(Clips.corruptMp4()), "mp4", Map.of("auto_transcription", "true"))));

        TranscriptionCompleted speech = reports.get("speech");
        assertNull(speech.error());
        assertEquals(List.of("transcript", "srt", "vtt"), speech.files().stream()
                .map(TranscriptionCompleted.TranscriptFile::extension).toList());
        assertEquals(key + ".transcript", speech.files().getFirst().objectKey());
        JsonNode transcript = EventCodec.mapper().readTree(get(speech.files().getFirst().objectKey()));
        List<String> words = new ArrayList<>();
        double previousStart = -1;
        for (JsonNode segment : transcript) {
            assertTrue(segment.get("confidence").asDouble() > 0 && segment.get("confidence").asDouble() <= 1);
            for (JsonNode word : segment.get("words")) {
                words.add(word.get("word").asText());
                double start = word.get("start_time").asDouble();
                assertTrue(start > previousStart && start < word.get("end_time").asDouble() && start < 10,
                        "times in order: " + transcript);
                previousStart = start;
            }
        }
        assertTrue(words.containsAll(Speech.KEY_WORDS), "key words of '" + Speech.SENTENCE + "' in " + words);
        assertTrue(get(speech.files().get(1).objectKey()).startsWith("1\n00:00:00,"));
        assertTrue(get(speech.files().get(2).objectKey()).startsWith("WEBVTT\n\n00:00:00."));

        assertEquals("language fr-FR is not supported by the local speech model (supported: en-US)",
                reports.get("french").error());
        assertTrue(reports.get("french").files().isEmpty());
        assertTrue(reports.get("corrupt").error().startsWith("transcription failed: "), reports.get("corrupt").error());
    }
}
