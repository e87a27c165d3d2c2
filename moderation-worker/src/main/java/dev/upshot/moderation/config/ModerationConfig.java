package dev.upshot.moderation.config;

import io.smallrye.config.WithDefault;
import io.smallrye.config.ConfigMapping;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Typed configuration of the moderation worker; every key is under {@code upshot.moderation.}. */
@ConfigMapping(prefix = "upshot.moderation")
public interface ModerationConfig {


    /**
     * Kind names clients may send mapped onto our providers ({@code upshot_http}, …), so clients migrating from
     * Cloudinary keep their {@code moderation} values, e.g. {@code upshot.moderation.aliases.webpurify=upshot_http}.
     * The gateway's {@code upshot.moderation.automated-kinds} must list the same names.
     */
    Map<String, String> aliases();

    /** Base of delivery URLs sent to the external provider: the gateway's public address. */
    @WithDefault("http://127.0.0.1:8080")
    URI assetBaseUrl();

    Http http();

    Duplicate duplicate();

    Nsfw nsfw();

    Video video();

    /**
     * Video originals under {@code upshot_nsfw} (and its aliases, {@code aws_rek_video}): frames sampled at an
     * interval, each scored by the image model; rejected when any frame crosses a threshold.
     */
    interface Video {
        /** Time between two sampled frames, from the start. */
        @WithDefault("PT2S")
        Duration frameInterval();

        /** At most this many frames per video (a long video is sampled over its first frameInterval × maxFrames). */
        @WithDefault("30")
        int maxFrames();

        /** Longest the sampling ffmpeg run may take. */
        @WithDefault("PT2M")
        Duration timeout();
    }

    /** The local image model ({@code upshot_nsfw}): nsfwjs 4.4.0's MobileNetV2 on ONNX Runtime. */
    interface Nsfw {
        /** Where models/fetch.sh put the model packages; without it {@code upshot_nsfw} stays pending. */
        Optional<Path> modelsDir();

        /**
         * Rejection thresholds by class (Drawing, Hentai, Neutral, Porn, Sexy): an image is rejected when any
         * class's score reaches its threshold; classes not listed never reject. Defaults in application.properties:
         * Porn 0.5, Hentai 0.5, Sexy 0.8.
         */
        Map<String, Double> thresholds();

        /**
         * ONNX Runtime threads classifying one image. 1 runs it on the consumer's thread alone (~20–40 ms here);
         * more shorten one image on idle cores but compete with the rest of the worker.
         */
        @WithDefault("1")
        int threads();
    }


    /** The external HTTP provider ({@code upshot_http}). */
    interface Http {
        /** Where assets are sent; without it the kind stays pending and an error is logged. */
        Optional<URI> url();

        @WithDefault("PT2S")
        Duration connectTimeout();

        /** Whole-request limit of one attempt. */
        @WithDefault("PT10S")
        Duration timeout();

        /** Attempts per asset (network errors, 5xx and 429 are retried; other answers are final). */
        @WithDefault("3")
        int attempts();

        /** Pause before the second attempt; doubled before each further one. */
        @WithDefault("PT0.5S")
        Duration backoff();

        /** Largest provider answer kept, in bytes. */
        @WithDefault("65536")
        int maxResponseBytes();

        /** Allow a loopback provider address (tests, local runs). */
        @WithDefault("false")
        boolean allowLoopback();

        /** Allow a private-network provider address (a provider inside the cluster). */
        @WithDefault("false")
        boolean allowPrivate();
    }

    interface Duplicate {
        /** Originals larger than this are only hashed (exact tier), not decoded for the pHash. */
        @WithDefault("52428800")
        long maxDecodeBytes();

        /** Images with more pixels than this are not decoded (exact tier only). */
        @WithDefault("50000000")
        long maxPixels();
    }
}
