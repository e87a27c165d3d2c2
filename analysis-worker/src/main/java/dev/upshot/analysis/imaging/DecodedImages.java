package dev.upshot.analysis.imaging;

import dev.upshot.analysis.config.ImagingConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;

/** Opens downloaded originals as {@link DecodedImage}s with the configured limits. */
@ApplicationScoped
public class DecodedImages {
    private final ImagingConfig config;

    public DecodedImages(ImagingConfig config) {
        this.config = config;
    }

    /** Nothing is read until an analysis asks for pixels. */
    public DecodedImage open(Path file, String format, int width, int height) {
        return new DecodedImage(file, format, width, height, config.maxPixels(), config.decodeSide());
    }
}
