package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * One analysis an upload can ask for. Implementations are CDI beans; {@link AnalysisPipeline} runs those an upload
 * requested, in {@link #stage()} order, each adding its fields to the upload response.
 */
public interface Analysis {

    /** A short name for errors and metrics, e.g. {@code colors}; by default also the upload parameter asking for it. */
    String name();

    /**
     * Whether the upload's parameters (name → value as sent, booleans already true) ask for this analysis; by
     * default, whether the parameter {@link #name()} is present.
     */
    default boolean requested(Map<String, String> parameters) {
        return parameters.containsKey(name());
    }

    /**
     * Analyses that read other analyses' results (tagging, captioning) run in a later stage and see the fields
     * added before them in {@code response}.
     */
    default int stage() {
        return 0;
    }

    /**
     * Adds this analysis's fields to the upload response (e.g. {@code colors}, {@code predominant}).
     *
     * @throws AnalysisFailedException when the asset cannot be analysed this way; other analyses still run
     */
    void run(Subject subject, Map<String, String> parameters, ObjectNode response) throws Exception;
}
