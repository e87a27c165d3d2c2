package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.testsupport.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColorsAnalysisTest {
    private static final ColorsAnalysis COLORS = new ColorsAnalysis();

    @TempDir
    Path dir;

    @Test
    void knownColoursWithTheirShares() throws Exception {
        // 1024 px wide, reduced 4:1 to 256: the boundary falls between two reduced pixels, so no blend appears
        BufferedImage image = TestImages.flat(1024, 512, 0xFF0000);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0x0000FF));
        g.fillRect(768, 0, 256, 512);
        g.dispose();
        JsonNode response = Run.analysis(COLORS, TestImages.png(image, dir.resolve("flag.png")), "png", image);
        assertEquals("[[\"#FF0000\",75.0],[\"#0000FF\",25.0]]", response.get("colors").toString());
        assertEquals("[[\"red\",75.0],[\"blue\",25.0]]", response.at("/predominant/google").toString());
        assertEquals("[[\"red\",75.0],[\"blue\",25.0]]", response.at("/predominant/cloudinary").toString());
        assertFalse(response.get("grayscale").asBoolean());
        assertFalse(response.get("semi_transparent").asBoolean());
        assertTrue(response.get("illustration_score").asDouble() > 0.9, response.get("illustration_score").toString());
    }

    @Test
    void jpegNoiseAroundOneColourIsStillOneColour() throws Exception {
        BufferedImage image = TestImages.flat(600, 400, 0x2E8B57);
        JsonNode response = Run.analysis(COLORS, TestImages.jpeg(image, 70, dir.resolve("green.jpg")), "jpg", image);
        assertEquals(1, response.get("colors").size(), response.get("colors").toString());
        assertEquals("green", response.at("/predominant/google/0/0").asText());
    }

    @Test
    void greyGradientIsGrayscale() throws Exception {
        BufferedImage image = new BufferedImage(512, 256, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 512; x++) {
            for (int y = 0; y < 256; y++) {
                image.getRaster().setSample(x, y, 0, x / 2);
            }
        }
        JsonNode response = Run.analysis(COLORS, TestImages.png(image, dir.resolve("grey.png")), "png", image);
        assertTrue(response.get("grayscale").asBoolean());
        assertTrue(response.get("colors").size() > 3);
    }

    @Test
    void photographScoresLowAsIllustration() throws Exception {
        BufferedImage photo = TestImages.noisy(TestImages.photo(800, 600, 21), 6, 1);
        JsonNode response = Run.analysis(COLORS, TestImages.jpeg(photo, 85, dir.resolve("photo.jpg")), "jpg", photo);
        assertTrue(response.get("illustration_score").asDouble() < 0.4, response.get("illustration_score").toString());
        assertFalse(response.get("grayscale").asBoolean());
        assertTrue(response.get("colors").size() >= 8);
        double total = 0;
        for (JsonNode c : response.get("colors")) {
            total += c.get(1).asDouble();
        }
        assertEquals(100, total, 1.0);
    }

    @Test
    void transparencyIsReportedWithEightDigitHex() throws Exception {
        BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(255, 255, 0, 128));
        g.fillRect(0, 0, 100, 100);
        g.dispose();
        JsonNode response = Run.analysis(COLORS, TestImages.png(image, dir.resolve("alpha.png")), "png", image);
        assertTrue(response.get("semi_transparent").asBoolean());
        assertEquals("[[\"#FFFF0080\",100.0]]", response.get("colors").toString(), "fully transparent pixels are not a colour");
    }
}
