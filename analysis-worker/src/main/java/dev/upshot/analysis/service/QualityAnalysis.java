package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.analysis.config.ImagingConfig;
import dev.upshot.analysis.imaging.Argb;
import dev.upshot.analysis.imaging.JpegHeader;
import dev.upshot.analysis.imaging.Luma;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code quality_analysis=true} → {@code quality_analysis} and {@code quality_score}, every score 0 (worst) to 1
 * (best) as in Cloudinary's extended quality analysis. Capture and colour scores come from a 1024 px decode;
 * compression artifacts from a 512 px full-resolution centre crop, and only up to
 * {@code upshot.analysis.artifact-max-pixels} (as Cloudinary, which skips them above 10 MP); {@code jpeg_*} only for
 * JPEG originals, from their own headers. The module README documents each formula and scale.
 */
@ApplicationScoped
public class QualityAnalysis implements Analysis {
    static final int SIDE = 1000;
    static final int CROP = 512;
    private static final Set<String> JPEG = Set.of("jpg", "jpeg", "jpe");

    private final long artifactMaxPixels;

    @Inject
    public QualityAnalysis(ImagingConfig config) {
        this(config.artifactMaxPixels());
    }

    public QualityAnalysis(long artifactMaxPixels) {
        this.artifactMaxPixels = artifactMaxPixels;
    }

    @Override
    public String name() {
        return "quality_analysis";
    }

    @Override
    public void run(Subject subject, Map<String, String> parameters, ObjectNode response) throws AnalysisFailedException {
        BufferedImage image = subject.image(SIDE);
        Luma luma = Luma.of(image);
        Map<String, Double> scores = new LinkedHashMap<>();
        Optional<JpegHeader> jpeg = jpegHeader(subject);
        jpeg.ifPresent(header -> {
            scores.put("jpeg_quality", header.quality() / 100.0);
            scores.put("jpeg_chroma", header.chromaShare());
        });
        double sigma = noiseSigma(luma);
        scores.put("focus", focus(luma, sigma));
        scores.put("noise", 1 / (1 + (sigma / 3) * (sigma / 3)));
        double[] tones = tones(luma);
        scores.put("contrast", Math.min(1, tones[1] / 50));
        scores.put("exposure", Math.clamp(1 - Math.max(0, Math.abs(tones[0] / 255 - 0.5) - 0.15) / 0.35, 0, 1));
        scores.put("saturation", saturation(image));
        scores.put("lighting", Math.clamp(1 - 4 * tones[2], 0, 1));
        // noise counts twice: grain also looks like detail to the focus and dct measures
        List<Double> pixel = new ArrayList<>(List.of(scores.get("focus"), scores.get("noise"), scores.get("noise")));
        if ((long) subject.width() * subject.height() <= artifactMaxPixels) {
            BufferedImage crop = subject.centre(CROP);
            Luma cropLuma = Luma.of(crop);
            scores.put("dct", dct(cropLuma));
            scores.put("blockiness", blockiness(cropLuma));
            scores.put("chroma_subsampling", chromaDetail(crop));
            pixel.addAll(List.of(scores.get("dct"), scores.get("blockiness"), scores.get("chroma_subsampling")));
        }
        double pixelScore = mean(pixel);
        double colorScore = mean(List.of(scores.get("contrast"), scores.get("exposure"), scores.get("saturation"),
                scores.get("lighting")));
        double resolution = Math.min(1, Math.sqrt((double) subject.width() * subject.height() / (1920.0 * 1080)));
        scores.put("pixel_score", pixelScore);
        scores.put("color_score", colorScore);
        scores.put("resolution", resolution);
        double quality = 0.4 * pixelScore + 0.2 * colorScore + 0.1 * resolution;
        double weights = 0.7;
        if (jpeg.isPresent()) {
            quality += 0.2 * scores.get("jpeg_quality") + 0.1 * scores.get("jpeg_chroma");
            weights += 0.3;
        }
        ObjectNode analysis = response.putObject("quality_analysis");
        scores.forEach((key, value) -> analysis.put(key, ColorsAnalysis.round(value)));
        response.put("quality_score", ColorsAnalysis.round(quality / weights));
    }

    private Optional<JpegHeader> jpegHeader(Subject subject) throws AnalysisFailedException {
        if (!JPEG.contains(subject.format().toLowerCase())) {
            return Optional.empty();
        }
        try {
            return JpegHeader.read(subject.file());
        } catch (IOException e) {
            throw new AnalysisFailedException("corrupt JPEG header: " + e.getMessage(), e);
        }
    }

