package dev.upshot.analysis.service;

/** An analysis could not be done for this asset; the message is shown to the user in the result. */
public class AnalysisFailedException extends Exception {
    public AnalysisFailedException(String message) {
        super(message);
    }

    public AnalysisFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
