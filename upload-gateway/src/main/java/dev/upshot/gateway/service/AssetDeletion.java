package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.AssetDeleted;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import dev.upshot.contracts.transform.Transformation;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.kit.s3.ObjectStore;
import dev.upshot.messaging.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Deletes assets for the Admin API's delete and the Upload API's destroy: the rows, an {@code AssetDeleted} event
 * and a {@code delete} notification per asset, all in the caller's transaction; the objects (original and
 * derivatives) once it committed. A video's transcripts ({@link Transcripts#madeFrom}) go with it: they describe
 * sound that is no longer there.
 */
@ApplicationScoped
public class AssetDeletion {
    private final Outbox outbox;
    private final Notifications notifications;
    private final Accounts accounts;
    private final ObjectStore store;

    public AssetDeletion(Outbox outbox, Notifications notifications, Accounts accounts, ObjectStore store) {
        this.outbox = outbox;
        this.notifications = notifications;
        this.accounts = accounts;
        this.store = store;
    }

    /**
     * Within a transaction. Events and notifications are written one after another (a reactive session runs one
     * query at a time).
     *
     * @param callUrl the call's notification_url, if any
     */
    public Uni<Void> delete(List<Asset> assets, Optional<String> callUrl) {
        if (assets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Transcripts.madeFrom(assets).chain(transcripts -> {
            Map<String, Asset> all = new LinkedHashMap<>();
            assets.forEach(a -> all.put(a.assetId, a));
            transcripts.forEach(t -> all.putIfAbsent(t.assetId, t));
            return deleteRows(List.copyOf(all.values()), callUrl);
        });
    }

    private Uni<Void> deleteRows(List<Asset> assets, Optional<String> callUrl) {
        String requestId = UUID.randomUUID().toString().replace("-", "");
        Instant now = Instant.now();
        Uni<Void> done = Asset.delete("assetId in ?1", assets.stream().map(a -> a.assetId).toList()).replaceWithVoid();
        for (Asset asset : assets) {
            ObjectNode body = EventCodec.mapper().createObjectNode();
            body.putArray("resources").addObject().put("resource_type", asset.resourceType)
                    .put("type", asset.deliveryType).put("asset_id", asset.assetId).put("public_id", asset.publicId)
                    .put("version", asset.version).put("asset_folder", asset.assetFolder)
                    .put("display_name", asset.displayName());
            var deleted = new AssetDeleted(asset.publicId, asset.resourceType, asset.deliveryType, store.bucket(),
                    asset.objectKey);
            done = done.chain(() -> outbox.append(Topics.ASSET_CHANGED,
                            EventCodec.wrap(deleted, asset.assetId, asset.version, asset.cloud, now)))
                    .chain(() -> notifications.send(accounts.byCloud(asset.cloud), asset, "delete", body, callUrl,
                            requestId, now));
        }
        return done;
    }

    /**
     * After the transaction committed: the objects no row points to any more, a video's transcripts among them
     * (also one a late transcription wrote after the rows went).
     */
    public void removeObjects(List<Asset> assets) {
        for (Asset asset : assets) {
            store.removeWithDerivativesLater(asset.objectKey, Transformation.DERIVED_SUFFIX);
            if (asset.resourceType.equals("video")) {
                Transcripts.objectKeys(asset.objectKey).forEach(store::removeLater);
            }
        }
    }
}
