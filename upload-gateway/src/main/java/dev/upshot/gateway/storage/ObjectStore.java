package dev.upshot.gateway.storage;

import dev.upshot.gateway.config.GatewayConfig;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

import java.nio.file.Path;
import java.util.Optional;

/** The S3 bucket holding originals. Every call blocks: use it from a worker thread. */
@ApplicationScoped
public class ObjectStore {
    private static final Logger LOG = Logger.getLogger(ObjectStore.class);

    private final MinioClient client;
    /** The same endpoint, for the multipart calls MinioClient keeps to itself (chunked uploads). */
    private final MinioAsyncClient parts;
    private final String bucket;
    private final long partSize;
    private volatile boolean bucketReady;

    public ObjectStore(GatewayConfig config) {
        GatewayConfig.S3 s3 = config.s3();
        MinioClient.Builder builder = MinioClient.builder().endpoint(s3.endpoint().toString())
                .credentials(s3.accessKey(), s3.secretKey()).region(s3.region());
        if ("http".equalsIgnoreCase(s3.endpoint().getScheme())) {
            builder.httpClient(plainHttp());
        }
        this.client = builder.build();
        // MinIO's defaults wait five minutes for a stalled store; a stuck request must fail sooner
        client.setTimeout(s3.connectTimeout().toMillis(), s3.writeTimeout().toMillis(), s3.readTimeout().toMillis());
        this.parts = MinioAsyncClient.builder().endpoint(s3.endpoint().toString())
                .credentials(s3.accessKey(), s3.secretKey()).region(s3.region()).build();
        parts.setTimeout(s3.connectTimeout().toMillis(), s3.writeTimeout().toMillis(), s3.readTimeout().toMillis());
        this.bucket = s3.bucket();
        this.partSize = s3.partSize();
    }

    /**
     * MinIO builds a new HTTP client for every PUT of a file, and OkHttp compares the new client's certificate
     * authorities with the old one's, all of the JDK's, each time: a tenth of an upload's CPU. A plain-HTTP store uses
     * no TLS, so its client trusts no authority and that comparison is of empty sets.
     */
    private static OkHttpClient plainHttp() {
        X509TrustManager none = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("the S3 endpoint is plain HTTP");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("the S3 endpoint is plain HTTP");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {none}, null);
            return new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), none)
                    .protocols(List.of(Protocol.HTTP_1_1)).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("no TLS context for the S3 client", e);
        }
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
        try (var in = new java.io.RandomAccessFile(file.toFile(), "r")) {
            return parts.uploadPartAsync(bucket, null, key, in, in.length(), uploadId, number, null, null).get()
                    .etag();
        }
    }

    /** Joins the parts, in order, into the object. */
    public void completeMultipart(String key, String uploadId, java.util.List<String> etags) throws Exception {
        io.minio.messages.Part[] list = new io.minio.messages.Part[etags.size()];
        for (int i = 0; i < list.length; i++) {
            list[i] = new io.minio.messages.Part(i + 1, etags.get(i));
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
