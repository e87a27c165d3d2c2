package dev.upshot.transcription.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Typed configuration of the transcription worker (prefix {@code upshot.transcription}). */
@ConfigMapping(prefix = "upshot.transcription")
public interface TranscriptionConfig {

    Model model();

    Endpoint endpoint();

    /**
     * Longest the decoding of one file may take (ffmpeg, then the recogniser); then it is killed and fails. Enough
     * for {@link #maxDuration()} of sound at the recogniser's pace on a busy core.
     */
    @WithDefault("PT20M")
    Duration timeout();

    /**
     * Longest sound transcribed: a longer file fails at once rather than holding the worker for hours (the
     * recogniser reads about 5 s of sound a second on one core).
     */
    @WithDefault("PT1H")
    Duration maxDuration();

    /** The local speech model: CMU PocketSphinx, run as a child process at a lower priority. */
    interface Model {
        /**
         * The recogniser program (Debian's {@code pocketsphinx}); it prints each utterance's words with their start,
         * end and posterior probability.
         */
        @WithDefault("/usr/bin/pocketsphinx_continuous")
        Path program();

        /**
         * Languages the model transcribes, as BCP 47 tags; a request is compared by its language alone ({@code en-GB}
         * is read by a US English model, {@code fr-FR} is refused). Debian's {@code pocketsphinx-en-us} is US English.
         */
        @WithDefault("en-US")
        List<String> languages();
    }

    /**
     * An OpenAI-compatible transcription endpoint (OpenAI's {@code whisper-1}, a faster-whisper or whisper.cpp server,
     * vLLM, LocalAI, …) used instead of the local model when {@link #url()} is set: it is sent the same 16 kHz mono
     * sound, and its answer becomes the same segments.
     */
    interface Endpoint {
        /** Base URL of the API (…/v1); {@code /audio/transcriptions} is appended. Unset: the local model. */
        Optional<String> url();

        /** Model name sent to the endpoint. */
        @WithDefault("whisper-1")
        String model();

        /** Bearer key for the endpoint, if it needs one; never logged nor recorded. */
        Optional<String> apiKey();

        /** Budget of one request (upload, transcription and answer); past it the attempt fails. */
        @WithDefault("PT5M")
        Duration timeout();

        /** Endpoint on a loopback address (a local whisper server); otherwise refused as SSRF. */
        @WithDefault("false")
        boolean allowLoopback();

        /** Endpoint on a private network (e.g. in the same cluster). */
        @WithDefault("false")
        boolean allowPrivate();
    }
}
