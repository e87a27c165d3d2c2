package dev.upshot.moderation.messaging;

import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.ModerationCompleted;
import dev.upshot.contracts.Topics;
import dev.upshot.imaging.Fixtures;
import dev.upshot.imaging.Images;
import dev.upshot.testsupport.TestImages;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
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

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker on real Kafka, PostgreSQL, S3 and a real HTTP provider: duplicates found after re-encoding and
 * resizing (and by exact bytes), not for unrelated images, not against rejected assets; chains run in order,
 * stop at manual and abort at the first rejection; a flaky provider is retried.
 */
@QuarkusTest
@QuarkusTestResource(FakeProvider.class)
class ModerationChainTest {
    static final String BUCKET = System.getenv().getOrDefault("UPSHOT_S3_BUCKET", "upshot");
    private static final String CLOUD = "modtest" + UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void bucket() throws Exception {
        MinioClient s3 = s3();
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
    }

    @Test
    void duplicatesAreFoundAfterReencodingAndResizingButNotForOtherImages() throws Exception {
        BufferedImage scene = TestImages.scene(42, 800, 600);
        byte[] original = TestImages.png(scene);
        // only uploads that ask for an automated kind are fingerprinted: the original asks for an exact-copy check
        Envelope first = upload("orig", original, 800, 600, List.of("duplicate:1"));
        decisions(List.of(first), 1);   // indexed and approved before the copies are compared with it
        Envelope copy = upload("copy", TestImages.jpeg(TestImages.resized(scene, 400, 300), 0.7f), 400, 300,
                List.of("duplicate:0.9"));
        Envelope same = upload("same", original, 800, 600, List.of("duplicate:1"));
        Envelope other = upload("other", TestImages.png(TestImages.scene(43, 800, 600)), 800, 600,
                List.of("duplicate:0.9"));

        Map<String, List<ModerationCompleted>> decisions = decisions(List.of(copy, same, other), 3);
        ModerationCompleted copyDecision = decisions.get(copy.assetId()).getFirst();
        assertEquals("rejected", copyDecision.status());
        assertEquals(first.assetId(), copyDecision.response().at("/duplicates/0/asset_id").asText());
        assertTrue(copyDecision.response().at("/duplicates/0/similarity").asDouble() >= 0.9, copyDecision.toString());
        ModerationCompleted sameDecision = decisions.get(same.assetId()).getFirst();
        assertEquals("rejected", sameDecision.status());
        assertTrue(sameDecision.response().at("/duplicates/0/exact").asBoolean(), sameDecision.toString());
        ModerationCompleted otherDecision = decisions.get(other.assetId()).getFirst();
        assertEquals("approved", otherDecision.status(), otherDecision.toString());
        assertEquals(0, otherDecision.response().get("duplicates").size());

        // the rejected copy is not matched against: a second copy finds only the original
        Envelope again = upload("again", TestImages.jpeg(TestImages.resized(scene, 640, 480), 0.8f), 640, 480,
                List.of("duplicate:0.9"));
        ModerationCompleted againDecision = decisions(List.of(again), 1).get(again.assetId()).getFirst();
        List<String> matched = new ArrayList<>();
        againDecision.response().get("duplicates").forEach(d -> matched.add(d.get("asset_id").asText()));
        assertEquals(List.of(first.assetId()), matched);
    }

    /** A phone's HEIC of a picture, and the same picture stored sideways with EXIF orientation 6, are duplicates. */
    @Test
    void aHeicAndATurnedJpegOfOnePictureAreDuplicates() throws Exception {
        BufferedImage scene = TestImages.scene(55, 600, 400);
        Envelope first = upload("heic", Images.encode(scene, "heic", 80), 600, 400, List.of("duplicate:1"));
        decisions(List.of(first), 1);
        Envelope turned = upload("turned", Fixtures.storedSideways(scene, 85), 600, 400, List.of("duplicate:0.9"));
        ModerationCompleted decision = decisions(List.of(turned), 1).get(turned.assetId()).getFirst();
        assertEquals("rejected", decision.status(), decision.toString());
        assertEquals(first.assetId(), decision.response().at("/duplicates/0/asset_id").asText());
    }

