package dev.upshot.analysis.service;

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
}