    /**
     * Variance of the 4-neighbour Laplacian (grey levels 0–255) less what noise of σ contributes to it (20 σ²),
     * mapped by v / (v + 100): a blurred copy loses the high frequencies the Laplacian sees, so its variance, and
     * score, drop; grain is not mistaken for sharpness.
     */
    static double focus(Luma luma, double sigma) {
        int w = luma.width(), h = luma.height();
        double sum = 0, squares = 0;
        long n = 0;
        float[] v = luma.values();
        for (int y = 1; y < h - 1; y++) {
            // row starts of the 3 × 3 neighbourhood: indexing the array, not at(x, y), keeps this loop tight
            int up = (y - 1) * w, mid = y * w, down = (y + 1) * w;
            for (int x = 1; x < w - 1; x++) {
                double lap = v[mid + x - 1] + v[mid + x + 1] + v[up + x] + v[down + x] - 4 * v[mid + x];
                sum += lap;
                squares += lap * lap;
                n++;
            }
        }
        if (n == 0) {
            return 0;
        }
        double variance = Math.max(0, squares / n - (sum / n) * (sum / n) - 20 * sigma * sigma);
        return variance / (variance + 100);
    }

    /**
     * Noise σ in grey levels, estimated robustly from the median response of Immerkær's noise kernel (edges are a
     * minority, so the median sees the noise floor). The score is 1 / (1 + (σ / 3)²): 1 is clean, 0.5 is σ = 3,
     * a visibly grainy σ = 10 scores about 0.08.
     */
    static double noiseSigma(Luma luma) {
        int w = luma.width(), h = luma.height();
        if (w < 3 || h < 3) {
            return 0;
        }
        // two histograms, even and odd columns: neighbours often share a bin, and one counter would make each
        // increment wait for the previous one
        int[] even = new int[4096], odd = new int[4096];
        float[] v = luma.values();
        for (int y = 1; y < h - 1; y++) {
            int up = (y - 1) * w, mid = y * w, down = (y + 1) * w;
            for (int x = 1; x < w - 1; x++) {
                // float throughout, as before; ×4 is exact, so the bins are those of the double computation
                float r = v[up + x - 1] + v[up + x + 1] + v[down + x - 1] + v[down + x + 1]
                        - 2 * (v[up + x] + v[mid + x - 1] + v[mid + x + 1] + v[down + x])
                        + 4 * v[mid + x];
                int bin = Math.min(4095, (int) (Math.abs(r) * 4));
                if ((x & 1) == 0) {
                    even[bin]++;
                } else {
                    odd[bin]++;
                }
            }
        }
        long n = (long) (w - 2) * (h - 2);
        long seen = 0;
        int median = 0;
        while (seen + even[median] + odd[median] < (n + 1) / 2) {
            seen += even[median] + odd[median];
            median++;
        }
        // the kernel's response to white noise of σ has standard deviation 6σ; median |N(0,s)| = 0.6745 s
        return (median + 0.5) / 4 / (6 * 0.6745);
    }

    /** Mean, standard deviation and clipped share (≤ 5 or ≥ 250) of the grey levels. */
    static double[] tones(Luma luma) {
        double sum = 0, squares = 0;
        long clipped = 0;
        for (float v : luma.values()) {
            sum += v;
            squares += v * v;
            clipped += v <= 5 || v >= 250 ? 1 : 0;
        }
        int n = luma.values().length;
        double mean = sum / n;
        return new double[]{mean, Math.sqrt(Math.max(0, squares / n - mean * mean)), clipped / (double) n};
    }

