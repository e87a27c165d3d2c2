package dev.upshot.dispatcher.it;

import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The test's own Kafka clients: a producer standing in for the gateway, and consumers in groups of their own. */
final class KafkaProbe implements AutoCloseable {
    private final String bootstrap;
    private final KafkaProducer<String, String> producer;

    KafkaProbe(String bootstrap) {
        this.bootstrap = bootstrap;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    /** Publishes as the gateway's outbox relay does: keyed by asset id, with the event id header. */
    void publish(String topic, Envelope envelope) {
        var record = new ProducerRecord<>(topic, envelope.assetId(), EventCodec.encode(envelope));
        record.headers().add(Topics.EVENT_ID_HEADER, envelope.eventId().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(Topics.EVENT_TYPE_HEADER, envelope.type().getBytes(StandardCharsets.UTF_8));
        send(record);
    }

    void publishRaw(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    private void send(ProducerRecord<String, String> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + record.topic(), e);
        }
    }

    /** Reads {@code topic} from the beginning, in a new group, until a value matches or {@code within} passes. */
    Optional<String> find(String topic, Predicate<String> matching, Duration within) {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "webhook-dispatcher-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                    if (matching.test(record.value())) {
                        return Optional.of(record.value());
                    }
                }
            }
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
