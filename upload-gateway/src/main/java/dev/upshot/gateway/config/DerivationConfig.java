package dev.upshot.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Derived versions: where the derivation worker is, and which ones delivery may produce on request. */
@ConfigMapping(prefix = "upshot.derivation")
public interface DerivationConfig {

    /** The derivation worker's internal HTTP address (delivery asks it for derivatives not produced eagerly). */
    @WithDefault("http://127.0.0.1:8085")
    URI workerUrl();

    /** How long delivery waits for an on-request derivative. */
    @WithDefault("PT30S")
    Duration timeout();

    /**
     * Transformations delivery may produce on request besides those an upload of the account asked for eagerly,
     * written like {@code eager} ({@code c_fill,h_100,w_100|c_scale,w_300}, components in any order); {@code *}
     * allows any. Stored derivatives are always served.
     */
    Optional<String> allowedTransformations();
}
