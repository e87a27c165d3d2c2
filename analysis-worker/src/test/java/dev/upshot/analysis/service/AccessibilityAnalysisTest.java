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
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessibilityAnalysisTest {
    private static final AccessibilityAnalysis ACCESSIBILITY = new AccessibilityAnalysis();

    @TempDir
    Path dir;

    @Test
    void redGreenChartIsLessAccessibleThanBlueOrange() throws Exception {
        JsonNode redGreen = chart(0xCC3333, 0x66AA33, "rg");
        JsonNode blueOrange = chart(0x3366CC, 0xFF9933, "bo");
        double rg = redGreen.at("/accessibility_analysis/colorblind_accessibility_analysis/distinct_colors").asDouble();
        double bo = blueOrange.at("/accessibility_analysis/colorblind_accessibility_analysis/distinct_colors").asDouble();
        assertTrue(rg < 0.6 && bo > 0.9, rg + " vs " + bo);
        double rgEdges = redGreen.at("/accessibility_analysis/colorblind_accessibility_analysis/distinct_edges").asDouble();
        double boEdges = blueOrange.at("/accessibility_analysis/colorblind_accessibility_analysis/distinct_edges").asDouble();
        assertTrue(rgEdges < boEdges, rgEdges + " vs " + boEdges);
        assertTrue(redGreen.at("/accessibility_analysis/colorblind_accessibility_score").asDouble()
                < blueOrange.at("/accessibility_analysis/colorblind_accessibility_score").asDouble());
        assertEquals("[\"#CC3333\",\"#66AA33\"]",
                redGreen.at("/accessibility_analysis/colorblind_accessibility_analysis/most_indistinct_pair").toString());
    }

    @Test
    void oneColourHasNothingToConfuse() throws Exception {
        BufferedImage image = TestImages.flat(300, 200, 0x123456);
        JsonNode response = Run.analysis(ACCESSIBILITY, TestImages.png(image, dir.resolve("one.png")), "png", image);
        assertEquals(1.0, response.at("/accessibility_analysis/colorblind_accessibility_score").asDouble());
        assertEquals("[\"#123456\",\"#123456\"]",
                response.at("/accessibility_analysis/colorblind_accessibility_analysis/most_indistinct_pair").toString());
    }

    /** Two flat halves, like a two-slice chart. */
    private JsonNode chart(int first, int second, String name) throws Exception {
        BufferedImage image = TestImages.flat(600, 300, 0xFFFFFF);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(first));
        g.fillRect(0, 0, 300, 300);
        g.setColor(new Color(second));
        g.fillRect(300, 0, 300, 300);
        g.dispose();
        return Run.analysis(ACCESSIBILITY, TestImages.png(image, dir.resolve(name + ".png")), "png", image);
    }
}