    /** Mean HSV saturation, 0.25 (a typical colour photograph) and above scoring 1; greyscale scores 0. */
    static double saturation(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        // Σ (max − min) / max grouped by max: integer sums per pixel, one division per grey level
        long[] spread = new long[256];
        for (int p : Argb.of(image)) {
            int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
            int max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b));
            spread[max] += max - min;
        }
        double sum = 0;
        for (int max = 1; max < 256; max++) {
            sum += spread[max] / (double) max;
        }
        return Math.min(1, sum / (w * h) / 0.25);
    }

    /**
     * Fine detail kept through compression: over the 8 × 8 blocks (on the JPEG grid) that carry texture, the share
     * of high-frequency DCT coefficients (u + v ≥ 6) that are not quantised to zero (|c| ≥ 1). Strong
     * quantisation zeroes them; a sharp uncompressed image keeps most.
     */
    static double dct(Luma luma) {
        double[][] cos = new double[8][8];
        for (int k = 0; k < 8; k++) {
            for (int n = 0; n < 8; n++) {
                cos[k][n] = Math.cos(Math.PI / 8 * (n + 0.5) * k) * (k == 0 ? Math.sqrt(0.125) : 0.5);
            }
        }
        long kept = 0, total = 0;
        float[] values = luma.values();
        double[][] block = new double[8][8], rows = new double[8][8];
        for (int by = 0; by + 8 <= luma.height(); by += 8) {
            for (int bx = 0; bx + 8 <= luma.width(); bx += 8) {
                for (int y = 0; y < 8; y++) {
                    int row = (by + y) * luma.width() + bx;
                    for (int u = 0; u < 8; u++) {
                        double s = 0;
                        for (int x = 0; x < 8; x++) {
                            s += values[row + x] * cos[u][x];
                        }
                        rows[y][u] = s;
                    }
                }
                double ac = 0;
                for (int v = 0; v < 8; v++) {
                    for (int u = 0; u < 8; u++) {
                        double s = 0;
                        for (int y = 0; y < 8; y++) {
                            s += rows[y][u] * cos[v][y];
                        }
                        block[v][u] = s;
                        ac += u + v > 0 ? s * s : 0;
                    }
                }
                if (ac < 64 * 4) {
                    continue; // a flat block says nothing about quantisation
                }
                for (int v = 0; v < 8; v++) {
                    for (int u = 0; u < 8; u++) {
                        if (u + v >= 6) {
                            total++;
                            kept += Math.abs(block[v][u]) >= 1 ? 1 : 0;
                        }
                    }
                }
            }
        }
        return total == 0 ? 1 : kept / (double) total;
    }

    /**
     * JPEG block edges: the mean grey-level step across 8-pixel block boundaries divided by the mean step
     * elsewhere (1 when there is no grid), mapped by 2 − ratio and clamped: a boundary step twice the usual
     * scores 0.
     */
    static double blockiness(Luma luma) {
        int w = luma.width(), h = luma.height();
        double[] across = steps(luma.values(), h, w, w, 1);
        double[] down = steps(luma.values(), w, h, 1, w);
        double inside = across[1] + down[1];
        double ratio = inside == 0 ? 1 : (across[0] + down[0]) / inside;
        return Math.clamp(2 - ratio, 0, 1);
    }

    /**
     * Mean absolute step between neighbours along lines of a plane across block boundaries, and elsewhere. Line
     * {@code l} holds {@code plane[l * lineStride + i * step]} for i below {@code length}: rows are (w, 1), columns
     * (1, w); indexing the array keeps the loop free of calls.
     */
    private static double[] steps(float[] plane, int lines, int length, int lineStride, int step) {
        double boundary = 0, inside = 0;
        long nb = 0, ni = 0;
        for (int l = 0; l < lines; l++) {
            for (int x = 0, i = l * lineStride; x + 1 < length; x++, i += step) {
                double d = Math.abs(plane[i + step] - plane[i]);
                if (x % 8 == 7) {
                    boundary += d;
                    nb++;
                } else {
                    inside += d;
                    ni++;
                }
            }
        }
        return new double[]{nb == 0 ? 0 : boundary / nb, ni == 0 ? 0 : inside / ni};
    }

    /**
     * Chroma resolution: for the Cb and Cr planes, the energy of steps between neighbours (Σ d₁²) against half the
     * energy of steps over two pixels (Σ d₂² / 2). Full-resolution chroma detail gives ≥ 1 (a sharp edge 1, grain
     * 2); chroma stored at half resolution and interpolated changes over two pixels (≈ 0.67 for an edge, 0.8 for
     * grain, 0.5 for a ramp). Mapped by (ratio − 0.6) / 0.8, clamped; an image without chroma changes scores 1.
     */
    static double chromaDetail(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        int[] pixels = Argb.of(image);
        float[] cb = new float[pixels.length], cr = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            int r = (pixels[i] >> 16) & 0xff, g = (pixels[i] >> 8) & 0xff, b = pixels[i] & 0xff;
            cb[i] = -0.1687f * r - 0.3313f * g + 0.5f * b;
            cr[i] = 0.5f * r - 0.4187f * g - 0.0813f * b;
        }
        double[] energy = new double[2];
        for (float[] c : List.of(cb, cr)) {
            stepEnergy(c, h, w, w, 1, energy);
            stepEnergy(c, w, h, 1, w, energy);
        }
        if (energy[1] == 0) {
            return 1;
        }
        return Math.clamp((energy[0] / (energy[1] / 2) - 0.6) / 0.8, 0, 1);
    }

    /** Adds Σ d₁² and Σ d₂² along the lines of the plane (laid out as in {@link #steps}) to {@code energy}. */
    private static void stepEnergy(float[] plane, int lines, int length, int lineStride, int step, double[] energy) {
        double e1 = energy[0], e2 = energy[1];
        for (int l = 0; l < lines; l++) {
            for (int x = 0, i = l * lineStride; x + 2 < length; x++, i += step) {
                double d1 = plane[i + step] - plane[i];
                double d2 = plane[i + 2 * step] - plane[i];
                e1 += d1 * d1;
                e2 += d2 * d2;
            }
        }
        energy[0] = e1;
        energy[1] = e2;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
