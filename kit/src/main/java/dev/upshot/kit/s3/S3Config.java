package dev.upshot.kit.s3;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;

/**
 * The object store every service reads and writes: one set of {@code upshot.s3.*} keys, each read from its
 * environment variable ({@code UPSHOT_S3_ENDPOINT}, …). The defaults are the local runner's s3proxy. No properties
 * file of the kit sets them: a service that does not use the store (the dispatcher) would then hold keys no mapping
 * of its own reads, which Quarkus refuses at start.
 */
@ConfigMapping(prefix = "upshot.s3")
public interface S3Config {
    /** S3-compatible endpoint (s3proxy locally, MinIO in production). */
    @WithDefault("http://127.0.0.1:9000")
    URI endpoint();

    @WithDefault("upshot")
    String accessKey();

    @WithDefault("upshot-secret")
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
