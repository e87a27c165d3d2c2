package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.kit.auth.SignatureAlgorithm;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Predicate;

/** The JSON shapes of an asset, as Cloudinary answers them. */
public final class AssetViews {
    private static final String HEX = "0123456789ABCDEF";

    private AssetViews() {
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
    public static ArrayNode derived(Asset asset) {
        ArrayNode derived = EventCodec.mapper().createArrayNode();
        for (JsonNode eager : asset.results.path("eager")) {
            if (eager.has("url") && !eager.has("status")) {
                derived.addObject().put("transformation", eager.path("transformation").asText())
                        .put("format", eager.path("format").asText()).put("bytes", eager.path("bytes").asLong())
                        .put("url", eager.path("url").asText()).put("secure_url", eager.path("secure_url").asText());
            }
        }
        return derived;
    }

    /** What a notification about an asset's change (moderation, add-on results) says to identify it. */
    public static ObjectNode identity(ObjectNode body, URI base, Asset asset) {
        body.put("asset_id", asset.assetId);
        body.put("public_id", asset.publicId);
        body.put("resource_type", asset.resourceType);
        body.put("type", asset.deliveryType);
        body.put("uploaded_at", DateTimeFormatter.ISO_INSTANT.format(asset.updatedAt.truncatedTo(ChronoUnit.SECONDS)));
        body.put("version", asset.version);
        String url = url(base, asset);
        body.put("url", url);
        body.put("secure_url", url);
        body.put("etag", asset.etag);
        return body;
    }

    /** The answer of an {@code async=true} call: the work goes on, reported by the call's notification. */
    public static ObjectNode pending(Asset asset, String batchId) {
        ObjectNode pending = EventCodec.mapper().createObjectNode();
        pending.put("status", "pending");
        pending.put("type", asset.deliveryType);
        pending.put("batch_id", batchId);
        pending.put("public_id", asset.publicId);
        return pending;
    }

    /** Fields common to the upload response and the Admin API's resource details. */
    public static ObjectNode resource(URI base, Asset asset) {
        ObjectNode node = EventCodec.mapper().createObjectNode();
        node.put("asset_id", asset.assetId);
        node.put("public_id", asset.publicId);
        node.put("version", asset.version);
        node.put("version_id", asset.versionId);
        node.put("format", asset.format);
        node.put("resource_type", asset.resourceType);
        node.put("type", asset.deliveryType);
        node.put("created_at", DateTimeFormatter.ISO_INSTANT.format(asset.createdAt.truncatedTo(ChronoUnit.SECONDS)));
        node.put("bytes", asset.bytes);
        // Cloudinary gives no dimensions for raw files and audio
        if (!asset.resourceType.equals("raw") && !asset.video.path("is_audio").asBoolean(false)) {
            node.put("width", asset.width);
            node.put("height", asset.height);
        }
        if (asset.resourceType.equals("image")) {
            node.put("pages", asset.pages);
        }
        node.setAll(asset.video);
        node.put("asset_folder", asset.assetFolder);
        node.put("display_name", asset.displayName());
        node.put("etag", asset.etag);
        node.put("placeholder", false);
        String url = url(base, asset);
        node.put("url", url);
        node.put("secure_url", url);
        node.set("tags", EventCodec.mapper().valueToTree(asset.tags));
        if (!asset.context.isEmpty()) {
            node.putObject("context").set("custom", EventCodec.mapper().valueToTree(asset.context));
        }
        if (!asset.metadata.isEmpty()) {
            node.set("metadata", EventCodec.mapper().valueToTree(asset.metadata));
        }
        ModerationChain.view(node, asset);
        if (asset.onSuccessStatus != null) {
            ObjectNode onSuccess = node.putObject("on_success").put("status", asset.onSuccessStatus.wire());
            if (asset.onSuccessError != null) {
                onSuccess.put("error", asset.onSuccessError);
            }
        }
        return node;
    }

    /**
     * Adds the stored results of finished work whose field names pass {@code include}, and names the work still
     * running under {@code processing} (a synchronous upload answered past its wait shows what is to come).
     */
    public static ObjectNode withResults(ObjectNode node, Asset asset, Predicate<String> include) {
        asset.results.properties().stream().filter(e -> include.test(e.getKey()))
                .forEach(e -> node.set(e.getKey(), e.getValue()));
        if (!asset.awaiting.isEmpty()) {
            node.putObject("processing").put("status", "pending")
                    .set("awaiting", EventCodec.mapper().valueToTree(asset.awaiting));
        }
        return node;
    }

    /** The upload response (with every result so far), with the signature the SDKs verify. */
    public static ObjectNode uploaded(URI base, Asset asset, GatewayConfig.Account account) {
        ObjectNode node = withResults(resource(base, asset), asset, field -> true);
        node.put("signature", responseSignature(asset, account));
        node.put("original_filename", asset.originalFilename);
        node.put("api_key", account.apiKey());
        return node;
    }

    /** SDK {@code verify_api_response_signature}: hash of {@code public_id=…&version=…} plus the secret. */
    public static String responseSignature(Asset asset, GatewayConfig.Account account) {
        return RequestSignature.sign(Map.of("public_id", asset.publicId, "version", Long.toString(asset.version)),
                account.apiSecret(), SignatureAlgorithm.of(account.signatureAlgorithm()), 1);
    }
}
