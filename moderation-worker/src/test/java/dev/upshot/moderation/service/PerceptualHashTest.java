package dev.upshot.moderation.service;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerceptualHashTest {

    @Test
    void aResizedReencodedCopyStaysCloseAndOtherScenesDoNot() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            BufferedImage original = TestImages.scene(seed, 640, 480);
            long hash = PerceptualHash.of(original);
            long copy = PerceptualHash.of(TestImages.decode(TestImages.jpeg(TestImages.resized(original, 320, 240), 0.6f)));
            long thumb = PerceptualHash.of(TestImages.resized(original, 100, 75));
            long other = PerceptualHash.of(TestImages.scene(seed + 1000, 640, 480));
            assertTrue(PerceptualHash.similarity(hash, copy) >= 0.9, "seed " + seed + ": "
                    + PerceptualHash.similarity(hash, copy));
            assertTrue(PerceptualHash.similarity(hash, thumb) >= 0.9, "seed " + seed + " thumb");
            assertTrue(PerceptualHash.similarity(hash, other) < 0.8, "seed " + seed + " unrelated: "
                    + PerceptualHash.similarity(hash, other));
        }
    }

    @Test
    void theHashIsDeterministicAndHasAboutHalfItsBitsSet() {
        BufferedImage image = TestImages.scene(7, 200, 150);
        long hash = PerceptualHash.of(image);
        assertEquals(hash, PerceptualHash.of(image));
        assertEquals(16, PerceptualHash.hex(hash).length());
        int bits = Long.bitCount(hash);
        assertTrue(bits >= 28 && bits <= 36, "median split sets about half the bits: " + bits);
    }

    @Test
    void tinyImagesHashWithoutFailing() {
        assertEquals(PerceptualHash.of(TestImages.scene(3, 10, 10)), PerceptualHash.of(TestImages.scene(3, 10, 10)));
    }

    @Test
    void bandNeighbourhoodsHaveTheExpectedSize() {
        assertEquals(1, FingerprintIndex.near(0x1234, 0).length);
        assertEquals(17, FingerprintIndex.near(0x1234, 1).length);
        assertEquals(1 + 16 + 120, FingerprintIndex.near(0x1234, 2).length);
        assertEquals(6, FingerprintIndex.maxDistance(0.9));
        assertEquals(0, FingerprintIndex.maxDistance(1.0));
        assertEquals(64, FingerprintIndex.maxDistance(0.0));
    }
}
