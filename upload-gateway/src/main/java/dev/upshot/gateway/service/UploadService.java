package dev.upshot.gateway.service;

import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.kit.s3.ObjectStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * The Upload API, step by step: authenticate and parse the request, stage the bytes in S3 (on worker threads),
 * record the asset and its events in one transaction, then answer (after the processing a synchronous upload
 * awaits). A failed record leaves no staged object behind.
 */
@ApplicationScoped
public class UploadService {
    private static final Set<String> RESOURCE_TYPES = Set.of("image", "video", "raw", "auto");

    private final Accounts accounts;
    private final UploadAuthentication authentication;
    private final InputLimits limits;
    private final ModerationChain moderation;
    private final UploadStaging staging;
    private final UploadRecords records;
    private final ObjectStore store;
    private final ProcessingWait wait;

    public UploadService(Accounts accounts, UploadAuthentication authentication, InputLimits limits,
                         ModerationChain moderation, UploadStaging staging, UploadRecords records, ObjectStore store,
                         ProcessingWait wait) {
        this.accounts = accounts;
        this.authentication = authentication;
        this.limits = limits;
        this.moderation = moderation;
        this.staging = staging;
        this.records = records;
        this.store = store;
        this.wait = wait;
    }

    /**
     * @param fields   every text parameter as sent (including {@code file} when it is a URL or data URI)
     * @param filePart the binary {@code file} part, or null; a temporary one is deleted however the upload ends
     * @param base     base of delivery URLs
     */
    public Uni<UploadAnswer> upload(String cloud, String resourceType, Map<String, String> fields,
                                    FileSource.LocalFile filePart, URI base) {
        return Uni.createFrom().deferred(() -> {
            GatewayConfig.Account account = accounts.byCloud(cloud);
            checkResourceType(resourceType);
            if (filePart == null && !fields.containsKey("file")) {
                throw ApiException.badRequest("Missing required parameter - file");
            }
            return request(account, fields).chain(request -> staging.stage(account, resourceType, fields, filePart,
                    request.storedFormat())
                    .chain(staged -> keep(account, request, staged, base)));
        }).eventually(() -> UploadStaging.discard(filePart));
    }

    /**
     * One chunk of a chunked upload ({@link ChunkedUploads}): each chunk is a complete signed request. Until the last
     * chunk the answer is the progress ({@code done: false}); the last one answers as a whole upload would.
     *
     * @param chunk the chunk's file part; deleted however the request ends
     */
    public Uni<UploadAnswer> uploadChunk(String cloud, String resourceType, Map<String, String> fields,
                                         FileSource.LocalFile chunk, String uploadId, String contentRange, URI base) {
        return Uni.createFrom().deferred(() -> {
            GatewayConfig.Account account = accounts.byCloud(cloud);
            checkResourceType(resourceType);
            if (chunk == null) {
                throw ApiException.badRequest("Missing required parameter - file (each chunk is sent as a file part)");
            }
            return request(account, fields).chain(request -> staging.receive(account, uploadId, contentRange, chunk)
                    .chain(received -> received.objectKey().isEmpty()
                            ? Uni.createFrom().<UploadAnswer>item(
                                    new UploadAnswer.ChunkProgress(false, uploadId, received.bytes()))
                            : staging.assembled(account, resourceType, received.objectKey().get(), chunk.filename(),
                            request.storedFormat())
                            .chain(staged -> keep(account, request, staged, base))));
        }).eventually(() -> UploadStaging.discard(chunk));
    }

    private static void checkResourceType(String resourceType) {
        if (!RESOURCE_TYPES.contains(resourceType)) {
            throw ApiException.badRequest("Invalid resource type " + resourceType);
        }
    }

    /** Authenticated, bounded and parsed parameters. */
    private Uni<UploadRequest> request(GatewayConfig.Account account, Map<String, String> fields) {
        return authentication.parameters(account, fields)
                .invoke(limits::checkParameters)
                .map(UploadParameters::parse)
                .invoke(request -> moderation.validate(request.moderation()));
    }

    /** Records the staged bytes, then answers (after processing, when it is awaited). */
    private Uni<UploadAnswer> keep(GatewayConfig.Account account, UploadRequest request, UploadStaging.Staged staged,
                                   URI base) {
        return records.record(account, request, staged, base)
                .onFailure().invoke(() -> store.removeLater(staged.objectKey()))
                .invoke(recorded -> recorded.unused().forEach(store::removeLater))
                .chain(recorded -> recorded.awaitProcessing() != null && recorded.answer() instanceof AssetView view
                        ? wait.answer(view, recorded.awaitProcessing(), account, base)
                        : Uni.createFrom().item(recorded.answer()));
    }
}
