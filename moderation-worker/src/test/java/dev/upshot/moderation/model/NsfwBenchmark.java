package dev.upshot.moderation.model;

import dev.upshot.moderation.service.TestImages;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark (not a test; moderation-worker/bench/run.sh runs it): per-image cost of {@code upshot_nsfw}'s model on
 * generated scenes of several sizes, one at a time after warm-up, for the plain-Java interpreter and the ONNX
 * Runtime path in the same run, and the largest score difference between them.
 * Arguments: models directory, image count.
 */
public final class NsfwBenchmark {
    private static final int WARM_UP = 5;

    public static void main(String[] args) throws Exception {
        Path models = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        List<BufferedImage> images = new ArrayList<>();
        List<NsfwClassifier.Pixels> inputs = new ArrayList<>();
        int[][] sizes = {{224, 224}, {640, 480}, {1024, 768}, {300, 200}};
        for (int i = 0; i < WARM_UP + count; i++) {
            int[] size = sizes[i % sizes.length];
            images.add(TestImages.scene(i, size[0], size[1]));
            inputs.add(NsfwClassifier.input(images.getLast()));
        }
        long t0 = System.nanoTime();
        KerasModel interpreter = KerasModel.load(models.resolve(NsfwClassifier.PACKAGE_PATH));
        long t1 = System.nanoTime();
        KerasBundle bundle = KerasBundle.load(models.resolve(NsfwClassifier.PACKAGE_PATH));
        long t2 = System.nanoTime();
        byte[] graph = KerasToOnnx.convert(bundle);
        long t3 = System.nanoTime();
        try (NsfwClassifier onnx = NsfwClassifier.load(models, threads)) {
            long t4 = System.nanoTime();
            System.out.printf("load: interpreter %.0f ms; ONNX path %.0f ms (of which reading the bundle again %.0f ms, "
                    + "translating %.0f ms to %d bytes)%n", (t1 - t0) / 1e6, (t4 - t3) / 1e6, (t2 - t1) / 1e6,
                    (t3 - t2) / 1e6, graph.length);
            float[][] old = new float[inputs.size()][];
            float[][] now = new float[inputs.size()][];
            double[] oldMs = time(inputs, x -> toTensor(x, interpreter), old);
            double[] onnxMs = time(inputs, onnx::scores, now);
            double[] wholeMs = time(images, onnx::classify);
            double maxDiff = 0;
            for (int i = 0; i < inputs.size(); i++) {
                for (int c = 0; c < old[i].length; c++) {
                    maxDiff = Math.max(maxDiff, Math.abs(old[i][c] - now[i][c]));
                }
            }
            System.out.printf("%d images (224x224, 640x480, 1024x768, 300x200 scenes, already prepared), %d warm-up, "
                    + "ONNX Runtime intra-op threads %d%n", count, WARM_UP, threads);
            report("plain-Java interpreter", oldMs);
            report("ONNX Runtime", onnxMs);
            report("ONNX + input preparation", wholeMs);
            System.out.printf("largest score difference between the two: %.2e%n", maxDiff);
        }
    }

    private static float[] toTensor(NsfwClassifier.Pixels x, KerasModel model) {
        return model.predict(new KerasModel.Tensor(x.h(), x.w(), x.c(), x.data()));
    }

    private interface Model {
        float[] run(NsfwClassifier.Pixels input);
    }

    /** Runs every input; returns the times of those after the warm-up, in ms. */
    private static double[] time(List<NsfwClassifier.Pixels> inputs, Model model, float[][] scores) {
        double[] ms = new double[inputs.size() - WARM_UP];
        for (int i = 0; i < inputs.size(); i++) {
            long start = System.nanoTime();
            scores[i] = model.run(inputs.get(i));
            if (i >= WARM_UP) {
                ms[i - WARM_UP] = (System.nanoTime() - start) / 1e6;
            }
        }
        return ms;
    }

    /** Times of {@code classify} on each image after the warm-up, in ms: input preparation included. */
    private static double[] time(List<BufferedImage> images, java.util.function.Consumer<BufferedImage> classify) {
        double[] ms = new double[images.size() - WARM_UP];
        for (int i = 0; i < images.size(); i++) {
            long start = System.nanoTime();
            classify.accept(images.get(i));
            if (i >= WARM_UP) {
                ms[i - WARM_UP] = (System.nanoTime() - start) / 1e6;
            }
        }
        return ms;
    }

    private static void report(String name, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("%-24s p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms%n", name,
                sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.95) - 1], sorted[sorted.length - 1]);
    }
}
