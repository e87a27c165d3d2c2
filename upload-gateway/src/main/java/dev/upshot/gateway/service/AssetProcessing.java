package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.AssetProcessed;
import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.OnSuccessCompleted;
import dev.upshot.contracts.Topics;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.AwaitedWork;
import dev.upshot.gateway.persistence.Notice;
import dev.upshot.gateway.persistence.OnSuccessStatus;
import dev.upshot.messaging.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The asset's processing after a call (upload, explicit, Admin update): accepted → processed (everything requested is
 * done) → on_success applied → the call's notification. {@link ProcessingPolicy} decides each step; this applies it
 * inside the transaction of the change that caused it, and writes its events through the outbox.
 */
@ApplicationScoped
public class AssetProcessing {
    private final Outbox outbox;
    private final Accounts accounts;
    private final MetadataFields metadataFields;
    private final Notifications notifications;

    public AssetProcessing(Outbox outbox, Accounts accounts, MetadataFields metadataFields,
                           Notifications notifications) {
        this.outbox = outbox;
        this.accounts = accounts;
        this.metadataFields = metadataFields;
        this.notifications = notifications;
    }

    /** The stored asset as the workers see it, with the work asked of them. */
    public static AssetUploaded described(Asset asset, String bucket, AssetUploaded.RequestedWork requested) {
        return new AssetUploaded(asset.publicId, asset.resourceType, asset.deliveryType, asset.format, asset.bytes,
                asset.width, asset.height, bucket, asset.objectKey, asset.contentType, requested);
    }

    /**
     * Holds the asset's processing until {@link #workCompleted} reports {@code work}. Call in the call's transaction,
     * before {@link #accepted}.
     */
    public void awaits(Asset asset, AwaitedWork work) {
        if (!asset.awaiting.contains(work)) {
            List<AwaitedWork> awaiting = new ArrayList<>(asset.awaiting);
            awaiting.add(work);
            asset.awaiting = awaiting;
        }
    }

    /**
     * The call's row is written; called in its transaction. Without awaited work the asset is processed at once;
     * otherwise the notice is held on the row until the last work completes.
     */
    public Uni<Void> accepted(Asset asset, Notice notice) {
        return accepted(asset, notice, outbox::append);
    }

    /** As {@link #accepted(Asset, Notice)}, with the events it writes handed to {@code events}. */
    public Uni<Void> accepted(Asset asset, Notice notice, EventSink events) {
        return enter(asset, ProcessingPolicy.accepted(asset), notice, events);
    }

    /**
     * Awaited work has finished (the caller deduplicates by event id): its fields join the upload response, tags it
     * found join the asset's tags, and the last awaited work moves the asset on.
     */
    public Uni<Void> workCompleted(Envelope envelope, AwaitedWork work, ObjectNode fields) {
        return Asset.<Asset>findById(envelope.assetId()).chain(asset -> {
            ProcessingTransition next = ProcessingPolicy.workCompleted(asset, envelope.assetVersion(), work);
            if (next instanceof ProcessingTransition.Ignored) {
                return Uni.createFrom().voidItem();
            }
            addResults(asset, fields);
            return enter(asset, next, asset.pendingNotification, outbox::append);
        });
    }

    private static void addResults(Asset asset, ObjectNode fields) {
        ObjectNode results = asset.results.deepCopy();
        fields.properties().forEach(field -> {
            if (field.getKey().equals("tags")) {
                List<String> tags = new ArrayList<>(asset.tags);
                field.getValue().forEach(tag -> {
                    if (!tags.contains(tag.asText())) {
                        tags.add(tag.asText());
                    }
                });
                asset.tags = tags;
            } else {
                merge(results, field.getKey(), field.getValue());
            }
        });
        asset.results = results;
    }

    /** Objects merge key by key (two works may both add to {@code info}); anything else is replaced. */
    private static void merge(ObjectNode into, String key, JsonNode value) {
        if (into.get(key) instanceof ObjectNode existing && value instanceof ObjectNode addition) {
            addition.properties().forEach(e -> merge(existing, e.getKey(), e.getValue()));
        } else {
            into.set(key, value);
        }
    }

    /** Applies the runner's outcome (the caller deduplicates by event id). */
    public Uni<Void> completed(Envelope envelope, OnSuccessCompleted outcome) {
        return Asset.<Asset>findById(envelope.assetId()).chain(asset -> {
            ProcessingTransition next = ProcessingPolicy.onSuccessCompleted(asset, envelope.assetVersion(), outcome);
            return next instanceof ProcessingTransition.Ignored ? Uni.createFrom().voidItem()
                    : enter(asset, next, asset.pendingNotification, outbox::append);
        });
    }

