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
 * produced: at each committed change of the row (their outcomes may be applied by another replica;
 * {@link AssetChanges}) the row is read, until processing is over or the deadline passes; then it is answered as it
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
        return settled(assetId, deadline).map(asset -> asset == null ? accepted : answered(accepted, asset, account, base));
    }

    /**
     * Registers for the row's next change, then loads it (so a change between the load and the wait is not missed),
     * until a load finds processing over or the deadline passes: the awaited change costs one read, not a check and
     * then a load.
     */
    private Uni<Asset> settled(String assetId, long deadline) {
        AssetChanges.Change change = changes.watch(assetId);
        return load(assetId).chain(asset -> {
            long left = deadline - System.nanoTime();
            if (asset == null || !asset.processing() || left <= 0) {
                return Uni.createFrom().item(asset);
            }
            Duration wait = Duration.ofNanos(Math.min(left, config.upload().processingPoll().toNanos()));
            return change.next(wait).chain(() -> settled(assetId, deadline));
        }).eventually(change::close);
    }

    private static Uni<Asset> load(String assetId) {
        return Panache.withSession(() -> Asset.<Asset>findById(assetId));
    }

    private static UploadAnswer answered(AssetView accepted, Asset asset, GatewayConfig.Account account, URI base) {
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
    }
}
