package dev.upshot.transcription.service;

import dev.upshot.transcription.config.TranscriptionConfig;
import dev.upshot.video.Ffmpeg;
import dev.upshot.video.VideoException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The local speech model: ffmpeg turns any upload's sound into 16 kHz mono 16-bit PCM (the model's input), then
 * CMU PocketSphinx reads it. Both run as child processes at a lower priority with a time limit, so a hostile file
 * or a hung decoder costs one failed transcription, never the worker.
 */
@ApplicationScoped
public class SpeechRecognizer {
    private static final int SAMPLE_RATE = 16_000;

    private final TranscriptionConfig config;

    public SpeechRecognizer(TranscriptionConfig config) {
        this.config = config;
    }

    /** Thrown for a request the model cannot serve (a language it lacks, a file too long): no retry helps. */
    public static class Unsupported extends Exception {
        public Unsupported(String message) {
            super(message);
        }
    }

    /** The languages of {@code upshot.transcription.model.languages}; a request is matched by its language part. */
    public void checkLanguage(String tag) throws Unsupported {
        String asked = TranscriptionRequest.primary(tag);
        if (config.model().languages().stream().map(TranscriptionRequest::primary).noneMatch(asked::equals)) {
            throw new Unsupported("language " + tag + " is not supported by the local speech model (supported: "
                    + String.join(", ", config.model().languages()) + ")");
        }
    }

    /** The utterances spoken in {@code media} (any container ffmpeg reads, video or audio). */
    public List<Segment> transcribe(Path media) throws VideoException, IOException, Unsupported {
        Path pcm = Files.createTempFile("upshot-speech-", ".wav");
        try {
            Duration limit = config.maxDuration();
            // one second past the limit tells a file that is too long from one exactly as long
            Ffmpeg.transcode(List.of("-v", "error", "-y", "-i", media.toString(), "-vn", "-threads", "1",
                    "-t", Long.toString(limit.toSeconds() + 1), "-ac", "1", "-ar", Integer.toString(SAMPLE_RATE),
                    "-c:a", "pcm_s16le", "-f", "wav", pcm.toString()), config.timeout());
            double seconds = Files.size(pcm) / (2.0 * SAMPLE_RATE);   // the header's bytes are a few ms
            if (seconds > limit.toSeconds()) {
                throw new Unsupported(String.format(Locale.ROOT, "the sound is longer than %d s, the longest "
                        + "transcribed (upshot.transcription.max-duration)", limit.toSeconds()));
            }
            Ffmpeg.Result result = Ffmpeg.niced(config.model().program(), List.of("-infile", pcm.toString(),
                    "-time", "yes", "-logfn", "/dev/null"), config.timeout());
            return RecognizerOutput.segments(new String(result.stdout(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(pcm);
        }
    }
}
