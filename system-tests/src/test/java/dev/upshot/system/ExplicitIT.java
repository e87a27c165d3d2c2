package dev.upshot.system;

import com.cloudinary.EagerTransformation;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.testsupport.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Analysis of assets already stored, as the SDKs ask for it: the Upload API's {@code explicit} and the Admin API's
 * {@code update} go through the same workers as an upload, answer in Cloudinary's shapes and notify with
 * {@code explicit} and {@code info} notifications the SDK verifies.
 */
class ExplicitIT extends OnPlatform {

    /** A plain upload: no analysis asked, so there is nothing to show until explicit asks. */
    private static String stored(byte[] bytes) throws Exception {
        String publicId = "explicit/" + UUID.randomUUID();
        JsonNode uploaded = json(cloudinary.uploader().upload(bytes, ObjectUtils.asMap("public_id", publicId,
                "tags", "original")));
        assertNull(uploaded.get("colors"), uploaded.toString());
        return publicId;
    }

    @Test
    void explicitAnalysesAStoredAssetAndNotifies() throws Exception {
        String publicId = stored(AnalysisIT.poster("AGAIN"));
        String hook = "/explicit/" + UUID.randomUUID();
        JsonNode result = json(cloudinary.uploader().explicit(publicId, ObjectUtils.asMap("type", "upload",
                "colors", true, "phash", true, "quality_analysis", true, "accessibility_analysis", true,
                "faces", true, "tags", List.of("explicit", "again"), "notification_url", platform.receiver.url(hook))));
        assertEquals(publicId, result.get("public_id").asText());
        assertNull(result.get("processing"), "answered once the analyses are merged: " + result);
        assertTrue(result.get("colors").isArray(), result.toString());
        assertTrue(result.get("phash").asText().matches("[0-9a-f]{16}"), result.toString());
        assertTrue(result.at("/quality_analysis/focus").isNumber(), result.toString());
        assertTrue(result.at("/accessibility_analysis/colorblind_accessibility_score").isNumber(), result.toString());
        assertEquals("[]", String.valueOf(result.get("faces")), result.toString());
        assertEquals(List.of("explicit", "again"), JSON.convertValue(result.get("tags"), List.class));
        assertTrue(cloudinary.verifyApiResponseSignature(publicId, result.get("version").asText(),
                result.get("signature").asText()));

        WebhookReceiver.Received hit = platform.awaitOne(hook);
        assertTrue(cloudinary.verifyNotificationSignature(hit.body(), hit.timestamp(), hit.signature(), 7200));
        JsonNode notification = JSON.readTree(hit.body());
        assertEquals("explicit", notification.get("notification_type").asText());
        assertEquals(publicId, notification.get("public_id").asText());
        assertTrue(notification.get("colors").isArray(), notification.toString());

        JsonNode details = json(cloudinary.api().resource(publicId, ObjectUtils.asMap("colors", true,
                "quality_analysis", true)));
        assertTrue(details.get("colors").isArray(), details.toString());
        assertTrue(details.at("/quality_analysis/focus").isNumber(), details.toString());
        assertEquals(List.of("explicit", "again"), JSON.convertValue(details.get("tags"), List.class));
    }

