package dev.upshot.gateway.service;

import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.EventCodec;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.AssetRows;
import dev.upshot.gateway.persistence.AwaitedWork;
import dev.upshot.gateway.persistence.Notice;
import dev.upshot.kit.s3.ObjectStore;
import dev.upshot.messaging.LogContext;
import dev.upshot.messaging.Outbox;
import dev.upshot.messaging.OutboxEntry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * An upload's one transaction: the asset row (new, or the next version of the asset it overwrites) and its events
 * ({@code AssetUploaded}, the eager batch, the processing's first step) commit together through the outbox. A new
 * asset under a generated id is written on the plain reactive SQL client, the rest through Hibernate.
 */
@ApplicationScoped
public class UploadRecords {
    private final ObjectStore store;
    private final Outbox outbox;
    private final AssetProcessing processing;
    private final MetadataFields metadataFields;
    private final EagerDerivatives eager;
    private final AssetDeletion deletion;
    private final DeleteTokens deleteTokens;
    private final Pool pool;
    private final Clock clock = Clock.systemUTC();

    public UploadRecords(ObjectStore store, Outbox outbox, AssetProcessing processing, MetadataFields metadataFields,
                         EagerDerivatives eager, AssetDeletion deletion, DeleteTokens deleteTokens, Pool pool) {
        this.store = store;
        this.outbox = outbox;
        this.processing = processing;
        this.metadataFields = metadataFields;
        this.eager = eager;
        this.deletion = deletion;
        this.deleteTokens = deleteTokens;
        this.pool = pool;
    }

    /**
     * What the transaction produced: the response, the objects no row points to any more, and the asset whose
     * processing (awaited work, on_success) the synchronous answer waits for (null when it need not wait).
     */
    record Recorded(UploadAnswer answer, List<String> unused, String awaitProcessing) {
    }

    /** Records the staged bytes as the request says; with {@code overwrite=false} an existing asset stays. */
    Uni<Recorded> record(GatewayConfig.Account account, UploadRequest request, UploadStaging.Staged staged,
                         URI base) {
        String requestId = hexId();
        String publicId = publicId(request, staged);
        String resourceType = staged.media().resourceType();
        if (generatedId(request) && request.eager().transformations().isEmpty() && !request.returnDeleteToken()) {
            return recordNew(account, request, staged, base, requestId, publicId);
        }
        // a generated id is new (20 random characters): no read for an asset to overwrite. A given one is claimed:
        // uploads of one public id apply one after the other, each overwriting (or keeping) what the previous one left
        Supplier<Uni<Asset>> existingAsset = generatedId(request)
                ? () -> Uni.createFrom().nullItem()
                : () -> Asset.claimed(account.cloudName(), resourceType, request.type(), publicId);
        return Panache.withTransaction(() -> existingAsset.get().chain(existing -> {
            if (existing != null && !request.overwrite()) {
                AssetView body = AssetView.uploaded(base, existing, account).existing();
                return Uni.createFrom().item(new Recorded(body, List.of(staged.objectKey()), null));
            }
            Asset asset = existing != null ? existing : newAsset(account.cloudName(), resourceType, request, publicId);
            List<String> replaced = new ArrayList<>();
            if (existing != null) {
                replaced.add(existing.objectKey);
            }
            // the previous version's transcripts are of sound no longer there; a new one comes if this upload asks
            return Transcripts.madeFrom(replaced.isEmpty() ? List.of() : List.of(existing))
                    .call(stale -> deletion.delete(stale, Optional.empty()))
                    .invoke(stale -> stale.forEach(transcript -> replaced.add(transcript.objectKey)))
                    .chain(() -> metadataFields.validate(account.cloudName(),
                            MetadataFields.asJson(request.metadata())))
                    .invoke(metadata -> fill(asset, request, staged, metadata))
                    .chain(() -> emit(account, request, asset, base, requestId, existing != null, outbox::append))
                    // persisted once its state is whole: Hibernate inserts that state, where a persist before emit
                    // cost an insert and an update of the same row (every index touched twice)
                    .call(() -> existing != null ? Uni.createFrom().voidItem() : asset.persist())
                    .chain(body -> request.returnDeleteToken() && body instanceof AssetView view
                            ? deleteTokens.issue(asset).<UploadAnswer>map(view::withDeleteToken)
                            : Uni.createFrom().item(body))
                    .map(body -> new Recorded(body, replaced,
                            asset.processing() && !request.async() ? asset.assetId : null));
        }));
    }

    /**
     * A new asset under a generated id without eager derivatives or a delete token (a plain upload, or one with
     * processing options):
     * nothing to read, and nothing to write but its row and its events, which go in one statement of the plain
     * SQL client ({@link AssetRows}). The metadata definitions and triggers come from their caches; a miss reads them
     * in the request's own session.
     */
    private Uni<Recorded> recordNew(GatewayConfig.Account account, UploadRequest request,
                                    UploadStaging.Staged staged, URI base, String requestId, String publicId) {
        Asset asset = newAsset(account.cloudName(), staged.media().resourceType(), request, publicId);
        List<OutboxEntry> events = new ArrayList<>();
        EventSink collected = (topic, envelope) -> Uni.createFrom()
                .item(() -> events.add(outbox.entry(topic, envelope))).replaceWithVoid();
        return metadataFields.validate(account.cloudName(), MetadataFields.asJson(request.metadata()))
                .invoke(metadata -> fill(asset, request, staged, metadata))
                .chain(() -> emit(account, request, asset, base, requestId, false, collected))
                .call(() -> AssetRows.insert(pool, asset, events))
                .map(body -> new Recorded(body, List.of(),
                        asset.processing() && !request.async() ? asset.assetId : null));
    }

    private Uni<UploadAnswer> emit(GatewayConfig.Account account, UploadRequest request, Asset asset, URI base,
                                   String requestId, boolean overwritten, EventSink events) {
        Transcripts.pending(asset, request.transcription());
        AssetView view = AssetView.uploaded(base, asset, account);
        AssetView body = overwritten ? view.overwritten() : view;
        var requested = new AssetUploaded.RequestedWork(request.moderation(), request.analyses(),
                request.onSuccess().orElse(null), request.async(), request.eager().texts(), request.eager().async(),
                request.transcription());
        AssetUploaded uploaded = AssetProcessing.described(asset, store.bucket(), requested);
        String batchId = hexId();
        if (!request.analyses().isEmpty()) {
            processing.awaits(asset, AwaitedWork.ANALYSIS);
        }
        Uni<AssetView> answered = events.announce(uploaded,
                EventCodec.wrap(uploaded, asset.assetId, asset.version, asset.cloud, asset.updatedAt))
                .chain(() -> eager.accepted(asset, request.eager(), base))
                .call(() -> processing.accepted(asset, new Notice(base, requestId, request.async() ? batchId : null,
                        overwritten, Notice.Type.UPLOAD, request.notificationUrl(), List.of()), events))
                .map(entries -> entries.map(body::withEager).orElse(body));
        return request.async() ? answered.replaceWith(AssetView.Pending.of(asset, batchId))
                : answered.map(UploadAnswer.class::cast);
    }

    private Asset newAsset(String cloud, String resourceType, UploadRequest request, String publicId) {
        Asset asset = new Asset();
        asset.assetId = hexId();
        LogContext.aboutAsset(asset.assetId);   // the request's further log lines name it
        asset.cloud = cloud;
        asset.resourceType = resourceType;
        asset.deliveryType = request.type();
        asset.publicId = publicId;
        asset.createdAt = clock.instant();
        return asset;
    }

    private void fill(Asset asset, UploadRequest request, UploadStaging.Staged staged, Map<String, Object> metadata) {
        Instant now = clock.instant();
        asset.version = Math.max(now.getEpochSecond(), asset.version + 1);
        asset.versionId = hexId();
        asset.format = staged.media().format();
        asset.contentType = staged.media().contentType();
        asset.bytes = staged.bytes();
        asset.width = staged.media().width();
        asset.height = staged.media().height();
        asset.pages = staged.media().pages();
        asset.video = staged.media().video() == null ? EventCodec.mapper().createObjectNode() : staged.media().video();
        asset.etag = staged.etag();
        asset.objectKey = staged.objectKey();
        String filename = request.filenameOverride().orElse(staged.filename() == null ? "file" : staged.filename());
        asset.originalFilename = request.discardOriginalFilename() ? null
                : filename.contains(".") ? filename.substring(0, filename.lastIndexOf('.')) : filename;
        asset.customCoordinates = request.customCoordinates();
        asset.faceCoordinates = request.faceCoordinates();
        asset.assetFolder = request.assetFolder().orElse(request.folder());
        asset.tags = new ArrayList<>(request.tags());
        asset.accessControl = new ArrayList<>(request.accessControl());
        asset.context = new LinkedHashMap<>(request.context());
        asset.metadata = new LinkedHashMap<>(metadata);
        asset.onSuccess = request.onSuccess().orElse(null);
        asset.awaiting = new ArrayList<>();
        asset.results = EventCodec.mapper().createObjectNode();
        asset.notificationUrl = request.notificationUrl().orElse(null);
        asset.updatedAt = now;
        ModerationChain.start(asset, request.moderation(), now);
    }

    private static String hexId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static boolean generatedId(UploadRequest request) {
        return request.publicId().isEmpty() && !request.useFilename();
    }

    private static String publicId(UploadRequest request, UploadStaging.Staged staged) {
        String id = request.publicId().orElseGet(() -> {
            String filename = request.filenameOverride().orElse(staged.filename());
            if (!request.useFilename() || filename == null) {
                return PublicIds.random();
            }
            String base = PublicIds.fromFilename(filename);
            String named = request.uniqueFilename() ? base + "_" + PublicIds.uniqueSuffix() : base;
            // Cloudinary keeps a raw file's extension in the public id named from its file
            String extension = MediaProbe.extension(filename);
            return staged.media().resourceType().equals("raw") && !extension.isEmpty() ? named + "." + extension
                    : named;
        });
        return request.folder().isEmpty() ? id : request.folder() + "/" + id;
    }
}
