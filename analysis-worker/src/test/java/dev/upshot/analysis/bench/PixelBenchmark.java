package dev.upshot.analysis.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.analysis.imaging.DecodedImage;
import dev.upshot.analysis.imaging.TestImages;
import dev.upshot.analysis.service.AccessibilityAnalysis;
import dev.upshot.analysis.service.Analysis;
import dev.upshot.analysis.service.ColorsAnalysis;
import dev.upshot.analysis.service.MetadataAnalysis;
import dev.upshot.analysis.service.PhashAnalysis;
import dev.upshot.analysis.service.QualityAnalysis;
import dev.upshot.contracts.EventCodec;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Not a test: prints the median cost of each pixel analysis (each on a fresh subject, so its decode is included,
 * as when an upload asks for it alone; then all of them on one subject) beside a plain full ImageIO decode plus a
 * 300 px thumbnail of the same file. Run by {@code analysis-worker/bench/run.sh}.
 */
public final class PixelBenchmark {
    private static final int WARMUP = 2;
    private static final int RUNS = 7;

    private interface Task {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("pixel-bench");
        try {
            Path jpeg = TestImages.jpeg(TestImages.photo(4000, 3000, 1), 85, dir.resolve("12mp.jpg"));
            Path png = TestImages.png(TestImages.photo(1200, 834, 2), dir.resolve("1mp.png"));
            System.out.printf("%-24s %14s %14s%n", "p50 ms", "12 MP JPEG", "1 MP PNG");
            List<Analysis> analyses = List.of(new QualityAnalysis(10_000_000), new AccessibilityAnalysis(),
                    new ColorsAnalysis(), new PhashAnalysis(1024), new MetadataAnalysis());
            row("ImageIO decode+300px", () -> thumbnail(jpeg), () -> thumbnail(png));
            for (Analysis analysis : analyses) {
                row(analysis.name(), () -> analyse(List.of(analysis), jpeg, 4000, 3000),
                        () -> analyse(List.of(analysis), png, 1200, 834));
            }
            row("all five, one subject", () -> analyse(analyses, jpeg, 4000, 3000), () -> analyse(analyses, png, 1200, 834));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static void row(String name, Task jpeg, Task png) throws Exception {
        System.out.printf("%-24s %14.0f %14.0f%n", name, median(jpeg), median(png));
    }

    private static double median(Task task) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            task.run();
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            task.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }

    private static void analyse(List<Analysis> analyses, Path file, int w, int h) throws Exception {
        DecodedImage subject = new DecodedImage(file, file.toString().endsWith(".jpg") ? "jpg" : "png", w, h,
                100_000_000, 1024);
        ObjectNode response = EventCodec.mapper().createObjectNode();
        for (Analysis analysis : analyses) {
            analysis.run(subject, Map.of(), response);
        }
    }

    /** What a service without reduced decoding does: decode everything, then scale. */
    private static void thumbnail(Path file) throws Exception {
        BufferedImage full = ImageIO.read(file.toFile());
        double scale = 300.0 / Math.max(full.getWidth(), full.getHeight());
        int w = (int) Math.round(full.getWidth() * scale), h = (int) Math.round(full.getHeight() * scale);
        BufferedImage thumb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = thumb.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(full, 0, 0, w, h, null);
        g.dispose();
    }
}
