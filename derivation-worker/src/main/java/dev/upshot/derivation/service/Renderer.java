package dev.upshot.derivation.service;

import dev.upshot.contracts.transform.Step;
import dev.upshot.contracts.transform.Transformation;
import dev.upshot.derivation.config.DerivationConfig;
import jakarta.enterprise.context.ApplicationScoped;

import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;

/**
 * Renders a transformation of an image file. The first step decodes only what it needs: a region for a crop, and
 * for a shrink the image reduced to at least the target size (a JPEG in the DCT domain, {@link ReducedJpeg}; other
 * formats subsampled by ImageIO), so the full pixel buffer of a large original is never held. The header's dimensions are checked against the pixel limit before any pixel is decoded.
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
     */
    public Rendered render(Path file, Transformation transformation, String extension)
            throws DerivationFailedException, IOException {
        BufferedImage image;
        try {
            image = decodeFirstStep(file, transformation.steps().getFirst());
        } catch (IIOException e) {
            // a corrupt or unsupported file (CMYK JPEG, truncated data): no retry will read it
            throw new DerivationFailedException("cannot decode the image: " + e.getMessage());
        }
        for (Step step : transformation.steps().subList(1, transformation.steps().size())) {
            image = apply(step, image);
        }
        String format = format(transformation, extension, image);
        int quality = transformation.steps().stream().flatMap(s -> s.quality().stream()).reduce((a, b) -> b)
                .orElse(DEFAULT_QUALITY);
        return new Rendered(encode(image, format, quality), format, image.getWidth(), image.getHeight());
    }

    private BufferedImage decodeFirstStep(Path file, Step step) throws DerivationFailedException, IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DerivationFailedException("not a decodable image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, false, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > maxSourcePixels) {
                    throw new DerivationFailedException("image of " + width + "x" + height + " exceeds the limit of "
                            + maxSourcePixels + " pixels");
                }
                // faces are found on a preview: the detector sees 256 px anyway
                Optional<Plan.Focus> focus = step.gravity().detected()
                        ? faces.find(read(reader, subsampling(width, height, faces.previewSide(),
                        faces.previewSide()), null), step.gravity()) : Optional.empty();
                Plan plan = checked(Plan.of(step, width, height, focus));
                if (!plan.pad() && plan.scaledWidth() == width && plan.scaledHeight() == height) {
                    // no scaling: decode only the window
                    return read(reader, 1, new Rectangle(plan.x(), plan.y(), plan.width(), plan.height()));
                }
                int subsampling = subsampling(width, height, plan.scaledWidth(), plan.scaledHeight());
                Optional<BufferedImage> reduced = reader.getFormatName().equalsIgnoreCase("jpeg")
                        ? ReducedJpeg.decode(file, subsampling) : Optional.empty();
                BufferedImage decoded = reduced.isPresent() ? reduced.get() : read(reader, subsampling, null);
                return render(plan, step, decoded);
            } finally {
                reader.dispose();
            }
        }
    }

    /** The largest subsampling that still decodes at least {@code w × h}. */
    private static int subsampling(int width, int height, int w, int h) {
        return Math.max(1, Math.min(width / Math.max(1, w), height / Math.max(1, h)));
    }

    private static BufferedImage read(ImageReader reader, int subsampling, Rectangle region) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(subsampling, subsampling, 0, 0);
        if (region != null) {
            param.setSourceRegion(region);
        }
        return reader.read(0, param);
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

    private static String format(Transformation transformation, String extension, BufferedImage image) {
        Optional<String> explicit = transformation.steps().stream().flatMap(s -> s.format().stream())
                .reduce((a, b) -> b);
        if (explicit.isEmpty()) {
            return extension;
        }
        if (explicit.get().equals("auto")) {
            // no Accept header to go by: keep transparency losslessly, photographs as JPEG
            return image.getColorModel().hasAlpha() ? "png" : "jpg";
        }
        return explicit.get();
    }

    static byte[] encode(BufferedImage image, String format, int quality) throws IOException {
        BufferedImage pixels = format.equals("jpg") ? Resampling.opaque(image, Color.WHITE) : image;
        ImageWriter writer = writer(format);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format.equals("jpg") || format.equals("webp")) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                if (format.equals("webp")) {
                    param.setCompressionType("Lossy");
                }
                param.setCompressionQuality(quality / 100f);
            }
            writer.write(null, new IIOImage(pixels, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static ImageWriter writer(String format) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersBySuffix(format);
        if (!writers.hasNext()) {
            throw new IOException("no encoder for " + format);
        }
        return writers.next();
    }
}
