package dev.upshot.transcription.service;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One utterance of a transcript, in the shape of Cloudinary's {@code .transcript} file.
 *
 * @param transcript its words, space-separated
 * @param confidence the mean of its words' posterior probabilities, 0–1
 * @param words      each word with its times in seconds from the start of the file
 */
public record Segment(String transcript, double confidence, List<Word> words) {

    public record Word(String word, @JsonProperty("start_time") double startTime,
                       @JsonProperty("end_time") double endTime) {
    }
}