    @Test
    void aChainRunsInOrderStopsAtManualAndAbortsAtTheFirstRejection() throws Exception {
        byte[] picture = TestImages.png(TestImages.scene(77, 300, 200));
        Envelope good = upload("good-flaky", picture, 300, 200, List.of("upshot_http", "manual"));
        Envelope bad = upload("bad", TestImages.png(TestImages.scene(78, 300, 200)), 300, 200,
                List.of("upshot_http", "duplicate:0.9"));
        Map<String, List<ModerationCompleted>> decisions = decisions(List.of(good, bad), 2);
        Thread.sleep(1500);
        decisions = decisions(List.of(good, bad), 2);
        assertEquals(1, decisions.get(good.assetId()).size(), "manual is the gateway's: " + decisions);
        ModerationCompleted approved = decisions.get(good.assetId()).getFirst();
        assertEquals("upshot_http", approved.kind());
        assertEquals("approved", approved.status());
        assertEquals(0.02, approved.response().get("score").asDouble());
        assertEquals(1, decisions.get(bad.assetId()).size(), "a rejection ends the chain: " + decisions);
        ModerationCompleted rejected = decisions.get(bad.assetId()).getFirst();
        assertEquals("rejected", rejected.status());
        assertEquals("policy", rejected.response().get("reason").asText());
        String sent = FakeProvider.REQUESTS.stream().filter(r -> r.contains(good.assetId())).findFirst().orElseThrow();
        assertTrue(sent.contains("/" + CLOUD + "/image/upload/v1/"), sent);
    }

    @Test
    void theLocalModelScoresAnImageAndCloudinaryNamesReachIt() throws Exception {
        Envelope own = upload("nsfw", TestImages.png(TestImages.scene(90, 400, 300)), 400, 300, List.of("upshot_nsfw"));
        Envelope alias = upload("alias", TestImages.png(TestImages.scene(91, 400, 300)), 400, 300, List.of("aws_rek"));
        Map<String, List<ModerationCompleted>> decisions = decisions(List.of(own, alias), 2);
        for (Envelope e : List.of(own, alias)) {
            ModerationCompleted decision = decisions.get(e.assetId()).getFirst();
            assertEquals("approved", decision.status(), decision.toString());
            double sum = 0;
            for (String name : List.of("Drawing", "Hentai", "Neutral", "Porn", "Sexy")) {
                sum += decision.response().at("/scores/" + name).asDouble();
            }
            assertEquals(1.0, sum, 1e-3, decision.toString());
        }
        assertEquals("aws_rek", decisions.get(alias.assetId()).getFirst().kind());
    }

    /** Puts the bytes in S3 and publishes the gateway's event for them. */
    private static Envelope upload(String name, byte[] bytes, int width, int height, List<String> chain)
            throws Exception {
        String key = put(bytes);
        return publish(new AssetUploaded(name + "_" + UUID.randomUUID(), "image", "upload", "png", bytes.length,
                width, height, BUCKET, key, "image/png",
                new AssetUploaded.RequestedWork(chain, Map.of(), null, false)));
    }

    /** Publishes the gateway's event for an upload whose bytes are in S3. */
    static Envelope publish(AssetUploaded asset) throws Exception {
        Envelope envelope = EventCodec.wrap(asset, UUID.randomUUID().toString().replace("-", ""), 1, CLOUD,
                Instant.now());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.MODERATION_REQUESTED, envelope.assetId(), EventCodec.encode(envelope)))
                    .get();
        }
        return envelope;
    }

    /** Stores the bytes in the bucket the events name; returns the key. */
    static String put(byte[] bytes) throws Exception {
        bucket();
        String key = CLOUD + "/image/" + UUID.randomUUID();
        s3().putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType("image/png").build());
        return key;
    }

    /** The decisions reported for these uploads, once {@code expected} of them have some. */
    static Map<String, List<ModerationCompleted>> decisions(List<Envelope> uploads, int expected) {
        Map<String, List<ModerationCompleted>> found = new HashMap<>();
        List<String> ids = uploads.stream().map(Envelope::assetId).toList();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.MODERATION_COMPLETED));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    Envelope e = EventCodec.decode(r.value());
                    if (ids.contains(e.assetId())) {
                        found.computeIfAbsent(e.assetId(), k -> new ArrayList<>())
                                .add(EventCodec.payload(e, ModerationCompleted.class));
                    }
                });
                return found.size() >= expected;
            });
        }
        return found;
    }

    private static MinioClient s3() {
        var config = ConfigProvider.getConfig();
        return MinioClient.builder().endpoint(config.getValue("upshot.s3.endpoint", String.class))
                .credentials(config.getValue("upshot.s3.access-key", String.class),
                        config.getValue("upshot.s3.secret-key", String.class))
                .region(config.getValue("upshot.s3.region", String.class)).build();
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }
}
