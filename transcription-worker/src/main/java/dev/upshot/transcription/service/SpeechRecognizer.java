package dev.upshot.transcription.service;

import dev.upshot.kit.net.TargetGuard;
import dev.upshot.transcription.client.TranscriptionClient;
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
import java.util.Optional;

/**
 * The speech model: ffmpeg turns any upload's sound into 16 kHz mono 16-bit PCM (the model's input), then CMU
 * PocketSphinx reads it, or, when {@code upshot.transcription.endpoint.url} is set, an OpenAI-compatible
 * endpoint is sent it. ffmpeg and PocketSphinx run as child processes at a lower priority with a time limit, so a
 * hostile file or a hung decoder costs one failed transcription, never the worker.
 */
@ApplicationScoped
public class SpeechRecognizer {
    private static final int SAMPLE_RATE = 16_000;

    private final TranscriptionConfig config;
    private final Optional<TranscriptionClient> endpoint;

    public SpeechRecognizer(TranscriptionConfig config) {
        this.config = config;
        TranscriptionConfig.Endpoint endpoint = config.endpoint();
        this.endpoint = endpoint.url().filter(url -> !url.isBlank()).map(url -> new TranscriptionClient(url,
                endpoint.model(), endpoint.apiKey(), endpoint.timeout(),
                new TargetGuard(endpoint.allowLoopback(), endpoint.allowPrivate())));
    }

    /** Thrown for a request the model cannot serve (a language it lacks, a file too long): no retry helps. */
    public static class Unsupported extends Exception {
        public Unsupported(String message) {
            super(message);
        }
    }

    /**
     * The languages of {@code upshot.transcription.model.languages}; a request is matched by its language part. An
     * endpoint is asked for any language (it refuses those it lacks).
     */
    public void checkLanguage(String tag) throws Unsupported {
        if (endpoint.isPresent()) {
            return;
        }
        String asked = TranscriptionRequest.primary(tag);
        if (config.model().languages().stream().map(TranscriptionRequest::primary).noneMatch(asked::equals)) {
            throw new Unsupported("language " + tag + " is not supported by the local speech model (supported: "
                    + String.join(", ", config.model().languages()) + ")");
        }
    }

    /**
     * The utterances spoken in {@code media} (any container ffmpeg reads, video or audio).
     *
     * @param language the BCP 47 tag the request names, if any (the local model's was checked before)
     * @throws TranscriptionClient.Refused the endpoint refused the request
     */
    public List<Segment> transcribe(Path media, Optional<String> language)
            throws VideoException, IOException, Unsupported, TranscriptionClient.Refused {
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
            if (endpoint.isPresent()) {
                byte[] answer = endpoint.get().transcribe(pcm, language.map(TranscriptionRequest::primary));
                try {
                    return EndpointOutput.segments(answer);
                } catch (IOException e) {
                    throw new TranscriptionClient.Refused("transcription endpoint answered malformed JSON");
                }
            }
            Ffmpeg.Result result = Ffmpeg.niced(config.model().program(), List.of("-infile", pcm.toString(),
                    "-time", "yes", "-logfn", "/dev/null"), config.timeout());
            return RecognizerOutput.segments(new String(result.stdout(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(pcm);
        }
    }
}
