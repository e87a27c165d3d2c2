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
import dev.upshot.messaging.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The asset's processing state after the upload: accepted → processed (everything requested is done) → on_success
 * applied → upload notification. Every step runs inside the transaction of the change that caused it, and writes
 * its events through the outbox.
 */
@ApplicationScoped
public class AssetProcessing {
    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

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

    /**
     * What the call's notification needs besides the asset row, kept on the row while awaited work and on_success
     * run.
     *
     * @param batchId set for {@code async=true} calls
     * @param type    the notification's type: {@code upload}, {@code explicit}, or {@code info} (an Admin update's
     *                add-ons: one notification per result under {@code info} of the groups in {@code infoOf})
     * @param url     the call's notification_url
     */
    public record Notice(URI base, String requestId, String batchId, boolean overwritten, String type,
                         Optional<String> url, List<String> infoOf) {
        public static final String UPLOAD = "upload";
        public static final String EXPLICIT = "explicit";
        public static final String INFO = "info";

        Map<String, String> toMap() {
            Map<String, String> map = new LinkedHashMap<>();
            map.put("base", base.toString());
            map.put("request_id", requestId);
            if (batchId != null) {
                map.put("batch_id", batchId);
            }
            map.put("overwritten", Boolean.toString(overwritten));
            map.put("type", type);
            url.ifPresent(u -> map.put("notification_url", u));
            map.put("info_of", String.join(",", infoOf));
            return map;
        }

        /** Rows written before the type was kept hold upload notices for the asset's own notification_url. */
        static Notice of(Map<String, String> map, Asset asset) {
            if (!map.containsKey("type")) {
                return new Notice(URI.create(map.get("base")), map.get("request_id"), map.get("batch_id"),
                        Boolean.parseBoolean(map.get("overwritten")), UPLOAD,
                        Optional.ofNullable(asset.notificationUrl), List.of());
            }
            String infoOf = map.getOrDefault("info_of", "");
            return new Notice(URI.create(map.get("base")), map.get("request_id"), map.get("batch_id"),
                    Boolean.parseBoolean(map.get("overwritten")), map.get("type"),
                    Optional.ofNullable(map.get("notification_url")),
                    infoOf.isEmpty() ? List.of() : List.of(infoOf.split(",")));
        }
    }

    /** The stored asset as the workers see it, with the work asked of them. */
    public static AssetUploaded described(Asset asset, String bucket, AssetUploaded.RequestedWork requested) {
        return new AssetUploaded(asset.publicId, asset.resourceType, asset.deliveryType, asset.format, asset.bytes,
                asset.width, asset.height, bucket, asset.objectKey, asset.contentType, requested);
    }

    /**
     * Holds the asset's processing until {@link #workCompleted} reports {@code work} (e.g. {@code analysis}). Call in
     * the upload transaction, before {@link #accepted}.
     */
    public void awaits(Asset asset, String work) {
        if (!asset.awaiting.contains(work)) {
            List<String> awaiting = new ArrayList<>(asset.awaiting);
            awaiting.add(work);
            asset.awaiting = awaiting;
        }
    }

    /**
     * The upload's row is written; called in the upload transaction. Without awaited work the asset is processed at
     * once; otherwise what the upload notification needs is kept on the row until the last work completes.
     */
    public Uni<Void> accepted(GatewayConfig.Account account, Asset asset, Notice notice) {
        if (asset.awaiting.isEmpty()) {
            return processed(account, asset, notice);
        }
        asset.pendingNotification = notice.toMap();
        return Uni.createFrom().voidItem();
    }

    /**
     * Awaited work has finished (the caller deduplicates by event id): its fields join the upload response, tags it
     * found join the asset's tags, and the last awaited work moves the asset on. A report for an older version of
     * the asset, or for work it does not await, changes nothing.
     */
    public Uni<Void> workCompleted(Envelope envelope, String work, ObjectNode fields) {
        return Asset.<Asset>findById(envelope.assetId()).chain(asset -> {
            if (asset == null || asset.version != envelope.assetVersion() || !asset.awaiting.contains(work)) {
                return Uni.createFrom().voidItem();
            }
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
            asset.awaiting = new ArrayList<>(asset.awaiting.stream().filter(w -> !w.equals(work)).toList());
            return asset.awaiting.isEmpty()
                    ? processed(accounts.byCloud(asset.cloud), asset, Notice.of(asset.pendingNotification, asset))
                    : Uni.createFrom().voidItem();
        });
    }

    /** Objects merge key by key (two works may both add to {@code info}); anything else is replaced. */
    private static void merge(ObjectNode into, String key, JsonNode value) {
        if (into.get(key) instanceof ObjectNode existing && value instanceof ObjectNode addition) {
            addition.properties().forEach(e -> merge(existing, e.getKey(), e.getValue()));
        } else {
            into.set(key, value);
        }
    }

