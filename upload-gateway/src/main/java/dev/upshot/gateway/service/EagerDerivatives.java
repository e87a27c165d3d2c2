package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.DerivativesCreated;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.transform.Transformation;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.AwaitedWork;
import dev.upshot.gateway.persistence.EagerBatch;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Eager derivatives on the gateway's side. At upload: the request is recorded, and a synchronous one holds the
 * asset's processing (and the answer) as awaited work {@link AwaitedWork#EAGER}. When the derivation worker reports: the
 * synchronous upload's response gains its {@code eager} list; an {@code eager_async} one gets an {@code eager}
 * notification — to eager_notification_url, else the upload's notification_url (Cloudinary sends eager
 * notifications there too), plus every "eager" trigger.
 */
@ApplicationScoped
public class EagerDerivatives {
    private final AssetProcessing processing;
    private final Notifications notifications;
    private final Accounts accounts;

    public EagerDerivatives(AssetProcessing processing, Notifications notifications, Accounts accounts) {
        this.processing = processing;
        this.notifications = notifications;
        this.accounts = accounts;
    }

    /**
     * In the upload transaction, before the asset's processing is accepted.
     *
     * @return the {@code eager} entries of an eager_async answer ({@code status: processing}); empty otherwise
     */
    Uni<Optional<ArrayNode>> accepted(Asset asset, EagerRequest eager, URI base) {
        if (eager.transformations().isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        EagerBatch batch = new EagerBatch();
        batch.batchId = UUID.randomUUID().toString().replace("-", "");
        batch.assetId = asset.assetId;
        batch.assetVersion = asset.version;
        batch.async = eager.async();
        batch.notificationUrl = eager.notificationUrl().orElse(asset.notificationUrl);
        batch.baseUrl = base.toString();
        batch.createdAt = Instant.now();
        Uni<Void> recorded = batch.persist().chain(() -> allow(asset.cloud, eager));
        if (!eager.async()) {
            processing.awaits(asset, AwaitedWork.EAGER);
            return recorded.replaceWith(Optional.empty());
        }
        ArrayNode entries = JsonNodeFactory.instance.arrayNode();
        for (Transformation t : eager.transformations()) {
            String url = url(base, asset, t);
            entries.addObject().put("status", "processing").put("batch_id", batch.batchId).put("url", url)
                    .put("secure_url", url);
        }
        return recorded.replaceWith(Optional.of(entries));
    }

    /** Remembers the chains so delivery may derive them for the account's other assets too. */
    private static Uni<Void> allow(String cloud, EagerRequest eager) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (Transformation t : eager.transformations()) {
            all = all.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                            "insert into eager_transformation (cloud, transformation) values (?1, ?2) "
                                    + "on conflict do nothing")
                    .setParameter(1, cloud).setParameter(2, t.chain()).executeUpdate())).replaceWithVoid();
        }
        return all;
    }

    /** The worker's report, applied once (the caller deduplicates); a report for a replaced version is dropped. */
    public Uni<Void> created(Envelope envelope, DerivativesCreated created) {
        return EagerBatch.forAsset(envelope.assetId(), envelope.assetVersion()).chain(batch -> batch == null
                ? Uni.createFrom().voidItem()
                : Asset.<Asset>findById(envelope.assetId()).chain(asset -> {
                    if (asset == null || asset.version != envelope.assetVersion()) {
                        return batch.remove();
                    }
                    ArrayNode entries = entries(URI.create(batch.baseUrl), asset, created);
                    if (batch.async) {
                        // resource() lists them as derived, as it does a synchronous upload's
                        asset.results = asset.results.deepCopy().set("eager", entries);
                    }
                    return batch.remove().chain(() -> batch.async ? notifyEager(asset, batch, entries)
                            : processing.workCompleted(envelope, AwaitedWork.EAGER,
                            EventCodec.mapper().createObjectNode().set("eager", entries)));
                }));
    }

    private ArrayNode entries(URI base, Asset asset, DerivativesCreated created) {
        ArrayNode entries = EventCodec.mapper().createArrayNode();
        for (DerivativesCreated.Derivative d : created.derivatives()) {
            String url = url(base, asset, Transformation.parse(d.transformation()));
            entries.addObject().put("transformation", d.transformation()).put("width", d.width())
                    .put("height", d.height()).put("bytes", d.bytes()).put("format", d.format()).put("url", url)
                    .put("secure_url", url);
        }
        created.errors().forEach((transformation, error) -> entries.addObject().put("transformation", transformation)
                .put("status", "failed").putObject("error").put("message", error));
        return entries;
    }

    private Uni<Void> notifyEager(Asset asset, EagerBatch batch, ArrayNode entries) {
        ObjectNode body = EventCodec.mapper().createObjectNode();
        body.put("batch_id", batch.batchId);
        body.put("asset_id", asset.assetId);
        body.put("public_id", asset.publicId);
        body.put("version", asset.version);
        body.set("eager", entries);
        return notifications.send(accounts.byCloud(asset.cloud), asset, "eager", body,
                Optional.ofNullable(batch.notificationUrl), batch.batchId, Instant.now());
    }

    /** {@code {base}/{cloud}/image/{type}/[s--…--/]{chain}/v{version}/{public_id}.{extension}} */
    private String url(URI base, Asset asset, Transformation t) {
        return DeliverySignature.deliverable(base.toString().replaceAll("/+$", "") + "/" + asset.cloud + "/"
                + asset.resourceType + "/" + asset.deliveryType + "/" + t.chain() + "/v" + asset.version + "/"
                + AssetView.escape(asset.publicId) + "." + t.deliveryExtension(asset.format), asset,
                accounts.byCloud(asset.cloud));
    }
}
