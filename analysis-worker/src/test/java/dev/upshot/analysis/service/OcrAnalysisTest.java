package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OcrAnalysisTest {

    private static OcrAnalysis ocr;

    @BeforeAll
    static void load() {
        ocr = new OcrAnalysis(Models.traineddata(), 1, 2000, 0.3);
    }

    @AfterAll
    static void close() throws Exception {
        ocr.close();
    }

    /** Black words on white, 96 px bold sans: the first line at y 200, the second at y 400 (baselines). */
    static BufferedImage rendered(int width, int height, String first, String second) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 96));
        g.drawString(first, 100, 200);
        g.drawString(second, 100, 400);
        g.dispose();
        return image;
    }

    private static JsonNode run(Subject subject) throws Exception {
        ObjectNode response = EventCodec.mapper().createObjectNode();
        ocr.run(subject, Map.of("ocr", "adv_ocr"), response);
        JsonNode result = response.at("/info/ocr/adv_ocr");
        assertEquals("complete", result.get("status").asText());
        return result.get("data").get(0);
    }

    @Test
    void readsRenderedWordsWithBoxesAndConfidence() throws Exception {
        JsonNode data = run(TestSubject.of(rendered(1600, 500, "HELLO UPSHOT", "quick brown fox")));

        JsonNode annotations = data.get("textAnnotations");
        assertEquals("HELLO UPSHOT\nquick brown fox", annotations.get(0).get("description").asText().strip());
        assertEquals("en", annotations.get(0).get("locale").asText());
        List<String> words = new ArrayList<>();
        annotations.forEach(a -> words.add(a.get("description").asText()));
        assertEquals(List.of("HELLO", "UPSHOT", "quick", "brown", "fox"), words.subList(1, words.size()));

        // HELLO starts at x 100 and its capitals stand on the baseline at y 200, about 70 px tall
        JsonNode hello = annotations.get(1).get("boundingPoly").get("vertices");
        assertEquals(4, hello.size());
        assertEquals(100, hello.get(0).get("x").asInt(), 10);
        assertEquals(130, hello.get(0).get("y").asInt(), 12);
        assertEquals(200, hello.get(2).get("y").asInt(), 6);
        // fox is on the second line, right of brown
        JsonNode fox = annotations.get(5).get("boundingPoly").get("vertices");
        JsonNode brown = annotations.get(4).get("boundingPoly").get("vertices");
        assertTrue(fox.get(0).get("y").asInt() > 300);
        assertTrue(fox.get(0).get("x").asInt() > brown.get(1).get("x").asInt());

        JsonNode full = data.get("fullTextAnnotation");
        assertEquals(annotations.get(0).get("description").asText(), full.get("text").asText());
        JsonNode firstWord = full.at("/pages/0/blocks/0/paragraphs/0/words/0");
        assertTrue(firstWord.get("confidence").asDouble() > 0.8, firstWord.toString());
        assertEquals("H", firstWord.at("/symbols/0/text").asText());
        assertEquals(5, firstWord.get("symbols").size());
    }

    @Test
    void boxesAreInOriginalPixelsWhenTheImageIsReducedForRecognition() throws Exception {
        // 4000 px wide: recognised at 2000, reported at 4000
        BufferedImage big = new BufferedImage(4000, 1250, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = big.createGraphics();
        g.drawImage(rendered(1600, 500, "HELLO UPSHOT", "quick brown fox"), 0, 0, 4000, 1250, null);
        g.dispose();
        JsonNode hello = run(TestSubject.of(big)).at("/textAnnotations/1/boundingPoly/vertices");
        assertEquals(250, hello.get(0).get("x").asInt(), 25);
        assertEquals(500, hello.get(2).get("y").asInt(), 15);
    }

    @Test
    void concurrentRecognitionsShareThePoolAndAgree() throws Exception {
        OcrAnalysis pooled = new OcrAnalysis(Models.traineddata(), 2, 2000, 0.3);
        try (var executor = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<String>> texts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String word = "TOKEN" + (char) ('A' + i);
                texts.add(executor.submit(() -> {
                    ObjectNode response = EventCodec.mapper().createObjectNode();
                    pooled.run(TestSubject.of(rendered(1600, 500, word, "second line")), Map.of("ocr", "adv_ocr"),
                            response);
                    return response.at("/info/ocr/adv_ocr/data/0/fullTextAnnotation/text").asText();
                }));
            }
            for (int i = 0; i < 8; i++) {
                assertEquals("TOKEN" + (char) ('A' + i) + "\nsecond line\n", texts.get(i).get());
            }
        } finally {
            pooled.close();
        }
    }

    @Test
    void anImageWithoutTextHasNoAnnotations() throws Exception {
        BufferedImage flat = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        JsonNode data = run(TestSubject.of(flat));
        assertEquals(0, data.get("textAnnotations").size());
        assertEquals("", data.at("/fullTextAnnotation/text").asText());
    }

    @Test
    void requestedOnlyByTheAdvancedOcrValues() {
        assertTrue(ocr.requested(Map.of("ocr", "adv_ocr")));
        assertTrue(ocr.requested(Map.of("ocr", "adv_ocr:document")));
        assertFalse(ocr.requested(Map.of("ocr", "tesseract")));
        assertFalse(ocr.requested(Map.of()));
    }

    @Test
    void missingLanguageDataFailsTheAnalysisWithAClearMessage() {
        OcrAnalysis missing = new OcrAnalysis(Path.of("no/eng.traineddata.gz"), 1, 2000, 0.3);
        AnalysisFailedException e = assertThrows(AnalysisFailedException.class, () -> missing.run(
                TestSubject.of(new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB)), Map.of("ocr", "adv_ocr"),
                EventCodec.mapper().createObjectNode()));
        assertTrue(e.getMessage().startsWith("OCR language data not found at"), e.getMessage());
    }
}
