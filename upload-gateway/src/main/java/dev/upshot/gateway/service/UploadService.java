package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.AwaitedWork;
import dev.upshot.gateway.persistence.Notice;
import dev.upshot.gateway.persistence.UploadPreset;
import dev.upshot.gateway.storage.ObjectStore;
import dev.upshot.messaging.LogContext;
import dev.upshot.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The Upload API: authenticates, parses, stores the bytes in S3, then writes the asset row and its events in one
 * transaction. Blocking work (files, hashing, S3) runs on worker threads; the transaction on the event loop.
 */
@ApplicationScoped
public class UploadService {
    private static final Logger LOG = Logger.getLogger(UploadService.class);
    private static final Set<String> RESOURCE_TYPES = Set.of("image", "video", "raw", "auto");

    private final Accounts accounts;
    private final GatewayConfig config;
    private final FileSource files;
    private final ObjectStore store;
    private final Outbox outbox;
    private final AssetProcessing processing;
    private final MetadataFields metadataFields;
    private final ModerationChain moderation;
    private final EagerDerivatives eager;
    private final InputLimits limits;
    private final Vertx vertx;
    private final ProcessingWait wait;
    private final ChunkedUploads chunks;
    private final Clock clock;

    public UploadService(Accounts accounts, GatewayConfig config, FileSource files, ObjectStore store, Outbox outbox,
                         AssetProcessing processing, MetadataFields metadataFields, ModerationChain moderation,
                         EagerDerivatives eager, InputLimits limits, Vertx vertx, ProcessingWait wait,
                         ChunkedUploads chunks) {
        this.accounts = accounts;
        this.config = config;
        this.files = files;
        this.store = store;
        this.outbox = outbox;
        this.processing = processing;
        this.metadataFields = metadataFields;
        this.moderation = moderation;
        this.eager = eager;
        this.limits = limits;
        this.vertx = vertx;
        this.wait = wait;
        this.chunks = chunks;
        this.clock = Clock.systemUTC();
    }

    /**
     * @param fields   every text parameter as sent (including {@code file} when it is a URL or data URI)
     * @param filePart the binary {@code file} part, or null; a temporary one is deleted however the upload ends
     * @param base     base of delivery URLs
     */
    public Uni<ObjectNode> upload(String cloud, String resourceType, Map<String, String> fields,
                                  FileSource.LocalFile filePart, URI base) {
        return Uni.createFrom().deferred(() -> accept(cloud, resourceType, fields, filePart, base))
                .eventually(() -> discard(filePart));
    }

    private Uni<ObjectNode> accept(String cloud, String resourceType, Map<String, String> fields,
                                   FileSource.LocalFile filePart, URI base) {
        GatewayConfig.Account account = accounts.byCloud(cloud);
        checkResourceType(resourceType);
        if (filePart == null && !fields.containsKey("file")) {
            throw ApiException.badRequest("Missing required parameter - file");
        }
        String requestId = hexId();
        return request(account, fields).chain(request -> vertx.executeBlocking(
                        Uni.createFrom().item(() -> stage(account, resourceType, fields, filePart)))
                .chain(staged -> keep(account, request, staged, base, requestId)));
    }

    /**
     * One chunk of a chunked upload ({@link ChunkedUploads}): each chunk is a complete signed request. Until the last
     * chunk the answer is the progress ({@code done: false}); the last one answers as a whole upload would.
     *
     * @param chunk the chunk's file part; deleted however the request ends
     */
    public Uni<ObjectNode> uploadChunk(String cloud, String resourceType, Map<String, String> fields,
                                       FileSource.LocalFile chunk, String uploadId, String contentRange, URI base) {
        return Uni.createFrom().deferred(() -> {
            GatewayConfig.Account account = accounts.byCloud(cloud);
            checkResourceType(resourceType);
            if (chunk == null) {
                throw ApiException.badRequest("Missing required parameter - file (each chunk is sent as a file part)");
            }
            String requestId = hexId();
            return request(account, fields).chain(request -> vertx.executeBlocking(Uni.createFrom().item(() ->
                            blocking(() -> chunks.receive(account.cloudName(), uploadId, contentRange, chunk.path()))))
                    .chain(received -> received.objectKey().isEmpty()
                            ? Uni.createFrom().item(progress(uploadId, received.bytes()))
                            : vertx.executeBlocking(Uni.createFrom().item(() -> assembled(account, resourceType,
                                    received.objectKey().get(), chunk.filename())))
                            .chain(staged -> keep(account, request, staged, base, requestId))));
        }).eventually(() -> discard(chunk));
    }

    private static ObjectNode progress(String uploadId, long bytes) {
        return EventCodec.mapper().createObjectNode().put("done", false).put("upload_id", uploadId)
                .put("bytes", bytes);
    }

