package dev.upshot.gateway.service;

import dev.upshot.contracts.Envelope;
import io.smallrye.mutiny.Uni;

/**
 * Where a change's events go: the outbox, through the Hibernate transaction of the change, or a list that a new
 * asset's plain-SQL insert writes in its own transaction ({@link UploadRecords}).
 */
@FunctionalInterface
public interface EventSink {
    Uni<Void> append(String topic, Envelope envelope);
}
