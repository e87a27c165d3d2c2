package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.transform.InvalidTransformationException;
import dev.upshot.contracts.transform.Transformation;
import dev.upshot.gateway.config.DerivationConfig;
import dev.upshot.kit.s3.ObjectStore;
import io.minio.StatObjectResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Derived versions for delivery URLs ({@code /{cloud}/image/upload/{transformation}/v…/{public_id}.{ext}}): served
 * from storage when made before (eagerly or on an earlier request); otherwise, if the transformation is allowed, made
 * now by the derivation worker over its internal HTTP endpoint, stored, then served. The worker does the image work
 * so the gateway keeps no image libraries and its threads stay free for uploads. Blocking: call from a worker thread.
 */
@ApplicationScoped
@Startup
public class DerivedDelivery {
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    private final ObjectStore store;
    private final Pool pool;
    private final DerivationConfig config;
    private final HttpClient http;
    private final boolean anyAllowed;
    /**
     * Canonical chains of the configured allow-list and the review page's (a bad entry fails the start, not a
     * request).
     */
    private final Set<String> allowed;

    public DerivedDelivery(ObjectStore store, Pool pool, DerivationConfig config, ReviewQueue review) {
        this.store = store;
        this.pool = pool;
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String listed = config.allowedTransformations().orElse("").strip();
        this.anyAllowed = listed.equals("*");
        // the review page's thumbnail and preview are always allowed, so it works without configuring them
        this.allowed = Stream.concat(review.transformations().stream(),
                listed.isEmpty() || anyAllowed ? Stream.<String>empty()
                        : Transformation.parseList(listed).stream().map(Transformation::chain))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * A stored derivative, as delivery streams it.
     *
     * @param generated      made for this request (false: served from storage)
     * @param variesByAccept {@code f_auto}: the format was picked by the request's Accept header
     */
    public record Derived(String objectKey, String etag, long bytes, String contentType, OffsetDateTime updatedAt,
                          boolean generated, boolean variesByAccept) {
    }

    /**
     * @param originalKey    object key of the asset's original
     * @param originalFormat its format
     * @param accept         the request's Accept header (may be null): {@code f_auto} serves AVIF or WebP by it,
     *                       each stored under its own key
     * @param signed         a signed URL asks: any transformation may be made (Cloudinary's strict transformations)
     * @throws ApiException 400 for a malformed or not allowed transformation or an unsupported extension
     */
    public Derived find(String cloud, String originalKey, String originalFormat, String chain, String extension,
                        String accept, boolean signed) {
        Transformation t;
        try {
            t = Transformation.parse(chain + "/" + extension);
        } catch (InvalidTransformationException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        String ext = t.autoFormat() ? Transformation.acceptedFormat(accept).orElse(t.extension().orElseThrow())
                : t.extension().orElseThrow();
        String key = Transformation.objectKey(originalKey, t.chain(), ext);
        Optional<StatObjectResponse> stored = stat(key);
        boolean generated = stored.isEmpty();
        if (generated) {
            if (!signed && !allowed(cloud, t.chain())) {
                throw ApiException.badRequest("Transformation " + t.chain() + " is not allowed on request "
                        + "(ask for it eagerly, sign the URL, or add it to upshot.derivation.allowed-transformations)");
            }
            derive(originalKey, originalFormat, t.chain(), ext, accept);
            stored = stat(key);
        }
        StatObjectResponse object = stored.orElseThrow(() -> new IllegalStateException("derivative " + key
                + " missing right after it was made"));
        return new Derived(key, object.etag(), object.size(), object.contentType(),
                object.lastModified().toOffsetDateTime(), generated, t.autoFormat());
    }

    private boolean allowed(String cloud, String chain) {
        if (anyAllowed || allowed.contains(chain)) {
            return true;
        }
        return pool.preparedQuery("select 1 from eager_transformation where cloud = $1 and transformation = $2")
                .execute(Tuple.of(cloud, chain)).await().atMost(LOOKUP_TIMEOUT).iterator().hasNext();
    }

    private void derive(String originalKey, String originalFormat, String chain, String extension, String accept) {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("bucket", store.bucket());
        request.put("objectKey", originalKey);
        request.put("format", originalFormat);
        request.put("transformation", chain);
        request.put("extension", extension);
        request.put("accept", accept == null ? "" : accept);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(config.workerUrl().toString()
                                    .replaceAll("/+$", "") + "/internal/derivations"))
                            .timeout(config.timeout()).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(EventCodec.mapper().writeValueAsString(request)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "Derivation interrupted");
        } catch (Exception e) {
            throw new ApiException(503, "Derivation service unavailable: " + e.getMessage());
        }
        if (response.statusCode() == 400 || response.statusCode() == 422) {
            throw ApiException.badRequest(message(response.body()));
        }
        if (response.statusCode() != 200) {
            throw new ApiException(502, "Derivation failed: HTTP " + response.statusCode());
        }
    }

    private Optional<StatObjectResponse> stat(String key) {
        try {
            return store.stat(key);
        } catch (Exception e) {
            throw new IllegalStateException("object store unreadable: " + e.getMessage(), e);
        }
    }

    private static String message(String body) {
        try {
            JsonNode error = EventCodec.mapper().readTree(body).path("error").path("message");
            return error.isTextual() ? error.asText() : body;
        } catch (Exception e) {
            return body;
        }
    }
}
