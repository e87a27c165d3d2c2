package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.WorkRequested;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.AwaitedWork;
import dev.upshot.gateway.persistence.Notice;
import dev.upshot.kit.s3.ObjectStore;
import dev.upshot.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Post-upload work on an asset already stored: the Upload API's {@code explicit} and the add-ons of the Admin API's
 * {@code update}. The change and its {@link WorkRequested} event commit together; the workers handle it like an
 * upload's work, and the asset's processing state answers and notifies as for an upload.
 */
@ApplicationScoped
public class StoredAssetWork {
    /** What explicit takes besides the signature: the post-upload parameters of an upload. */
    private static final Set<String> EXPLICIT = explicitParameters();
    /** The Admin update's add-ons that run in the analysis worker. */
    public static final Set<String> UPDATE_ADD_ONS = Set.of("ocr", "detection", "auto_tagging", "categorization");

    private final Accounts accounts;
    private final Outbox outbox;
    private final ObjectStore store;
    private final AssetProcessing processing;
    private final MetadataFields metadataFields;
    private final ModerationChain moderation;
    private final EagerDerivatives eager;
    private final InputLimits limits;
    private final ProcessingWait wait;
    private final Clock clock = Clock.systemUTC();

    public StoredAssetWork(Accounts accounts, Outbox outbox, ObjectStore store, AssetProcessing processing,
                           MetadataFields metadataFields, ModerationChain moderation, EagerDerivatives eager,
                           InputLimits limits, ProcessingWait wait) {
        this.accounts = accounts;
        this.outbox = outbox;
        this.store = store;
        this.processing = processing;
        this.metadataFields = metadataFields;
        this.moderation = moderation;
        this.eager = eager;
        this.limits = limits;
        this.wait = wait;
    }

    private static Set<String> explicitParameters() {
        Set<String> names = new HashSet<>(UploadParameters.ANALYSES);
        names.addAll(Set.of("public_id", "type", "resource_type", "api_key", "timestamp", "signature", "moderation",
                "on_success", "eager", "eager_async", "eager_notification_url", "notification_url", "tags",
                "context", "metadata", "async", "invalidate"));
        names.addAll(TranscriptionParameters.NAMES);
        return Set.copyOf(names);
    }

    /**
     * {@code POST /v1_1/{cloud}/{resource_type}/explicit}, signed like an upload. Tags, context and metadata given
     * replace the asset's; analyses, moderation, eager and on_success run as for an upload. Synchronous calls answer
     * once the awaited work is done (as an upload does); {@code async=true} answers {@code pending} at once.
     */
    public Uni<UploadAnswer> explicit(String cloud, String resourceType, Map<String, String> fields, URI base) {
        return Uni.createFrom().deferred(() -> {
            GatewayConfig.Account account = accounts.byCloud(cloud);
            if (!fields.containsKey("signature")) {
                throw ApiException.badRequest("Must supply api_key");
            }
            accounts.checkSignature(account, fields);
            limits.checkParameters(fields);
            for (String name : fields.keySet()) {
                if (!EXPLICIT.contains(name)) {
                    throw ApiException.badRequest(UploadParameters.isKnown(name)
                            ? "Parameter " + name + " is not supported by explicit"
                            : "Unknown parameter: " + name);
                }
            }
            if (fields.getOrDefault("public_id", "").isEmpty()) {
                throw ApiException.badRequest("Missing required parameter - public_id");
            }
            Map<String, String> params = new LinkedHashMap<>(fields);
            params.keySet().removeAll(Set.of("api_key", "timestamp", "signature", "resource_type"));
            UploadRequest request = UploadParameters.parse(params);
            moderation.validate(request.moderation());
            String requestId = hexId();
            String batchId = request.async() ? hexId() : null;
            return Panache.withTransaction(() -> find(cloud, resourceType, request.type(), request.publicId().get())
                    .chain(asset -> replaceAttributes(asset, request, params).chain(() -> {
                        var requested = new AssetUploaded.RequestedWork(request.moderation(), request.analyses(),
                                request.onSuccess().orElse(null), request.async(), request.eager().texts(),
                                request.eager().async(), request.transcription());
                        Transcripts.pending(asset, request.transcription());
                        if (!request.moderation().isEmpty()) {
                            ModerationChain.start(asset, request.moderation(), asset.updatedAt);
                        }
                        asset.onSuccess = request.onSuccess().orElse(null);
                        var notice = new Notice(base, requestId, batchId, false, Notice.Type.EXPLICIT,
                                request.notificationUrl(), List.of());
                        return requestWork(account, asset, requested, "explicit", request.eager(), base, notice);
                    }))).chain(accepted -> request.async()
                    ? Uni.createFrom().item(AssetView.Pending.of(accepted.asset(), batchId))
                    : !accepted.asset().processing() ? Uni.createFrom().item(accepted.body())
                    : wait.answer(accepted.body(), accepted.asset().assetId, account, base));
        });
    }

