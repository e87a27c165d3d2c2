package dev.upshot.kit.imaging;

import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

import static dev.upshot.testsupport.TestImages.decode;
import static dev.upshot.testsupport.TestImages.jpeg;
import static dev.upshot.testsupport.TestImages.png;
import static dev.upshot.testsupport.TestImages.resized;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerceptualHashTest {

    @Test
    void identicalPixelsHashIdentically() throws Exception {
        BufferedImage photo = picture(7, 640, 480);
        long hash = PerceptualHash.of(photo);
        assertEquals(hash, PerceptualHash.of(decode(png(photo))));
        assertTrue(PerceptualHash.hex(hash).matches("[0-9a-f]{16}"));
        int bits = Long.bitCount(hash);
        assertTrue(bits >= 24 && bits <= 40, "the median split sets about half the bits: " + bits);
    }

    @Test
    void reEncodedAndResizedCopiesAreCloseAndOtherPicturesAreNot() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            BufferedImage original = picture(seed, 1200, 900);
            long hash = PerceptualHash.of(original);
            long q40 = PerceptualHash.of(decode(jpeg(original, 0.4f)));
            long half = PerceptualHash.of(decode(jpeg(resized(original, 600, 450), 0.75f)));
            long thumb = PerceptualHash.of(resized(original, 100, 75));
            long other = PerceptualHash.of(picture(seed + 1000, 1200, 900));
            assertTrue(PerceptualHash.distance(hash, q40) <= 4, "seed " + seed + " q40: " + PerceptualHash.distance(hash, q40));
            assertTrue(PerceptualHash.distance(hash, half) <= 4, "seed " + seed + " half: " + PerceptualHash.distance(hash, half));
            assertTrue(PerceptualHash.distance(hash, thumb) <= 6, "seed " + seed + " thumb: " + PerceptualHash.distance(hash, thumb));
            assertTrue(PerceptualHash.distance(hash, other) >= 16, "seed " + seed + " other: " + PerceptualHash.distance(hash, other));
        }
    }

    /** Pins the output: if this changes, raise {@link PerceptualHash#VERSION} (stored fingerprints depend on it). */
    @Test
    void theOutputIsThatOfVersionOne() {
        BufferedImage waves = new BufferedImage(30, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 30; x++) {
                int red = (int) (127 + 120 * Math.sin(x / 37.0) * Math.cos(y / 6.0));
                waves.setRGB(x, y, red << 16 | (x * 255 / 30) << 8 | y * 255 / 16);
            }
        }
        assertEquals(1, PerceptualHash.VERSION);
        assertEquals("82007f057d277f95", PerceptualHash.hex(PerceptualHash.of(waves)));
    }

    @Test
    void tinyAndTransparentImagesHash() {
        assertEquals(PerceptualHash.of(picture(3, 10, 10)), PerceptualHash.of(picture(3, 10, 10)));
        BufferedImage clear = new BufferedImage(40, 40, BufferedImage.TYPE_INT_ARGB);
        BufferedImage white = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        white.getGraphics().fillRect(0, 0, 40, 40);
        assertEquals(PerceptualHash.of(white), PerceptualHash.of(clear), "transparent counts as white");
    }

    @Test
    void distanceSimilarityAndHex() {
        assertEquals(0, PerceptualHash.distance(0xFFL, 0xFFL));
        assertEquals(64, PerceptualHash.distance(0L, -1L));
        assertEquals(0.875, PerceptualHash.similarity(0L, 0xFFL));
        assertEquals("00000000000000ff", PerceptualHash.hex(0xFFL));
    }

    /** A seeded picture of overlapping coloured discs and bars on a two-tone background. */
    private static BufferedImage picture(long seed, int width, int height) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(random.nextInt(0xffffff)));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(random.nextInt(0xffffff)));
        g.fillRect(0, 0, width, random.nextInt(height));
        for (int i = 0; i < 10; i++) {
            g.setColor(new Color(random.nextInt(0xffffff)));
            int size = Math.max(1, Math.min(width, height) / 6 + random.nextInt(Math.max(1, Math.min(width, height) / 3)));
            int x = random.nextInt(width);
            int y = random.nextInt(height);
            if (i % 2 == 0) {
                g.fillOval(x - size / 2, y - size / 2, size, size);
            } else {
                g.fillRect(x - size, y - size / 4, 2 * size, size / 2);
            }
        }
        g.dispose();
        return image;
    }
}
