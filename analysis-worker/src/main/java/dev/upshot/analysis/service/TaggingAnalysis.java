package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.analysis.config.ModelsConfig;
import dev.upshot.faces.FaceDetector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code categorization=<names>} → {@code info.categorization.<name> = {status, data: [{tag, confidence}]}} and, with
 * {@code auto_tagging=<0..1>}, the tags at or above that confidence appended to {@code tags}. Every requested name
 * is served by this one tagger, whose tags come from the other analyses: "face" and "person" (best face score),
 * "text" (mean OCR word confidence), the predominant colour names (their share), "grayscale", and the words of a
 * provider's caption. Runs last, after captioning.
 */
@ApplicationScoped
public class TaggingAnalysis implements Analysis {

    /** Name under {@code info.categorization} when tags were asked for with {@code detection} only. */
    static final String OWN_NAME = "upshot_tagging";
    private static final Set<String> STOPWORDS = Set.of("the", "and", "with", "for", "from", "that", "this", "into",
            "onto", "its", "has", "have", "are", "was", "were", "which", "while", "there", "their", "over", "under",
            "image", "photo", "picture", "shows", "showing", "show", "view", "some", "two", "three", "four", "one",
            "several", "other", "near", "next", "behind", "front", "top", "bottom", "left", "right", "very", "out");

    private final FaceModel faces;
    private final double captionWordConfidence;

    @Inject
    public TaggingAnalysis(ModelsConfig config, FaceModel faces) {
        this(faces, config.tagging().captionWordConfidence());
    }

    public TaggingAnalysis(FaceModel faces, double captionWordConfidence) {
        this.faces = faces;
        this.captionWordConfidence = captionWordConfidence;
    }

    @Override
    public String name() {
        return "tagging";
    }

    @Override
    public boolean requested(Map<String, String> parameters) {
        return !ParameterValues.list(parameters, "categorization").isEmpty()
                || (threshold(parameters) >= 0 && !ParameterValues.list(parameters, "detection").isEmpty());
    }

    /** The auto_tagging confidence, or -1 when absent or not a number in 0–1 (the gateway refuses those). */
    static double threshold(Map<String, String> parameters) {
        try {
            double value = Double.parseDouble(parameters.getOrDefault("auto_tagging", ""));
            return value >= 0 && value <= 1 ? value : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public int stage() {
        return 2;
    }

    @Override
    public void run(Subject subject, Map<String, String> parameters, ObjectNode response) throws Exception {
        Map<String, Double> tags = candidates(Findings.of(subject, response, faces), response);

        List<String> names = new ArrayList<>(ParameterValues.list(parameters, "categorization"));
        if (names.isEmpty()) {
            names.add(OWN_NAME);
        }
        ObjectNode categorization = response.withObjectProperty("info").withObjectProperty("categorization");
        for (String name : names) {
            ObjectNode entry = categorization.putObject(name);
            entry.put("status", "complete");
            ArrayNode data = entry.putArray("data");
            tags.forEach((tag, confidence) -> data.addObject().put("tag", tag).put("confidence", confidence));
        }

        double threshold = threshold(parameters);
        if (threshold >= 0) {
            Set<String> added = new LinkedHashSet<>();
            response.path("tags").forEach(t -> added.add(t.asText()));
            tags.forEach((tag, confidence) -> {
                if (confidence >= threshold) {
                    added.add(tag);
                }
            });
            ArrayNode array = response.putArray("tags");
            added.forEach(array::add);
        }
    }

    /** Tag → confidence (0–1, three decimals), most confident first; a tag found twice keeps its best score. */
    private Map<String, Double> candidates(Findings found, ObjectNode response) {
        Map<String, Double> tags = new LinkedHashMap<>();
        found.faces().filter(list -> !list.isEmpty()).ifPresent(list -> {
            double best = list.stream().mapToDouble(FaceDetector.Face::score).max().orElseThrow();
            put(tags, "face", best);
            put(tags, "person", best);
        });
        if (!found.text().isBlank()) {
            put(tags, "text", found.textConfidence());
        }
        found.colours().forEach(c -> put(tags, c.name().toLowerCase(Locale.ROOT), c.percent() / 100));
        if (found.grayscale().orElse(false)) {
            put(tags, "grayscale", 1);
        }
        JsonNode captioning = response.at("/info/detection/captioning");
        if (!captioning.isMissingNode()
                && !CaptioningAnalysis.COMPOSED.equals(captioning.path("model_version").asText())) {
            // a composed caption only repeats the findings above; a provider's says something new
            for (String word : captioning.at("/data/caption").asText("").toLowerCase(Locale.ROOT)
                    .split("[^\\p{L}]+")) {
                if (word.length() >= 3 && !STOPWORDS.contains(word)) {
                    put(tags, word, captionWordConfidence);
                }
            }
        }
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(tags.entrySet());
        sorted.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        Map<String, Double> ordered = new LinkedHashMap<>();
        sorted.forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }

    private static void put(Map<String, Double> tags, String tag, double confidence) {
        tags.merge(tag, Math.round(confidence * 1000) / 1000.0, Math::max);
    }
}
