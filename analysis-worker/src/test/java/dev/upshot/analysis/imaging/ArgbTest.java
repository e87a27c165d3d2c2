package dev.upshot.analysis.imaging;

import dev.upshot.testsupport.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ArgbTest {
    @TempDir
    Path dir;

    @Test
    void fastPathsAgreeWithGetRgb() throws Exception {
        BufferedImage photo = TestImages.photo(97, 61, 3);
        BufferedImage translucent = new BufferedImage(97, 61, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = translucent.createGraphics();
        g.drawImage(photo, 0, 0, null);
        g.setColor(new Color(10, 200, 30, 90));
        g.fillRect(10, 10, 40, 30);
        g.dispose();
        BufferedImage bgr = new BufferedImage(97, 61, BufferedImage.TYPE_3BYTE_BGR);
        bgr.createGraphics().drawImage(photo, 0, 0, null);
        for (BufferedImage image : new BufferedImage[]{photo, translucent, bgr,
                ImageIO.read(TestImages.png(photo, dir.resolve("rgb.png")).toFile()),
                ImageIO.read(TestImages.png(translucent, dir.resolve("rgba.png")).toFile()),
                ImageIO.read(TestImages.jpeg(photo, 90, dir.resolve("p.jpg")).toFile()),
                photo.getSubimage(5, 7, 40, 30)}) {
            int w = image.getWidth(), h = image.getHeight();
            assertArrayEquals(image.getRGB(0, 0, w, h, null, 0, w), Argb.of(image), "type " + image.getType());
        }
    }

    @Test
    void imageWrapsItsPixelsAsIntArgb() {
        int[] pixels = {0x80FF0000, 0xFF00FF00, 0x000000FF, 0xFFFFFFFF, 0xFF123456, 0x7F654321};
        BufferedImage image = Argb.image(pixels, 3, 2);
        assertEquals(BufferedImage.TYPE_INT_ARGB, image.getType());
        assertSame(pixels, Argb.of(image), "no copy either way");
        assertEquals(0x7F654321, image.getRGB(2, 1));
        assertSame(image, Downscale.toFit(image, 3), "an ARGB image that fits is returned itself");
    }
}
