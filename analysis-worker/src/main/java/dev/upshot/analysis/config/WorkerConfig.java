package dev.upshot.analysis.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;

/** Where the originals are read from (prefix {@code upshot}, the same variables as the gateway's). */
@ConfigMapping(prefix = "upshot")
public interface WorkerConfig {

    S3 s3();

    /** The S3-compatible store holding the originals; the bucket and key come with each event. */
    interface S3 {
        /** e.g. http://127.0.0.1:9000 */
        URI endpoint();

        String accessKey();

        String secretKey();

        @WithDefault("us-east-1")
        String region();
    }
}
