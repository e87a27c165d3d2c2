package dev.upshot.kit.rest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** The wording of the error answers that depend on what a service's endpoints read. */
@ConfigMapping(prefix = "upshot.errors")
public interface ErrorsConfig {
    /** The request bodies the service reads, named in the answer to an unsupported Content-Type (415). */
    @WithDefault("application/json")
    String acceptedTypes();

    /** The answer to a body the REST layer could not read (400); unset: the REST layer's own message. */
    Optional<String> malformedRequest();
}
