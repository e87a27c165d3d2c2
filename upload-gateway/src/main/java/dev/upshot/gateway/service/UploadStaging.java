package dev.upshot.gateway.service;

import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.kit.s3.ObjectStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * An upload's bytes, put in the object store before anything is recorded, and what was learnt from them (probe,
 * size, MD5). All of it blocks (files, hashing, S3), so it runs on worker threads, never on the event loop.
 */
@ApplicationScoped
public class UploadStaging {
    private static final Logger LOG = Logger.getLogger(UploadStaging.class);

    private final GatewayConfig config;
    private final FileSource files;
    private final ObjectStore store;
    private final ChunkedUploads chunks;
    private final Vertx vertx;

    public UploadStaging(GatewayConfig config, FileSource files, ObjectStore store, ChunkedUploads chunks,
                         Vertx vertx) {
        this.config = config;
        this.files = files;
        this.store = store;
        this.chunks = chunks;
        this.vertx = vertx;
    }

    /** The bytes as stored in S3, and what was learnt from them. */
    record Staged(String objectKey, String filename, MediaProbe.Media media, long bytes, String etag) {
    }

    /**
     * The upload's file (the binary part, else {@code file} as a URL or data URI), probed and stored under a new key.
     * The local copy is deleted however staging ends.
     */
    Uni<Staged> stage(GatewayConfig.Account account, String resourceType, Map<String, String> fields,
                      FileSource.LocalFile filePart) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
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
        }));
    }

    /** One chunk of a chunked upload, added to its object ({@link ChunkedUploads#receive}). */
    Uni<ChunkedUploads.Received> receive(GatewayConfig.Account account, String uploadId, String contentRange,
                                         FileSource.LocalFile chunk) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                return chunks.receive(account.cloudName(), uploadId, contentRange, chunk.path());
            } catch (ApiException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("could not store the chunk: " + e.getMessage(), e);
            }
        }));
    }

    /**
     * A chunked upload's object, joined in the store: read back to a temporary file (streamed, never held in
     * memory) for the probe and the MD5; an object that is not what the request says is removed.
     */
    Uni<Staged> assembled(GatewayConfig.Account account, String resourceType, String objectKey, String filename) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            Path copy = null;
            try {
                copy = Files.createTempFile("upshot-chunked-", ".bin");
                try (InputStream in = store.get(objectKey, 0, 0)) {
                    Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
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
        }));
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

    /** Deletes a temporary file; a file the caller owns stays. */
    static void discard(FileSource.LocalFile file) {
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
}
