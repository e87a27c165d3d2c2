package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaggingAnalysisTest {

    private static FaceModel faces;
    private static TaggingAnalysis tagging;

    @BeforeAll
    static void load() {
        faces = new FaceModel(Models.faceModel(), 0.6);
        tagging = new TaggingAnalysis(faces, 0.7);
    }

    @AfterAll
    static void close() throws Exception {
        faces.close();
    }

    private static Map<String, Double> data(ObjectNode response, String name) {
        Map<String, Double> tags = new HashMap<>();
        JsonNode entry = response.at("/info/categorization/" + name);
        assertEquals("complete", entry.get("status").asText());
        entry.get("data").forEach(d -> tags.put(d.get("tag").asText(), d.get("confidence").asDouble()));
        return tags;
    }

    private static List<String> tags(ObjectNode response) {
        List<String> tags = new ArrayList<>();
        response.path("tags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    @Test
    void tagsAFaceAndColoursAboveTheThresholdAndRecordsAllConfidences() throws Exception {
        ObjectNode response = EventCodec.mapper().createObjectNode();
        response.putObject("predominant").putArray("google")
                .add(EventCodec.mapper().createArrayNode().add("brown").add(55.0))
                .add(EventCodec.mapper().createArrayNode().add("black").add(30.0));
        tagging.run(TestSubject.read(Models.mona()),
                Map.of("categorization", "google_tagging", "auto_tagging", "0.5"), response);

        Map<String, Double> data = data(response, "google_tagging");
        assertTrue(data.get("face") > 0.8, data.toString());
        assertEquals(data.get("face"), data.get("person"));
        assertEquals(0.55, data.get("brown"));
        assertEquals(0.3, data.get("black"));
        assertFalse(data.containsKey("text"));
        List<String> tags = tags(response);
        assertTrue(tags.containsAll(List.of("face", "person", "brown")), tags.toString());
        assertFalse(tags.contains("black"), tags.toString());   // 0.3 < 0.5: recorded, not tagged
    }

    @Test
    void takesWordsOfAProviderCaptionButNotOfTheComposedOne() throws Exception {
        ObjectNode response = EventCodec.mapper().createObjectNode();
        ObjectNode captioning = response.putObject("info").putObject("detection").putObject("captioning");
        captioning.putObject("data").put("caption", "A woman smiling in front of a mountain landscape.");
        captioning.put("model_version", "test-vision-1");
        response.putArray("tags").add("uploaded-by-test");
        BufferedImage blank = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        tagging.run(TestSubject.of(blank), Map.of("detection", "captioning", "auto_tagging", "0.6"), response);

        assertEquals(List.of("uploaded-by-test", "woman", "smiling", "mountain", "landscape"), tags(response));
        assertEquals(0.7, data(response, TaggingAnalysis.OWN_NAME).get("woman"));

        ObjectNode composed = EventCodec.mapper().createObjectNode();
        ObjectNode own = composed.putObject("info").putObject("detection").putObject("captioning");
        own.putObject("data").put("caption", "A landscape image with no faces.");
        own.put("model_version", CaptioningAnalysis.COMPOSED);
        tagging.run(TestSubject.of(blank), Map.of("detection", "captioning", "auto_tagging", "0.6"), composed);
        assertEquals(List.of(), tags(composed));
    }

    @Test
    void tagsTextFoundByOcrAndGrayscale() throws Exception {
        BufferedImage text = OcrAnalysisTest.rendered(1600, 500, "HELLO UPSHOT", "quick brown fox");
        ObjectNode response = EventCodec.mapper().createObjectNode();
        new OcrAnalysis(Models.traineddata(), 1, 2000, 0.3).run(TestSubject.of(text), Map.of("ocr", "adv_ocr"),
                response);
        response.put("grayscale", true);
        tagging.run(TestSubject.of(text), Map.of("categorization", "aws_rek_tagging", "auto_tagging", "0.9"),
                response);
        assertTrue(data(response, "aws_rek_tagging").get("text") > 0.9);
        assertEquals(List.of("grayscale", "text"), tags(response));
    }

    @Test
    void categorizationWithoutAutoTaggingRecordsButAddsNoTags() throws Exception {
        ObjectNode response = EventCodec.mapper().createObjectNode();
        tagging.run(TestSubject.read(Models.mona()), Map.of("categorization", "google_tagging"), response);
        assertTrue(data(response, "google_tagging").containsKey("face"));
        assertFalse(response.has("tags"));
    }

    @Test
    void requestedByCategorizationOrByAutoTaggingWithDetection() {
        assertTrue(tagging.requested(Map.of("categorization", "google_tagging")));
        assertTrue(tagging.requested(Map.of("detection", "captioning", "auto_tagging", "0.5")));
        assertFalse(tagging.requested(Map.of("detection", "captioning")));
        assertFalse(tagging.requested(Map.of("auto_tagging", "0.5")));
        assertFalse(tagging.requested(Map.of("detection", "captioning", "auto_tagging", "1.5")));
        assertTrue(tagging.stage() > new CaptioningAnalysis(java.util.Optional.empty(), 768, faces).stage());
    }
}