    private static void checkResourceType(String resourceType) {
        if (!RESOURCE_TYPES.contains(resourceType)) {
            throw ApiException.badRequest("Invalid resource type " + resourceType);
        }
    }

    /** Authenticated, bounded and parsed parameters. */
    private Uni<UploadRequest> request(GatewayConfig.Account account, Map<String, String> fields) {
        return authenticate(account, fields)
                .invoke(limits::checkParameters)
                .map(UploadParameters::parse)
                .invoke(request -> moderation.validate(request.moderation()));
    }

    /** Writes the stored bytes' asset row and events, then answers (after processing, when it is awaited). */
    private Uni<ObjectNode> keep(GatewayConfig.Account account, UploadRequest request, Staged staged, URI base,
                                 String requestId) {
        return persist(account, request, staged, base, requestId)
                // two uploads racing for one new public id: the loser retries and overwrites
                .onFailure(ApiException::duplicateKey).retry().atMost(2)
                .onFailure().invoke(() -> store.removeLater(staged.objectKey()))
                .invoke(stored -> stored.unused().ifPresent(store::removeLater))
                .chain(stored -> stored.awaitProcessing() == null ? Uni.createFrom().item(stored.body())
                        : wait.answer(stored.body(), stored.awaitProcessing(), account, base));
    }

    /** Signed: key, timestamp and signature checked. Unsigned: only through an unsigned preset. */
    private Uni<Map<String, String>> authenticate(GatewayConfig.Account account, Map<String, String> fields) {
        Map<String, String> params = new HashMap<>(fields);
        params.remove("file");
        if (fields.containsKey("signature")) {
            accounts.checkSignature(account, fields);
            return withPreset(account.cloudName(), params, false);
        }
        if (!fields.containsKey("upload_preset")) {
            throw ApiException.badRequest("Upload preset must be specified when using unsigned upload");
        }
        for (String name : params.keySet()) {
            if (!UploadParameters.UNSIGNED_ALLOWED.contains(name)) {
                throw ApiException.badRequest(name + " parameter is not allowed when using unsigned upload");
            }
        }
        return withPreset(account.cloudName(), params, true);
    }

    /** The preset's settings are defaults; parameters sent with the upload win. */
    private Uni<Map<String, String>> withPreset(String cloud, Map<String, String> params, boolean unsignedOnly) {
        String name = params.get("upload_preset");
        if (name == null) {
            return Uni.createFrom().item(params);
        }
        return Panache.withSession(() -> UploadPreset.findByName(cloud, name)).map(preset -> {
            if (preset == null) {
                throw ApiException.badRequest("Upload preset " + name + " not found");
            }
            if (unsignedOnly && !preset.unsigned) {
                throw ApiException.badRequest("Upload preset " + name + " is not for unsigned uploads");
            }
            Map<String, String> merged = new HashMap<>(preset.settings);
            merged.putAll(params);
            merged.remove("upload_preset");
            merged.remove("api_key");
            merged.remove("timestamp");
            merged.remove("signature");
            return merged;
        });
    }

    /** The bytes as stored in S3, and what was learnt from them. */
    record Staged(String objectKey, String filename, MediaProbe.Media media, long bytes, String etag) {
    }

    private Staged stage(GatewayConfig.Account account, String resourceType, Map<String, String> fields,
                         FileSource.LocalFile filePart) {
        FileSource.LocalFile file = null;
        try {
            file = filePart != null ? filePart : files.fromText(fields.get("file"));
            long size = Files.size(file.path());
            files.checkSize(size);
            Staged staged = describe(account, resourceType, file.path(), file.filename(), null);
            store.put(staged.objectKey(), file.path(), staged.media().contentType());
            return staged;
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not store the upload: " + e.getMessage(), e);
        } finally {
            discard(file);
        }
    }

