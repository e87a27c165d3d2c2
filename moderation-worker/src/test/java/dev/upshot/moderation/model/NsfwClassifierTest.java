package dev.upshot.moderation.model;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java forward pass against nsfwjs itself: the expected scores were produced by nsfwjs 4.4.0
 * ({@code nsfw.load('MobileNetV2')}, {@code model.infer}) on @tensorflow/tfjs 4.22.0's CPU backend for the same
 * integer-formula images (224×224 as they are, 300×200 and 120×160 through its resizeBilinear). Needs the model
 * package fetched by models/fetch.sh ({@code UPSHOT_MODELS_DIR}, as {@code ./upshot test} sets).
 */
class NsfwClassifierTest {
    private static final double[][] EXPECTED = {
            {224, 224, 1, 0.373085, 0.002453, 0.621722, 0.001175, 0.001564},
            {224, 224, 2, 0.103385, 0.001727, 0.893142, 0.001137, 0.000608},
            {224, 224, 3, 0.098952, 0.001076, 0.898432, 0.000860, 0.000680},
            {300, 200, 4, 0.005592, 0.000397, 0.993301, 0.000604, 0.000106},
            {120, 160, 5, 0.355833, 0.001592, 0.641612, 0.000533, 0.000430},
    };
    private static NsfwClassifier classifier;

    @BeforeAll
    static void load() throws Exception {
        Path dir = Path.of(System.getenv().getOrDefault("UPSHOT_MODELS_DIR", "../models/target"));
        assertTrue(Files.isDirectory(dir.resolve(NsfwClassifier.PACKAGE_PATH)),
                "nsfwjs@4.4.0 is not fetched into " + dir.toAbsolutePath() + ": run models/fetch.sh");
        classifier = NsfwClassifier.load(dir, 1);
    }

    @Test
    void scoresMatchNsfwjsToThreeDecimals() {
        for (double[] e : EXPECTED) {
            List<Double> scores = List.copyOf(classifier.classify(image((int) e[0], (int) e[1], (int) e[2])).values());
            for (int c = 0; c < 5; c++) {
                assertEquals(e[3 + c], scores.get(c), 5e-4, "image " + (int) e[2] + " class " + NsfwClassifier.CLASSES.get(c));
            }
        }
    }

    /** The same integer formula as the JavaScript reference, so both sides see identical pixels. */
    static BufferedImage image(int w, int h, int seed) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 7 + y * 13 + seed * 31) % 256;
                int g = ((x ^ y) * 5 + seed * 17) % 256;
                int b = (x * y / 64 + seed * 3) % 256;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }
}
