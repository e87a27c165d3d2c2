package dev.upshot.kit.s3;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import io.minio.MinioAsyncClient;
import io.minio.Signer;
import io.minio.Time;
import io.minio.UploadObjectArgs;
import io.minio.credentials.Credentials;
import io.minio.errors.InsufficientDataException;
import io.minio.errors.InternalException;
import io.minio.http.Method;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

import java.io.IOException;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/**
 * The service's MinIO async client, plus a single PUT of a file whose MD5 the caller already has. MinIO's own PUT of
 * a file over plain HTTP reads it twice more for the SigV4 payload hash (SHA-256) and its Content-MD5, and the store
 * hashes it again to verify that SHA-256; here the body goes as {@code UNSIGNED-PAYLOAD} with the caller's MD5 as
 * {@code Content-MD5}, which the store still verifies (so the bytes stay checked end to end), streamed from the file
 * once. The request is signed (SigV4) like any other.
 */
public class DirectPuts extends MinioAsyncClient {
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    DirectPuts(MinioAsyncClient client) {
        super(client);
    }

    /** PUTs {@code file} as {@code key}; fails with MinIO's exceptions when the store refuses it. */
    public CompletableFuture<Void> put(String bucket, String key, Path file, long size, String contentType,
                                       byte[] md5) throws Exception {
        Multimap<String, String> headers = ImmutableMultimap.of("Content-Type", contentType,
                "Content-MD5", Base64.getEncoder().encodeToString(md5), "x-amz-content-sha256", UNSIGNED_PAYLOAD);
        // the args name the bucket and the key only: headers and body are given here
        UploadObjectArgs target = UploadObjectArgs.builder().bucket(bucket).object(key).filename(file.toString())
                .build();
        return executePutAsync(target, headers, null, new FileBody(file, size), Math.toIntExact(size))
                .thenAccept(response -> response.close());
    }

    /**
     * MinIO passes a ready {@link RequestBody} through unhashed and unsigned; a {@link FileBody} gets the date and
     * the SigV4 signature here, over the headers and {@code UNSIGNED-PAYLOAD}.
     */
    @Override
    protected Request createRequest(HttpUrl url, Method method, Headers headers, Object body, int length,
                                    Credentials credentials)
            throws InsufficientDataException, InternalException, IOException, NoSuchAlgorithmException {
        Request request = super.createRequest(url, method, headers, body, length, credentials);
        if (!(body instanceof FileBody) || credentials == null) {
            return request;
        }
        Request.Builder dated = request.newBuilder()
                .header("x-amz-date", ZonedDateTime.now().format(Time.AMZ_DATE_FORMAT));
        if (credentials.sessionToken() != null) {
            dated.header("X-Amz-Security-Token", credentials.sessionToken());
        }
        try {
            return Signer.signV4S3(dated.build(), region, credentials.accessKey(), credentials.secretKey(),
                    UNSIGNED_PAYLOAD);
        } catch (InvalidKeyException e) {
            throw new IOException("cannot sign with the S3 secret key", e);
        }
    }

    /** The file, streamed once; no media type of its own, so the signed Content-Type header is the one sent. */
    private static final class FileBody extends RequestBody {
        private final Path file;
        private final long size;

        FileBody(Path file, long size) {
            this.file = file;
            this.size = size;
        }

        @Override
        public MediaType contentType() {
            return null;
        }

        @Override
        public long contentLength() {
            return size;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            try (Source source = Okio.source(file)) {
                sink.writeAll(source);
            }
        }
    }
}
