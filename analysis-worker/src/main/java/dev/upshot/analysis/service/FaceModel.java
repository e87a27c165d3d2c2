package dev.upshot.analysis.service;

import dev.upshot.analysis.config.ModelsConfig;
import dev.upshot.faces.FaceDetector;
import dev.upshot.messaging.WorkMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.awt.image.BufferedImage;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The face detector shared by the faces, captioning and tagging analyses. */
@ApplicationScoped
public class FaceModel {

    private final LazyModel<FaceDetector> detector;
    /**
     * Faces, captioning and tagging all ask about one subject; it is detected once. Subjects are matched by identity
     * (their equality may change as they cache images) and held weakly, so no decoded image outlives its upload.
     */
    private final Deque<Recent> recent = new ArrayDeque<>();
    private static final int RECENT = 16;

    private record Recent(WeakReference<Subject> subject, List<FaceDetector.Face> faces) {
    }

    @Inject
    public FaceModel(ModelsConfig config) {
        this(config.modelsDir().resolve(config.faces().model()), config.faces().minScore());
    }

    public FaceModel(Path model, double minScore) {
        this.detector = new LazyModel<>("face detection model " + model, () -> new FaceDetector(model, minScore));
    }

    /** Faces of the subject in the original image's pixels, most confident first. */
    public List<FaceDetector.Face> faces(Subject subject) throws Exception {
        synchronized (recent) {
            for (Recent r : recent) {
                if (r.subject().get() == subject) {
                    return r.faces();
                }
            }
        }
        List<FaceDetector.Face> found = detect(subject);
        synchronized (recent) {
            recent.addFirst(new Recent(new WeakReference<>(subject), found));
            if (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
        return found;
    }

    private List<FaceDetector.Face> detect(Subject subject) throws Exception {
        FaceDetector model = detector.get();
        // twice the model's side leaves the final downscale to the letterbox, which smooths it
        BufferedImage image = subject.image(2 * model.inputSize());
        double toOriginal = (double) subject.width() / image.getWidth();
        return WorkMetrics.inference("blazeface", () -> model.detect(image)).stream()
                .map(f -> new FaceDetector.Face(f.x() * toOriginal, f.y() * toOriginal, f.width() * toOriginal,
                        f.height() * toOriginal, f.score()))
                .toList();
    }

    @PreDestroy
    void close() throws Exception {
        detector.close();
    }
}
