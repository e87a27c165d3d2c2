package dev.upshot.moderation.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-frame verdict of a video (pure logic: the scores are given, the model is tested on its own). */
class FrameModerationTest {
    private static final Map<String, Double> THRESHOLDS = Map.of("Porn", 0.5, "Sexy", 0.8);

    private static Map<String, Double> scores(double porn, double sexy) {
        return Map.of("Drawing", 0.01, "Hentai", 0.01, "Neutral", 1 - porn - sexy, "Porn", porn, "Sexy", sexy);
    }

    @Test
    void oneFlaggedFrameRejectsTheVideoAndIsNamedWithItsTime() {
        Decision decision = NsfwModeration.judgeFrames(List.of(
                new NsfwModeration.FrameScores(0, scores(0.01, 0.02)),
                new NsfwModeration.FrameScores(2, scores(0.91, 0.03)),
                new NsfwModeration.FrameScores(4, scores(0.02, 0.01))), THRESHOLDS);
        assertFalse(decision.approved());
        JsonNode response = decision.response();
        assertEquals(3, response.path("frames").size());
        assertEquals(3, response.path("frames_sampled").asInt());
        assertEquals(2.0, response.at("/frames/1/timestamp").asDouble());
        assertEquals(0.91, response.at("/frames/1/scores/Porn").asDouble(), 1e-9);
        JsonNode labels = response.path("moderation_labels");
        assertEquals(1, labels.size(), labels.toString());
        assertEquals(2000, labels.at("/0/timestamp").asLong());
        assertEquals("Porn", labels.at("/0/moderation_label/name").asText());
        assertEquals(91.0, labels.at("/0/moderation_label/confidence").asDouble(), 1e-9);
        assertEquals("[\"Porn\"]", response.path("rejected_by").toString());
    }

    @Test
    void aVideoWhoseFramesAllStayUnderTheThresholdsIsApproved() {
        Decision decision = NsfwModeration.judgeFrames(List.of(
                new NsfwModeration.FrameScores(0, scores(0.2, 0.79)),
                new NsfwModeration.FrameScores(2, scores(0.49, 0.1))), THRESHOLDS);
        assertTrue(decision.approved());
        assertEquals(0, decision.response().path("moderation_labels").size());
        assertEquals(0, decision.response().path("rejected_by").size());
    }
}
