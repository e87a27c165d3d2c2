package dev.upshot.transcription.service;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SubtitlesTest {
    private static final List<Segment> SEGMENTS = RecognizerOutput.segments(RecognizerOutputTest.OUTPUT);

    @Test
    void srtNumbersItsCuesWithCommaMilliseconds() {
        assertEquals("""
                1
                00:00:00,070 --> 00:00:01,460
                please call stella

                2
                00:00:05,980 --> 00:00:07,150
                bring the things

                """, Subtitles.srt(SEGMENTS));
    }

    @Test
    void vttStartsWithItsHeaderAndUsesDots() {
        assertEquals("""
                WEBVTT

                00:00:00.070 --> 00:00:01.460
                please call stella

                00:00:05.980 --> 00:00:07.150
                bring the things

                """, Subtitles.vtt(SEGMENTS));
    }

    @Test
    void longUtterancesAreCutSoACueFitsOnScreenAndHoursCount() {
        List<Segment.Word> words = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            words.add(new Segment.Word("w" + i, 3600 + i, 3600 + i + 0.5));
        }
        String srt = Subtitles.srt(List.of(new Segment("…", 0.5, words)));
        assertEquals(3, srt.split("\n\n").length, srt);
        assertEquals("01:00:10,000 --> 01:00:19,500", srt.split("\n")[5], srt);
        assertEquals("00:00:00.001", Subtitles.time(0.0014, '.'));
    }

    @Test
    void noSpeechGivesEmptyCaptions() {
        assertEquals("", Subtitles.srt(List.of()));
        assertEquals("WEBVTT\n\n", Subtitles.vtt(List.of()));
    }
}
