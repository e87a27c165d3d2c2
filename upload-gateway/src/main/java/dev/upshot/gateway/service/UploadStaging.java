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
import java.util.Optional;
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
                      FileSource.LocalFile filePart, StoredFormat format) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            FileSource.LocalFile file = null;
            Described described = null;
            try {
                file = filePart != null ? filePart : files.fromText(fields.get("file"));
                long size = Files.size(file.path());
                files.checkSize(size);
                described = describe(account, resourceType, file.path(), file.filename(), format);
                Staged staged = described.staged();
                // the store checks the bytes against the MD5 computed here: neither side hashes them again
                store.put(staged.objectKey(), described.stored(), staged.media().contentType(),
                        HexFormat.of().parseHex(staged.etag()));
                return staged;
            } catch (ApiException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("could not store the upload: " + e.getMessage(), e);
            } finally {
                discard(file);
                discardConverted(described);
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
    Uni<Staged> assembled(GatewayConfig.Account account, String resourceType, String objectKey, String filename,
                          StoredFormat format) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            Path copy = null;
            Described described = null;
            try {
                copy = Files.createTempFile("upshot-chunked-", ".bin");
                try (InputStream in = store.get(objectKey, 0, 0)) {
                    Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                }
                described = describe(account, resourceType, copy, filename, format);
                Staged staged = described.staged();
                if (!described.converted()) {
                    return new Staged(objectKey, staged.filename(), staged.media(), staged.bytes(), staged.etag());
                }
                // converted: the joined object is replaced by the converted one under the new key
                store.put(staged.objectKey(), described.stored(), staged.media().contentType(),
                        HexFormat.of().parseHex(staged.etag()));
                store.removeQuietly(objectKey);
                return staged;
            } catch (ApiException e) {
                store.removeQuietly(objectKey);
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("could not read the assembled upload: " + e.getMessage(), e);
            } finally {
                discard(new FileSource.LocalFile(copy, null, true));
                discardConverted(described);
            }
        }));
    }

    /**
     * What was staged (under a new key), and the file whose bytes those are: the upload itself, or its conversion
     * to the requested {@code format} (a temporary file).
     */
    private record Described(Staged staged, Path stored, boolean converted) {
    }

    /** Probes, converts when {@code format} asks it, and hashes a local copy. */
    private Described describe(GatewayConfig.Account account, String resourceType, Path file, String filename,
                               StoredFormat format) throws Exception {
        long size = Files.size(file);
        if (size == 0) {
            throw ApiException.badRequest("Empty file");
        }
        MediaProbe.Media media = MediaProbe.probe(file, resourceType, filename, config.upload().probeTimeout());
        Optional<String> conversion = format.conversion(media);
        Path stored = file;
        if (conversion.isPresent()) {
            stored = StoredFormat.convert(file, conversion.get());
            media = MediaProbe.probe(stored, "image", filename, config.upload().probeTimeout());
        }
        String key = account.cloudName() + "/" + media.resourceType() + "/" + UUID.randomUUID();
        return new Described(new Staged(key, filename, media, Files.size(stored), md5(stored)), stored,
                conversion.isPresent());
    }

    private static void discardConverted(Described described) {
        if (described != null && described.converted()) {
            discard(new FileSource.LocalFile(described.stored(), null, true));
        }
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
