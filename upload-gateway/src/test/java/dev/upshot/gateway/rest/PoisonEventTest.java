package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.NotificationOutcome;
import dev.upshot.contracts.NotificationOutcome.Outcome;
import dev.upshot.contracts.Topics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
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
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Poison never stops the flow: an event the broker refuses for good (2 MB, over the producer's and broker's 1 MiB)
 * forced into the outbox is parked with its reason while the uploads behind it are relayed; the operator endpoints
 * list, re-drive and guard it; a malformed record on a consumed topic lands in the dead-letter topic, where it can be
 * inspected and replayed; a malformed record in a poll taken in at once goes there alone.
 */
@QuarkusTest
class PoisonEventTest {
    private static final String TOKEN = "test-ops-token";

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anOversizedRowIsParkedAndTheUploadsBehindItFlow() throws Exception {
        UUID poison = UUID.randomUUID();
        pool.preparedQuery("insert into outbox (event_id, topic, message_key, event_type, payload, created_at) "
                        + "values ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(poison, Topics.ASSET_UPLOADED, "poison-asset", "AssetUploaded",
                        "{\"pad\":\"" + "x".repeat(2_000_000) + "\"}", OffsetDateTime.now()))
                .await().atMost(Duration.ofSeconds(10));

        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String publicId = "poison/" + UUID.randomUUID();
        try (KafkaConsumer<String, String> consumer = UploadApiTest.consumer()) {
            consumer.subscribe(List.of(Topics.ASSET_UPLOADED));
            cloudinary.uploader().upload(UploadApiTest.image("png", 40, 30),
                    ObjectUtils.asMap("public_id", publicId, "async", true));
            TestEvents.awaitFor(consumer, List.of(publicId),
                    envelope -> "AssetUploaded".equals(envelope.type()) && envelope.payload().has("publicId")
                            ? EventCodec.payload(envelope, AssetUploaded.class).publicId() : null);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> parked(poison) != null);
        assertTrue(parked(poison).contains("RecordTooLarge"), parked(poison));
        assertEquals(0L, count("select count(*) from outbox where event_id = $1", poison));

        // the operator endpoint lists it with its reason; without the token: 401
        assertEquals(401, call("GET", "ops/outbox", null).statusCode());
        JsonNode listed = json(call("GET", "ops/outbox", TOKEN));
        JsonNode row = null;
        for (JsonNode p : listed.get("parked")) {
            if (p.get("eventId").asText().equals(poison.toString())) {
                row = p;
            }
        }
        assertTrue(row != null && row.get("reason").asText().contains("RecordTooLarge"), listed.toString());

