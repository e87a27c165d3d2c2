package dev.upshot.system;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Small PNG files to upload. */
final class Png {
    private Png() {
    }

    /** A w×h black image with one blue pixel in the middle. */
    static byte[] of(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(w / 2, h / 2, 0x3366FF);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
