package dev.upshot.derivation.service;

import dev.upshot.contracts.transform.Gravity;
import dev.upshot.derivation.config.DerivationConfig;
import dev.upshot.faces.FaceDetector;
import dev.upshot.messaging.WorkMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Face gravity with the analysis worker's BlazeFace detector: {@code g_face} centres on the most confident face,
 * {@code g_faces} on the box around all of them. No face leaves the crop centred, as Cloudinary does.
 */
@ApplicationScoped
public class FaceFocus {

    private final Path model;
    private final double minScore;
    private FaceDetector detector;

    @Inject
    public FaceFocus(DerivationConfig config) {
        this(config.modelsDir().resolve(config.faces().model()), config.faces().minScore());
    }

    public FaceFocus(Path model, double minScore) {
        this.model = model;
        this.minScore = minScore;
    }

    /** Side of the preview to detect on: twice the model's input leaves the last downscale to its smoothing. */
    public int previewSide() {
        return 2 * detector().inputSize();
    }

    /** The focus of {@code gravity} in {@code image}, as fractions of its width and height. */
    public Optional<Plan.Focus> find(BufferedImage image, Gravity gravity) {
        List<FaceDetector.Face> faces;
        try {
            faces = WorkMetrics.inference("blazeface", () -> detector().detect(image));
        } catch (Exception e) {
            throw new IllegalStateException("face detection failed: " + e.getMessage(), e);
        }
        if (faces.isEmpty()) {
            return Optional.empty();
        }
        // most confident first
        List<FaceDetector.Face> chosen = gravity == Gravity.FACES ? faces : faces.subList(0, 1);
        double x0 = chosen.stream().mapToDouble(FaceDetector.Face::x).min().orElseThrow();
        double y0 = chosen.stream().mapToDouble(FaceDetector.Face::y).min().orElseThrow();
        double x1 = chosen.stream().mapToDouble(f -> f.x() + f.width()).max().orElseThrow();
        double y1 = chosen.stream().mapToDouble(f -> f.y() + f.height()).max().orElseThrow();
        return Optional.of(new Plan.Focus((x0 + x1) / 2 / image.getWidth(), (y0 + y1) / 2 / image.getHeight()));
    }

    /**
     * Loaded on first use and kept. A missing model fails the derivation as retryable (not as a bad original), so
     * fetching the models heals a running worker.
     */
    private synchronized FaceDetector detector() {
        if (detector == null) {
            try {
                detector = new FaceDetector(model, minScore);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(e.getMessage(), e);
            } catch (Exception e) {
                throw new IllegalStateException("face detection model " + model + " cannot be loaded: "
                        + e.getMessage(), e);
            }
        }
        return detector;
    }

    @PreDestroy
    synchronized void close() throws Exception {
        if (detector != null) {
            detector.close();
            detector = null;
        }
    }
}