    /**
     * The Admin update's add-ons ({@code ocr}, {@code detection}, {@code auto_tagging}, {@code categorization}): run
     * by the analysis worker, answered at once with {@code status: pending} under {@code info}, and reported by
     * {@code info} notifications when done. Call inside the update's transaction.
     *
     * @param addOns the add-on parameters as sent
     * @return the asset with the work accepted
     */
    public Uni<Asset> update(GatewayConfig.Account account, Asset asset, Map<String, String> addOns,
                             Optional<String> notificationUrl, URI base) {
        Map<String, String> params = new LinkedHashMap<>(addOns);
        params.put("public_id", asset.publicId);
        UploadRequest request = UploadParameters.parse(params);
        if (asset.processing()) {
            throw busy(asset);
        }
        ObjectNode results = asset.results.deepCopy();
        List<String> groups = new ArrayList<>();
        request.analyses().forEach((name, value) -> {
            String group = name.equals("auto_tagging") ? "categorization" : name;
            if (!groups.contains(group)) {
                groups.add(group);
            }
            ObjectNode info = results.withObjectProperty("info").withObjectProperty(group);
            for (String engine : engines(name, value)) {
                info.putObject(engine).put("status", InfoStatus.PENDING.wire());
            }
        });
        asset.results = results;
        asset.updatedAt = clock.instant();
        var requested = new AssetUploaded.RequestedWork(List.of(), request.analyses(), null, true);
        var notice = new Notice(base, hexId(), null, false, Notice.Type.INFO, notificationUrl, groups);
        asset.onSuccess = null;
        return requestWork(account, asset, requested, "update", request.eager(), base, notice)
                .map(Accepted::asset);
    }

    /** The results each add-on parameter fills under {@code info.<group>}; auto_tagging alone is not an engine. */
    private static List<String> engines(String name, String value) {
        return switch (name) {
            case "auto_tagging" -> List.of();
            // adv_ocr:document reports under adv_ocr
            case "ocr" -> List.of(value.split(":")[0]);
            default -> List.of(value.split(",")).stream().map(String::strip).toList();
        };
    }

    private record Accepted(Asset asset, AssetView body) {
    }

    private Uni<Accepted> requestWork(GatewayConfig.Account account, Asset asset,
                                      AssetUploaded.RequestedWork requested, String origin, EagerRequest eagerRequest,
                                      URI base, Notice notice) {
        asset.awaiting = new ArrayList<>();
        if (!requested.analyses().isEmpty()) {
            processing.awaits(asset, AwaitedWork.ANALYSIS);
        }
        AssetUploaded described = AssetProcessing.described(asset, store.bucket(), requested);
        EventSink events = outbox::append;
        Uni<Void> event = requested.analyses().isEmpty() && requested.moderation().isEmpty()
                && requested.eager().isEmpty() && requested.transcription().isEmpty() ? Uni.createFrom().voidItem()
                : events.announce(described, EventCodec.wrap(new WorkRequested(origin, described),
                        asset.assetId, asset.version, asset.cloud, asset.updatedAt));
        return event.chain(() -> eager.accepted(asset, eagerRequest, base))
                .call(() -> processing.accepted(asset, notice))
                .map(entries -> {
                    AssetView body = AssetView.uploaded(base, asset, account);
                    return new Accepted(asset, entries.map(body::withEager).orElse(body));
                });
    }

    private Uni<Asset> find(String cloud, String resourceType, String type, String publicId) {
        // locked: a second call waits for the first one's change to commit, then sees it (busy, if it started work)
        return Asset.forUpdate(cloud, resourceType, type, publicId).map(asset -> {
            if (asset == null) {
                throw ApiException.notFound("Resource not found - " + publicId);
            }
            if (asset.processing()) {
                throw busy(asset);
            }
            return asset;
        });
    }

    /** One call's work at a time: a second one would take over the first one's answer and notification. */
    private static ApiException busy(Asset asset) {
        return new ApiException(409, "Resource " + asset.publicId + " is still being processed; try again when its "
                + "current work is done");
    }

    /** Tags, context and metadata sent with the call replace the asset's; those not sent stay. */
    private Uni<Void> replaceAttributes(Asset asset, UploadRequest request, Map<String, String> params) {
        Instant now = clock.instant();
        asset.updatedAt = now;
        if (params.containsKey("tags")) {
            asset.tags = new ArrayList<>(request.tags());
        }
        if (params.containsKey("context")) {
            asset.context = new LinkedHashMap<>(request.context());
        }
        if (!params.containsKey("metadata")) {
            return Uni.createFrom().voidItem();
        }
        return metadataFields.validate(asset.cloud, MetadataFields.asJson(request.metadata()))
                .invoke(values -> asset.metadata = new LinkedHashMap<>(values)).replaceWithVoid();
    }

    private static String hexId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
