package dev.upshot.gateway.service;

import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.Topics;
import io.smallrye.mutiny.Uni;

/**
 * Where a change's events go: the outbox, through the Hibernate transaction of the change, or a list that a new
 * asset's plain-SQL insert writes in its own transaction ({@link UploadRecords}).
 */
@FunctionalInterface
public interface EventSink {
    Uni<Void> append(String topic, Envelope envelope);

    /**
     * An upload, or work asked of a stored asset: on {@code asset.uploaded} for readers outside Upshot, and the same
     * envelope on the work topic of each worker that has something to do for it ({@link AssetUploaded#workTopics()}),
     * so a worker with nothing to do is never woken. All keyed by asset id, in the change's transaction.
     */
    default Uni<Void> announce(AssetUploaded asset, Envelope envelope) {
        Uni<Void> appended = append(Topics.ASSET_UPLOADED, envelope);
        for (String topic : asset.workTopics()) {
            appended = appended.chain(() -> append(topic, envelope));
        }
        return appended;
    }
}
