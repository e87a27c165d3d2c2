package dev.upshot.transcription.service;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecognizerOutputTest {
    /** What pocketsphinx_continuous -time yes printed for two utterances (the second with a filler and a variant). */
    static final String OUTPUT = """
            please call stella
            <s> 0.000 0.060 1.000100
            please 0.070 0.480 0.858629
            call 0.490 0.940 0.999900
            stella 0.950 1.460 0.397879
            </s> 1.470 1.980 1.000000
            <s> 4.000 4.100 1.000000
            [NOISE] 4.100 4.300 0.500000
            </s> 4.300 4.500 1.000000
            bring the things
            <s> 5.950 5.970 0.999900
            bring 5.980 6.390 0.670289
            <sil> 6.400 6.550 0.999000
            the(2) 6.560 6.720 0.062849
            things 6.730 7.150 0.170759
            </s> 7.160 7.400 1.000000
            """;

    @Test
    void utterancesBecomeSegmentsOfWordsWithTheirTimes() {
        List<Segment> segments = RecognizerOutput.segments(OUTPUT);
        assertEquals(2, segments.size(), "the noise-only utterance is no segment");
        assertEquals("please call stella", segments.get(0).transcript());
        assertEquals(new Segment.Word("please", 0.07, 0.48), segments.get(0).words().get(0));
        assertEquals(0.7521, segments.get(0).confidence(), 1e-4, "mean probability, each at most 1");
        assertEquals("bring the things", segments.get(1).transcript(), "silence left out, variant (2) dropped");
        assertEquals(new Segment.Word("things", 6.73, 7.15), segments.get(1).words().get(2));
    }

    @Test
    void outputCutShortKeepsItsWordsAndSilenceGivesNothing() {
        List<Segment> segments = RecognizerOutput.segments("<s> 0.000 0.100 1.0\nhello 0.100 0.500 0.9\n");
        assertEquals("hello", segments.getFirst().transcript());
        assertTrue(RecognizerOutput.segments("").isEmpty());
        assertTrue(RecognizerOutput.segments("<s> 0.000 0.100 1.0\n</s> 0.100 0.300 1.0\n").isEmpty());
    }
}
