package dev.upshot.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dead-letter topics of this service's incoming channels ({@code mp.messaging.incoming.*.dead-letter-queue.topic}):
 * inspected with a short-lived consumer that commits nothing, replayed through the group {@code <group>.replay},
 * whose committed offsets remember what was already sent back. Operator calls only: nothing runs in between.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Pattern DLQ_TOPIC = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.dead-letter-queue\\.topic");
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int MAX_REPLAY = 10_000;

    /** A dead-letter topic, its size and its newest records. */
    public record Topic(String topic, String sourceTopic, String group, long records, long replayed,
                        List<Letter> newest) {
    }

    /** One dead letter: where it came from and why it is here. */
    public record Letter(int partition, long offset, String key, String eventId, String reason) {
    }

    private record Channel(String dlqTopic, String sourceTopic, String group) {
    }

    public List<Topic> inspect(int limit) {
        List<Topic> topics = new ArrayList<>();
        for (Channel channel : channels().values()) {
            try (KafkaConsumer<String, String> consumer = consumer(null)) {
                List<TopicPartition> partitions = partitions(consumer, channel.dlqTopic());
                Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                long records = partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
                long replayed = replayedCount(channel, partitions, begin);
                List<Letter> newest = new ArrayList<>();
                if (limit > 0 && records > 0) {
                    consumer.assign(partitions);
                    partitions.forEach(p -> consumer.seek(p, Math.max(begin.get(p), end.get(p) - limit)));
                    for (ConsumerRecord<String, String> r : drain(consumer, end, limit * partitions.size())) {
                        newest.add(new Letter(r.partition(), r.offset(), r.key(), header(r, "upshot-event-id"),
                                header(r, "dead-letter-reason")));
                    }
                }
                topics.add(new Topic(channel.dlqTopic(), channel.sourceTopic(), channel.group(), records, replayed,
                        newest.size() > limit ? newest.subList(newest.size() - limit, newest.size()) : newest));
            }
        }
        return topics;
    }

    /** Sends every dead letter not replayed before back to its source topic; returns how many. */
    public int replay(String dlqTopic) {
        Channel channel = channels().get(dlqTopic);
        if (channel == null) {
            throw new NotFoundException("no dead-letter topic " + dlqTopic + " in this service");
        }
        int sent = 0;
        try (KafkaConsumer<String, String> consumer = consumer(channel.group() + ".replay");
             KafkaProducer<String, String> producer = producer()) {
            List<TopicPartition> partitions = partitions(consumer, dlqTopic);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            for (ConsumerRecord<String, String> r : drain(consumer, end, MAX_REPLAY)) {
                ProducerRecord<String, String> back = new ProducerRecord<>(channel.sourceTopic(), null, r.key(), r.value());
                for (Header h : r.headers()) {
                    if (!h.key().startsWith("dead-letter-")) {
                        back.headers().add(h);
                    }
                }
                producer.send(back).get(30, TimeUnit.SECONDS);
                consumer.commitSync(Map.of(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1)));
                sent++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted after " + sent + " records", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DependencyUnavailableException("replay stopped after " + sent + " records: " + e.getMessage(), e);
        }
        return sent;
    }

    private long replayedCount(Channel channel, List<TopicPartition> partitions, Map<TopicPartition, Long> begin) {
        try (KafkaConsumer<String, String> replayer = consumer(channel.group() + ".replay")) {
            Map<TopicPartition, OffsetAndMetadata> committed = replayer.committed(new java.util.HashSet<>(partitions));
            return partitions.stream().mapToLong(p -> Optional.ofNullable(committed.get(p))
                    .map(o -> o.offset() - begin.get(p)).orElse(0L)).map(n -> Math.max(0, n)).sum();
        }
    }

    /** Reads from the current positions up to {@code end}, at most {@code max} records. */
    private static List<ConsumerRecord<String, String>> drain(KafkaConsumer<String, String> consumer,
                                                              Map<TopicPartition, Long> end, int max) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        int idle = 0;
        while (out.size() < max && idle < 4 && end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            var records = consumer.poll(POLL);
            idle = records.isEmpty() ? idle + 1 : 0;
            for (ConsumerRecord<String, String> r : records) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition())) && out.size() < max) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, Channel> channels() {
        Config config = ConfigProvider.getConfig();
        Map<String, Channel> channels = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            Matcher m = DLQ_TOPIC.matcher(name);
            if (m.matches()) {
                String prefix = "mp.messaging.incoming." + m.group(1) + ".";
                String dlq = config.getValue(name, String.class);
                channels.put(dlq, new Channel(dlq, config.getValue(prefix + "topic", String.class),
                        config.getValue(prefix + "group.id", String.class)));
            }
        }
        return channels;
    }

    private static Map<String, Object> common() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        return props;
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        Map<String, Object> props = common();
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        }
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static KafkaProducer<String, String> producer() {
        Map<String, Object> props = common();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
