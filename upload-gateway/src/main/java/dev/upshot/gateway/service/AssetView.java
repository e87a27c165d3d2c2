package dev.upshot.gateway.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.AccessRule;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.AwaitedWork;
import dev.upshot.gateway.persistence.ModerationEntry;
import dev.upshot.gateway.persistence.ModerationStatus;
import dev.upshot.gateway.persistence.OnSuccessStatus;
import dev.upshot.kit.auth.SignatureAlgorithm;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An asset as Cloudinary answers it: the upload and {@code explicit} responses (and their notifications), the Admin
 * API's details, listings and updates. Each answer is the {@link Resource} plus the parts it shows; a part or field
 * that is null is not in the JSON.
 *
 * @param results    the stored results of finished work the answer shows
 * @param processing the work still running, when a synchronous answer is given before it ends
 * @param derived    the details' derived versions
 * @param upload     what the Upload API adds
 * @param previews   the review page's derived versions
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AssetView(@JsonUnwrapped Resource resource, @JsonUnwrapped Results results, Processing processing,
                        List<JsonNode> derived, @JsonUnwrapped Upload upload, @JsonUnwrapped Previews previews)
        implements UploadAnswer {
    private static final String HEX = "0123456789ABCDEF";
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    /**
     * The fields every answer about the asset has (listings show these alone). A new field of the asset goes here:
     * a component, and its value in {@link #of}.
     *
     * @param width  absent for raw files and audio, which Cloudinary gives no dimensions
     * @param pages  images only
     * @param duration and the fields up to {@code audio}: video and audio as ffprobe read them
     * @param coordinates the details' {@code coordinates=true}: custom ones and faces
     * @param folder      listings: the public id's folder
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Resource(String assetId, String publicId, Long version, String versionId, String format,
                           String resourceType, String type, String createdAt, Long bytes, Integer width,
                           Integer height, Integer pages, Double duration, Long bitRate, Double frameRate,
                           Boolean isAudio, JsonNode video, JsonNode audio, String assetFolder, String displayName,
                           String etag, Boolean placeholder, String url, String secureUrl, List<String> tags,
                           List<AccessRule> accessControl, Context context, Map<String, Object> metadata, List<Moderation> moderation,
                           String moderationKind, ModerationStatus moderationStatus, OnSuccess onSuccess,
                           JsonNode coordinates, String folder) {

        static Resource of(URI base, Asset asset) {
            return of(asset, AssetView.url(base, asset));
        }

        /** With {@code url} (and {@code secure_url}) as given: a signed one is built here, not by {@link #with}. */
        static Resource of(Asset asset, String url) {
            ObjectNode media = asset.video;
            boolean dimensions = !asset.resourceType.equals("raw") && !media.path("is_audio").asBoolean(false);
            return new Resource(asset.assetId, asset.publicId, asset.version, asset.versionId, asset.format,
                    asset.resourceType, asset.deliveryType, seconds(asset.createdAt), asset.bytes,
                    dimensions ? asset.width : null, dimensions ? asset.height : null,
                    asset.resourceType.equals("image") ? asset.pages : null,
                    media.has("duration") ? media.get("duration").asDouble() : null,
                    media.has("bit_rate") ? media.get("bit_rate").asLong() : null,
                    media.has("frame_rate") ? media.get("frame_rate").asDouble() : null,
                    media.has("is_audio") ? media.get("is_audio").asBoolean() : null,
                    media.get("video"), media.get("audio"), asset.assetFolder, asset.displayName(), asset.etag,
                    false, url, url, List.copyOf(asset.tags),
                    asset.accessControl.isEmpty() ? null : List.copyOf(asset.accessControl),
                    asset.context.isEmpty() ? null : new Context(Collections.unmodifiableMap(
                            new LinkedHashMap<>(asset.context))),
                    asset.metadata.isEmpty() ? null : Collections.unmodifiableMap(new LinkedHashMap<>(asset.metadata)),
                    asset.moderation.isEmpty() ? null : asset.moderation.stream().map(Moderation::of).toList(),
                    asset.moderation.isEmpty() ? null : asset.moderationKind,
                    asset.moderation.isEmpty() ? null : asset.moderationStatus,
                    asset.onSuccessStatus == null ? null : new OnSuccess(asset.onSuccessStatus, asset.onSuccessError),
                    null, null);
        }

        /** The same resource with the fields (JSON names) {@code changed} gives. */
        Resource with(Map<String, Object> changed) {
            return build(Resource.class, (name, accessor) -> changed.containsKey(name) ? changed.get(name)
                    : accessor.invoke(this));
        }

        /** Only the fields (JSON names) {@code keep} accepts; the others absent. */
        Resource only(Predicate<String> keep) {
            return build(Resource.class, (name, accessor) -> keep.test(name) ? accessor.invoke(this) : null);
        }
    }

    /** Context as Cloudinary nests it: {@code {"custom": {key: value}}}. */
    public record Context(Map<String, String> custom) {
    }

    /** One entry of the moderation chain. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Moderation(String kind, ModerationStatus status, JsonNode response, String updatedAt) {
        /** The response is the view's own copy: the entity's node stays as it is whatever the answer adds. */
        static Moderation of(ModerationEntry entry) {
            return new Moderation(entry.kind(), entry.status(),
                    entry.response() == null ? null : entry.response().deepCopy(), seconds(entry.updatedAt()));
        }
    }

    /** The on_success script's state; {@code error} when it or its update failed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OnSuccess(OnSuccessStatus status, String error) {
    }

    /**
     * The results finished work stored, each as the work reported it. A new analysis result goes here, as a
     * component named like its stored field.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Results(JsonNode colors, JsonNode predominant, JsonNode grayscale, JsonNode illustrationScore,
                          JsonNode semiTransparent, JsonNode phash, JsonNode faces, JsonNode imageMetadata,
                          JsonNode qualityAnalysis, JsonNode qualityScore, JsonNode accessibilityAnalysis,
                          JsonNode info, JsonNode analysisErrors, JsonNode eager) {
        static final Results NONE = of(JsonNodeFactory.instance.objectNode(), name -> false);

        /** The stored results whose names pass {@code include}: each component is the stored field of its name. */
        static Results of(ObjectNode stored, Predicate<String> include) {
            return build(Results.class, (name, accessor) -> include.test(name) ? stored.get(name) : null);
        }

        Results withEager(JsonNode entries) {
            return new Results(colors, predominant, grayscale, illustrationScore, semiTransparent, phash, faces,
                    imageMetadata, qualityAnalysis, qualityScore, accessibilityAnalysis, info, analysisErrors,
                    entries);
        }
    }

    /** {@code {"status": "pending", "awaiting": [...]}}: work the asset's processing still waits for. */
    public record Processing(String status, List<AwaitedWork> awaiting) {
    }

    /**
     * What the Upload API adds: the signature the SDKs verify, and how the call went.
     *
     * @param existing    an upload with {@code overwrite=false} found the asset there
     * @param overwritten the upload replaced an existing asset
     * @param batchId     the {@code async=true} call's batch (its notification says it)
     * @param deleteToken {@code return_delete_token=true}: the token {@code delete_by_token} takes
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Upload(String signature, String originalFilename, String apiKey, Boolean existing,
                         Boolean overwritten, String batchId, String deleteToken) {
    }

    /** The review page's thumbnail and preview of a delivered image. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Previews(String thumbnailUrl, String previewUrl) {
    }

    /** The resource alone, as listings show it. */
    public static AssetView of(URI base, Asset asset) {
        return new AssetView(Resource.of(base, asset), null, null, null, null, null);
    }

    /**
     * With the stored results whose field names pass {@code include}, and the work still running under
     * {@code processing} (a synchronous upload answered past its wait shows what is to come).
     */
    public AssetView withResults(Asset asset, Predicate<String> include) {
        return new AssetView(resource, Results.of(asset.results, include),
                asset.awaiting.isEmpty() ? null : new Processing("pending", List.copyOf(asset.awaiting)),
                derived, upload, previews);
    }

    /**
     * The upload response (with every result so far), with the signature the SDKs verify; a private or authenticated
     * asset's url is signed.
     */
    public static AssetView uploaded(URI base, Asset asset, GatewayConfig.Account account) {
        String url = DeliverySignature.deliverable(AssetView.url(base, asset), asset, account);
        return new AssetView(Resource.of(asset, url), null, null, null,
                new Upload(responseSignature(asset, account), asset.originalFilename, account.apiKey(), null, null,
                        null, null), null).withResults(asset, field -> true);
    }

    /** With the resource fields (JSON names) {@code changed} gives; a null value leaves one out. */
    public AssetView with(Map<String, Object> changed) {
        return new AssetView(resource.with(changed), results, processing, derived, upload, previews);
    }

    /** Only the resource fields (JSON names) {@code keep} accepts. */
    public AssetView only(Predicate<String> keep) {
        return new AssetView(resource.only(keep), results, processing, derived, upload, previews);
    }

    /**
     * {@code coordinates}: the custom ones (set at upload or by update) and the faces (given at upload, else those
     * found), as Cloudinary shows them (absent when there are none).
     */
    public AssetView withCoordinates(Asset asset) {
        ObjectNode coordinates = JsonNodeFactory.instance.objectNode();
        if (!asset.customCoordinates.isEmpty()) {
            ArrayNode custom = coordinates.putArray("custom");
            asset.customCoordinates.forEach(r -> r.forEach(custom.addArray()::add));
        }
        if (!asset.faceCoordinates.isEmpty()) {
            ArrayNode faces = coordinates.putArray("faces");
            asset.faceCoordinates.forEach(r -> r.forEach(faces.addArray()::add));
        } else if (asset.results.path("faces").isArray() && !asset.results.path("faces").isEmpty()) {
            coordinates.set("faces", asset.results.get("faces"));
        }
        return coordinates.isEmpty() ? this : with(Map.of("coordinates", coordinates));
    }

    public AssetView withDerived(List<JsonNode> entries) {
        return new AssetView(resource, results, processing, List.copyOf(entries), upload, previews);
    }

    /** The eager entries as the call accepted them (eager_async's {@code processing} ones), replacing any stored. */
    public AssetView withEager(JsonNode entries) {
        Results shown = results == null ? Results.NONE : results;
        return new AssetView(resource, shown.withEager(entries), processing, derived, upload, previews);
    }

    /** An upload answered with the asset already there ({@code overwrite=false}). */
    public AssetView existing() {
        return withUpload(new Upload(upload.signature(), upload.originalFilename(), upload.apiKey(), true,
                upload.overwritten(), upload.batchId(), upload.deleteToken()));
    }

    /** An upload that replaced an existing asset. */
    public AssetView overwritten() {
        return withUpload(new Upload(upload.signature(), upload.originalFilename(), upload.apiKey(),
                upload.existing(), true, upload.batchId(), upload.deleteToken()));
    }

    /** An upload that asked for {@code return_delete_token}. */
    public AssetView withDeleteToken(String token) {
        return withUpload(new Upload(upload.signature(), upload.originalFilename(), upload.apiKey(),
                upload.existing(), upload.overwritten(), upload.batchId(), token));
    }

    /** The notification of an {@code async=true} call names its batch. */
    public AssetView withBatchId(String batchId) {
        return withUpload(new Upload(upload.signature(), upload.originalFilename(), upload.apiKey(),
                upload.existing(), upload.overwritten(), batchId, upload.deleteToken()));
    }

    public AssetView withPreviews(String thumbnailUrl, String previewUrl) {
        return new AssetView(resource, results, processing, derived, upload, new Previews(thumbnailUrl, previewUrl));
    }

    private AssetView withUpload(Upload changed) {
        return new AssetView(resource, results, processing, derived, changed, previews);
    }

    /**
     * The answer of an {@code async=true} call: the work goes on, reported by the call's notification.
     *
     * @param status always {@code pending}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Pending(String status, String type, String batchId, String publicId) implements UploadAnswer {
        public static Pending of(Asset asset, String batchId) {
            return new Pending("pending", asset.deliveryType, batchId, asset.publicId);
        }
    }

    /** Delivery URL: {@code {base}/{cloud}/{resource_type}/{type}/v{version}/{public_id}.{format}}. */
    public static String url(URI base, Asset asset) {
        String root = base.toString().replaceAll("/+$", "");
        String extension = asset.format.isEmpty() || asset.resourceType.equals("raw") ? "" : "." + asset.format;
        return root + "/" + asset.cloud + "/" + asset.resourceType + "/" + asset.deliveryType + "/v" + asset.version
                + "/" + escape(asset.publicId) + extension;
    }

    /**
     * A public id as a URL path, as Cloudinary writes it in {@code url}: each UTF-8 byte outside letters, digits and
     * {@code _ . - /} percent-encoded (so a client that fetches the URL asks for the same id).
     */
    public static String escape(String publicId) {
        StringBuilder out = new StringBuilder(publicId.length());
        for (byte b : publicId.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '/')) {
                out.append(c);
            } else {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            }
        }
        return out.toString();
    }

    /**
     * {@code derived} of the Admin API's resource details: the eager derivatives made of this version (failed ones
     * left out), as {@code {transformation, format, bytes, url, secure_url}}.
     */
    public static List<JsonNode> derived(Asset asset) {
        List<JsonNode> derived = new ArrayList<>();
        for (JsonNode eager : asset.results.path("eager")) {
            if (eager.has("url") && !eager.has("status")) {
                derived.add(JsonNodeFactory.instance.objectNode()
                        .put("transformation", eager.path("transformation").asText())
                        .put("format", eager.path("format").asText()).put("bytes", eager.path("bytes").asLong())
                        .put("url", eager.path("url").asText()).put("secure_url", eager.path("secure_url").asText()));
            }
        }
        return derived;
    }

    /** SDK {@code verify_api_response_signature}: hash of {@code public_id=…&version=…} plus the secret. */
    public static String responseSignature(Asset asset, GatewayConfig.Account account) {
        return RequestSignature.sign(Map.of("public_id", asset.publicId, "version", Long.toString(asset.version)),
                account.apiSecret(), SignatureAlgorithm.of(account.signatureAlgorithm()), 1);
    }

    /** How {@link #build} gives a component its value: from its JSON name and its accessor. */
    @FunctionalInterface
    private interface ComponentValue {
        Object of(String name, Method accessor) throws ReflectiveOperationException;
    }

    /** A record of {@code type} with each component's value as {@code value} gives it. */
    private static <R extends Record> R build(Class<R> type, ComponentValue value) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                values[i] = value.of(SNAKE_CASE.translate(components[i].getName()), components[i].getAccessor());
            }
            return type.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new)).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("a record's own accessors and canonical constructor", e);
        }
    }

    static String seconds(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
    }
}
