package dev.upshot.transcription.service;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code pocketsphinx_continuous -time yes} prints: per utterance a line of its words, then one line per
 * token, {@code word start end probability}, from {@code <s>} to {@code </s>}. Silences, noises and fillers
 * ({@code <sil>}, {@code [NOISE]}, {@code ++UH++}) are left out; pronunciation variants ({@code the(2)}) are the word.
 */
public final class RecognizerOutput {
    private static final String NUMBER = "(\\d+(?:\\.\\d+)?)";
    private static final Pattern TOKEN = Pattern.compile("(\\S+) " + NUMBER + " " + NUMBER + " " + NUMBER);
    private static final Pattern VARIANT = Pattern.compile("\\(\\d+\\)$");

    private RecognizerOutput() {
    }

    /** The utterances that hold at least one word, in order. */
    public static List<Segment> segments(String output) {
        List<Segment> segments = new ArrayList<>();
        List<Segment.Word> words = new ArrayList<>();
        double probabilities = 0;
        for (String line : output.split("\n")) {
            Matcher token = TOKEN.matcher(line.strip());
            if (!token.matches()) {
                continue;   // an utterance's text line: its words come again below, with times
            }
            String text = token.group(1);
            if (text.equals("</s>")) {
                add(segments, words, probabilities);
                words = new ArrayList<>();
                probabilities = 0;
            } else if (isWord(text)) {
                words.add(new Segment.Word(VARIANT.matcher(text).replaceFirst(""), seconds(token.group(2)),
                        seconds(token.group(3))));
                probabilities += Math.min(1.0, Double.parseDouble(token.group(4)));
            }
        }
        add(segments, words, probabilities);   // output cut short: keep what was recognised
        return segments;
    }

    private static boolean isWord(String token) {
        return !(token.startsWith("<") || token.startsWith("[") || token.startsWith("++"));
    }

    private static void add(List<Segment> segments, List<Segment.Word> words, double probabilities) {
        if (words.isEmpty()) {
            return;
        }
        String text = String.join(" ", words.stream().map(Segment.Word::word).toList());
        segments.add(new Segment(text, Math.round(probabilities / words.size() * 10000) / 10000.0, List.copyOf(words)));
    }

    private static double seconds(String text) {
        return Math.round(Double.parseDouble(text) * 1000) / 1000.0;
    }
}
