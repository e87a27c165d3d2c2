package dev.upshot.transcription.service;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TranscriptionRequestTest {
    @Test
    void rawConvertSuffixesAskForCaptionsAndALanguage() {
        assertEquals(new TranscriptionRequest(true, true, Optional.empty()),
                TranscriptionRequest.of(Map.of("raw_convert", "google_speech:srt:vtt")));
        assertEquals(new TranscriptionRequest(false, true, Optional.of("fr-FR")),
                TranscriptionRequest.of(Map.of("raw_convert", "google_speech:vtt:fr-FR")));
    }

    @Test
    void autoTranscriptionOptionsMayNameTheLanguage() {
        assertEquals(new TranscriptionRequest(false, false, Optional.empty()),
                TranscriptionRequest.of(Map.of("auto_transcription", "true")));
        assertEquals(new TranscriptionRequest(false, false, Optional.of("de")),
                TranscriptionRequest.of(Map.of("auto_transcription", "{\"language\":\"de\"}")));
        assertEquals("en", TranscriptionRequest.primary("EN_us"));
    }
}