    /** The Node SDK's encoding: booleans as {@code 1}, signed form fields. */
    @Test
    void nodeEncodedExplicitGetsTheSameAnalyses() throws Exception {
        String publicId = stored(Png.of(320, 240));
        Map<String, Object> params = new HashMap<>();
        params.put("public_id", publicId);
        params.put("type", "upload");
        for (String analysis : List.of("faces", "colors", "phash", "image_metadata")) {
            params.put(analysis, "1");
        }
        params.put("timestamp", Long.toString(System.currentTimeMillis() / 1000));
        cloudinary.signRequest(params, new HashMap<>());
        String form = params.entrySet().stream().map(e -> e.getKey() + "="
                + URLEncoder.encode(e.getValue().toString(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        platform.gateway.uri("/v1_1/e2e/image/explicit"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode result = JSON.readTree(response.body());
        assertEquals("[]", String.valueOf(result.get("faces")), result.toString());
        assertTrue(result.get("colors").isArray(), result.toString());
        assertTrue(result.get("phash").asText().matches("[0-9a-f]{16}"), result.toString());
        assertTrue(result.get("image_metadata").isObject(), result.toString());
        assertEquals(List.of("original"), JSON.convertValue(result.get("tags"), List.class), "tags not sent stay");
    }

    @Test
    void asyncExplicitAnswersPendingAndNotifiesTheResults() throws Exception {
        String publicId = stored(AnalysisIT.poster("LATER"));
        String hook = "/explicit-async/" + UUID.randomUUID();
        JsonNode pending = json(cloudinary.uploader().explicit(publicId, ObjectUtils.asMap("type", "upload",
                "async", true, "colors", true, "notification_url", platform.receiver.url(hook))));
        assertEquals("pending", pending.get("status").asText(), pending.toString());
        assertFalse(pending.get("batch_id").asText().isEmpty(), pending.toString());
        JsonNode notification = JSON.readTree(platform.awaitOne(hook).body());
        assertEquals("explicit", notification.get("notification_type").asText());
        assertEquals(pending.get("batch_id").asText(), notification.get("batch_id").asText());
        assertTrue(notification.get("colors").isArray(), notification.toString());
    }

    @Test
    void explicitEagerDerivesTheStoredOriginal() throws Exception {
        String publicId = stored(Png.of(400, 200));
        String hook = "/explicit-eager/" + UUID.randomUUID();
        JsonNode result = json(cloudinary.uploader().explicit(publicId, ObjectUtils.asMap("type", "upload",
                "eager", List.of(new EagerTransformation().crop("scale").width(100).format("jpg")),
                "eager_async", true, "eager_notification_url", platform.receiver.url(hook))));
        assertEquals("processing", result.at("/eager/0/status").asText(), result.toString());
        WebhookReceiver.Received hit = platform.awaitOne(hook);
        assertTrue(cloudinary.verifyNotificationSignature(hit.body(), hit.timestamp(), hit.signature(), 7200));
        JsonNode eager = JSON.readTree(hit.body());
        assertEquals("eager", eager.get("notification_type").asText(), eager.toString());
        assertEquals(100, eager.at("/eager/0/width").asInt(), eager.toString());
        HttpResponse<byte[]> derived = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                java.net.URI.create(eager.at("/eager/0/secure_url").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, derived.statusCode());
    }

    @Test
    void explicitOfAMissingAssetIsNotFoundAndBadParametersAreRefused() {
        // the SDK's uploader reports every error as a RuntimeException carrying the message
        Exception missing = assertThrows(Exception.class, () -> cloudinary.uploader().explicit("explicit/none-"
                + UUID.randomUUID(), ObjectUtils.asMap("type", "upload", "colors", true)));
        assertTrue(missing.getMessage().startsWith("Resource not found"), missing.getMessage());
        Exception folder = assertThrows(Exception.class, () -> cloudinary.uploader().explicit("explicit/x",
                ObjectUtils.asMap("type", "upload", "folder", "elsewhere")));
        assertTrue(folder.getMessage().contains("folder"), folder.getMessage());
    }

    /**
     * The Admin update's add-ons: answered at once with the result pending under {@code info}, then an {@code info}
     * notification (Cloudinary's {@code info_kind}, {@code info_status}, {@code info_data}) and the details show it.
     */
    @Test
    void adminUpdateRunsAnAddOnAndSendsAnInfoNotification() throws Exception {
        String publicId = stored(AnalysisIT.poster("UPDATED"));
        String hook = "/update-info/" + UUID.randomUUID();
        JsonNode answer = json(cloudinary.api().update(publicId, ObjectUtils.asMap("ocr", "adv_ocr",
                "notification_url", platform.receiver.url(hook))));
        assertEquals("pending", answer.at("/info/ocr/adv_ocr/status").asText(), answer.toString());

        WebhookReceiver.Received hit = platform.awaitOne(hook);
        assertTrue(cloudinary.verifyNotificationSignature(hit.body(), hit.timestamp(), hit.signature(), 7200));
        JsonNode info = JSON.readTree(hit.body());
        assertEquals("info", info.get("notification_type").asText(), info.toString());
        assertEquals("adv_ocr", info.get("info_kind").asText(), info.toString());
        assertEquals("complete", info.get("info_status").asText(), info.toString());
        assertTrue(info.get("info_data").toString().contains("UPDATED"), info.toString());
        assertEquals(publicId, info.get("public_id").asText());

        await().atMost(Platform.DELIVERY).until(() -> "complete".equals(json(cloudinary.api().resource(publicId,
                ObjectUtils.emptyMap())).at("/info/ocr/adv_ocr/status").asText()));
    }
}
