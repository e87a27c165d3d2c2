package dev.upshot.moderation.messaging;

import dev.upshot.contracts.AssetDeleted;
import dev.upshot.contracts.AssetRenamed;
import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import dev.upshot.testsupport.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The shared consumer path on real Kafka and PostgreSQL: once per event id, poison messages to the DLQ. */
@QuarkusTest
class AssetUploadedConsumerTest {
    @Inject
    Pool pool;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aRedeliveredEventIsProcessedOnceAndGarbageGoesToTheDeadLetterTopic() throws Exception {
        String assetId = UUID.randomUUID().toString();
        String key = ModerationChainTest.put(TestImages.png(TestImages.scene(1, 16, 16)));
        Envelope envelope = EventCodec.wrap(new AssetUploaded("p", "image", "upload", "png", 1, 16, 16,
                ModerationChainTest.BUCKET, key,
                        "image/png", new AssetUploaded.RequestedWork(List.of("duplicate:1"), Map.of(), null, false)),
                assetId, 1, "demo", Instant.now());
        String poison = "{not an envelope " + assetId;
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.MODERATION_REQUESTED, assetId, EventCodec.encode(envelope))).get();
            producer.send(new ProducerRecord<>(Topics.MODERATION_REQUESTED, assetId, poison)).get();
            producer.send(new ProducerRecord<>(Topics.MODERATION_REQUESTED, assetId, EventCodec.encode(envelope))).get();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> processedRows(envelope) == 1);
        AtomicBoolean deadLettered = new AtomicBoolean();
        try (KafkaConsumer<String, String> dlq = consumer()) {
            dlq.subscribe(List.of(Topics.MODERATION_REQUESTED + ".dlq.moderation-worker"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(r -> deadLettered.compareAndSet(false, poison.equals(r.value())));
                return deadLettered.get();
            });
        }
        Thread.sleep(1000);
        assertEquals(1, processedRows(envelope));
    }

    @Test
    void aDeletedAssetLeavesTheDuplicateIndex() throws Exception {
        String assetId = UUID.randomUUID().toString();
        String key = ModerationChainTest.put(TestImages.png(TestImages.scene(2, 16, 16)));
        Envelope uploaded = EventCodec.wrap(new AssetUploaded("d", "image", "upload", "png", 1, 16, 16,
                ModerationChainTest.BUCKET, key, "image/png",
                new AssetUploaded.RequestedWork(List.of("duplicate:1"), Map.of(), null, false)),
                assetId, 1, "demo", Instant.now());
        Envelope renamed = EventCodec.wrap(new AssetRenamed("image", "d", "e", "upload", "upload"),
                assetId, 1, "demo", Instant.now());
        Envelope deleted = EventCodec.wrap(new AssetDeleted("d", "image", "upload", ModerationChainTest.BUCKET, key),
                assetId, 1, "demo", Instant.now());
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.MODERATION_REQUESTED, assetId, EventCodec.encode(uploaded))).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> fingerprints(assetId) == 1);
            producer.send(new ProducerRecord<>(Topics.ASSET_CHANGED, assetId, EventCodec.encode(renamed))).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> processedRows(renamed) == 1);
            assertEquals(1, fingerprints(assetId), "a rename keeps the fingerprint");
            producer.send(new ProducerRecord<>(Topics.ASSET_CHANGED, assetId, EventCodec.encode(deleted))).get();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> fingerprints(assetId) == 0);
    }

    private long fingerprints(String assetId) {
        return pool.preparedQuery("select count(*) from fingerprint where asset_id = $1")
                .execute(Tuple.of(assetId)).await().indefinitely().iterator().next().getLong(0);
    }

    private long processedRows(Envelope envelope) {
        return pool.preparedQuery("select count(*) from processed_event where event_id = $1")
                .execute(Tuple.of(envelope.eventId())).await().indefinitely().iterator().next().getLong(0);
    }

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }
}
