package dev.upshot.derivation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;

/** Typed configuration of the derivation worker (prefix {@code derivation}). */
@ConfigMapping(prefix = "derivation")
public interface DerivationConfig {

    S3 s3();

    /**
     * Largest original (width × height from its header) the worker decodes; larger ones are refused before any
     * pixel is read. 50 MP covers every camera short of medium format.
     */
    @WithDefault("50000000")
    long maxSourcePixels();

    /** Largest intermediate or result of any step (a {@code w_10000,h_10000} request is refused, not rendered). */
    @WithDefault("25000000")
    long maxOutputPixels();

    /** The bucket of originals, where derivatives are stored beside them. */
    interface S3 {
        URI endpoint();

        String accessKey();

        String secretKey();

        @WithDefault("us-east-1")
        String region();
    }
}
