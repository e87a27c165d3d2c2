package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model analyses as the worker wires them: configuration, beans, and the stages in which the pipeline runs them. */
@QuarkusTest
class ModelAnalysesPipelineTest {

    @Inject
    AnalysisPipeline pipeline;

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

        AnalysisPipeline.Result result = pipeline.run(TestSubject.of(image), Map.of("faces", "true",
                "ocr", "adv_ocr", "detection", "captioning", "categorization", "google_tagging",
                "auto_tagging", "0.6"));

        assertEquals(Map.of(), result.errors());
        JsonNode fields = result.fields();
        assertEquals(1, fields.get("faces").size(), fields.toString());
        assertEquals("GIOCONDA", fields.at("/info/ocr/adv_ocr/data/0/textAnnotations/1/description").asText());
        // captioning ran after faces and OCR and saw both; tagging ran after captioning
        assertEquals("A portrait image showing one face, with the text \"GIOCONDA\".",
                fields.at("/info/detection/captioning/data/caption").asText());
        assertEquals(CaptioningAnalysis.COMPOSED, fields.at("/info/detection/captioning/model_version").asText());
        List<String> tags = new ArrayList<>();
        fields.get("tags").forEach(t -> tags.add(t.asText()));
        assertTrue(tags.containsAll(List.of("face", "person", "text")), tags.toString());
        assertEquals("complete", fields.at("/info/categorization/google_tagging/status").asText());
    }
}
