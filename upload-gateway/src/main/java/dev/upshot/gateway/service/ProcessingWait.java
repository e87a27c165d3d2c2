package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.AssetRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
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
    private final Pool pool;

    public ProcessingWait(GatewayConfig config, AssetChanges changes, Pool pool) {
        this.config = config;
        this.changes = changes;
        this.pool = pool;
    }

    /**
     * @param accepted the answer as the call's transaction wrote it; its {@code overwritten}, {@code delete_token}
     *                 and eager_async {@code eager} entries are kept
     */
    public Uni<UploadAnswer> answer(AssetView accepted, String assetId, GatewayConfig.Account account, URI base) {
        long deadline = System.nanoTime() + config.upload().processingWait().toNanos();
        AssetChanges.Change change = changes.watch(assetId);
        // the first look is two columns and runs while the work does: no change may slip between the commit and watch
        return AssetRows.processing(pool, assetId)
                .chain(processing -> processing ? settled(change, assetId, deadline) : load(assetId))
                .eventually(change::close)
                .map(asset -> asset == null ? accepted : answered(accepted, asset, account, base));
    }

    /**
     * After each committed change the row is loaded whole: the load that finds processing over is the answer, so the
     * awaited change costs one read, not a check and then a load.
     */
    private Uni<Asset> settled(AssetChanges.Change change, String assetId, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return load(assetId);
        }
        Duration wait = Duration.ofNanos(Math.min(left, config.upload().processingPoll().toNanos()));
        return change.next(wait).chain(() -> load(assetId)).chain(asset ->
                asset == null || !asset.processing() || System.nanoTime() >= deadline ? Uni.createFrom().item(asset)
                        : settled(change, assetId, deadline));
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
