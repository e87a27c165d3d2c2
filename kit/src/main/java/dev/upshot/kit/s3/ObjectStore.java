package dev.upshot.kit.s3;

import io.minio.BucketExistsArgs;
import io.minio.DownloadObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Part;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The object store. The gateway keeps originals in the configured bucket (the methods without a bucket); workers
 * read an original and write beside it in the bucket its event names. Every call blocks: use it from a worker thread.
 */
@ApplicationScoped
public class ObjectStore {
    private static final Logger LOG = Logger.getLogger(ObjectStore.class);

    private final MinioClient client;
    private final DirectPuts parts;
    private final String bucket;
    private final long partSize;
    private volatile boolean bucketReady;

    public ObjectStore(MinioClient client, DirectPuts parts, S3Config s3) {
        this.client = client;
        this.parts = parts;
        this.bucket = s3.bucket();
        this.partSize = s3.partSize();
    }

    public String bucket() {
        return bucket;
    }

    /** Reachability for readiness: the bucket exists (created on first use). */
    public void check() throws Exception {
        ensureBucket();
    }

    /** Streams a file up; files larger than the part size go as multipart. */
    public void put(String key, Path file, String contentType) throws Exception {
        ensureBucket();
        put(bucket, key, file, contentType);
    }

    /**
     * An original whose MD5 the caller has computed: one PUT that the store checks against that MD5, with no second
     * hashing on either side ({@link DirectPuts}); above the part size, as multipart like {@link #put(String, Path,
     * String)}.
     */
    public void put(String key, Path file, String contentType, byte[] md5) throws Exception {
        long size = Files.size(file);
        if (size > partSize) {
            put(key, file, contentType);
            return;
        }
        ensureBucket();
        parts.put(bucket, key, file, size, contentType, md5);
    }

    /** Streams a file up into {@code bucket} (a worker writing beside an original), in parts above the part size. */
    public void put(String bucket, String key, Path file, String contentType) throws Exception {
        client.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key)
                .filename(file.toString(), partSize).contentType(contentType).build());
    }

    /** Starts an S3 multipart upload of {@code key}; its parts arrive one request at a time. */
    public String startMultipart(String key) throws Exception {
        ensureBucket();
        return parts.createMultipartUploadAsync(bucket, null, key, null, null).get().result().uploadId();
    }

    /** Sends one part (1-based number) from a file; answers its ETag, which completing needs. */
    public String putPart(String key, String uploadId, int number, Path file) throws Exception {
        try (var in = new RandomAccessFile(file.toFile(), "r")) {
            return parts.uploadPartAsync(bucket, null, key, in, in.length(), uploadId, number, null, null).get()
                    .etag();
        }
    }

    /** Joins the parts, in order, into the object. */
    public void completeMultipart(String key, String uploadId, List<String> etags) throws Exception {
        Part[] list = new Part[etags.size()];
        for (int i = 0; i < list.length; i++) {
            list[i] = new Part(i + 1, etags.get(i));
        }
        parts.completeMultipartUploadAsync(bucket, null, key, uploadId, list, null, null).get();
    }

    /** Best effort: the store drops the parts received so far. */
    public void abortMultipartQuietly(String key, String uploadId) {
        try {
            parts.abortMultipartUploadAsync(bucket, null, key, uploadId, null, null).get();
        } catch (Exception e) {
            LOG.warnf("could not abort multipart upload %s of %s: %s", uploadId, key, e.toString());
        }
    }

    /** The whole object, or {@code length} bytes from {@code offset} when length is positive. */
    public GetObjectResponse get(String key, long offset, long length) throws Exception {
        GetObjectArgs.Builder args = GetObjectArgs.builder().bucket(bucket).object(key);
        if (length > 0) {
            args.offset(offset).length(length);
        }
        return client.getObject(args.build());
    }

    /** The object's size, ETag and type, or empty when there is no such object. */
    public Optional<StatObjectResponse> stat(String key) throws Exception {
        try {
            return Optional.of(client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()));
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code()) || "NoSuchObject".equals(e.errorResponse().code())
                    || e.response().code() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Best effort: a leftover object costs space, never correctness. */
    public void removeQuietly(String key) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (ErrorResponseException e) {
            LOG.debugf("object %s already gone: %s", key, e.errorResponse().code());
        } catch (Exception e) {
            LOG.warnf("could not remove object %s: %s", key, e.toString());
        }
    }

    /** {@link #removeQuietly} on a worker thread, for callers on the event loop. */
    public void removeLater(String key) {
        Infrastructure.getDefaultWorkerPool().execute(() -> removeQuietly(key));
    }

    /** {@link #removeQuietly} of an object and of every object under {@code key + suffix} (its derivatives). */
    public void removeWithDerivativesLater(String key, String derivedSuffix) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            removeQuietly(key);
            try {
                for (var item : client.listObjects(ListObjectsArgs.builder().bucket(bucket)
                        .prefix(key + derivedSuffix).recursive(true).build())) {
                    removeQuietly(item.get().objectName());
                }
            } catch (Exception e) {
                LOG.warnf("could not list the derivatives of %s: %s", key, e.toString());
            }
        });
    }

    /** The object as a stream; the caller closes it. */
    public InputStream open(String bucket, String key) throws Exception {
        return client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
    }

    /** Copies an object to {@code target}, which must not exist. */
    public void download(String bucket, String key, Path target) throws Exception {
        client.downloadObject(DownloadObjectArgs.builder().bucket(bucket).object(key).filename(target.toString())
                .build());
    }

    /** Copies an object to a new temporary file named {@code upshot-original-*suffix}; the caller deletes it. */
    public Path downloadToTemp(String bucket, String key, String suffix) throws Exception {
        Path file = Files.createTempFile("upshot-original-", suffix);
        try {
            Files.delete(file); // the client refuses to overwrite
            download(bucket, key, file);
            return file;
        } catch (Exception e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    public void put(String bucket, String key, byte[] bytes, String contentType) throws Exception {
        client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType).build());
    }

    private void ensureBucket() throws Exception {
        if (bucketReady) {
            return;
        }
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            try {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            } catch (ErrorResponseException e) {
                if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())
                        && !"BucketAlreadyExists".equals(e.errorResponse().code())) {
                    throw e;
                }
            }
        }
        bucketReady = true;
    }
}
