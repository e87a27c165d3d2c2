package dev.upshot.gateway.service;

import dev.upshot.imaging.ImageException;
import dev.upshot.imaging.Images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The upload parameters {@code format} and {@code allowed_formats}, as Cloudinary applies them to the stored original:
 * a detected format outside {@code allowed_formats} is refused, unless {@code format} is given, which converts it;
 * {@code format} alone converts every upload. Images only are converted (libvips, as derivation encodes).
 *
 * @param format  the format to store, normalised ({@code jpeg} → {@code jpg}); empty: as uploaded
 * @param allowed the formats stored as uploaded; empty: any
 */
public record StoredFormat(Optional<String> format, List<String> allowed) {
    /** Quality of a lossy conversion: high, since the converted file becomes the original. */
    private static final int QUALITY = 90;

    static StoredFormat parse(Optional<String> format, Optional<String> allowedFormats) {
        Optional<String> target = format.map(StoredFormat::normalise);
        target.ifPresent(f -> {
            if (!Images.canEncode(f)) {
                throw ApiException.badRequest("Invalid format '" + f + "': an upload converts to jpg, png, webp, avif,"
                        + " heic, gif or tiff");
            }
        });
        List<String> allowed = allowedFormats.map(list -> Arrays.stream(list.split(",")).map(StoredFormat::normalise)
                .filter(f -> !f.isEmpty()).distinct().toList()).orElse(List.of());
        return new StoredFormat(target, allowed);
    }

    /**
     * What to do with an upload of this media: empty to store it as it is, else the format to convert it to.
     *
     * @throws ApiException 400 when the format is not allowed, or a conversion is asked of a non-image
     */
    Optional<String> conversion(MediaProbe.Media media) {
        boolean allowedAsIs = allowed.isEmpty() ? format.isEmpty() : allowed.contains(normalise(media.format()));
        if (allowedAsIs || format.isPresent() && format.get().equals(normalise(media.format()))) {
            return Optional.empty();
        }
        if (format.isEmpty()) {
            throw ApiException.badRequest(switch (media.resourceType()) {
                case "image" -> "Image";
                case "video" -> "Video";
                default -> "Raw";
            } + " file format " + (media.format().isEmpty() ? "(none)" : media.format()) + " not allowed");
        }
        if (!media.resourceType().equals("image")) {
            throw ApiException.badRequest("Invalid format '" + format.get() + "': only images are converted at upload"
                    + " (this upload is " + media.resourceType() + ")");
        }
        return format;
    }

    /**
     * The upright image at its full size, encoded in {@code target}: a new temporary file the caller deletes.
     * An animation keeps its first frame.
     */
    static Path convert(Path source, String target) throws IOException {
        Images.Header header;
        try {
            header = Images.header(source);
            BufferedImage image = Images.fit(source, Math.max(header.width(), header.height()), MediaProbe.MAX_PIXELS);
            Path converted = Files.createTempFile("upshot-converted-", "." + target);
            Files.write(converted, Images.encode(image, target, QUALITY));
            return converted;
        } catch (ImageException e) {
            throw ApiException.badRequest("Could not convert the image to " + target + ": " + e.getMessage());
        }
    }

    private static String normalise(String format) {
        String f = format.strip().toLowerCase(Locale.ROOT);
        return switch (f) {
            case "jpeg", "jpe" -> "jpg";
            case "tif" -> "tiff";
            default -> f;
        };
    }
}
