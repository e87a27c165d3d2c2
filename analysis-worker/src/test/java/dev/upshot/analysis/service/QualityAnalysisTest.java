package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.analysis.imaging.Argb;
import dev.upshot.analysis.imaging.Luma;
import dev.upshot.testsupport.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityAnalysisTest {
    private static final QualityAnalysis QUALITY = new QualityAnalysis(10_000_000);
    private static BufferedImage photo;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        photo = TestImages.photo(1600, 1200, 11);
    }

    @Test
    void requestedByItsParameter() {
        assertTrue(QUALITY.requested(Map.of("quality_analysis", "true")));
        assertFalse(QUALITY.requested(Map.of("colors", "true")));
    }

    /** The grouped sums and the split histograms give what the per-pixel forms give. */
    @Test
    void fastKernelsMatchTheirPerPixelDefinitions() {
        for (BufferedImage image : List.of(photo, TestImages.noisy(photo, 25, 3))) {
            int[] argb = Argb.of(image);
            double saturation = 0;
            for (int p : argb) {
                int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
                int max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b));
                saturation += max == 0 ? 0 : (max - min) / (double) max;
            }
            assertEquals(Math.min(1, saturation / argb.length / 0.25), QualityAnalysis.saturation(image), 1e-12);

            Luma luma = Luma.of(image);
            int w = luma.width(), h = luma.height();
            List<Double> responses = new ArrayList<>();
            for (int y = 1; y < h - 1; y++) {
                for (int x = 1; x < w - 1; x++) {
                    double r = luma.at(x - 1, y - 1) + luma.at(x + 1, y - 1) + luma.at(x - 1, y + 1)
                            + luma.at(x + 1, y + 1) - 2 * (luma.at(x, y - 1) + luma.at(x - 1, y) + luma.at(x + 1, y)
                            + luma.at(x, y + 1)) + 4 * luma.at(x, y);
                    responses.add(Math.floor(Math.min(4095, Math.abs(r) * 4)));
                }
            }
            Collections.sort(responses);
            double median = responses.get((responses.size() + 1) / 2 - 1);
            assertEquals((median + 0.5) / 4 / (6 * 0.6745), QualityAnalysis.noiseSigma(luma), 1e-12);
        }
    }

    @Test
    void blurredCopyHasLowerFocus() throws Exception {
        JsonNode sharp = png(photo, "sharp");
        JsonNode blurred = png(TestImages.blurred(photo, 4), "blurred");
        double focus = sharp.at("/quality_analysis/focus").asDouble();
        double blurredFocus = blurred.at("/quality_analysis/focus").asDouble();
        assertTrue(focus > 0.6 && blurredFocus < 0.3 , focus + " vs " + blurredFocus);
        assertTrue(sharp.get("quality_score").asDouble() > blurred.get("quality_score").asDouble());
    }

    @Test
    void noisyCopyScoresWorseOnNoise() throws Exception {
        JsonNode clean = png(photo, "clean");
        JsonNode noisy = png(TestImages.noisy(photo, 25, 3), "noisy");
        double cleanNoise = clean.at("/quality_analysis/noise").asDouble();
        double noisyNoise = noisy.at("/quality_analysis/noise").asDouble();
        assertTrue(cleanNoise > 0.7 && noisyNoise < 0.3, cleanNoise + " vs " + noisyNoise);
        double cleanFocus = clean.at("/quality_analysis/focus").asDouble();
        assertEquals(cleanFocus, noisy.at("/quality_analysis/focus").asDouble(), 0.1, "grain is not sharpness");
        assertTrue(clean.get("quality_score").asDouble() > noisy.get("quality_score").asDouble());
    }

    @Test
    void lowJpegQualityScoresLower() throws Exception {
        ObjectNode q90 = Run.analysis(QUALITY, TestImages.jpeg(photo, 90, dir.resolve("q90.jpg")), "jpg", photo);
        ObjectNode q30 = Run.analysis(QUALITY, TestImages.jpeg(photo, 30, dir.resolve("q30.jpg")), "jpg", photo);
        assertEquals(0.9, q90.at("/quality_analysis/jpeg_quality").asDouble());
        assertEquals(0.3, q30.at("/quality_analysis/jpeg_quality").asDouble());
        assertEquals(0.25, q30.at("/quality_analysis/jpeg_chroma").asDouble());
        for (String key : List.of("dct", "blockiness", "pixel_score")) {
            double good = q90.at("/quality_analysis/" + key).asDouble();
            double bad = q30.at("/quality_analysis/" + key).asDouble();
            assertTrue(good > bad, key + ": q90 " + good + " vs q30 " + bad);
        }
        assertTrue(q90.get("quality_score").asDouble() > q30.get("quality_score").asDouble() + 0.05,
                q90.get("quality_score") + " vs " + q30.get("quality_score"));
    }

    @Test
    void subsampledChromaScoresLowerThanFullChroma() throws Exception {
        BufferedImage grain = TestImages.noisy(TestImages.flat(800, 600, 0x808080), 30, 5);
        double full = png(grain, "grain").at("/quality_analysis/chroma_subsampling").asDouble();
        double subsampled = Run.analysis(QUALITY, TestImages.jpeg(grain, 98, dir.resolve("grain.jpg")), "jpg", grain)
                .at("/quality_analysis/chroma_subsampling").asDouble();
        assertTrue(full > 0.8 && subsampled < 0.5, full + " vs " + subsampled);
    }

    @Test
    void flatGreyHasNoContrastNorFocusAndPngHasNoJpegKeys() throws Exception {
        JsonNode flat = png(TestImages.flat(800, 600, 0x7F7F7F), "flat");
        JsonNode analysis = flat.get("quality_analysis");
        assertEquals(0.0, analysis.get("contrast").asDouble());
        assertEquals(0.0, analysis.get("focus").asDouble());
        assertEquals(0.0, analysis.get("saturation").asDouble());
        assertEquals(1.0, analysis.get("exposure").asDouble());
        assertFalse(analysis.has("jpeg_quality"));
        assertEquals(0.481, analysis.get("resolution").asDouble(), 0.001, "sqrt(800*600 / (1920*1080))");
    }

    @Test
    void darkAndClippedImageScoresLowOnExposureAndLighting() throws Exception {
        JsonNode dark = png(TestImages.flat(400, 300, 0x040404), "dark").get("quality_analysis");
        JsonNode normal = png(photo, "normal").get("quality_analysis");
        assertTrue(dark.get("exposure").asDouble() < 0.1 && normal.get("exposure").asDouble() > 0.9,
                dark.get("exposure") + " vs " + normal.get("exposure"));
        assertTrue(dark.get("lighting").asDouble() < normal.get("lighting").asDouble());
    }

    @Test
    void artifactScoresAreSkippedAboveTheirLimit() throws Exception {
        ObjectNode response = Run.analysis(new QualityAnalysis(1_000_000), TestImages.png(photo, dir.resolve("big.png")),
                "png", photo);
        assertFalse(response.get("quality_analysis").has("blockiness"));
        assertTrue(response.get("quality_analysis").has("focus"));
    }

    private JsonNode png(BufferedImage image, String name) throws Exception {
        return Run.analysis(QUALITY, TestImages.png(image, dir.resolve(name + ".png")), "png", image);
    }
}
