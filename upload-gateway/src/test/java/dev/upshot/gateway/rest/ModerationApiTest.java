package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.api.ApiResponse;
import com.cloudinary.utils.ObjectUtils;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.ModerationCompleted;
import dev.upshot.contracts.NotificationRequested;
import dev.upshot.contracts.Topics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's side of moderation on real Kafka and PostgreSQL, with this test standing in for the worker:
 * chains start pending/queued, decisions from the topic advance them (once, however often delivered), manual
 * decisions through the official SDK, a moderation notification per change, rejected assets not delivered.
 */
@QuarkusTest
class ModerationApiTest {
    private static final String HOOK = "http://127.0.0.1:9/moderation-hook";

    @TestHTTPResource("/")
    URL base;

    @Test
    void anAutomatedApprovalHandsOverToTheManualQueueAndAManualDecisionIsIdempotent() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String publicId = "mod/" + UUID.randomUUID();
        Map<?, ?> uploaded = cloudinary.uploader().upload(UploadApiTest.image("png", 8, 8), ObjectUtils.asMap(
                "public_id", publicId, "moderation", "upshot_http|manual", "notification_url", HOOK));
        assertEquals(List.of(Map.of("kind", "upshot_http", "status", "pending"), Map.of("kind", "manual", "status", "queued")),
                kindsAndStatuses(uploaded));
        assertEquals(200, fetch((String) uploaded.get("secure_url")), "pending assets are delivered");

        var decision = new ModerationCompleted("upshot_http", 0, "approved",
                (com.fasterxml.jackson.databind.node.ObjectNode) EventCodec.mapper().readTree("{\"score\":0.1}"),
                Instant.now());
        Envelope event = EventCodec.wrap(decision, (String) uploaded.get("asset_id"),
                ((Number) uploaded.get("version")).longValue(), SdkClients.config("cloud-name"), Instant.now());
        publish(event);
        publish(event);
        await().atMost(Duration.ofSeconds(30)).until(() -> "manual".equals(
                cloudinary.api().resource(publicId, ObjectUtils.emptyMap()).get("moderation_kind")));
        ApiResponse details = cloudinary.api().resource(publicId, ObjectUtils.emptyMap());
        assertEquals("pending", details.get("moderation_status"));
        assertEquals(List.of(Map.of("kind", "upshot_http", "status", "approved"), Map.of("kind", "manual", "status", "pending")),
                kindsAndStatuses(details));
        assertEquals(Map.of("score", 0.1), ((Map<?, ?>) ((List<?>) details.get("moderation")).get(0)).get("response"));

        assertTrue(queue(cloudinary, "manual", "pending").contains(publicId));
        ApiResponse approved = cloudinary.api().update(publicId, ObjectUtils.asMap("moderation_status", "approved"));
        assertEquals("approved", approved.get("moderation_status"));
        cloudinary.api().update(publicId, ObjectUtils.asMap("moderation_status", "approved"));
        assertTrue(!queue(cloudinary, "manual", "pending").contains(publicId));
        assertTrue(queue(cloudinary, "manual", "approved").contains(publicId));

