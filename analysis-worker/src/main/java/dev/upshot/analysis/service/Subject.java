package dev.upshot.analysis.service;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * The asset under analysis: its original bytes on local disk and its pixels, decoded at most once per size class
 * and never beyond the configured pixel limit.
 */
public interface Subject {

    /** The original file as uploaded. */
    Path file();

    /** Format as detected by the gateway (jpg, png, gif, webp, …). */
    String format();

    /** Header dimensions of the original. */
    int width();

    int height();

    /**
     * The image scaled so that its longer side is at most {@code maxSide} (never upscaled), decoded at reduced
     * resolution where the format allows. Cached: asking twice for the same size decodes once.
     *
     * @throws AnalysisFailedException when the file is not a decodable image or exceeds the pixel limit
     */
    BufferedImage image(int maxSide) throws AnalysisFailedException;

    /**
     * Original pixels (no scaling) of the centred square of at most {@code side} × {@code side}, its corner on the
     * 16-pixel JPEG block grid, for metrics tied to the original's pixel grid (blockiness, chroma subsampling).
     * This default decodes the whole image; implementations decode only the region.
     *
     * @throws AnalysisFailedException when the file is not a decodable image or exceeds the pixel limit
     */
    default BufferedImage centre(int side) throws AnalysisFailedException {
        BufferedImage full = image(Math.max(width(), height()));
        var region = centreRegion(full.getWidth(), full.getHeight(), side);
        return full.getSubimage(region.x, region.y, region.width, region.height);
    }

    /** The square {@link #centre(int)} returns, for an image of the given size. */
    static Rectangle centreRegion(int width, int height, int side) {
        int w = Math.min(side, width);
        int h = Math.min(side, height);
        return new Rectangle(((width - w) / 2) & ~15, ((height - h) / 2) & ~15, w, h);
    }
}
