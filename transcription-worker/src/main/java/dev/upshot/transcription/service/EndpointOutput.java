package dev.upshot.transcription.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.contracts.EventCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an OpenAI-compatible endpoint's {@code verbose_json} answer: {@code segments[{start, end, text, avg_logprob}]}
 * and {@code words[{word, start, end}]} (top level, as OpenAI answers; some servers nest them in each segment). Each
 * word goes to the last segment starting before it. A segment's confidence is {@code exp(avg_logprob)}, else the mean
 * of its words' {@code probability}, else 0 (the endpoint reported none). An answer without segments is one segment.
 */
public final class EndpointOutput {
    /** Whisper's word times may start a few milliseconds before their segment. */
    private static final double SLACK = 0.05;

    private EndpointOutput() {
    }

    /** @throws IOException when the answer is not JSON */
    public static List<Segment> segments(byte[] answer) throws IOException {
        JsonNode root = EventCodec.mapper().readTree(answer);
        if (root == null || !root.isObject()) {
            throw new IOException("not a JSON object");
        }
        List<JsonNode> parts = new ArrayList<>();
        root.path("segments").forEach(parts::add);
        boolean whole = parts.isEmpty();
        if (whole) {
            parts.add(root);   // the whole text as one segment, with the top-level words
        }
        List<List<JsonNode>> words = new ArrayList<>();
        boolean nested = false;
        for (JsonNode part : parts) {
            List<JsonNode> own = new ArrayList<>();
            part.path("words").forEach(own::add);
            nested |= !whole && !own.isEmpty();
            words.add(own);
        }
        if (!whole && !nested) {
            for (JsonNode word : root.path("words")) {
                words.get(owner(parts, word.path("start").asDouble())).add(word);
            }
        }
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            segment(parts.get(i), words.get(i), segments);
        }
        return segments;
    }

    /** The last segment that starts before the word does (the first one for a word before all of them). */
    private static int owner(List<JsonNode> parts, double start) {
        int owner = 0;
        for (int i = 1; i < parts.size(); i++) {
            if (parts.get(i).path("start").asDouble() <= start + SLACK) {
                owner = i;
            }
        }
        return owner;
    }

    private static void segment(JsonNode part, List<JsonNode> tokens, List<Segment> into) {
        List<Segment.Word> words = new ArrayList<>();
        double probabilities = 0;
        int probable = 0;
        for (JsonNode token : tokens) {
            String word = token.path("word").asText("").strip();
            if (word.isEmpty()) {
                continue;
            }
            words.add(new Segment.Word(word, token.path("start").asDouble(), token.path("end").asDouble()));
            if (token.has("probability")) {
                probabilities += token.get("probability").asDouble();
                probable++;
            }
        }
        String text = part.path("text").asText("").strip();
        if (text.isEmpty()) {
            text = String.join(" ", words.stream().map(Segment.Word::word).toList());
        }
        if (text.isEmpty()) {
            return;
        }
        double confidence = part.has("avg_logprob") ? Math.exp(part.get("avg_logprob").asDouble())
                : probable > 0 ? probabilities / probable : 0;
        into.add(new Segment(text, Math.max(0, Math.min(1, confidence)), words));
    }
}
