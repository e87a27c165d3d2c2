package dev.upshot.moderation.model;

import dev.upshot.testsupport.TestImages;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Benchmark (not a test; moderation-worker/bench/run.sh runs it): per-image cost of {@code upshot_nsfw}'s model on
 * generated scenes of several sizes, one at a time after warm-up: the model alone on prepared inputs, and
 * {@code classify} with the input preparation. Writes the images (RGB bytes) and the ONNX scores to a folder so that
 * nsfwjs itself can be timed on the same images and its scores compared (bench/nsfwjs.js).
 * Arguments: models directory, image count, ONNX Runtime threads, output folder.
 */
public final class NsfwBenchmark {
    private static final int WARM_UP = 5;
    private static final int[][] SIZES = {{224, 224}, {640, 480}, {1024, 768}, {300, 200}};

    public static void main(String[] args) throws Exception {
        Path models = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        List<BufferedImage> images = new ArrayList<>();
        List<NsfwClassifier.Pixels> inputs = new ArrayList<>();
        for (int i = 0; i < WARM_UP + count; i++) {
            int[] size = SIZES[i % SIZES.length];
            images.add(TestImages.scene(i, size[0], size[1]));
            inputs.add(NsfwClassifier.input(images.getLast()));
        }
        long t0 = System.nanoTime();
        KerasBundle bundle = KerasBundle.load(models.resolve(NsfwClassifier.PACKAGE_PATH));
        long t1 = System.nanoTime();
        byte[] graph = KerasToOnnx.convert(bundle);
        long t2 = System.nanoTime();
        try (NsfwClassifier onnx = NsfwClassifier.load(models, threads)) {
            long t3 = System.nanoTime();
            System.out.printf("load: %.0f ms in all (first run in this JVM: reading the bundle %.0f ms, translating to "
                    + "ONNX %.0f ms, %d bytes; then again with the session: %.0f ms)%n", (t3 - t0) / 1e6,
                    (t1 - t0) / 1e6, (t2 - t1) / 1e6, graph.length, (t3 - t2) / 1e6);
            float[][] scores = new float[inputs.size()][];
            double[] model = time(inputs.size(), i -> scores[i] = onnx.scores(inputs.get(i)));
            double[] whole = time(images.size(), i -> onnx.classify(images.get(i)));
            System.out.printf("%d images (scenes of 224x224, 640x480, 1024x768, 300x200), %d warm-up, one at a time, "
                    + "ONNX Runtime intra-op threads %d%n", count, WARM_UP, threads);
            report("ONNX Runtime, model", model);
            report("ONNX Runtime, classify", whole);
            write(out, images, scores);
        }
    }

    /** Runs {@code run} for 0..n-1; returns the times of those after the warm-up, in ms. */
    private static double[] time(int n, Consumer<Integer> run) {
        double[] ms = new double[n - WARM_UP];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            run.accept(i);
            if (i >= WARM_UP) {
                ms[i - WARM_UP] = (System.nanoTime() - start) / 1e6;
            }
        }
        return ms;
    }

    private static void report(String name, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("%-32s p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms%n", name,
                sorted[(int) Math.ceil(sorted.length * 0.5) - 1], sorted[(int) Math.ceil(sorted.length * 0.95) - 1],
                sorted[sorted.length - 1]);
    }

    /** images.bin: per image int32 width, height (big-endian), then RGB bytes; scores.txt: five scores a line. */
    private static void write(Path dir, List<BufferedImage> images, float[][] scores) throws IOException {
        Files.createDirectories(dir);
        try (OutputStream file = Files.newOutputStream(dir.resolve("images.bin"));
             DataOutputStream data = new DataOutputStream(new BufferedOutputStream(file))) {
            for (BufferedImage image : images) {
                data.writeInt(image.getWidth());
                data.writeInt(image.getHeight());
                for (int rgb : image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth())) {
                    data.write(rgb >> 16);
                    data.write(rgb >> 8);
                    data.write(rgb);
                }
            }
        }
        StringBuilder lines = new StringBuilder();
        for (float[] s : scores) {
            for (int c = 0; c < s.length; c++) {
                lines.append(c == 0 ? "" : " ").append(s[c]);
            }
            lines.append('\n');
        }
        Files.writeString(dir.resolve("scores.txt"), lines);
    }
}
