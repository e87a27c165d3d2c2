package dev.upshot.derivation.service;

import dev.upshot.contracts.transform.Step;
import dev.upshot.contracts.transform.Transformation;
import dev.upshot.derivation.config.DerivationConfig;
import dev.upshot.imaging.ImageException;
import dev.upshot.imaging.Images;
import jakarta.enterprise.context.ApplicationScoped;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Renders a transformation of an image file through {@link Images} (libvips), on the upright image (EXIF
 * orientation applied). The first step decodes only what it needs: a window for a crop, and for a shrink the image
 * resized in the decoder, shrunk on load, so the full pixel buffer of a large original is never held. The header's
 * dimensions are checked against the pixel limit before any pixel is decoded.
 */
@ApplicationScoped
public class Renderer {
    private static final int DEFAULT_QUALITY = 80;
    private final long maxSourcePixels;
    private final long maxOutputPixels;
    private final FaceFocus faces;

    public Renderer(DerivationConfig config, FaceFocus faces) {
        this.maxSourcePixels = config.maxSourcePixels();
        this.maxOutputPixels = config.maxOutputPixels();
        this.faces = faces;
    }

    /**
     * @param extension the delivery URL's extension: the output format unless a step's {@code f_} says otherwise
     * @param accepted  the delivery request's {@code Accept} header (may be empty), for {@code f_auto}
     */
    public Rendered render(Path file, Transformation transformation, String extension, String accepted)
            throws DerivationFailedException {
        BufferedImage image;
        try {
            image = decodeFirstStep(file, transformation.steps().getFirst());
        } catch (ImageException e) {
            // corrupt, unsupported or too large: no retry will read it
            throw new DerivationFailedException("cannot decode the image: " + e.getMessage());
        }
        for (Step step : transformation.steps().subList(1, transformation.steps().size())) {
            image = apply(step, image);
        }
        String format = format(transformation, extension, accepted, image);
        int quality = transformation.steps().stream().flatMap(s -> s.quality().stream()).reduce((a, b) -> b)
                .orElse(DEFAULT_QUALITY);
        try {
            return new Rendered(Images.encode(image, format, quality), format, image.getWidth(), image.getHeight());
        } catch (ImageException e) {
            throw new DerivationFailedException("cannot encode " + format + ": " + e.getMessage());
        }
    }

    /** The first step reads the original upright and at the size it needs (shrink-on-load), or only its window. */
    private BufferedImage decodeFirstStep(Path file, Step step) throws DerivationFailedException, ImageException {
        Images.Header header = Images.header(file);
        int width = header.width();
        int height = header.height();
        if (header.pixels() > maxSourcePixels) {
            throw new DerivationFailedException("image of " + width + "x" + height + " exceeds the limit of "
                    + maxSourcePixels + " pixels");
        }
        // faces are found on a preview: the detector sees 256 px anyway
        Optional<Plan.Focus> focus = step.gravity().detected()
                ? faces.find(Images.fit(file, faces.previewSide(), maxSourcePixels), step.gravity()) : Optional.empty();
        Plan plan = checked(Plan.of(step, width, height, focus));
        if (!plan.pad() && plan.scaledWidth() == width && plan.scaledHeight() == height) {
            // no scaling: decode only the window
            return Images.region(file, plan.x(), plan.y(), plan.width(), plan.height(), true, maxSourcePixels);
        }
        return render(plan, step, Images.resize(file, plan.scaledWidth(), plan.scaledHeight(), maxSourcePixels));
    }

    private BufferedImage apply(Step step, BufferedImage image) throws DerivationFailedException {
        Optional<Plan.Focus> focus = step.gravity().detected() ? faces.find(image, step.gravity())
                : Optional.empty();
        return render(checked(Plan.of(step, image.getWidth(), image.getHeight(), focus)), step, image);
    }

    private Plan checked(Plan plan) throws DerivationFailedException {
        long pixels = Math.max((long) plan.scaledWidth() * plan.scaledHeight(), (long) plan.width() * plan.height());
        if (pixels > maxOutputPixels) {
            throw new DerivationFailedException("result of " + plan.scaledWidth() + "x" + plan.scaledHeight()
                    + " exceeds the limit of " + maxOutputPixels + " pixels");
        }
        return plan;
    }

    /** Applies a plan made for the original's size to {@code image}, which may be a subsampled decode of it. */
    static BufferedImage render(Plan plan, Step step, BufferedImage image) {
        BufferedImage scaled = Resampling.resize(image, plan.scaledWidth(), plan.scaledHeight());
        if (plan.pad()) {
            return Resampling.pad(scaled, plan.width(), plan.height(), plan.x(), plan.y(),
                    new Color(step.background().orElse(0xFFFFFFFF), true));
        }
        if (plan.x() == 0 && plan.y() == 0 && plan.width() == scaled.getWidth() && plan.height() == scaled.getHeight()) {
            return scaled;
        }
        return scaled.getSubimage(plan.x(), plan.y(), plan.width(), plan.height());
    }

    /**
     * {@code f_auto} picks what the browser says it takes, as Cloudinary does: AVIF, then WebP, else JPEG for
     * photographs and PNG where transparency must survive.
     */
    static String format(Transformation transformation, String extension, String accepted, BufferedImage image) {
        Optional<String> explicit = transformation.steps().stream().flatMap(s -> s.format().stream())
                .reduce((a, b) -> b);
        if (explicit.isEmpty()) {
            return extension;
        }
        if (explicit.get().equals("auto")) {
            return Transformation.acceptedFormat(accepted).orElse(image.getColorModel().hasAlpha() ? "png" : "jpg");
        }
        return explicit.get();
    }
}
