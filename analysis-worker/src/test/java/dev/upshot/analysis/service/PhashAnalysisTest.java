package dev.upshot.analysis.service;

import dev.upshot.testsupport.TestImages;
import dev.upshot.kit.imaging.PerceptualHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhashAnalysisTest {
    private static final PhashAnalysis PHASH = new PhashAnalysis(1024);

    @TempDir
    Path dir;

    /** The moderation worker hashes the full ImageIO decode: up to the shared decode size the numbers are equal. */
    @Test
    void theResponseHashIsTheDuplicateChecksHash() throws Exception {
        Path png = TestImages.png(TestImages.photo(800, 600, 7), dir.resolve("a.png"));
        String phash = Run.analysis(PHASH, png, "png", ImageIO.read(png.toFile())).get("phash").asText();
        assertEquals(PerceptualHash.hex(PerceptualHash.of(ImageIO.read(png.toFile()))), phash);
    }

    /** Above it the worker hashes a subsampled decode, which moves only a few bits. */
    @Test
    void aLargeImageHashesWithinAFewBitsOfItsFullDecode() throws Exception {
        Path jpeg = TestImages.jpeg(TestImages.photo(3000, 2250, 8), 90, dir.resolve("large.jpg"));
        long full = PerceptualHash.of(ImageIO.read(jpeg.toFile()));
        long response = Long.parseUnsignedLong(
                Run.analysis(PHASH, jpeg, "jpg", ImageIO.read(jpeg.toFile())).get("phash").asText(), 16);
        assertTrue(PerceptualHash.distance(full, response) <= 3, "bits apart: " + PerceptualHash.distance(full, response));
    }
}
