package dev.upshot.system;

import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.testsupport.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The platform end to end: the packaged gateway and dispatcher as processes on the real Kafka, PostgreSQL and S3
 * started by {@code ./upshot test}, driven and verified with the official Cloudinary Java SDK.
 */
class UploadNotificationIT extends OnPlatform {
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() {
        receiver = platform.receiver;
    }

    @Test
    void aSignedUploadIsNotifiedWithASignatureTheSdkVerifies() throws Exception {
        String hook = "/hook/" + UUID.randomUUID();
        Map<?, ?> result = cloudinary.uploader().upload(Png.of(64, 48), ObjectUtils.asMap(
                "notification_url", receiver.url(hook) + "?a=1&b=2", "tags", "e2e"));
        assertTrue(cloudinary.verifyApiResponseSignature((String) result.get("public_id"),
                String.valueOf(result.get("version")), (String) result.get("signature")));

        WebhookReceiver.Received hit = awaitOne(hook + "?a=1&b=2");
        assertTrue(cloudinary.verifyNotificationSignature(hit.body(), hit.timestamp(), hit.signature(), 7200));
        assertFalse(cloudinary.verifyNotificationSignature(hit.body() + " ", hit.timestamp(), hit.signature(), 7200));
        JsonNode body = JSON.readTree(hit.body());
        assertEquals("upload", body.path("notification_type").asText());
        assertEquals(result.get("public_id"), body.path("public_id").asText());
        assertEquals(((Number) result.get("version")).longValue(), body.path("version").asLong());
        assertEquals(64, body.path("width").asInt());
        assertFalse(body.path("request_id").asText().isEmpty());
        assertEquals("api", body.path("notification_context").path("triggered_by").path("source").asText());
    }

    @Test
    void anAsyncUploadAnswersPendingAndItsFullResponseArrivesByWebhook() throws Exception {
        String hook = "/async/" + UUID.randomUUID();
        Map<?, ?> pending = cloudinary.uploader().upload(Png.of(30, 20), ObjectUtils.asMap(
                "async", true, "notification_url", receiver.url(hook), "public_id", "async-" + UUID.randomUUID()));
        assertEquals("pending", pending.get("status"));
        assertNotNull(pending.get("batch_id"));
        assertEquals(null, pending.get("width"));

        WebhookReceiver.Received hit = awaitOne(hook);
        assertTrue(cloudinary.verifyNotificationSignature(hit.body(), hit.timestamp(), hit.signature(), 7200));
        JsonNode body = JSON.readTree(hit.body());
        assertEquals(pending.get("batch_id"), body.path("batch_id").asText());
        assertEquals(pending.get("public_id"), body.path("public_id").asText());
        assertEquals(30, body.path("width").asInt());
        assertEquals(20, body.path("height").asInt());
        assertTrue(cloudinary.verifyApiResponseSignature(body.path("public_id").asText(),
                body.path("version").asText(), body.path("signature").asText()));
    }

    /** A gateway that cannot reach Kafka still accepts uploads; the outbox gets the event out later. */
    @Test
    void anUploadAcceptedWhileKafkaIsUnreachableIsNotLost() throws Exception {
        Map<String, String> noKafka = new HashMap<>(platform.env);
        noKafka.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + ServiceProcess.freePort());
        ServiceProcess isolated = ServiceProcess.start("upload-gateway", noKafka)
                .awaitHealth("ready", true, Platform.STARTUP);
        String hook = "/outage/" + UUID.randomUUID();
        try {
            Map<?, ?> result = platform.sdk(isolated).uploader()
                    .upload(Png.of(8, 8), ObjectUtils.asMap("notification_url", receiver.url(hook)));
            assertEquals(8, result.get("width"));
        } finally {
            isolated.kill();
        }
        JsonNode body = JSON.readTree(awaitOne(hook).body());
        assertEquals(8, body.path("width").asInt());
    }

    /** A global trigger for "upload" hears every upload, beside the call's own notification_url. */
    @Test
    void aTriggerReceivesUploadsBesideTheCallsOwnUrl() throws Exception {
        String trigger = "/trigger/" + UUID.randomUUID();
        String own = "/own/" + UUID.randomUUID();
        String auth = "Basic " + Base64.getEncoder().encodeToString(
                (platform.env.get("UPSHOT_API_KEY") + ":" + platform.env.get("UPSHOT_API_SECRET")).getBytes());
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(platform.gateway.uri("/v1_1/e2e/triggers"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("uri", receiver.url(trigger), "event_type", "upload")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, created.statusCode(), created.body());
        String triggerId = JSON.readTree(created.body()).path("id").asText();
        try {
            assertTriggerHearsUploads(trigger, own);
        } finally {
            http.send(HttpRequest.newBuilder(platform.gateway.uri("/v1_1/e2e/triggers/" + triggerId))
                    .header("Authorization", auth).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    private void assertTriggerHearsUploads(String trigger, String own) throws Exception {
        Map<?, ?> first = cloudinary.uploader().upload(Png.of(3, 3), ObjectUtils.emptyMap());
        Map<?, ?> second = cloudinary.uploader().upload(Png.of(4, 4),
                ObjectUtils.asMap("notification_url", receiver.url(own)));
        await().atMost(Platform.DELIVERY).until(() -> receiver.at(trigger).size() >= 2 && receiver.at(own).size() == 1);
        List<String> heard = receiver.at(trigger).stream().map(r -> {
            try {
                return JSON.readTree(r.body()).path("public_id").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertTrue(heard.contains((String) first.get("public_id")));
        assertTrue(heard.contains((String) second.get("public_id")));
        WebhookReceiver.Received viaTrigger = receiver.at(trigger).getFirst();
        assertTrue(cloudinary.verifyNotificationSignature(viaTrigger.body(), viaTrigger.timestamp(),
                viaTrigger.signature(), 7200));
    }

    /** Delivery state lives in PostgreSQL: a dispatcher killed between attempts is replaced and the retry arrives. */
    @Test
    void aRetryPendingWhenTheDispatcherIsKilledIsDeliveredByItsReplacement() throws Exception {
        String hook = "/crash/" + UUID.randomUUID();
        receiver.failNext(hook, 1);
        cloudinary.uploader().upload(Png.of(5, 5), ObjectUtils.asMap("notification_url", receiver.url(hook)));
        await().atMost(Platform.DELIVERY).until(() -> receiver.at(hook).size() == 1);
        platform.replaceDispatcher();

        await().atMost(Platform.DELIVERY).until(() -> receiver.at(hook).size() == 2);
        WebhookReceiver.Received retry = receiver.at(hook).get(1);
        assertEquals(receiver.at(hook).getFirst().body(), retry.body(), "the same bytes on every attempt");
        assertTrue(cloudinary.verifyNotificationSignature(retry.body(), retry.timestamp(), retry.signature(), 7200));
    }

    private static WebhookReceiver.Received awaitOne(String path) {
        return platform.awaitOne(path);
    }

}