    /**
     * A chunked upload's object, joined in the store: read back to a temporary file (streamed, never held in
     * memory) for the probe and the MD5; an object that is not what the request says is removed.
     */
    private Staged assembled(GatewayConfig.Account account, String resourceType, String objectKey, String filename) {
        Path copy = null;
        try {
            copy = Files.createTempFile("upshot-chunked-", ".bin");
            try (InputStream in = store.get(objectKey, 0, 0)) {
                Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return describe(account, resourceType, copy, filename, objectKey);
        } catch (ApiException e) {
            store.removeQuietly(objectKey);
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not read the assembled upload: " + e.getMessage(), e);
        } finally {
            discard(new FileSource.LocalFile(copy, null, true));
        }
    }

    /** Probes and hashes a local copy; {@code objectKey} null: a new key for bytes still to be stored. */
    private Staged describe(GatewayConfig.Account account, String resourceType, Path file, String filename,
                            String objectKey) throws Exception {
        long size = Files.size(file);
        if (size == 0) {
            throw ApiException.badRequest("Empty file");
        }
        MediaProbe.Media media = MediaProbe.probe(file, resourceType, filename, config.upload().probeTimeout());
        String key = objectKey != null ? objectKey
                : account.cloudName() + "/" + media.resourceType() + "/" + UUID.randomUUID();
        return new Staged(key, filename, media, size, md5(file));
    }

    private static <T> T blocking(java.util.concurrent.Callable<T> work) {
        try {
            return work.call();
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not store the chunk: " + e.getMessage(), e);
        }
    }

    private static void discard(FileSource.LocalFile file) {
        if (file != null && file.path() != null && file.temporary()) {
            try {
                Files.deleteIfExists(file.path());
            } catch (IOException e) {
                LOG.warnf("temporary file %s not deleted: %s", file.path(), e.getMessage());
            }
        }
    }

    private static String md5(Path file) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /**
     * What the transaction produced: the response, an object no row points to any more, and the asset whose
     * processing (awaited work, on_success) the synchronous answer waits for (null when it need not wait).
     */
    private record Stored(ObjectNode body, Optional<String> unused, String awaitProcessing) {
    }

    private Uni<Stored> persist(GatewayConfig.Account account, UploadRequest request, Staged staged, URI base,
                                    String requestId) {
        String publicId = publicId(request, staged);
        String resourceType = staged.media().resourceType();
        // a generated id is new (20 random characters): no read for an asset to overwrite
        Supplier<Uni<Asset>> existingAsset = generatedId(request)
                ? () -> Uni.createFrom().nullItem()
                : () -> Asset.findByPublicId(account.cloudName(), resourceType, request.type(), publicId);
        return Panache.withTransaction(() -> existingAsset.get().chain(existing -> {
            if (existing != null && !request.overwrite()) {
                ObjectNode body = AssetViews.uploaded(base, existing, account);
                body.put("existing", true);
                return Uni.createFrom().item(new Stored(body, Optional.of(staged.objectKey()), null));
            }
            Asset asset = existing != null ? existing : newAsset(account.cloudName(), resourceType, request, publicId);
            Optional<String> replaced = Optional.ofNullable(existing).map(e -> e.objectKey);
            return metadataFields.validate(account.cloudName(), MetadataFields.asJson(request.metadata()))
                    .invoke(metadata -> fill(asset, request, staged, metadata))
                    .chain(() -> existing != null ? Uni.createFrom().item(asset) : asset.<Asset>persist())
                    .chain(saved -> emit(account, request, saved, base, requestId, existing != null))
                    .map(body -> new Stored(body, replaced,
                            asset.processing() && !request.async() ? asset.assetId : null));
        }));
    }

    private Uni<ObjectNode> emit(GatewayConfig.Account account, UploadRequest request, Asset asset, URI base,
                                 String requestId, boolean overwritten) {
        Transcripts.pending(asset, request.transcription());
        ObjectNode body = AssetViews.uploaded(base, asset, account);
        if (overwritten) {
            body.put("overwritten", true);
        }
        var requested = new AssetUploaded.RequestedWork(request.moderation(), request.analyses(),
                request.onSuccess().orElse(null), request.async(), request.eager().texts(), request.eager().async(),
                request.transcription());
        AssetUploaded uploaded = AssetProcessing.described(asset, store.bucket(), requested);
        String batchId = hexId();
        if (!request.analyses().isEmpty()) {
            processing.awaits(asset, AwaitedWork.ANALYSIS);
        }
        Uni<Void> events = outbox.append(Topics.ASSET_UPLOADED,
                EventCodec.wrap(uploaded, asset.assetId, asset.version, asset.cloud, asset.updatedAt))
                .chain(() -> eager.accepted(asset, request.eager(), base))
                .invoke(entries -> entries.ifPresent(list -> body.set("eager", list)))
                .chain(() -> processing.accepted(asset, new Notice(base, requestId, request.async() ? batchId : null,
                        overwritten, Notice.Type.UPLOAD, request.notificationUrl(), List.of())));
        return events.replaceWith(request.async() ? AssetViews.pending(asset, batchId) : body);
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

    private void fill(Asset asset, UploadRequest request, Staged staged, Map<String, Object> metadata) {
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
        asset.originalFilename = filename.contains(".") ? filename.substring(0, filename.lastIndexOf('.')) : filename;
        asset.assetFolder = request.assetFolder().orElse(request.folder());
        asset.tags = new ArrayList<>(request.tags());
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

    private static String publicId(UploadRequest request, Staged staged) {
        String id = request.publicId().orElseGet(() -> {
            String filename = request.filenameOverride().orElse(staged.filename());
            if (!request.useFilename() || filename == null) {
                return PublicIds.random();
            }
            String base = PublicIds.fromFilename(filename);
            return request.uniqueFilename() ? base + "_" + PublicIds.uniqueSuffix() : base;
        });
        return request.folder().isEmpty() ? id : request.folder() + "/" + id;
    }
}
