package dev.upshot.transcription.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import dev.upshot.contracts.TranscriptionCompleted;
import dev.upshot.video.Clips;
import dev.upshot.video.Speech;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker on real Kafka, PostgreSQL and S3 with the real model: a sentence spoken by espeak-ng comes back with its
 * key words in time order, with captions; a language the model lacks and a corrupt file fail with a reason, once.
 */
@QuarkusTest
class AssetUploadedConsumerTest {
    private static final String BUCKET = System.getenv().getOrDefault("UPSHOT_S3_BUCKET", "upshot");

    @TempDir
    static Path dir;

    @BeforeAll
    static void bucket() throws Exception {
        if (!s3().bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            s3().makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
    }

    @Test
    void aSpokenSentenceIsTranscribedWithOrderedTimesAndCaptions() throws Exception {
        String key = put(Files.readAllBytes(Speech.m4a(dir)));
        Map<String, TranscriptionCompleted> reports = run(Map.of(
                "speech", upload(key, "m4a", Map.of("raw_convert", "google_speech:srt:vtt")),
                "french", upload(key, "m4a", Map.of("auto_transcription", "{\"language\":\"fr-FR\"}")),
                "corrupt", upload(put(Clips.corruptMp4()), "mp4", Map.of("auto_transcription", "true"))));

        TranscriptionCompleted speech = reports.get("speech");
        assertNull(speech.error());
        assertEquals(List.of("transcript", "srt", "vtt"), speech.files().stream()
                .map(TranscriptionCompleted.TranscriptFile::extension).toList());
        assertEquals(key + ".transcript", speech.files().getFirst().objectKey());
        JsonNode transcript = EventCodec.mapper().readTree(get(speech.files().getFirst().objectKey()));
        List<String> words = new ArrayList<>();
        double previousStart = -1;
        for (JsonNode segment : transcript) {
            assertTrue(segment.get("confidence").asDouble() > 0 && segment.get("confidence").asDouble() <= 1);
            for (JsonNode word : segment.get("words")) {
                words.add(word.get("word").asText());
                double start = word.get("start_time").asDouble();
                assertTrue(start > previousStart && start < word.get("end_time").asDouble() && start < 10,
                        "times in order: " + transcript);
                previousStart = start;
            }
        }
        assertTrue(words.containsAll(Speech.KEY_WORDS), "key words of '" + Speech.SENTENCE + "' in " + words);
        assertTrue(get(speech.files().get(1).objectKey()).startsWith("1\n00:00:00,"));
        assertTrue(get(speech.files().get(2).objectKey()).startsWith("WEBVTT\n\n00:00:00."));

        assertEquals("language fr-FR is not supported by the local speech model (supported: en-US)",
                reports.get("french").error());
        assertTrue(reports.get("french").files().isEmpty());
        assertTrue(reports.get("corrupt").error().startsWith("transcription failed: "), reports.get("corrupt").error());
    }

    private static AssetUploaded upload(String key, String format, Map<String, String> transcription) {
        return new AssetUploaded("speech", "video", "upload", format, 1, 0, 0, BUCKET, key, "audio/mp4",
                new AssetUploaded.RequestedWork(List.of(), Map.of(), null, false, List.of(), false, transcription));
    }

    /** Publishes each upload, then waits for a report about each. */
    private static Map<String, TranscriptionCompleted> run(Map<String, AssetUploaded> uploads) throws Exception {
        Map<String, String> names = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer();
             KafkaProducer<String, String> producer = new KafkaProducer<>(kafka(), new StringSerializer(),
                     new StringSerializer())) {
            consumer.subscribe(List.of(Topics.TRANSCRIPTION_COMPLETED));
            for (var upload : uploads.entrySet()) {
                String assetId = UUID.randomUUID().toString();
                names.put(assetId, upload.getKey());
                producer.send(new ProducerRecord<>(Topics.ASSET_UPLOADED, assetId,
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

    private static String put(byte[] bytes) throws Exception {
        String key = "demo/video/" + UUID.randomUUID();
        s3().putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
        return key;
    }

    private static String get(String key) throws Exception {
        try (InputStream in = s3().getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static MinioClient s3() {
        var config = ConfigProvider.getConfig();
        return MinioClient.builder().endpoint(config.getValue("upshot.s3.endpoint", String.class))
                .credentials(config.getValue("upshot.s3.access-key", String.class),
                        config.getValue("upshot.s3.secret-key", String.class)).build();
    }

    private static Properties kafka() {
        Properties props = new Properties();
        props.put("bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        return props;
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties props = kafka();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }
}
