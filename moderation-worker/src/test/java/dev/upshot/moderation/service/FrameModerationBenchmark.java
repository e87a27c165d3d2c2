package dev.upshot.moderation.service;

import dev.upshot.imaging.Images;
import dev.upshot.moderation.model.NsfwClassifier;
import dev.upshot.video.Clips;
import dev.upshot.video.Ffmpeg;
import dev.upshot.video.VideoFrames;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark (not a test; moderation-worker/bench/frames.sh runs it): frame moderation of one minute of 720p H.264
 * video as the worker does it with its defaults (a frame every 2 s, at most 30, fitted within 512 px: VideoFrames,
 * then the decode and nsfwjs's model per frame, then the verdict), beside ffmpeg alone writing the same frames
 * (same filter, same size) in the same run. The S3 copy of the original is left out: it is storage, not decoding.
 * Arguments: models directory, runs, work folder.
 */
public final class FrameModerationBenchmark {
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final int MAX_FRAMES = 30;
    private static final int SIDE = 512;
    private static final long MAX_PIXELS = 50_000_000L;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final double SECONDS = 60;

    private FrameModerationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path models = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        Path work = Path.of(args[2]);
        Path clip = Clips.video(work, "mp4", 1280, 720, SECONDS);
        Path frames = Files.createDirectories(work.resolve("frames"));
        try (NsfwClassifier classifier = NsfwClassifier.load(models, 1)) {
            long[] alone = new long[runs];
            long[] worker = new long[runs];
            long[] model = new long[runs];
            int sampled = 0;
            boolean approved = false;
            // one unreported round first: JIT, ONNX Runtime's first session run, the page cache
            for (int i = -1; i < runs; i++) {
                long t0 = System.nanoTime();
                Ffmpeg.transcode(List.of("-v", "error", "-y", "-i", clip.toString(), "-an", "-threads", "1",
                        "-vf", "fps=1/2.000,scale=w=" + SIDE + ":h=" + SIDE + ":force_original_aspect_ratio=decrease",
                        "-frames:v", Integer.toString(MAX_FRAMES), "-f", "image2",
                        frames.resolve("f-%05d.png").toString()), TIMEOUT);
                long t1 = System.nanoTime();
                List<NsfwModeration.FrameScores> scored = new ArrayList<>();
                long inference = 0;
                for (VideoFrames.Frame frame : VideoFrames.sample(clip, INTERVAL, MAX_FRAMES, SIDE, TIMEOUT)) {
                    var image = Images.fit(frame.png(), SIDE, MAX_PIXELS);
                    long s = System.nanoTime();
                    scored.add(new NsfwModeration.FrameScores(frame.seconds(), classifier.classify(image)));
                    inference += System.nanoTime() - s;
                }
                approved = NsfwModeration.judgeFrames(scored, java.util.Map.of("Porn", 0.5, "Hentai", 0.5,
                        "Sexy", 0.8)).approved();
                long t2 = System.nanoTime();
                sampled = scored.size();
                if (i >= 0) {
                    alone[i] = t1 - t0;
                    worker[i] = t2 - t1;
                    model[i] = inference;
                }
            }
            System.out.printf(Locale.ROOT, "%.0f s of 1280x720 H.264 at 25 fps, %d frames sampled (every %d s, "
                    + "fitted within %d px), %d runs after one warm-up, approved=%s%n", SECONDS, sampled,
                    INTERVAL.toSeconds(), SIDE, runs, approved);
            System.out.printf("%-52s %10s %10s %10s%n", "per minute of video", "median", "min", "max");
            print("ffmpeg alone: the same frames to PNG (baseline)", alone);
            print("worker path: VideoFrames + decode + model + verdict", worker);
            print("  of which the model (classify, 1 thread)", model);
        }
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-52s %7.0f ms %7.0f ms %7.0f ms%n", what, sorted[sorted.length / 2] / 1e6,
                sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6);
    }
}