        // re-driven, the broker refuses it again: parked again under a new row, never retried in a loop
        long firstId = row.get("id").asLong();
        assertEquals(200, call("POST", "ops/outbox/parked/" + firstId + "/redrive", TOKEN).statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("select count(*) from outbox_parked where event_id = $1 and id <> " + firstId, poison) == 1L);
        assertEquals(0L, count("select count(*) from outbox where event_id = $1", poison));
    }

    @Test
    void aMalformedRecordIsDeadLetteredInspectableAndReplayable() throws Exception {
        String dlq = "upshot.analysis.completed.dlq.upload-gateway";
        long before = deadLetters(dlq);
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.ANALYSIS_COMPLETED, "no-asset", "this is not an event")).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(dlq) == before + 1);
        JsonNode topic = topic(dlq);
        JsonNode newest = topic.get("newest").get(topic.get("newest").size() - 1);
        assertEquals("no-asset", newest.get("key").asText());
        assertTrue(newest.get("reason").asText().contains("not an event envelope"), newest.toString());

        // replay sends every letter not replayed before back; this one fails again and comes back once more
        JsonNode replayed = json(call("POST", "ops/dead-letters/" + dlq + "/replay", TOKEN));
        assertEquals(before + 1, replayed.get("replayed").asLong());
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(dlq) == before + 2);
        assertEquals(1L, json(call("POST", "ops/dead-letters/" + dlq + "/replay", TOKEN)).get("replayed").asLong());
    }

    /**
     * The dispatcher's outcome reports are recorded a poll at a time: a record that is not an event goes to the
     * dead-letter topic without holding back the rest, the last outcome of a delivery wins, and each event counts
     * once however often it comes (a stale one redelivered later changes nothing).
     */
    @Test
    void aPollOfOutcomesIsRecordedOncePerEventAroundAMalformedRecord() throws Exception {
        String dlq = Topics.NOTIFICATION_OUTCOME + ".dlq.upload-gateway";
        long before = deadLetters(dlq);
        String asset = "outcomes-" + UUID.randomUUID();
        UUID notification = UUID.randomUUID();
        Envelope dead = outcome(asset, notification, "http://a.example/hook", Outcome.DEAD, 3, 500);
        Envelope delivered = outcome(asset, notification, "http://a.example/hook", Outcome.DELIVERED, 4, 200);
        Envelope gone = outcome(asset, UUID.randomUUID(), "http://b.example/hook", Outcome.GONE, 1, 410);

        sendOutcomes(asset, "this is not an event", EventCodec.encode(dead), EventCodec.encode(delivered),
                EventCodec.encode(delivered), EventCodec.encode(gone));
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(asset).size() == 2 && deadLetters(dlq) == before + 1);
        assertEquals(Map.of("http://a.example/hook", "DELIVERED/4/200", "http://b.example/hook", "GONE/1/410"),
                outcomes(asset));

        sendOutcomes(asset, EventCodec.encode(dead),   // redelivered long after: already recorded
                EventCodec.encode(outcome(asset, UUID.randomUUID(), "http://c.example/hook", Outcome.DELIVERED, 1, 204)));
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(asset).size() == 3);
        assertEquals("DELIVERED/4/200", outcomes(asset).get("http://a.example/hook"));
        for (Envelope event : List.of(dead, delivered, gone)) {
            assertEquals(1L, count("select count(*) from processed_event where consumer = 'notification-outcome' "
                    + "and event_id = $1", event.eventId()));
        }
    }

    private static Envelope outcome(String asset, UUID notification, String target, Outcome outcome, int attempts,
                                    int status) {
        return EventCodec.wrap(new NotificationOutcome(notification, target, outcome, attempts, status), asset, 1,
                "demo", Instant.now());
    }

    /** In one producer batch, so that they are likely one poll of the gateway's consumer. */
    private static void sendOutcomes(String asset, String... values) throws Exception {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "linger.ms", "100"), new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(Topics.NOTIFICATION_OUTCOME, asset, value));
            }
            producer.flush();
        }
    }

    private Map<String, String> outcomes(String asset) {
        return pool.preparedQuery("select target, outcome, attempts, last_status from notification_outcome "
                        + "where asset_id = $1").execute(Tuple.of(asset)).await().atMost(Duration.ofSeconds(10))
                .stream().collect(Collectors.toMap(r -> r.getString("target"),
                        r -> r.getString("outcome") + "/" + r.getInteger("attempts") + "/" + r.getInteger("last_status")));
    }

    private long deadLetters(String dlq) throws Exception {
        JsonNode topic = topic(dlq);
        return topic == null ? 0 : topic.get("records").asLong();
    }

    private JsonNode topic(String dlq) throws Exception {
        for (JsonNode t : json(call("GET", "ops/dead-letters?limit=5", TOKEN))) {
            if (t.get("topic").asText().equals(dlq)) {
                return t;
            }
        }
        return null;
    }

    private String parked(UUID eventId) {
        var rows = pool.preparedQuery("select reason from outbox_parked where event_id = $1").execute(Tuple.of(eventId))
                .await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? null : rows.iterator().next().getString(0);
    }

    private long count(String sql, UUID eventId) {
        return pool.preparedQuery(sql).execute(Tuple.of(eventId)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    private HttpResponse<String> call(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return EventCodec.mapper().readTree(response.body());
    }
}
