package dev.upshot.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.gateway.config.GatewayConfig;
import dev.upshot.gateway.persistence.Asset;
import dev.upshot.gateway.persistence.AwaitedWork;
import dev.upshot.gateway.persistence.ModerationEntry;
import dev.upshot.gateway.persistence.ModerationStatus;
import dev.upshot.gateway.persistence.OnSuccessStatus;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The asset's JSON keys, as the answers and notifications had them when they were built as JSON trees. */
class AssetViewTest {
    private static final URI BASE = URI.create("http://localhost:8080/");
    private static final ObjectMapper REST = new ObjectMapper();

    private static final GatewayConfig.Account ACCOUNT = new GatewayConfig.Account() {
        public String cloudName() {
            return "demo";
        }

        public String apiKey() {
            return "key";
        }

        public String apiSecret() {
            return "secret";
        }

        public String signatureAlgorithm() {
            return "sha1";
        }

        public Optional<String> reviewerPassword() {
            return Optional.empty();
        }
    };

    private static Asset image() throws Exception {
        Asset asset = new Asset();
        asset.assetId = "a1";
        asset.cloud = "demo";
        asset.resourceType = "image";
        asset.deliveryType = "upload";
        asset.publicId = "folder/cat";
        asset.version = 1700000000;
        asset.versionId = "v1";
        asset.format = "png";
        asset.bytes = 42;
        asset.width = 4;
        asset.height = 3;
        asset.etag = "e";
        asset.originalFilename = "cat";
        asset.assetFolder = "folder";
        asset.tags = new ArrayList<>(List.of("b", "a"));
        asset.createdAt = Instant.parse("2026-01-01T00:00:00.123Z");
        asset.updatedAt = asset.createdAt;
        return asset;
    }

    private static List<String> keys(JsonNode node) {
        return node.propertyStream().map(Map.Entry::getKey).toList();
    }

    @Test
    void aPlainUploadAnswersCloudinarysKeysInTheirOrder() throws Exception {
        JsonNode json = REST.valueToTree(AssetView.uploaded(BASE, image(), ACCOUNT));
        assertEquals(List.of("asset_id", "public_id", "version", "version_id", "format", "resource_type", "type",
                "created_at", "bytes", "width", "height", "pages", "asset_folder", "display_name", "etag",
                "placeholder", "url", "secure_url", "tags", "signature", "original_filename", "api_key"), keys(json));
        assertEquals("2026-01-01T00:00:00Z", json.get("created_at").asText());
        assertEquals("http://localhost:8080/demo/image/upload/v1700000000/folder/cat.png", json.get("url").asText());
        assertEquals("cat", json.get("display_name").asText());
        assertEquals(List.of("b", "a"), List.of(json.get("tags").get(0).asText(), json.get("tags").get(1).asText()));
        assertEquals(false, json.get("placeholder").asBoolean(true));
    }

    @Test
    void everyOptionalPartShowsAndTheCodecWritesTheSameJson() throws Exception {
        Asset asset = image();
        asset.context = new LinkedHashMap<>(Map.of("alt", "a cat"));
        asset.metadata = new LinkedHashMap<>(Map.of("colour", List.of("red")));
        ObjectNode response = (ObjectNode) EventCodec.mapper().readTree("{\"duplicates\":[]}");
        asset.moderation = List.of(new ModerationEntry("duplicate:0.9", ModerationStatus.PENDING, response,
                asset.createdAt));
        asset.moderationKind = "duplicate:0.9";
        asset.moderationStatus = ModerationStatus.PENDING;
        asset.onSuccessStatus = OnSuccessStatus.FAILED;
        asset.onSuccessError = "boom";
        asset.results = (ObjectNode) EventCodec.mapper().readTree("{\"phash\":\"ab\",\"colors\":[[\"#FF0000\",100.0]],"
                + "\"info\":{},\"analysis_errors\":{\"faces\":\"no model\"}}");
        asset.awaiting = List.of(AwaitedWork.EAGER);
        AssetView view = AssetView.uploaded(BASE, asset, ACCOUNT).overwritten().withBatchId("b1");
        JsonNode json = REST.valueToTree(view);
        assertEquals(List.of("asset_id", "public_id", "version", "version_id", "format", "resource_type", "type",
                "created_at", "bytes", "width", "height", "pages", "asset_folder", "display_name", "etag",
                "placeholder", "url", "secure_url", "tags", "context", "metadata", "moderation", "moderation_kind",
                "moderation_status", "on_success", "colors", "phash", "info", "analysis_errors", "processing",
                "signature", "original_filename", "api_key", "overwritten", "batch_id"), keys(json));
        assertEquals("{\"custom\":{\"alt\":\"a cat\"}}", json.get("context").toString());
        assertEquals("[{\"kind\":\"duplicate:0.9\",\"status\":\"pending\",\"response\":{\"duplicates\":[]},"
                + "\"updated_at\":\"2026-01-01T00:00:00Z\"}]", json.get("moderation").toString());
        assertEquals("{\"status\":\"failed\",\"error\":\"boom\"}", json.get("on_success").toString());
        assertEquals("{\"status\":\"pending\",\"awaiting\":[\"eager\"]}", json.get("processing").toString());
        assertEquals(REST.writeValueAsString(view), EventCodec.mapper().writeValueAsString(view),
                "notifications are written by the event codec");
    }

    @Test
    void audioHasNoDimensionsAndItsProbedFields() throws Exception {
        Asset asset = image();
        asset.resourceType = "video";
        asset.format = "mp3";
        asset.video = (ObjectNode) EventCodec.mapper().readTree("{\"duration\":2.5,\"bit_rate\":128000,"
                + "\"is_audio\":true,\"video\":{},\"audio\":{\"codec\":\"mp3\",\"frequency\":44100}}");
        JsonNode json = REST.valueToTree(AssetView.of(BASE, asset));
        assertEquals(List.of("asset_id", "public_id", "version", "version_id", "format", "resource_type", "type",
                "created_at", "bytes", "duration", "bit_rate", "is_audio", "video", "audio", "asset_folder",
                "display_name", "etag", "placeholder", "url", "secure_url", "tags"), keys(json));
        ObjectNode media = json.deepCopy();
        media.retain("duration", "bit_rate", "is_audio", "video", "audio");
        assertEquals(asset.video.toString(), media.toString());
    }

    @Test
    void detailsShowTheResultsAskedForAndListingsTheFieldsAskedFor() throws Exception {
        Asset asset = image();
        asset.results = (ObjectNode) EventCodec.mapper().readTree("{\"phash\":\"ab\",\"info\":{}}");
        JsonNode details = REST.valueToTree(AssetView.of(BASE, asset).withResults(asset, Set.of("info")::contains)
                .withDerived(List.of()));
        assertEquals(List.of("info", "derived"), keys(details).subList(keys(details).size() - 2, keys(details).size()));
        assertEquals("[]", details.get("derived").toString());
        JsonNode listed = REST.valueToTree(AssetView.of(BASE, asset).only(Set.of("public_id", "tags")::contains));
        assertEquals(List.of("public_id", "tags"), keys(listed));
        assertEquals("{\"status\":\"pending\",\"type\":\"upload\",\"batch_id\":\"b\",\"public_id\":\"folder/cat\"}",
                REST.writeValueAsString(AssetView.Pending.of(asset, "b")));
    }
}
