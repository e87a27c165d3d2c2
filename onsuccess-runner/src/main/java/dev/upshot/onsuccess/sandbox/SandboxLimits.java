package dev.upshot.onsuccess.sandbox;

/**
 * What one script run may use. The parent passes these to each child sandbox at start.
 *
 * @param timeoutMillis     wall-clock time of one run (the parent kills the child a grace period later)
 * @param statementLimit    JavaScript statements per run
 * @param allocationBytes   bytes the run's thread may allocate (heap churn, not live size)
 * @param stringLength      longest JavaScript string
 * @param outputBytes       bytes of console output kept per run; more fails the run
 * @param updateCalls       {@code current_asset.update} calls per run
 * @param updateBytes       size of one update's JSON
 * @param cachedSources     compiled scripts kept per sandbox
 */
public record SandboxLimits(long timeoutMillis, long statementLimit, long allocationBytes, int stringLength,
                            int outputBytes, int updateCalls, int updateBytes, int cachedSources) {
}
