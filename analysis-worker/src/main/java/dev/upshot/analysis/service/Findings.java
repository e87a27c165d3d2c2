package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.faces.FaceDetector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the earlier analyses found about a subject, read back from the response they filled, for captioning and
 * tagging. Faces are detected here when the upload did not ask for them (they are cheap); colours and text are only
 * known when their analyses ran.
 *
 * @param faces     empty when the face model is unavailable or the image cannot be read
 * @param text      the OCR text, blank when there is none
 * @param colours   predominant colour names, largest share first, percent 0–100
 * @param grayscale empty when the colours analysis did not run
 */
record Findings(Optional<List<FaceDetector.Face>> faces, String text, double textConfidence, List<Colour> colours,
                Optional<Boolean> grayscale, int width, int height) {

    record Colour(String name, double percent) {
    }

    static Findings of(Subject subject, ObjectNode response, FaceModel faceModel) throws Exception {
        Optional<List<FaceDetector.Face>> faces;
        try {
            faces = Optional.of(faceModel.faces(subject));
        } catch (AnalysisFailedException e) {
            faces = Optional.empty();
        }
        JsonNode page = response.at("/info/ocr/adv_ocr/data/0/fullTextAnnotation");
        String text = page.path("text").asText("").strip();
        double confidence = page.findValues("words").stream().flatMap(words -> {
            List<Double> values = new ArrayList<>();
            words.forEach(w -> values.add(w.path("confidence").asDouble()));
            return values.stream();
        }).mapToDouble(Double::doubleValue).average().orElse(0);

        List<Colour> colours = new ArrayList<>();
        JsonNode predominant = response.path("predominant");
        JsonNode named = predominant.has("google") ? predominant.get("google") : predominant.path("cloudinary");
        named.forEach(pair -> colours.add(new Colour(pair.path(0).asText(), pair.path(1).asDouble())));
        colours.sort((a, b) -> Double.compare(b.percent(), a.percent()));

        JsonNode grayscale = response.path("grayscale");
        return new Findings(faces, text, confidence, colours,
                grayscale.isBoolean() ? Optional.of(grayscale.asBoolean()) : Optional.empty(),
                subject.width(), subject.height());
    }
}
