package dev.upshot.video;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark (not a test; video/bench/run.sh runs it): {@link VideoProbe#probe} on generated clips (a minute of 720p
 * H.264+AAC MP4, of 360p VP8+Opus WebM, of MP3), beside a bare ffprobe run with the same arguments on the same file,
 * alternating, in the same JVM. Prints p50 and p95 per file.
 * Arguments: runs, work folder.
 */
public final class ProbeBenchmark {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int WARM_UP = 3;

    private ProbeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        Path work = Path.of(args[1]);
        List<Path> files = List.of(Clips.video(work, "mp4", 1280, 720, 60), Clips.video(work, "webm", 640, 360, 60),
                Clips.audio(work, "mp3", 60));
        System.out.printf("%d runs per file after %d warm-up, one at a time%n", runs, WARM_UP);
        System.out.printf("%-44s %10s %10s%n", "file", "p50", "p95");
        for (Path file : files) {
            double[] bare = new double[runs];
            double[] probe = new double[runs];
            for (int i = -WARM_UP; i < runs; i++) {
                long t0 = System.nanoTime();
                Ffmpeg.probe(List.of("-v", "error", "-print_format", "json", "-show_format", "-show_streams", "--",
                        file.toString()), TIMEOUT);
                long t1 = System.nanoTime();
                VideoProbe.Info info = VideoProbe.probe(file, TIMEOUT);
                long t2 = System.nanoTime();
                if (info.duration() < 59) {
                    throw new IllegalStateException(file + " probed as " + info);
                }
                if (i >= 0) {
                    bare[i] = (t1 - t0) / 1e6;
                    probe[i] = (t2 - t1) / 1e6;
                }
            }
            print(file.getFileName() + ": ffprobe alone (baseline)", bare);
            print(file.getFileName() + ": VideoProbe.probe", probe);
        }
    }

    private static void print(String what, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-44s %7.1f ms %7.1f ms%n", what,
                sorted[(int) Math.ceil(sorted.length * 0.5) - 1], sorted[(int) Math.ceil(sorted.length * 0.95) - 1]);
    }
}
