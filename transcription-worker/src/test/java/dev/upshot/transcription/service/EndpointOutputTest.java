package dev.upshot.transcription.service;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** OpenAI-compatible verbose_json answers, as OpenAI and other servers shape them, onto the transcript's segments. */
class EndpointOutputTest {

    private static List<Segment> read(String json) throws Exception {
        return EndpointOutput.segments(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void topLevelWordsGoToTheSegmentTheyFallIn() throws Exception {
        List<Segment> segments = read("""
                {"text":"One two. Three.","segments":[{"start":0,"end":1,"text":" One two.","avg_logprob":-0.5},
                {"start":1.2,"end":2,"text":" Three.","avg_logprob":0.2}],
                "words":[{"word":" One","start":0,"end":0.4},{"word":"two","start":0.5,"end":0.9},
                {"word":"Three","start":1.18,"end":1.9}]}""");
        assertEquals(List.of(new Segment("One two.", Math.exp(-0.5), List.of(new Segment.Word("One", 0, 0.4),
                        new Segment.Word("two", 0.5, 0.9))),
                new Segment("Three.", 1.0, List.of(new Segment.Word("Three", 1.18, 1.9)))), segments);
    }

    @Test
    void nestedWordsWithProbabilitiesAndAnAnswerWithoutSegments() throws Exception {
        assertEquals(List.of(new Segment("Hi you", 0.75, List.of(new Segment.Word("Hi", 0, 0.3),
                new Segment.Word("you", 0.3, 0.6)))), read("""
                {"segments":[{"start":0,"end":0.6,"text":"",
                 "words":[{"word":"Hi","start":0,"end":0.3,"probability":0.9},
                          {"word":"you","start":0.3,"end":0.6,"probability":0.6}]}]}"""));
        assertEquals(List.of(new Segment("Just text.", 0, List.of(new Segment.Word("Just", 0, 0.2)))),
                read("{\"text\":\" Just text.\",\"words\":[{\"word\":\"Just\",\"start\":0,\"end\":0.2}]}"));
        assertEquals(List.of(), read("{\"text\":\"\",\"segments\":[]}"), "silence is no segment");
        assertThrows(java.io.IOException.class, () -> read("[1,2]"));
    }
}
