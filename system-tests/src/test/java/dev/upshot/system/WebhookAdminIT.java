package dev.upshot.system;

import com.cloudinary.Cloudinary;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upshot.testsupport.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The delivery log's Admin API on the gateway's public port (proxied to the dispatcher), and a trigger asking for
 * Standard Webhooks signatures, end to end with the packaged services and the official SDK.
 */
class WebhookAdminIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Platform platform;
    private static Cloudinary cloudinary;
    private static WebhookReceiver receiver;
    private static String auth;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.get();
        cloudinary = platform.cloudinary;
        receiver = platform.receiver;
        auth = "Basic " + Base64.getEncoder().encodeToString((platform.env.get("UPSHOT_API_KEY") + ":"
                + platform.env.get("UPSHOT_API_SECRET")).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aStandardWebhooksTriggerIsSignedTheStandardWayAndEveryTargetGetsTheEventId() throws Exception {
        String trigger = "/standard/" + UUID.randomUUID();
        String own = "/plain/" + UUID.randomUUID();
        JsonNode created = call("POST", "/v1_1/e2e/triggers", Map.of("uri", receiver.url(trigger),
                "event_type", "upload", "signature_scheme", "standard"), 200);
        try {
            Map<?, ?> uploaded = cloudinary.uploader().upload(Png.of(5, 5),
                    ObjectUtils.asMap("notification_url", receiver.url(own)));
            WebhookReceiver.Received standard = platform.awaitOne(trigger);
            WebhookReceiver.Received plain = platform.awaitOne(own);

            String id = standard.header("webhook-id");
            String timestamp = standard.header("webhook-timestamp");
            assertNotNull(id);
            // the key is the api_secret's bytes when no whsec_ secret is configured
            assertEquals(hmac(platform.env.get("UPSHOT_API_SECRET").getBytes(StandardCharsets.UTF_8),
                    id + "." + timestamp + "." + standard.body()), standard.header("webhook-signature"));
            assertTrue(cloudinary.verifyNotificationSignature(standard.body(), standard.timestamp(),
                    standard.signature(), 7200), "Cloudinary's signature is there too");
            assertNull(plain.header("webhook-signature"));
            assertEquals(standard.header("X-Upshot-Event-Id"), plain.header("X-Upshot-Event-Id"));
            assertEquals(String.valueOf(uploaded.get("version")), plain.header("X-Upshot-Asset-Version"));
        } finally {
            call("DELETE", "/v1_1/e2e/triggers/" + created.path("id").asText(), null, 200);
        }
    }

    @Test
    void deliveriesAreListedReplayedAndRecoveredThroughTheGateway() throws Exception {
        String ok = "/replay/" + UUID.randomUUID();
        cloudinary.uploader().upload(Png.of(6, 6), ObjectUtils.asMap("notification_url", receiver.url(ok)));
        WebhookReceiver.Received first = platform.awaitOne(ok);

        JsonNode listed = awaitDelivery(receiver.url(ok), "delivered");
        String id = listed.path("id").asText();
        assertEquals(first.header("X-Upshot-Event-Id"), listed.path("event_id").asText());
        assertEquals(1, listed.path("attempts").size());
        call("POST", "/v1_1/e2e/webhooks/deliveries/" + id + "/replay", null, 200);
        await().atMost(Platform.DELIVERY).until(() -> receiver.at(ok).size() == 2);
        assertEquals(first.body(), receiver.at(ok).getLast().body(), "a replay sends the same bytes");
        assertEquals(first.header("X-Upshot-Event-Id"), receiver.at(ok).getLast().header("X-Upshot-Event-Id"));

        Instant since = Instant.now().minusSeconds(5);
        String gone = "/gone/" + UUID.randomUUID();
        receiver.answerNext(gone, 410, 1);   // 410 ends a delivery at once
        cloudinary.uploader().upload(Png.of(7, 7), ObjectUtils.asMap("notification_url", receiver.url(gone)));
        platform.awaitOne(gone);
        awaitDelivery(receiver.url(gone), "gone");
        JsonNode recovered = call("POST", "/v1_1/e2e/webhooks/deliveries/recover",
                Map.of("target", receiver.url(gone), "since", since.toString()), 200);
        assertEquals(1, recovered.path("recovered").asInt());
        await().atMost(Platform.DELIVERY).until(() -> receiver.at(gone).size() == 2);
        assertEquals(2, awaitDelivery(receiver.url(gone), "delivered").path("attempts").size());

        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(
                platform.gateway.uri("/v1_1/e2e/webhooks/deliveries")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertEquals("Must supply api_key", JSON.readTree(anonymous.body()).at("/error/message").asText());
    }

    private JsonNode awaitDelivery(String target, String status) throws Exception {
        String query = "/v1_1/e2e/webhooks/deliveries?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
        await().atMost(Platform.DELIVERY).until(() ->
                call("GET", query, null, 200).at("/deliveries/0/status").asText().equals(status));
        JsonNode deliveries = call("GET", query, null, 200).path("deliveries");
        assertEquals(1, deliveries.size());
        return deliveries.get(0);
    }

    private static JsonNode call(String method, String path, Map<String, String> body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(platform.gateway.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private static String hmac(byte[] key, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
