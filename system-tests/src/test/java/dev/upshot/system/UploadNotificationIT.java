package dev.upshot.system;

import com.cloudinary.Cloudinary;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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
class UploadNotificationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    private static final TestAccount ACCOUNT = TestAccount.fresh();
    private static final Map<String, String> ENV = ACCOUNT.env();
    private static ServiceProcess gateway;
    private static ServiceProcess dispatcher;
    private static WebhookReceiver receiver;
    private static Cloudinary cloudinary;

    @BeforeAll
    static void startPlatform() throws Exception {
        receiver = new WebhookReceiver();
        dispatcher = ServiceProcess.start("webhook-dispatcher", ENV);
        gateway = ServiceProcess.start("upload-gateway", ENV);
        dispatcher.awaitHealth("ready", false, STARTUP);
        gateway.awaitHealth("ready", false, STARTUP);
        cloudinary = ACCOUNT.sdk(gateway);
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        for (AutoCloseable part : new AutoCloseable[]{gateway, dispatcher, receiver}) {
            if (part != null) {
                part.close();
            }
        }
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
        Map<String, String> noKafka = new HashMap<>(ENV);
        noKafka.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + ServiceProcess.freePort());
        ServiceProcess isolated = ServiceProcess.start("upload-gateway", noKafka).awaitHealth("ready", true, STARTUP);
        String hook = "/outage/" + UUID.randomUUID();
        try {
            Map<?, ?> result = ACCOUNT.sdk(isolated).uploader()
                    .upload(Png.of(8, 8), ObjectUtils.asMap("notification_url", receiver.url(hook)));
            assertEquals(8, result.get("width"));
        } finally {
            isolated.kill();
        }
        JsonNode body = JSON.readTree(awaitOne(hook).body());
        assertEquals(8, body.path("width").asInt());
    }

    /** Delivery state lives in PostgreSQL: a dispatcher killed between attempts is replaced and the retry arrives. */
    @Test
    void aRetryPendingWhenTheDispatcherIsKilledIsDeliveredByItsReplacement() throws Exception {
        String hook = "/crash/" + UUID.randomUUID();
        receiver.failNext(hook, 1);
        cloudinary.uploader().upload(Png.of(5, 5), ObjectUtils.asMap("notification_url", receiver.url(hook)));
        await().atMost(DELIVERY).until(() -> receiver.at(hook).size() == 1);
        dispatcher.kill();
        dispatcher = ServiceProcess.start("webhook-dispatcher", ENV).awaitHealth("ready", false, STARTUP);

        await().atMost(DELIVERY).until(() -> receiver.at(hook).size() == 2);
        WebhookReceiver.Received retry = receiver.at(hook).get(1);
        assertEquals(receiver.at(hook).getFirst().body(), retry.body(), "the same bytes on every attempt");
        assertTrue(cloudinary.verifyNotificationSignature(retry.body(), retry.timestamp(), retry.signature(), 7200));
    }

    private static WebhookReceiver.Received awaitOne(String path) {
        await().atMost(DELIVERY).until(() -> !receiver.at(path).isEmpty());
        List<WebhookReceiver.Received> hits = receiver.at(path);
        assertEquals(1, hits.size(), "exactly one delivery");
        return hits.getFirst();
    }
}
