package dev.upshot.moderation.service;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.moderation.config.ModerationConfig;
import dev.upshot.moderation.model.NsfwClassifier;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import dev.upshot.messaging.WorkMetrics;
import org.jboss.logging.Logger;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code upshot_nsfw}: nsfwjs 4.4.0's MobileNetV2 scores (Drawing, Hentai, Neutral, Porn, Sexy), rejected when a
 * class reaches its configured threshold. The response carries every score, the thresholds and the classes that
 * rejected. The model is loaded at the first image to classify (bundle read, translated to ONNX, session opened:
 * 1–2 s), not at start: a platform that never asks for {@code upshot_nsfw} does not hold its ~200 MiB (the session,
 * and the heap the translation grew). Blocking: call on a worker thread.
 */
@ApplicationScoped
@Startup
public class NsfwModeration {
    public static final String KIND = "upshot_nsfw";
    private static final Logger LOG = Logger.getLogger(NsfwModeration.class);

    private final Map<String, Double> thresholds;
    private final Optional<Path> modelsDir;
    private final int threads;
    private NsfwClassifier classifier;

    public NsfwModeration(ModerationConfig config) {
        this.thresholds = config.nsfw().thresholds();
        for (String name : thresholds.keySet()) {
            if (!NsfwClassifier.CLASSES.contains(name)) {
                throw new IllegalArgumentException("upshot.moderation.nsfw.thresholds: unknown class " + name
                        + ", one of " + NsfwClassifier.CLASSES);
            }
        }
        var dir = config.nsfw().modelsDir().filter(d -> Files.isDirectory(d.resolve(NsfwClassifier.PACKAGE_PATH)));
        if (dir.isEmpty()) {
            LOG.warnf("nsfwjs model not found (upshot.moderation.nsfw.models-dir / UPSHOT_MODELS_DIR = %s): %s stays "
                    + "pending", config.nsfw().modelsDir().orElse(null), KIND);
        }
        this.modelsDir = dir;
        this.threads = config.nsfw().threads();
    }

    @PreDestroy
    synchronized void close() throws OrtException {
        if (classifier != null) {
            classifier.close();
        }
    }

    public boolean available() {
        return modelsDir.isPresent();
    }

    /** The classifier, loaded at the first call. */
    private synchronized NsfwClassifier classifier() {
        if (classifier == null) {
            try {
                classifier = NsfwClassifier.load(modelsDir.orElseThrow(), threads);
            } catch (IOException e) {
                throw new UncheckedIOException("could not load the nsfwjs model: " + e.getMessage(), e);
            }
            // the translation's buffers grew the heap by ~100 MiB of garbage, which the serial collector gives back
            // only after a full collection; without one, an otherwise idle worker would keep it for good
            System.gc();
        }
        return classifier;
    }

    /** A sampled video frame: its time in seconds and its pixels. */
    public record Frame(double seconds, BufferedImage image) {
    }

    /**
     * A video: every frame scored by the image model; rejected when any frame crosses a threshold. The response has
     * each frame's scores and, in the shape of Cloudinary's video moderation, {@code moderation_labels}: one entry
     * per frame and class at or above its threshold, with the frame's {@code timestamp} (ms) and the
     * {@code confidence} (0–100).
     */
    public Decision moderateFrames(List<Frame> frames) {
        List<FrameScores> scored = new ArrayList<>();
        for (Frame frame : frames) {
            scored.add(new FrameScores(frame.seconds(), classifier().classify(frame.image())));
        }
        return judgeFrames(scored, thresholds);
    }

    /** One frame's class scores (0–1). */
    record FrameScores(double seconds, Map<String, Double> scores) {
    }

    static Decision judgeFrames(List<FrameScores> frames, Map<String, Double> thresholds) {
        ObjectNode response = EventCodec.mapper().createObjectNode();
        response.put("model", "nsfwjs 4.4.0 MobileNetV2");
        response.set("thresholds", EventCodec.mapper().valueToTree(thresholds));
        var frameList = response.putArray("frames");
        var labels = response.putArray("moderation_labels");
        java.util.Set<String> rejectedBy = new java.util.TreeSet<>();
        for (FrameScores frame : frames) {
            ObjectNode entry = frameList.addObject().put("timestamp", frame.seconds());
            ObjectNode scores = entry.putObject("scores");
            frame.scores().forEach(scores::put);
            thresholds.forEach((name, threshold) -> {
                double score = frame.scores().getOrDefault(name, 0.0);
                if (score >= threshold) {
                    rejectedBy.add(name);
                    labels.addObject().put("timestamp", Math.round(frame.seconds() * 1000))
                            .putObject("moderation_label").put("name", name)
                            .put("confidence", Math.round(score * 10000) / 100.0).put("parent_name", "");
                }
            });
        }
        response.put("frames_sampled", frames.size());
        response.set("rejected_by", EventCodec.mapper().valueToTree(rejectedBy));
        return new Decision(rejectedBy.isEmpty(), response);
    }

    /** @param image null when the asset is not a decodable image: approved unclassified, and the response says so */
    public Decision moderate(BufferedImage image) {
        ObjectNode response = EventCodec.mapper().createObjectNode();
        response.put("model", "nsfwjs 4.4.0 MobileNetV2");
        if (image == null) {
            response.put("classified", false);
            response.put("reason", "not a decodable image");
            return new Decision(true, response);
        }
        Map<String, Double> scores = WorkMetrics.inference(KIND, () -> classifier().classify(image));
        ObjectNode scoreNode = response.putObject("scores");
        scores.forEach(scoreNode::put);
        response.set("thresholds", EventCodec.mapper().valueToTree(thresholds));
        List<String> rejectedBy = new ArrayList<>();
        thresholds.forEach((name, threshold) -> {
            if (scores.get(name) >= threshold) {
                rejectedBy.add(name);
            }
        });
        response.set("rejected_by", EventCodec.mapper().valueToTree(rejectedBy));
        return new Decision(rejectedBy.isEmpty(), response);
    }
}
