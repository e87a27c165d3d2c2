package dev.upshot.kit.s3;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;

/** The object store every service reads and writes; one set of {@code upshot.s3.*} keys (env {@code UPSHOT_S3_*}). */
@ConfigMapping(prefix = "upshot.s3")
public interface S3Config {
    /** S3-compatible endpoint, e.g. http://127.0.0.1:9000 (s3proxy locally, MinIO in production). */
    URI endpoint();

    String accessKey();

    String secretKey();

    @WithDefault("us-east-1")
    String region();

    /** The gateway's bucket for originals; workers write beside an original, in the bucket its event names. */
    @WithDefault("upshot")
    String bucket();

    /** Part size of multipart uploads; s3proxy refuses single PUTs above its limit. */
    @WithDefault("67108864")
    long partSize();

    /** Connecting to the S3 endpoint. */
    @WithDefault("PT10S")
    Duration connectTimeout();

    /** Longest wait for the next bytes of an answer. */
    @WithDefault("PT60S")
    Duration readTimeout();

    /** Longest wait while sending the next bytes of a request. */
    @WithDefault("PT60S")
    Duration writeTimeout();
}
