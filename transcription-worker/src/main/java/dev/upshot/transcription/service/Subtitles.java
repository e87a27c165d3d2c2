package dev.upshot.transcription.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SubRip and WebVTT captions of a transcript: one cue per utterance, long utterances cut every
 * {@value #WORDS_PER_CUE} words so a cue fits on screen.
 */
public final class Subtitles {
    static final int WORDS_PER_CUE = 10;

    private Subtitles() {
    }

    /** SubRip: numbered cues, {@code 00:00:01,250 --> 00:00:02,000}. */
    public static String srt(List<Segment> segments) {
        StringBuilder out = new StringBuilder();
        List<List<Segment.Word>> cues = cues(segments);
        for (int i = 0; i < cues.size(); i++) {
            out.append(i + 1).append('\n');
            cue(out, cues.get(i), ',');
        }
        return out.toString();
    }

    /** WebVTT: the header, then cues {@code 00:00:01.250 --> 00:00:02.000}. */
    public static String vtt(List<Segment> segments) {
        StringBuilder out = new StringBuilder("WEBVTT\n\n");
        cues(segments).forEach(words -> cue(out, words, '.'));
        return out.toString();
    }

    private static List<List<Segment.Word>> cues(List<Segment> segments) {
        List<List<Segment.Word>> cues = new ArrayList<>();
        for (Segment segment : segments) {
            for (int i = 0; i < segment.words().size(); i += WORDS_PER_CUE) {
                cues.add(segment.words().subList(i, Math.min(segment.words().size(), i + WORDS_PER_CUE)));
            }
        }
        return cues;
    }

    private static void cue(StringBuilder out, List<Segment.Word> words, char decimal) {
        out.append(time(words.getFirst().startTime(), decimal)).append(" --> ")
                .append(time(words.getLast().endTime(), decimal)).append('\n')
                .append(String.join(" ", words.stream().map(Segment.Word::word).toList())).append("\n\n");
    }

    static String time(double seconds, char decimal) {
        long millis = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", millis / 3_600_000, millis / 60_000 % 60,
                millis / 1000 % 60, decimal, millis % 1000);
    }
}
