package dev.upshot.analysis.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.analysis.imaging.DecodedImage;
import dev.upshot.testsupport.TestImages;
import dev.upshot.analysis.service.AccessibilityAnalysis;
import dev.upshot.analysis.service.Analysis;
import dev.upshot.analysis.service.ColorsAnalysis;
import dev.upshot.analysis.service.MetadataAnalysis;
import dev.upshot.analysis.service.PhashAnalysis;
import dev.upshot.analysis.service.QualityAnalysis;
import dev.upshot.contracts.EventCodec;
import dev.upshot.imaging.Images;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Not a test: prints the median cost of each pixel analysis (each on a fresh subject, so its decode is included,
 * as when an upload asks for it alone; then all of them on one subject) beside a libvips decode to a 300 px
 * thumbnail of the same file. Run by {@code analysis-worker/bench/run.sh}, which times npm sharp on the same photos.
 */
public final class PixelBenchmark {
    private static final int WARMUP = 2;
    private static final int RUNS = 7;

    private interface Task {
        void run() throws Exception;
    }

    /** @param args the folder to write the photos into (kept, so the run script can time sharp on them) */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Path jpeg = TestImages.jpeg(TestImages.photo(4000, 3000, 1), 85, dir.resolve("12mp.jpg"));
        Path heic = Files.write(dir.resolve("12mp.heic"),
                Images.encode(Images.fit(jpeg, 4000, 100_000_000), "heic", 50));
        Path png = TestImages.png(TestImages.photo(1200, 834, 2), dir.resolve("1mp.png"));
        System.out.printf("%-24s %12s %12s %12s%n", "p50 ms", "12 MP JPEG", "12 MP HEIC", "1 MP PNG");
        List<Analysis> analyses = List.of(new QualityAnalysis(10_000_000), new AccessibilityAnalysis(),
                new ColorsAnalysis(), new PhashAnalysis(1000), new MetadataAnalysis());
        row("libvips decode+300px", () -> Images.fit(jpeg, 300, 100_000_000), () -> Images.fit(heic, 300, 100_000_000),
                () -> Images.fit(png, 300, 100_000_000));
        for (Analysis analysis : analyses) {
            row(analysis.name(), () -> analyse(List.of(analysis), jpeg, 4000, 3000),
                    () -> analyse(List.of(analysis), heic, 4000, 3000),
                    () -> analyse(List.of(analysis), png, 1200, 834));
        }
        Task jpegAll = () -> analyse(analyses, jpeg, 4000, 3000);
        Task heicAll = () -> analyse(analyses, heic, 4000, 3000);
        Task pngAll = () -> analyse(analyses, png, 1200, 834);
        row("all five, one subject", jpegAll, heicAll, pngAll);
        // libvips' own threads included, which per-thread CPU time would miss
        System.out.printf("%-24s %12.1f %12.1f %12.1f%n", "  same, process CPU ms", cpu(jpegAll), cpu(heicAll),
                cpu(pngAll));
    }

    /** Process CPU time (all threads: libvips', and the JVM's own) per run, averaged: the OS counts it in ticks. */
    private static double cpu(Task task) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long start = os.getProcessCpuTime();
        for (int i = 0; i < RUNS; i++) {
            task.run();
        }
        return (os.getProcessCpuTime() - start) / 1e6 / RUNS;
    }

    private static void row(String name, Task jpeg, Task heic, Task png) throws Exception {
        System.out.printf("%-24s %12.0f %12.0f %12.0f%n", name, median(jpeg), median(heic), median(png));
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
        String name = file.getFileName().toString();
        DecodedImage subject = new DecodedImage(file, name.substring(name.lastIndexOf('.') + 1), w, h,
                100_000_000, 1000);
        ObjectNode response = EventCodec.mapper().createObjectNode();
        for (Analysis analysis : analyses) {
            analysis.run(subject, Map.of(), response);
        }
    }
}
