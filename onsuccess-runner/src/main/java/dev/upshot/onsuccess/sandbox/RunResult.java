package dev.upshot.onsuccess.sandbox;

/**
 * The outcome of one script run.
 *
 * @param succeeded  whether the script ran to its end within every limit
 * @param updateJson the last {@code current_asset.update} argument as JSON, or null when it was not called
 * @param error      why the run failed (with line:column when the engine knows it), null on success
 */
public record RunResult(boolean succeeded, String updateJson, String error) {

    public static RunResult success(String updateJson) {
        return new RunResult(true, updateJson, null);
    }

    public static RunResult failure(String error) {
        return new RunResult(false, null, error);
    }
}
