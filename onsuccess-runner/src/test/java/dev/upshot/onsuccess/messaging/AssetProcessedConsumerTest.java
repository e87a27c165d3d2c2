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

/**
 * asset.processed in, onsuccess.completed out, on real Kafka; a killed sandbox is an outcome too, and a redelivered
 * event is answered with the same event id (the gateway applies it once).
 */
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

        Map<String, List<Envelope>> outcomes = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "test-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.ONSUCCESS_COMPLETED));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    Envelope envelope = EventCodec.decode(r.value());
                    assertEquals(envelope.assetId(), r.key());
                    outcomes.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(envelope);
                });
                return outcomes.getOrDefault(good, List.of()).size() == 2 && outcomes.containsKey(killer);
            });
        }
        List<Envelope> answers = outcomes.get(good);
        assertEquals(answers.get(0).eventId(), answers.get(1).eventId(), "a redelivered event's answer: same id");
        assertEquals(7, answers.getFirst().assetVersion());
        OnSuccessCompleted answer = EventCodec.payload(answers.getFirst(), OnSuccessCompleted.class);
        assertTrue(answer.succeeded());
        assertEquals("1200", answer.update().at("/context/w").asText());
        assertEquals(1, outcomes.get(killer).size());
        OnSuccessCompleted killed = EventCodec.payload(outcomes.get(killer).getFirst(), OnSuccessCompleted.class);
        assertFalse(killed.succeeded());
        assertTrue(killed.error().contains("timed out"));
    }
}
