package dev.upshot.gateway.rest;

import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.Event;
import dev.upshot.contracts.EventCodec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;

/** The test standing in for a worker: reads the gateway's events and answers them on the real Kafka. */
final class TestEvents {
    private TestEvents() {
    }

    /** The events of the wanted public ids (as {@code publicId} reads them from each envelope; null: not wanted). */
    static Map<String, Envelope> awaitFor(KafkaConsumer<String, String> consumer, List<String> publicIds,
                                          Function<Envelope, String> publicId) {
        Map<String, Envelope> found = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                Envelope envelope = EventCodec.decode(r.value());
                String id = publicId.apply(envelope);
                if (id != null && publicIds.contains(id)) {
                    found.put(id, envelope);
                }
            });
            return found.keySet().containsAll(publicIds);
        });
        return found;
    }

    /** As a worker would: keyed by the asset, about the version {@code cause} was about. */
    static void publish(String topic, Envelope cause, Event event) throws Exception {
        publish(topic, cause.assetId(), cause.assetVersion(), cause.cloud(), event);
    }

    static void publish(String topic, String assetId, long version, String cloud, Event event) throws Exception {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        Envelope envelope = EventCodec.wrap(event, assetId, version, cloud, Instant.now());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, envelope.assetId(), EventCodec.encode(envelope))).get();
        }
    }
}
