package dev.upshot.analysis.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.analysis.imaging.DecodedImage;
import dev.upshot.analysis.service.Analysis;
import dev.upshot.analysis.service.ColorsAnalysis;
import dev.upshot.analysis.service.PhashAnalysis;
import dev.upshot.analysis.service.QualityAnalysis;
import dev.upshot.contracts.EventCodec;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Not a test: process CPU ms per image (every thread, libvips' too) of the analyses {@code bench/pipeline.sh analysis}
 * asks for (quality_analysis, colors, phash) on the same 1000 × 1000 photo-like JPEG as {@code PipelineBench.photoJpeg},
 * by stage: the shared 1000 px decode alone, then decode + each analysis on a fresh subject (the analysis is the
 * difference), then all three on one subject as an upload runs them. Run by {@code analysis-worker/bench/stages.sh}.
 */
public final class StageBenchmark {
    private interface Task {
        void run() throws Exception;
    }

    /** @param args iterations per stage (default 200), warm-up iterations (default 100) */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path jpeg = Files.createTempFile("upshot-stage-bench", ".jpg");
        try {
            ImageIO.write(photo(1000, 1000), "jpg", jpeg.toFile());
            Analysis quality = new QualityAnalysis(10_000_000), colors = new ColorsAnalysis(), phash = new PhashAnalysis(1000);
            List<Analysis> all = List.of(quality, colors, phash);
            Task decode = () -> subject(jpeg).image(1000);
            for (int i = 0; i < warmup; i++) {
                decode.run();
                analyse(jpeg, all);
            }
            double base = cpu(decode, runs);
            System.out.printf("1 MP photo JPEG, %d KiB, %d runs per stage after %d warm-up; process CPU ms per image%n",
                    Files.size(jpeg) / 1024, runs, warmup);
            System.out.printf("%-34s %7.2f%n", "decode (1000 px, ARGB)", base);
            for (Analysis analysis : all) {
                System.out.printf("%-34s %7.2f%n", "+ " + analysis.name() + " (minus decode)",
                        cpu(() -> analyse(jpeg, List.of(analysis)), runs) - base);
            }
            System.out.printf("%-34s %7.2f%n", "all three, one subject (total)", cpu(() -> analyse(jpeg, all), runs));
            ObjectNode response = analyse(jpeg, all);
            System.out.println("result: " + response);
        } finally {
            Files.deleteIfExists(jpeg);
        }
    }

    private static DecodedImage subject(Path jpeg) {
        return new DecodedImage(jpeg, "jpg", 1000, 1000, 100_000_000, 1000);
    }

    private static ObjectNode analyse(Path jpeg, List<Analysis> analyses) throws Exception {
        DecodedImage subject = subject(jpeg);
        ObjectNode response = EventCodec.mapper().createObjectNode();
        for (Analysis analysis : analyses) {
            analysis.run(subject, Map.of(), response);
        }
        return response;
    }

    private static double cpu(Task task, int runs) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long start = os.getProcessCpuTime();
        for (int i = 0; i < runs; i++) {
            task.run();
        }
        return (os.getProcessCpuTime() - start) / 1e6 / runs;
    }

    /** {@code bench/PipelineBench.photoJpeg}'s pixels: gradients with seeded grain, written at ImageIO's default quality. */
    private static BufferedImage photo(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int grain = random.nextInt(24) - 12;
                int r = clamp(255 * x / w + grain), g = clamp(255 * y / h + grain), b = clamp(128 + (x - y) / 8 + grain);
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
