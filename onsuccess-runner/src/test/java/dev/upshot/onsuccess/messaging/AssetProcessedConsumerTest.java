package dev.upshot.onsuccess.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.AssetProcessed;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.OnSuccessCompleted;
import dev.upshot.contracts.Topics;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** asset.processed in, onsuccess.completed out, on real Kafka and PostgreSQL; a killed sandbox is an outcome too. */
@QuarkusTest
class AssetProcessedConsumerTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void eachScriptProducesOneOutcomeKeyedByTheAsset() throws Exception {
        String good = UUID.randomUUID().toString();
        String killer = UUID.randomUUID().toString();
        ObjectNode info = EventCodec.mapper().createObjectNode().put("public_id", "cat").put("width", 1200);
        Envelope goodEvent = EventCodec.wrap(new AssetProcessed(info,
                "current_asset.update({ context: { w: String(e.upload_info.width) } })"), good, 7, "demo", Instant.now());
        Envelope killerEvent = EventCodec.wrap(new AssetProcessed(info, "function f(){try{f()}catch(e){f()}} f()"),
                killer, 1, "demo", Instant.now());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.ASSET_PROCESSED, killer, EventCodec.encode(killerEvent))).get();
            producer.send(new ProducerRecord<>(Topics.ASSET_PROCESSED, good, EventCodec.encode(goodEvent))).get();
            producer.send(new ProducerRecord<>(Topics.ASSET_PROCESSED, good, EventCodec.encode(goodEvent))).get();
        }

        Map<String, List<OnSuccessCompleted>> outcomes = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "test-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.ONSUCCESS_COMPLETED));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    Envelope envelope = EventCodec.decode(r.value());
                    assertEquals(envelope.assetId(), r.key());
                    outcomes.computeIfAbsent(r.key(), k -> new ArrayList<>())
                            .add(EventCodec.payload(envelope, OnSuccessCompleted.class));
                });
                return outcomes.containsKey(good) && outcomes.containsKey(killer);
            });
            Thread.sleep(1000);
            consumer.poll(Duration.ofMillis(500)).forEach(r -> outcomes.computeIfAbsent(r.key(),
                    k -> new ArrayList<>()).add(EventCodec.payload(EventCodec.decode(r.value()),
                    OnSuccessCompleted.class)));
        }
        assertEquals(1, outcomes.get(good).size(), "a redelivered event runs once");
        assertTrue(outcomes.get(good).getFirst().succeeded());
        assertEquals("1200", outcomes.get(good).getFirst().update().at("/context/w").asText());
        assertEquals(1, outcomes.get(killer).size());
        assertFalse(outcomes.get(killer).getFirst().succeeded());
        assertTrue(outcomes.get(killer).getFirst().error().contains("timed out"));
    }
}
