package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.analysis.imaging.DecodedImages;
import dev.upshot.imaging.Fixtures;
import dev.upshot.imaging.Images;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model analyses as the worker wires them: configuration, beans, the production subject decoding a real file,
 * the colours analysis, and the stages in which the pipeline runs them.
 */
@QuarkusTest
class ModelAnalysesPipelineTest {

    @Inject
    AnalysisPipeline pipeline;

    @Inject
    DecodedImages subjects;

    @Test
    void facesTextCaptionAndTagsOfOneUpload() throws Exception {
        // the Mona Lisa with a caption painted across her lap
        TestSubject mona = TestSubject.read(Models.mona());
        BufferedImage image = new BufferedImage(mona.width(), mona.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.drawImage(mona.original(), 0, 0, null);
        g.setColor(Color.WHITE);
        g.fillRect(40, 560, 420, 110);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 64));
        g.drawString("GIOCONDA", 60, 640);
        g.dispose();

        Path file = Files.createTempFile("mona", ".png");
        ImageIO.write(image, "png", file.toFile());
        AnalysisPipeline.Result result;
        try {
            result = pipeline.run(subjects.open(file, "png", image.getWidth(), image.getHeight()), Map.of(
                    "faces", "true", "ocr", "adv_ocr", "colors", "true", "detection", "captioning",
                    "categorization", "google_tagging", "auto_tagging", "0.2"));
        } finally {
            Files.delete(file);
        }

        assertEquals(Map.of(), result.errors());
        JsonNode fields = result.fields();
        assertEquals(1, fields.get("faces").size(), fields.toString());
        assertEquals("GIOCONDA", fields.at("/info/ocr/adv_ocr/data/0/textAnnotations/1/description").asText());
        // captioning ran after faces, OCR and colours and saw them all; tagging ran after captioning
        String main = fields.at("/predominant/google/0/0").asText();
        String second = fields.at("/predominant/google/1/0").asText();
        assertEquals("A portrait image showing one face, with the text \"GIOCONDA\", mostly " + main + " and "
                + second + ".", fields.at("/info/detection/captioning/data/caption").asText());
        assertEquals(CaptioningAnalysis.COMPOSED, fields.at("/info/detection/captioning/model_version").asText());
        List<String> tags = new ArrayList<>();
        fields.get("tags").forEach(t -> tags.add(t.asText()));
        assertTrue(tags.containsAll(List.of("face", "person", "text")), tags.toString());
        // the main colour covers more than a fifth of the picture, so it is tagged at 0.2
        assertTrue(fields.at("/predominant/google/0/1").asDouble() > 20, fields.get("predominant").toString());
        assertTrue(tags.contains(main), tags + " " + fields.get("predominant"));
        assertEquals("complete", fields.at("/info/categorization/google_tagging/status").asText());
    }

    /** A plain 320×240 RGB PNG with every boolean analysis: each answers in its documented shape, faces too. */
    @Test
    void everyBooleanAnalysisAnswersEvenWhenItFindsNothing() throws Exception {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(30, 120, 200));
        g.fillRect(0, 0, 320, 240);
        g.setColor(new Color(240, 200, 40));
        g.fillOval(80, 40, 160, 160);
        g.dispose();
        Path file = Files.createTempFile("plain", ".png");
        ImageIO.write(image, "png", file.toFile());
        AnalysisPipeline.Result result;
        try {
            result = pipeline.run(subjects.open(file, "png", 320, 240), Map.of("faces", "true", "colors", "true",
                    "phash", "true", "quality_analysis", "true", "accessibility_analysis", "true",
                    "image_metadata", "true"));
        } finally {
            Files.delete(file);
        }
        assertEquals(Map.of(), result.errors());
        JsonNode fields = result.fields();
        assertEquals("[]", fields.get("faces").toString(), fields.toString());
        assertTrue(fields.get("colors").isArray() && fields.has("predominant"), fields.toString());
        assertTrue(fields.get("phash").asText().matches("[0-9a-f]{16}"), fields.toString());
        assertTrue(fields.at("/quality_analysis/focus").isNumber() && fields.has("quality_score"), fields.toString());
        assertTrue(fields.at("/accessibility_analysis/colorblind_accessibility_analysis/most_indistinct_pair")
                .isArray(), fields.toString());
        assertTrue(fields.at("/accessibility_analysis/colorblind_accessibility_score").isNumber(), fields.toString());
        assertTrue(fields.get("image_metadata").isObject(), fields.toString());
        assertEquals(List.of(), fields.properties().stream().map(Map.Entry::getKey)
                .filter(name -> name.startsWith("colorblind")).toList(), "nothing at the top level");
    }

    /** Every accepted format, written at test time, gets its colours and hash; animations from their first frame. */
    @Test
    void everyFormatIsAnalysed() throws Exception {
        BufferedImage halves = Fixtures.halves(BufferedImage.TYPE_INT_RGB);
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        for (String format : List.of("jpg", "png", "webp", "avif", "heic", "gif", "tiff")) {
            files.put(format, Images.encode(halves, format, 90));
        }
        java.io.ByteArrayOutputStream bmp = new java.io.ByteArrayOutputStream();
        ImageIO.write(halves, "bmp", bmp);
        files.put("bmp", bmp.toByteArray());
        files.put("svg", ("<svg xmlns='http://www.w3.org/2000/svg' width='64' height='48'><rect width='32' "
                + "height='48' fill='#DC141E'/><rect x='32' width='32' height='48' fill='#1428DC'/></svg>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (var entry : files.entrySet()) {
            Path file = Files.write(Files.createTempFile("format", "." + entry.getKey()), entry.getValue());
            try {
                AnalysisPipeline.Result result = pipeline.run(subjects.open(file, entry.getKey(), 64, 48),
                        Map.of("colors", "true", "phash", "true", "faces", "true"));
                assertEquals(Map.of(), result.errors(), entry.getKey());
                JsonNode colours = result.fields().get("colors");
                assertTrue(colours.size() >= 2, entry.getKey() + ": " + colours);
                assertTrue(result.fields().get("phash").asText().matches("[0-9a-f]{16}"), entry.getKey());
                assertEquals("[]", result.fields().get("faces").toString(), entry.getKey());
            } finally {
                Files.delete(file);
            }
        }
    }

    /** A phone photo stored sideways with EXIF orientation 6: the face is found where the viewer sees it. */
    @Test
    void theFaceOfATurnedPhotoIsWhereItIsSeen() throws Exception {
        TestSubject mona = TestSubject.read(Models.mona());
        Path file = Files.write(Files.createTempFile("turned", ".jpg"), Fixtures.storedSideways(mona.original(), 92));
        try {
            // the gateway reports the upright size, as Cloudinary does
            AnalysisPipeline.Result result = pipeline.run(subjects.open(file, "jpg", mona.width(), mona.height()),
                    Map.of("faces", "true"));
            JsonNode faces = result.fields().get("faces");
            assertEquals(1, faces.size(), result.fields().toString());
            // upright, her face spans x 175–305, y 95–275 (FacesAnalysisTest)
            int x = faces.get(0).get(0).asInt(), y = faces.get(0).get(1).asInt();
            assertTrue(x >= 150 && x <= 200 && y >= 90 && y <= 160, faces.toString());
        } finally {
            Files.delete(file);
        }
    }
}
