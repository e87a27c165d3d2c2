package dev.upshot.analysis.service;

import dev.upshot.analysis.config.ModelsConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/** The face detector shared by the faces, captioning and tagging analyses. */
@ApplicationScoped
public class FaceModel {

    private final LazyModel<FaceDetector> detector;
    /** Faces, captioning and tagging all ask about one subject; it is detected once. */
    private final Map<Subject, List<FaceDetector.Face>> recent = Collections.synchronizedMap(new WeakHashMap<>());

    @Inject
    public FaceModel(ModelsConfig config) {
        this(config.modelsDir().resolve(config.faces().model()), config.faces().minScore());
    }

    public FaceModel(Path model, double minScore) {
        this.detector = new LazyModel<>("face detection model " + model, () -> new FaceDetector(model, minScore));
    }

    /** Faces of the subject in the original image's pixels, most confident first. */
    public List<FaceDetector.Face> faces(Subject subject) throws Exception {
        List<FaceDetector.Face> known = recent.get(subject);
        if (known != null) {
            return known;
        }
        List<FaceDetector.Face> found = detect(subject);
        recent.put(subject, found);
        return found;
    }

    private List<FaceDetector.Face> detect(Subject subject) throws Exception {
        FaceDetector model = detector.get();
        // twice the model's side leaves the final downscale to the letterbox, which smooths it
        BufferedImage image = subject.image(2 * model.inputSize());
        double toOriginal = (double) subject.width() / image.getWidth();
        return model.detect(image).stream()
                .map(f -> new FaceDetector.Face(f.x() * toOriginal, f.y() * toOriginal, f.width() * toOriginal,
                        f.height() * toOriginal, f.score()))
                .toList();
    }

    @PreDestroy
    void close() throws Exception {
        detector.close();
    }
}
