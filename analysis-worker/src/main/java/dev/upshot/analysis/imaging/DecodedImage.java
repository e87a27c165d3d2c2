package dev.upshot.analysis.imaging;

import dev.upshot.analysis.service.AnalysisFailedException;
import dev.upshot.analysis.service.Subject;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An image file on local disk, decoded lazily and small. The header is read first and an image above the pixel
 * limit is refused before any pixel buffer exists; requests up to {@code decodeSide} share one decode that uses
 * ImageIO source subsampling, so a 12 MP JPEG is never held at full size. A truncated or corrupt file (ImageIO
 * only warns about those) fails with {@link AnalysisFailedException}. Not for concurrent use by several threads
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
    private int[] headerSize;

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
            // no scaling happens here (the region is at most side long): toFit only normalises to ARGB
            cached = Downscale.toFit(read((param, w, h) -> param.setSourceRegion(Subject.centreRegion(w, h, side))), side);
            centres.put(side, cached);
        }
        return cached;
    }

    /** Width and height from the file's own header, checked against the limit before anything is decoded. */
    private int[] headerSize() throws AnalysisFailedException {
        if (headerSize == null) {
            checkLimit(width, height);
            try (ImageInputStream in = open()) {
                ImageReader reader = reader(in);
                try {
                    headerSize = new int[]{reader.getWidth(0), reader.getHeight(0)};
                } finally {
                    reader.dispose();
                }
            } catch (IOException | RuntimeException e) {
                throw unreadable(e);
            }
        }
        return headerSize;
    }

    private BufferedImage decode(int side) throws AnalysisFailedException {
        return read((param, w, h) -> {
            int factor = Math.max(1, Math.max(w, h) / side);
            param.setSourceSubsampling(factor, factor, 0, 0);
        });
    }

    private interface ReadSetup {
        void apply(ImageReadParam param, int width, int height);
    }

    private BufferedImage read(ReadSetup setup) throws AnalysisFailedException {
        int[] size = headerSize();
        checkLimit(size[0], size[1]);
        try (ImageInputStream in = open()) {
            ImageReader reader = reader(in);
            try {
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                ImageReadParam param = reader.getDefaultReadParam();
                setup.apply(param, size[0], size[1]);
                BufferedImage image = reader.read(0, param);
                if (!warnings.isEmpty()) {
                    throw new AnalysisFailedException("corrupt or truncated " + format + " image: " + warnings.getFirst());
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
    }

    private ImageInputStream open() throws IOException {
        ImageInputStream in = ImageIO.createImageInputStream(file.toFile());
        if (in == null) {
            throw new IOException("cannot open " + file.getFileName());
        }
        return in;
    }

    private ImageReader reader(ImageInputStream in) throws AnalysisFailedException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new AnalysisFailedException("no decoder for this " + (format.isEmpty() ? "file" : format + " file"));
        }
        ImageReader reader = readers.next();
        reader.setInput(in, true, true);
        return reader;
    }

    private void checkLimit(long w, long h) throws AnalysisFailedException {
        if (w * h > maxPixels) {
            throw new AnalysisFailedException(String.format("image is %d x %d (%.1f MP), above the %.1f MP analysis limit",
                    w, h, w * h / 1e6, maxPixels / 1e6));
        }
    }

    private AnalysisFailedException unreadable(Exception e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new AnalysisFailedException("corrupt or truncated " + (format.isEmpty() ? "image" : format + " image")
                + ": " + reason, e);
    }
}
