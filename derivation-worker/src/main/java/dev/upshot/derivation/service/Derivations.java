package dev.upshot.derivation.service;

import dev.upshot.contracts.DerivativesCreated;
import dev.upshot.contracts.transform.InvalidTransformationException;
import dev.upshot.contracts.transform.Transformation;
import dev.upshot.kit.s3.ObjectStore;
import dev.upshot.video.VideoProbe;
import dev.upshot.messaging.WorkMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Produces derivatives of one original and stores each beside it, under a key made of the original's key, the
 * transformation and the delivery extension, so a repeated request overwrites the same object. Blocking.
 */
@ApplicationScoped
public class Derivations {
    private static final Logger LOG = Logger.getLogger(Derivations.class);

    private final Renderer renderer;
    private final VideoRenderer videos;
    private final ObjectStore storage;

    public Derivations(Renderer renderer, VideoRenderer videos, ObjectStore storage) {
        this.renderer = renderer;
        this.videos = videos;
        this.storage = storage;
    }

    /** The original, as the event or the gateway names it. */
    public record Original(String bucket, String objectKey, String format) {
    }

    /**
     * Every eager transformation; one that cannot be made is an error entry, never a failure of the others.
     * Storage failures propagate (retrying may help).
     */
    public DerivativesCreated eager(Original original, List<String> transformations) throws Exception {
        List<DerivativesCreated.Derivative> made = new ArrayList<>();
        Map<String, String> errors = new LinkedHashMap<>();
        Path file = fetch(original);
        try {
            for (String text : transformations) {
                try {
                    Transformation t = Transformation.parse(text);
                    // no browser asks for an eager derivative: f_auto picks by transparency alone
                    made.add(WorkMetrics.timed("eager",
                            () -> derive(original, file, t, t.deliveryExtension(original.format()), "")));
                } catch (InvalidTransformationException | DerivationFailedException e) {
                    errors.put(text, e.getMessage());
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return new DerivativesCreated(made, errors);
    }

    /**
     * One derivative for a delivery URL: {@code extension} is the URL's, {@code accepted} the browser's
     * {@code Accept} header (empty when unknown) for {@code f_auto}.
     */
    public DerivativesCreated.Derivative onRequest(Original original, Transformation transformation, String extension,
                                                   String accepted) throws Exception {
        Path file = fetch(original);
        try {
            return WorkMetrics.timed("on_request", () -> derive(original, file, transformation, extension, accepted));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private DerivativesCreated.Derivative derive(Original original, Path file, Transformation t, String extension,
                                                 String accepted) throws Exception {
        long started = System.nanoTime();
        String key = Transformation.objectKey(original.objectKey(), t.chain(), extension);
        try (Rendered rendered = VideoProbe.FORMATS.contains(original.format())
                ? videos.render(file, t, extension, accepted) : renderer.render(file, t, extension, accepted)) {
            if (rendered.file() != null) {
                storage.put(original.bucket(), key, rendered.file(), rendered.contentType());
            } else {
                storage.put(original.bucket(), key, rendered.bytes(), rendered.contentType());
            }
            LOG.debugf("%s of %s: %dx%d %s, %d bytes in %d ms", t.text(), original.objectKey(), rendered.width(),
                    rendered.height(), rendered.format(), rendered.size(), (System.nanoTime() - started) / 1_000_000);
            return new DerivativesCreated.Derivative(t.text(), rendered.width(), rendered.height(), rendered.size(),
                    rendered.format(), key);
        }
    }

    private Path fetch(Original original) throws Exception {
        return storage.downloadToTemp(original.bucket(), original.objectKey(), ".bin");
    }
}
