package dev.upshot.analysis.imaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerceptualHashTest {
    @TempDir
    Path dir;

    @Test
    void identicalPixelsHashIdentically() throws Exception {
        BufferedImage photo = TestImages.photo(640, 480, 7);
        Path png = TestImages.png(photo, dir.resolve("a.png"));
        long fromFile = PerceptualHash.of(new DecodedImage(png, "png", 640, 480, 100_000_000, 1024).image(32));
        assertEquals(PerceptualHash.of(Downscale.toFit(photo, 32)), fromFile);
        assertEquals(16, PerceptualHash.hex(fromFile).length());
        assertTrue(PerceptualHash.hex(fromFile).matches("[0-9a-f]{16}"));
    }

    @Test
    void reEncodedAndResizedCopiesAreClose() throws Exception {
        BufferedImage photo = TestImages.photo(1200, 900, 8);
        long original = hash(TestImages.png(photo, dir.resolve("o.png")), 1200, 900);
        long jpeg = hash(TestImages.jpeg(photo, 40, dir.resolve("q40.jpg")), 1200, 900);
        long half = hash(TestImages.jpeg(Downscale.toFit(photo, 600), 75, dir.resolve("half.jpg")), 600, 450);
        long other = hash(TestImages.png(TestImages.photo(1200, 900, 9), dir.resolve("other.png")), 1200, 900);
        assertTrue(PerceptualHash.distance(original, jpeg) <= 4, "q40 copy: " + PerceptualHash.distance(original, jpeg));
        assertTrue(PerceptualHash.distance(original, half) <= 4, "half-size copy: " + PerceptualHash.distance(original, half));
        assertTrue(PerceptualHash.distance(original, other) >= 16, "other image: " + PerceptualHash.distance(original, other));
    }

    @Test
    void distanceCountsDifferingBits() {
        assertEquals(0, PerceptualHash.distance(0xFFL, 0xFFL));
        assertEquals(64, PerceptualHash.distance(0L, -1L));
        assertEquals("00000000000000ff", PerceptualHash.hex(0xFFL));
    }

    private static long hash(Path file, int w, int h) throws Exception {
        return PerceptualHash.of(new DecodedImage(file, "", w, h, 100_000_000, 1024).image(32));
    }
}
