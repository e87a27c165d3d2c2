package dev.upshot.transcription.messaging;

import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import dev.upshot.contracts.TranscriptionCompleted;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** The worker's inputs and outputs on real Kafka and S3, for the tests: uploads published, reports awaited. */
final class TranscriptionEvents {
    static final String BUCKET = System.getenv().getOrDefault("UPSHOT_S3_BUCKET", "upshot");

    private TranscriptionEvents() {
    }

    static void bucket() throws Exception {
        if (!s3().bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            s3().makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
    }

    static AssetUploaded upload(String key, String format, Map<String, String> transcription) {
        return new AssetUploaded("speech", "video", "upload", format, 1, 0, 0, BUCKET, key, "audio/mp4",
                new AssetUploaded.RequestedWork(List.of(), Map.of(), null, false, List.of(), false, transcription));
    }

    /** Publishes each upload, then waits for a report about each. */
    static Map<String, TranscriptionCompleted> run(Map<String, AssetUploaded> uploads) throws Exception {
        Map<String, String> names = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer();
             KafkaProducer<String, String> producer = new KafkaProducer<>(kafka(), new StringSerializer(),
                     new StringSerializer())) {
            consumer.subscribe(List.of(Topics.TRANSCRIPTION_COMPLETED));
            for (var upload : uploads.entrySet()) {
                String assetId = UUID.randomUUID().toString();
                names.put(assetId, upload.getKey());
                producer.send(new ProducerRecord<>(Topics.TRANSCRIPTION_REQUESTED, assetId,
                        EventCodec.encode(EventCodec.wrap(upload.getValue(), assetId, 1, "demo", Instant.now())))).get();
            }
            Map<String, TranscriptionCompleted> reports = new HashMap<>();
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    Envelope envelope = EventCodec.decode(record.value());
                    if (names.containsKey(envelope.assetId())) {
                        reports.put(names.get(envelope.assetId()),
                                EventCodec.payload(envelope, TranscriptionCompleted.class));
                    }
                });
                return reports.size() == uploads.size();
            });
            return reports;
        }
    }

    static String put(byte[] bytes) throws Exception {
        String key = "demo/video/" + UUID.randomUUID();
        s3().putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
        return key;
    }

    static String get(String key) throws Exception {
        try (InputStream in = s3().getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static MinioClient s3() {
        var config = ConfigProvider.getConfig();
        return MinioClient.builder().endpoint(config.getValue("upshot.s3.endpoint", String.class))
                .credentials(config.getValue("upshot.s3.access-key", String.class),
                        config.getValue("upshot.s3.secret-key", String.class)).build();
    }

    static Properties kafka() {
        Properties props = new Properties();
        props.put("bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        return props;
    }

    static KafkaConsumer<String, String> consumer() {
        Properties props = kafka();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }
}