    /**
     * Moves the asset as the policy decided: the notice is held on the row while work or on_success runs, and sent
     * once processing is over.
     */
    private Uni<Void> enter(Asset asset, ProcessingTransition next, Notice notice, EventSink events) {
        return switch (next) {
            case ProcessingTransition.Ignored ignored -> Uni.createFrom().voidItem();
            case ProcessingTransition.Await await -> {
                asset.awaiting = new ArrayList<>(await.awaiting());
                asset.pendingNotification = notice;
                yield Uni.createFrom().voidItem();
            }
            case ProcessingTransition.RunOnSuccess run -> {
                asset.awaiting = new ArrayList<>();
                // the script's current_asset: as it is before its own run starts
                ObjectNode uploadInfo = EventCodec.mapper().valueToTree(
                        AssetView.uploaded(notice.base(), asset, accounts.byCloud(asset.cloud)));
                asset.onSuccessStatus = OnSuccessStatus.PENDING;
                asset.onSuccessError = null;
                // kept even without notification_url: global triggers may want the upload notification
                asset.pendingNotification = notice;
                yield events.append(Topics.ASSET_PROCESSED, EventCodec.wrap(
                        new AssetProcessed(uploadInfo, asset.onSuccess),
                        asset.assetId, asset.version, asset.cloud, asset.updatedAt));
            }
            case ProcessingTransition.Notify notify -> {
                asset.awaiting = new ArrayList<>();
                asset.onSuccessStatus = null;
                asset.onSuccessError = null;
                asset.pendingNotification = null;
                yield notify(asset, notice, events);
            }
            case ProcessingTransition.ApplyUpdate apply -> Uni.createFrom().deferred(() -> update(asset, apply.update()))
                    .replaceWith(apply.applied())
                    .onFailure(ApiException.class).recoverWithItem(refused -> apply.refused(refused.getMessage()))
                    .chain(settle -> enter(asset, settle, notice, events));
            case ProcessingTransition.Settle settle -> {
                asset.onSuccessStatus = settle.status();
                asset.onSuccessError = settle.error();
                asset.pendingNotification = null;
                yield notice == null ? Uni.createFrom().voidItem() : notify(asset, notice, events);
            }
        };
    }

    /** Replace semantics: each kind given replaces the asset's values of that kind; kinds not given stay. */
    private Uni<Void> update(Asset asset, ObjectNode update) {
        List<String> tags = update.has("tags") ? tags(update.get("tags")) : asset.tags;
        Map<String, String> context = update.has("context") ? context(update.get("context")) : asset.context;
        Uni<Map<String, Object>> metadata = !update.has("metadata") ? Uni.createFrom().item(asset.metadata)
                : metadataFields.validate(asset.cloud, fields(update.get("metadata"), "metadata"));
        return metadata.invoke(values -> {
            asset.tags = new ArrayList<>(tags);
            asset.context = new LinkedHashMap<>(context);
            asset.metadata = new LinkedHashMap<>(values);
        }).replaceWithVoid();
    }

    private static List<String> tags(JsonNode node) {
        if (!node.isArray()) {
            throw ApiException.badRequest("tags must be a list of strings");
        }
        List<String> tags = new ArrayList<>();
        node.forEach(t -> {
            if (!t.isTextual() || t.asText().isBlank()) {
                throw ApiException.badRequest("tags must be a list of non-empty strings");
            }
            if (!tags.contains(t.asText())) {
                tags.add(t.asText());
            }
        });
        return tags;
    }

    private static Map<String, String> context(JsonNode node) {
        Map<String, String> context = new LinkedHashMap<>();
        fields(node, "context").forEach((k, v) -> {
            if (!v.isValueNode() || v.isNull()) {
                throw ApiException.badRequest("context value of " + k + " must be a string");
            }
            context.put(k, v.asText());
        });
        return context;
    }

    private static Map<String, JsonNode> fields(JsonNode node, String kind) {
        if (!node.isObject()) {
            throw ApiException.badRequest(kind + " must be an object");
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        node.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
        return fields;
    }

    /**
     * The call's notification to its notification_url and every trigger of its type: the asset as an upload answer
     * plus Cloudinary's notification fields, or for {@code info} one per add-on result.
     */
    private Uni<Void> notify(Asset asset, Notice notice, EventSink events) {
        GatewayConfig.Account account = accounts.byCloud(asset.cloud);
        if (notice.type() == Notice.Type.INFO) {
            return notifyInfo(account, asset, notice, events);
        }
        return notifications.sendLazily(account, asset, notice.type().wire(), () -> {
            AssetView notification = AssetView.uploaded(notice.base(), asset, account);
            if (notice.overwritten()) {
                notification = notification.overwritten();
            }
            if (notice.batchId() != null) {
                notification = notification.withBatchId(notice.batchId());
            }
            return EventCodec.mapper().valueToTree(notification);
        }, notice.url(), notice.requestId(), asset.updatedAt, events);
    }

    /**
     * Cloudinary's add-on notification: {@code info_kind} (the engine), {@code info_status}, {@code info_data}. A
     * result the analysis did not fill failed; it says so on the asset too.
     */
    private Uni<Void> notifyInfo(GatewayConfig.Account account, Asset asset, Notice notice, EventSink events) {
        ObjectNode results = asset.results.deepCopy();
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (String group : notice.infoOf()) {
            for (var result : results.path("info").path(group).properties()) {
                if (result.getValue() instanceof ObjectNode entry
                        && entry.path("status").asText().equals(InfoStatus.PENDING.wire())) {
                    entry.put("status", InfoStatus.FAILED.wire());
                }
                ObjectNode body = EventCodec.mapper().createObjectNode();
                body.put("info_kind", result.getKey());
                body.put("info_status", result.getValue().path("status").asText(InfoStatus.FAILED.wire()));
                body.set("info_data", result.getValue().get("data"));
                Notifications.identity(body, notice.base(), asset);
                sent = sent.chain(() -> notifications.send(account, asset, Notice.Type.INFO.wire(), body, notice.url(),
                        notice.requestId(), asset.updatedAt, events));
            }
        }
        asset.results = results;
        return sent;
    }
}
