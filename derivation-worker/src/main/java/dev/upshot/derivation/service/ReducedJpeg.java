package dev.upshot.derivation.service;

import org.jboss.logging.Logger;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Path;
import java.util.Optional;

/**
 * JPEG decoding at 1/2, 1/4 or 1/8 scale in the DCT domain (libjpeg-turbo's scaled IDCT, through OpenCV): a shrink
 * skips most of the decode work, where ImageIO must decode every block and subsample afterwards (about twice as
 * slow on a 12 MP photo). Empty when the natives cannot load or the file does not decode; the caller then uses
 * ImageIO.
 */
final class ReducedJpeg {
    private static final Logger LOG = Logger.getLogger(ReducedJpeg.class);
    private static final boolean AVAILABLE = load();

    private ReducedJpeg() {
    }

    private static boolean load() {
        try {
            nu.pattern.OpenCV.loadLocally();
            return true;
        } catch (Throwable e) {
            LOG.warnf("OpenCV natives not loaded (%s): JPEG shrinks decode through ImageIO", e.toString());
            return false;
        }
    }

    /** @param factor the shrink the caller can use (≥ 1); the largest of 8, 4, 2 not above it is applied */
    static Optional<BufferedImage> decode(Path file, int factor) {
        int flag = factor >= 8 ? Imgcodecs.IMREAD_REDUCED_COLOR_8 : factor >= 4 ? Imgcodecs.IMREAD_REDUCED_COLOR_4
                : factor >= 2 ? Imgcodecs.IMREAD_REDUCED_COLOR_2 : -1;
        if (!AVAILABLE || flag < 0) {
            return Optional.empty();
        }
        // the header's orientation is ignored, as on the ImageIO path, so the plan's geometry holds
        Mat mat = Imgcodecs.imread(file.toString(), flag | Imgcodecs.IMREAD_IGNORE_ORIENTATION);
        try {
            if (mat.empty() || mat.channels() != 3) {
                return Optional.empty();
            }
            BufferedImage image = new BufferedImage(mat.cols(), mat.rows(), BufferedImage.TYPE_3BYTE_BGR);
            mat.get(0, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData());
            return Optional.of(image);
        } finally {
            mat.release();
        }
    }
}
