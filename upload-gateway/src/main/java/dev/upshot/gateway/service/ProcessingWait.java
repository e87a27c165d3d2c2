package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.Asset;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Duration;

/**
 * The synchronous answer of an upload or an {@code explicit} call shows what the awaited work and on_success
 * produced: the row is read again at each committed change of it (their outcomes may be applied by another
 * replica; {@link AssetChanges}) until processing is over or the deadline passes; then the row is answered as it
 * is, and the call's notification, if any, carries the rest.
 */
@ApplicationScoped
public class ProcessingWait {
    private final GatewayConfig config;
    private final AssetChanges changes;

    public ProcessingWait(GatewayConfig config, AssetChanges changes) {
        this.config = config;
        this.changes = changes;
    }

    /**
     * @param accepted the answer as the call's transaction wrote it; its {@code overwritten}, {@code delete_token}
     *                 and eager_async {@code eager} entries are kept
     */
    public Uni<UploadAnswer> answer(AssetView accepted, String assetId, GatewayConfig.Account account, URI base) {
        long deadline = System.nanoTime() + config.upload().processingWait().toNanos();
        return settled(assetId, deadline).map(asset -> {
            if (asset == null) {
                return (UploadAnswer) accepted;
            }
            AssetView body = AssetView.uploaded(base, asset, account);
            if (Boolean.TRUE.equals(accepted.upload().overwritten())) {
                body = body.overwritten();
            }
            if (accepted.upload().deleteToken() != null) {
                body = body.withDeleteToken(accepted.upload().deleteToken());
            }
            JsonNode acceptedEager = accepted.results().eager();
            if (acceptedEager != null && body.results().eager() == null) {
                body = body.withEager(acceptedEager); // eager_async's "processing" entries
            }
            return body;
        });
    }

    private Uni<Asset> settled(String assetId, long deadline) {
        AssetChanges.Change change = changes.watch(assetId);
        return Panache.withSession(() -> Asset.<Asset>findById(assetId)).chain(asset -> {
            long left = deadline - System.nanoTime();
            if (asset == null || !asset.processing() || left <= 0) {
                return Uni.createFrom().item(asset);
            }
            Duration wait = Duration.ofNanos(Math.min(left, config.upload().processingPoll().toNanos()));
            return change.next(wait).chain(() -> settled(assetId, deadline));
        }).eventually(change::close);
    }
}
