package dev.upshot.analysis.imaging;

import dev.upshot.analysis.service.AnalysisFailedException;
import dev.upshot.analysis.service.Subject;
import dev.upshot.imaging.ImageException;
import dev.upshot.imaging.Images;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An image file on local disk, decoded lazily and small through {@link Images} (libvips), upright as its EXIF
 * orientation says. The header is read first and an image above the pixel limit is refused before any pixel buffer
 * exists; requests up to {@code decodeSide} share one decode shrunk on load, so a 12 MP JPEG is never held at full
 * size. A truncated, corrupt or unsupported file fails with {@link AnalysisFailedException}. Not for concurrent use by several threads
 * beyond its own locking: one subject belongs to one pipeline run.
 */
public final class DecodedImage implements Subject {
    private final Path file;
    private final String format;
    private final int width;
    private final int height;
    private final long maxPixels;
    private final int decodeSide;
    /** Subsampled decodes by the side they were asked for; each is at least that long (or the full image). */
    private final TreeMap<Integer, BufferedImage> decodes = new TreeMap<>();
    private final Map<Integer, BufferedImage> scaled = new HashMap<>();
    private final Map<Integer, BufferedImage> centres = new HashMap<>();
    private Images.Header header;

    /**
     * @param width      width as the gateway read it (0 if unknown); the file's own header is checked again
     * @param maxPixels  largest width × height decoded
     * @param decodeSide longer side of the shared reduced decode
     */
    public DecodedImage(Path file, String format, int width, int height, long maxPixels, int decodeSide) {
        this.file = file;
        this.format = format == null ? "" : format;
        this.width = width;
        this.height = height;
        this.maxPixels = maxPixels;
        this.decodeSide = decodeSide;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public synchronized BufferedImage image(int maxSide) throws AnalysisFailedException {
        if (maxSide < 1) {
            throw new IllegalArgumentException("maxSide must be positive: " + maxSide);
        }
        BufferedImage cached = scaled.get(maxSide);
        if (cached != null) {
            return cached;
        }
        int wanted = Math.max(maxSide, decodeSide);
        Map.Entry<Integer, BufferedImage> base = decodes.ceilingEntry(wanted);
        BufferedImage decoded;
        if (base != null) {
            decoded = base.getValue();
        } else {
            // converted to ARGB once, so each reduction reads its buffer directly
            decoded = Downscale.toFit(decode(wanted), Integer.MAX_VALUE);
            decodes.put(wanted, decoded);
        }
        BufferedImage result = Downscale.toFit(decoded, maxSide);
        scaled.put(maxSide, result);
        return result;
    }

    @Override
    public synchronized BufferedImage centre(int side) throws AnalysisFailedException {
        BufferedImage cached = centres.get(side);
        if (cached == null) {
            Images.Header h = header();
            // an upright image no longer than the shared decode is decoded whole at full size there: crop it, the
            // stored grid's pixels, instead of decoding the file a second time
            cached = h.orientation() == 1 && Math.max(h.width(), h.height()) <= decodeSide
                    ? crop(image(decodeSide), side)
                    // no scaling happens here (the region is at most side long): toFit only normalises to ARGB
                    : Downscale.toFit(storedCentre(side), side);
            centres.put(side, cached);
        }
        return cached;
    }

    private static BufferedImage crop(BufferedImage whole, int side) {
        int w = whole.getWidth();
        var region = Subject.centreRegion(w, whole.getHeight(), side);
        int[] from = Argb.of(whole), to = new int[region.width * region.height];
        for (int y = 0; y < region.height; y++) {
            System.arraycopy(from, (region.y + y) * w + region.x, to, y * region.width, region.width);
        }
        return Argb.image(to, region.width, region.height);
    }

    /** The file's own header (upright size), checked against the limit before anything is decoded. */
    private Images.Header header() throws AnalysisFailedException {
        if (header == null) {
            checkLimit(width, height);
            try {
                header = Images.header(file);
            } catch (ImageException e) {
                throw unreadable(e);
            }
            checkLimit(header.width(), header.height());
        }
        return header;
    }

    private BufferedImage decode(int side) throws AnalysisFailedException {
        header();
        try {
            return Images.sample(file, side, maxPixels);
        } catch (ImageException e) {
            throw unreadable(e);
        }
    }

    /** The centre of the stored pixel grid, as the encoder's blocks lie, whatever the EXIF orientation. */
    private BufferedImage storedCentre(int side) throws AnalysisFailedException {
        Images.Header h = header();
        int storedWidth = h.turned() ? h.height() : h.width();
        int storedHeight = h.turned() ? h.width() : h.height();
        var region = Subject.centreRegion(storedWidth, storedHeight, side);
        try {
            return Images.region(file, region.x, region.y, region.width, region.height, false, maxPixels);
        } catch (ImageException e) {
            throw unreadable(e);
        }
    }

    private void checkLimit(long w, long h) throws AnalysisFailedException {
        if (w * h > maxPixels) {
            throw new AnalysisFailedException(String.format("image is %d x %d (%.1f MP), above the %.1f MP analysis limit",
                    w, h, w * h / 1e6, maxPixels / 1e6));
        }
    }

    private AnalysisFailedException unreadable(ImageException e) {
        return new AnalysisFailedException("corrupt or truncated " + (format.isEmpty() ? "image" : format + " image")
                + ": " + e.getMessage(), e);
    }
}