    /** Everything requested is done: on_success goes to the runner, or the upload notification goes out now. */
    Uni<Void> processed(GatewayConfig.Account account, Asset asset, Notice notice) {
        if (asset.onSuccess == null) {
            asset.onSuccessStatus = null;
            asset.onSuccessError = null;
            asset.pendingNotification = null;
            return notify(account, asset, notice);
        }
        ObjectNode uploadInfo = AssetViews.uploaded(notice.base(), asset, account);
        asset.onSuccessStatus = PENDING;
        asset.onSuccessError = null;
        // kept even without notification_url: global triggers may want the upload notification
        asset.pendingNotification = notice.toMap();
        return outbox.append(Topics.ASSET_PROCESSED, EventCodec.wrap(new AssetProcessed(uploadInfo, asset.onSuccess),
                asset.assetId, asset.version, asset.cloud, asset.updatedAt));
    }

    /**
     * Applies the runner's outcome (the caller deduplicates by event id). An outcome for an older version of the
     * asset, or one already settled, changes nothing. A refused update leaves the asset as it was and records why.
     */
    public Uni<Void> completed(Envelope envelope, OnSuccessCompleted outcome) {
        return Asset.<Asset>findById(envelope.assetId()).chain(asset -> {
            if (asset == null || asset.version != envelope.assetVersion() || !PENDING.equals(asset.onSuccessStatus)) {
                return Uni.createFrom().voidItem();
            }
            Uni<Void> applied;
            if (!outcome.succeeded()) {
                applied = settle(asset, FAILED, outcome.error());
            } else if (outcome.update() == null) {
                applied = settle(asset, SUCCEEDED, null);
            } else {
                applied = Uni.createFrom().deferred(() -> apply(asset, outcome.update()))
                        .onFailure(ApiException.class).recoverWithUni(refused -> settle(asset, FAILED,
                                "Update refused: " + refused.getMessage()));
            }
            return applied.chain(() -> {
                Map<String, String> pending = asset.pendingNotification;
                asset.pendingNotification = null;
                // the JSON column reads an absent value as an empty map
                return pending == null || pending.isEmpty() ? Uni.createFrom().voidItem()
                        : notify(accounts.byCloud(asset.cloud), asset, Notice.of(pending, asset));
            });
        });
    }

    /** Replace semantics: each kind given replaces the asset's values of that kind; kinds not given stay. */
    private Uni<Void> apply(Asset asset, ObjectNode update) {
        List<String> tags = update.has("tags") ? tags(update.get("tags")) : asset.tags;
        Map<String, String> context = update.has("context") ? context(update.get("context")) : asset.context;
        Uni<Map<String, Object>> metadata = !update.has("metadata") ? Uni.createFrom().item(asset.metadata)
                : metadataFields.validate(asset.cloud, fields(update.get("metadata"), "metadata"));
        return metadata.chain(values -> {
            asset.tags = new ArrayList<>(tags);
            asset.context = new LinkedHashMap<>(context);
            asset.metadata = new LinkedHashMap<>(values);
            return settle(asset, SUCCEEDED, null);
        });
    }

    private static Uni<Void> settle(Asset asset, String status, String error) {
        asset.onSuccessStatus = status;
        asset.onSuccessError = error;
        return Uni.createFrom().voidItem();
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
    private Uni<Void> notify(GatewayConfig.Account account, Asset asset, Notice notice) {
        if (notice.type().equals(Notice.INFO)) {
            return notifyInfo(account, asset, notice);
        }
        ObjectNode notification = AssetViews.uploaded(notice.base(), asset, account);
        if (notice.overwritten()) {
            notification.put("overwritten", true);
        }
        if (notice.batchId() != null) {
            notification.put("batch_id", notice.batchId());
        }
        return notifications.send(account, asset, notice.type(), notification, notice.url(), notice.requestId(),
                asset.updatedAt);
    }

    /**
     * Cloudinary's add-on notification: {@code info_kind} (the engine), {@code info_status}, {@code info_data}. A
     * result the analysis did not fill failed; it says so on the asset too.
     */
    private Uni<Void> notifyInfo(GatewayConfig.Account account, Asset asset, Notice notice) {
        ObjectNode results = asset.results.deepCopy();
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (String group : notice.infoOf()) {
            for (var result : results.path("info").path(group).properties()) {
                if (result.getValue() instanceof ObjectNode entry && entry.path("status").asText().equals(PENDING)) {
                    entry.put("status", FAILED);
                }
                ObjectNode body = EventCodec.mapper().createObjectNode();
                body.put("info_kind", result.getKey());
                body.put("info_status", result.getValue().path("status").asText(FAILED));
                body.set("info_data", result.getValue().get("data"));
                AssetViews.identity(body, notice.base(), asset);
                sent = sent.chain(() -> notifications.send(account, asset, Notice.INFO, body, notice.url(),
                        notice.requestId(), asset.updatedAt));
            }
        }
        asset.results = results;
        return sent;
    }
}
