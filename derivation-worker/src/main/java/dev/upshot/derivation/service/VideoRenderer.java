package dev.upshot.derivation.service;

import dev.upshot.contracts.transform.Crop;
import dev.upshot.contracts.transform.Step;
import dev.upshot.contracts.transform.Transformation;
import dev.upshot.derivation.config.DerivationConfig;
import dev.upshot.video.Ffmpeg;
import dev.upshot.video.VideoException;
import dev.upshot.video.VideoProbe;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Derivatives of a video original, by ffmpeg (a child process, {@code -threads} bounded, lower priority, killed at
 * its time limit): a still frame as an image ({@code so_<seconds>}, the middle of the clip without it, then the
 * image steps of the chain on that frame), or a transcode to MP4 (H.264 and AAC) scaled by
 * {@code w_}/{@code h_} with {@code c_scale}, {@code c_fit} or {@code c_limit}. A transcode stays in its temporary
 * file (ffmpeg stops at {@code max-output-size}) and is streamed from there to the store: it never enters the heap.
 */
@ApplicationScoped
public class VideoRenderer {
    private static final Set<Crop> TRANSCODE_CROPS = Set.of(Crop.SCALE, Crop.FIT, Crop.LIMIT);
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(30);

    private final Renderer images;
    private final Duration timeout;
    private final String threads;
    private final long maxOutputSize;
    private final Path tempDir;

    public VideoRenderer(Renderer images, DerivationConfig config) {
        this.images = images;
        this.timeout = config.video().timeout();
        this.threads = Integer.toString(config.video().threads());
        this.maxOutputSize = config.video().maxOutputSize();
        this.tempDir = config.video().tempDir().orElse(Path.of(System.getProperty("java.io.tmpdir")));
        try {
            Files.createDirectories(tempDir);
        } catch (IOException e) {
            throw new UncheckedIOException("upshot.derivation.video.temp-dir: " + e.getMessage(), e);
        }
    }

    /**
     * @param extension an image format (a frame, returned in memory) or mp4 (a transcode, returned in its temporary
     *                  file, which the caller closes)
     */
    public Rendered render(Path file, Transformation transformation, String extension, String accepted)
            throws DerivationFailedException {
        VideoProbe.Info info;
        try {
            info = VideoProbe.probe(file, PROBE_LIMIT);
        } catch (VideoException e) {
            throw new DerivationFailedException("cannot read the video: " + e.getMessage());
        }
        Path out = null;
        Rendered transcoded = null;
        try {
            out = Files.createTempFile(tempDir, "upshot-video-", "." + extension);
            if (Transformation.VIDEO_FORMATS.contains(extension)) {
                transcoded = transcode(file, info, transformation, out);
                return transcoded;
            }
            frame(file, info, transformation, out);
            return images.render(out, transformation, extension, accepted);
        } catch (IOException e) {
            throw new IllegalStateException("temporary file: " + e.getMessage(), e);
        } finally {
            // a failed or killed ffmpeg, a frame read back: the file goes; a transcode's goes when it is closed
            if (out != null && transcoded == null) {
                deleteQuietly(out);
            }
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file costs space only
        }
    }

    /** The frame at {@code so_} (the middle without it), as a PNG for the image steps. */
    private void frame(Path file, VideoProbe.Info info, Transformation transformation, Path out)
            throws DerivationFailedException, IOException {
        if (info.isAudio()) {
            throw new DerivationFailedException("an audio file has no frame to make an image of");
        }
        double at = startOffset(transformation).orElse(info.duration() / 2);
        if (at > info.duration()) {
            throw new DerivationFailedException("so_" + at + " is past the end of the video (" + info.duration()
                    + " s)");
        }
        run(List.of("-v", "error", "-y", "-ss", seconds(at), "-i", file.toString(), "-frames:v", "1", "-an",
                "-threads", threads, "-c:v", "png", "-f", "image2", out.toString()));
        if (Files.size(out) == 0) {
            throw new DerivationFailedException("no frame at " + seconds(at) + " s");
        }
    }

    /** One step at most: its size (scale, fit or limit, even sides for H.264), and {@code so_} as the start. */
    private Rendered transcode(Path file, VideoProbe.Info info, Transformation transformation, Path out)
            throws DerivationFailedException, IOException {
        if (transformation.steps().size() > 1) {
            throw new DerivationFailedException("a video transcode takes one transformation step");
        }
        Step step = transformation.steps().getFirst();
        if (!TRANSCODE_CROPS.contains(step.crop())) {
            throw new DerivationFailedException("c_" + step.crop().name().toLowerCase()
                    + " is not supported for video: use c_scale, c_fit or c_limit");
        }
        List<String> args = new ArrayList<>(List.of("-v", "error", "-y"));
        startOffset(transformation).ifPresent(at -> args.addAll(List.of("-ss", seconds(at))));
        args.addAll(List.of("-i", file.toString(), "-threads", threads, "-map_metadata", "-1"));
        int width = 0;
        int height = 0;
        if (info.isAudio()) {
            args.add("-vn");
        } else {
            Plan plan = Plan.of(step, info.width(), info.height(), Optional.empty());
            width = even(plan.scaledWidth());
            height = even(plan.scaledHeight());
            long bitRate = Math.max(200_000L, (long) width * height * 4);
            args.addAll(List.of("-map", "0:v:0", "-vf", "scale=" + width + ":" + height, "-c:v", "libopenh264",
                    "-b:v", Long.toString(bitRate), "-pix_fmt", "yuv420p"));
        }
        if (info.audio() != null) {
            args.addAll(List.of("-map", "0:a:0?", "-c:a", "aac", "-b:a", "128k"));
        } else {
            args.add("-an");
        }
        // ffmpeg stops writing at the limit: a file that reached it is cut short, not a derivative
        args.addAll(List.of("-fs", Long.toString(maxOutputSize), "-movflags", "+faststart", "-f", "mp4",
                out.toString()));
        run(args);
        if (Files.size(out) >= maxOutputSize) {
            throw new DerivationFailedException("the transcode is larger than " + maxOutputSize
                    + " bytes (upshot.derivation.video.max-output-size)");
        }
        return Rendered.inFile(out, "mp4", width, height);
    }

    private void run(List<String> args) throws DerivationFailedException {
        try {
            Ffmpeg.transcode(args, timeout);
        } catch (VideoException e) {
            throw new DerivationFailedException("ffmpeg: " + e.getMessage());
        }
    }

    private static Optional<Double> startOffset(Transformation transformation) {
        return transformation.steps().stream().flatMap(s -> s.startOffset().stream()).findFirst();
    }

    private static String seconds(double at) {
        return String.format(java.util.Locale.ROOT, "%.3f", at);
    }

    private static int even(int side) {
        return Math.max(2, side - side % 2);
    }
}
