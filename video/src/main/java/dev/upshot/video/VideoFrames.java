package dev.upshot.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Frames sampled from a video at a fixed interval, shrunk on the way out, for models that score pictures. */
public final class VideoFrames {
    private VideoFrames() {
    }

    /** One sampled frame: its time in seconds and a PNG of it. */
    public record Frame(double seconds, byte[] png) {
    }

    /**
     * One frame every {@code interval} from the start, at most {@code max}, each fitted within {@code side} pixels
     * (one ffmpeg run, {@code -threads 1}, lower priority, killed at {@code timeout}).
     */
    public static List<Frame> sample(Path file, Duration interval, int max, int side, Duration timeout)
            throws VideoException {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("upshot-frames-");
            double every = interval.toMillis() / 1000.0;
            Ffmpeg.transcode(List.of("-v", "error", "-y", "-i", file.toString(), "-an", "-threads", "1",
                    "-vf", String.format(Locale.ROOT, "fps=1/%.3f,scale=w=%d:h=%d:force_original_aspect_ratio=decrease",
                            every, side, side),
                    "-frames:v", Integer.toString(max), "-f", "image2", dir.resolve("f-%05d.png").toString()), timeout);
            List<Frame> frames = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> sorted = files.sorted().toList();
                for (int i = 0; i < sorted.size(); i++) {
                    frames.add(new Frame(Math.round(i * every * 1000) / 1000.0, Files.readAllBytes(sorted.get(i))));
                }
            }
            if (frames.isEmpty()) {
                throw new VideoException("no frame could be read");
            }
            return frames;
        } catch (IOException e) {
            throw new VideoException("frames not written: " + e.getMessage());
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder costs space only
        }
    }
}
