package dev.upshot.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * Every analysis an upload asked for has run (one event per asset version).
 *
 * @param fields fields to merge into the upload response, named and shaped as Cloudinary answers them
 *               ({@code colors}, {@code phash}, {@code faces}, {@code quality_analysis}, {@code info}, {@code tags}, …)
 * @param errors analyses that could not be done, by analysis name, with the reason
 */
public record AnalysisCompleted(ObjectNode fields, Map<String, String> errors) implements Event {
    public AnalysisCompleted {
        errors = errors == null ? Map.of() : Map.copyOf(errors);
    }
}
