package dev.upshot.messaging;

import java.time.Duration;

/**
 * Rows a service keeps only for a while, which {@link RetentionPruner} deletes: a CDI bean of this type per kind.
 *
 * @param what        the rows' name in logs and metrics
 * @param deleteBatch deletes up to {@code $2} rows older than {@code $1} (a timestamptz), skipping rows locked by
 *                    another replica's prune
 * @param retention   how long rows are kept
 */
public record RetentionRule(String what, String deleteBatch, Duration retention) {
}