        List<NotificationRequested> notices = moderationNotices(publicId, 2);
        assertEquals(List.of("upshot_http:approved", "manual:approved"), notices.stream()
                .map(n -> n.body().get("moderation_kind").asText() + ":" + n.body().get("moderation_status").asText())
                .toList());
        assertEquals(List.of(HOOK), notices.get(0).targets());
        assertEquals(0.1, notices.get(0).body().at("/moderation_response/score").asDouble());
        assertEquals(publicId, notices.get(1).body().get("public_id").asText());
        Thread.sleep(1000);
        assertEquals(2, moderationNotices(publicId, 2).size(), "deciding twice notifies once");
    }

    @Test
    void aRejectionAbortsTheRestAndIsNotDelivered() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String publicId = "mod/" + UUID.randomUUID();
        Map<?, ?> uploaded = cloudinary.uploader().upload(UploadApiTest.image("png", 9, 9), ObjectUtils.asMap(
                "public_id", publicId, "moderation", "duplicate:0.9|upshot_http|manual"));
        Envelope event = EventCodec.wrap(new ModerationCompleted("duplicate:0.9", 0, "rejected", null, Instant.now()),
                (String) uploaded.get("asset_id"), ((Number) uploaded.get("version")).longValue(),
                SdkClients.config("cloud-name"), Instant.now());
        publish(event);
        await().atMost(Duration.ofSeconds(30)).until(() -> "rejected".equals(
                cloudinary.api().resource(publicId, ObjectUtils.emptyMap()).get("moderation_status")));
        assertEquals(List.of(Map.of("kind", "duplicate:0.9", "status", "rejected"),
                        Map.of("kind", "upshot_http", "status", "aborted"), Map.of("kind", "manual", "status", "aborted")),
                kindsAndStatuses(cloudinary.api().resource(publicId, ObjectUtils.emptyMap())));
        assertEquals(404, fetch((String) uploaded.get("secure_url")));

        // a manual override brings it back
        cloudinary.api().update(publicId, ObjectUtils.asMap("moderation_status", "approved"));
        assertEquals(200, fetch((String) uploaded.get("secure_url")));
    }

    @Test
    void badChainsAndDecisionsAreRefused() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        for (String chain : List.of("no_such_kind", "manual|upshot_http", "duplicate:1.5", "duplicate:x", "manual|manual")) {
            Exception refused = assertThrows(Exception.class, () -> cloudinary.uploader().upload(
                    UploadApiTest.image("png", 3, 3), ObjectUtils.asMap("moderation", chain)));
            assertTrue(refused.getMessage().contains("moderation"), chain + ": " + refused.getMessage());
        }
        String publicId = "mod/" + UUID.randomUUID();
        cloudinary.uploader().upload(UploadApiTest.image("png", 3, 3), ObjectUtils.asMap("public_id", publicId,
                "moderation", "manual"));
        assertThrows(Exception.class, () -> cloudinary.api().update(publicId,
                ObjectUtils.asMap("moderation_status", "maybe")));
        assertThrows(Exception.class, () -> cloudinary.api().update("mod/missing-" + UUID.randomUUID(),
                ObjectUtils.asMap("moderation_status", "approved")));
        assertThrows(Exception.class, () -> cloudinary.api().resourcesByModeration("manual", "sideways",
                ObjectUtils.emptyMap()));
    }

    @Test
    void theQueuePagesWithCursors() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String folder = "page" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 3; i++) {
            cloudinary.uploader().upload(UploadApiTest.image("png", 5, 5 + i), ObjectUtils.asMap(
                    "public_id", folder + "/" + i, "moderation", "manual"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            ApiResponse page = cloudinary.api().resourcesByModeration("manual", "pending", cursor == null
                    ? ObjectUtils.asMap("max_results", 2) : ObjectUtils.asMap("max_results", 2, "next_cursor", cursor));
            assertTrue(((List<?>) page.get("resources")).size() <= 2);
            ((List<?>) page.get("resources")).forEach(r -> seen.add((String) ((Map<?, ?>) r).get("public_id")));
            cursor = (String) page.get("next_cursor");
        } while (cursor != null);
        assertTrue(seen.containsAll(List.of(folder + "/0", folder + "/1", folder + "/2")), seen.toString());
        assertEquals(seen.size(), seen.stream().distinct().count());
    }

    private static List<Map<String, Object>> kindsAndStatuses(Map<?, ?> resource) {
        return ((List<?>) resource.get("moderation")).stream()
                .map(e -> Map.<String, Object>of("kind", ((Map<?, ?>) e).get("kind"), "status", ((Map<?, ?>) e).get("status")))
                .toList();
    }

    private static List<String> queue(Cloudinary cloudinary, String kind, String status) throws Exception {
        ApiResponse page = cloudinary.api().resourcesByModeration(kind, status, ObjectUtils.asMap("max_results", 500));
        return ((List<?>) page.get("resources")).stream().map(r -> (String) ((Map<?, ?>) r).get("public_id")).toList();
    }

    private static int fetch(String url) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    /** The moderation notifications requested for this public id, once at least {@code expected} are there. */
    static List<NotificationRequested> moderationNotices(String publicId, int expected) {
        List<NotificationRequested> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.NOTIFICATION_REQUESTED));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    NotificationRequested n = EventCodec.payload(EventCodec.decode(r.value()), NotificationRequested.class);
                    if (n.notificationType().equals("moderation") && n.body().path("public_id").asText().equals(publicId)) {
                        found.add(n);
                    }
                });
                return found.size() >= expected;
            });
            consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                NotificationRequested n = EventCodec.payload(EventCodec.decode(r.value()), NotificationRequested.class);
                if (n.notificationType().equals("moderation") && n.body().path("public_id").asText().equals(publicId)) {
                    found.add(n);
                }
            });
        }
        return found;
    }

    private static void publish(Envelope envelope) throws Exception {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.MODERATION_COMPLETED, envelope.assetId(),
                    EventCodec.encode(envelope))).get();
        }
    }
}
