package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.api.ApiResponse;
import com.cloudinary.utils.ObjectUtils;
import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.EventCodec;
import dev.upshot.contracts.Topics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Upload API, delivery and the Admin API, driven by the official Java SDK against real PostgreSQL, S3, Kafka. */
@QuarkusTest
class UploadApiTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void signedUploadIsStoredDeliveredAndVerifiable() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        byte[] png = image("png", 120, 80);
        String id = "it/" + UUID.randomUUID();
        Map<?, ?> result = cloudinary.uploader().upload(png, ObjectUtils.asMap("public_id", id,
                "tags", "a,b", "context", "alt=x\\=y|caption=hello", "unique_filename", false));

        assertEquals(id, result.get("public_id"));
        assertEquals(120, result.get("width"));
        assertEquals(80, result.get("height"));
        assertEquals("png", result.get("format"));
        assertEquals("image", result.get("resource_type"));
        assertEquals(png.length, ((Number) result.get("bytes")).intValue());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(png)), result.get("etag"));
        assertEquals(List.of("a", "b"), result.get("tags"));
        assertEquals(Map.of("custom", Map.of("alt", "x=y", "caption", "hello")), result.get("context"));
        assertTrue(cloudinary.verifyApiResponseSignature(id, String.valueOf(result.get("version")),
                (String) result.get("signature")));

        String url = (String) result.get("secure_url");
        byte[] delivered = RestAssured.get(url).then().statusCode(200).contentType("image/png")
                .header("ETag", "\"" + result.get("etag") + "\"").extract().asByteArray();
        assertArrayEquals(png, delivered);
        byte[] part = RestAssured.given().header("Range", "bytes=0-7").get(url).then().statusCode(206)
                .header("Content-Range", "bytes 0-7/" + png.length).extract().asByteArray();
        assertArrayEquals(Arrays.copyOf(png, 8), part);
        RestAssured.given().header("If-None-Match", "\"" + result.get("etag") + "\"").get(url).then().statusCode(304);
        String unversioned = url.replaceFirst("/v\\d+/", "/");
        RestAssured.get(unversioned).then().statusCode(200);
        RestAssured.get(url.replace(".png", ".gif")).then().statusCode(404);

        ApiResponse details = cloudinary.api().resource(id, ObjectUtils.emptyMap());
        assertEquals(result.get("asset_id"), details.get("asset_id"));
        // the Node SDK sends the slash of a public id as %2F
        RestAssured.given().urlEncodingEnabled(false).auth().preemptive()
                .basic(SdkClients.config("api-key"), SdkClients.config("api-secret"))
                .get(base + "v1_1/" + SdkClients.config("cloud-name") + "/resources/image/upload/"
                        + id.replace("/", "%2F"))
                .then().statusCode(200).body("public_id", equalTo(id));
    }

    @Test
    void overwriteMakesANewVersionAndOverwriteFalseKeepsTheExistingOne() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String id = "ow-" + UUID.randomUUID();
        Map<?, ?> first = cloudinary.uploader().upload(image("png", 10, 10), ObjectUtils.asMap("public_id", id));
        Map<?, ?> second = cloudinary.uploader().upload(image("jpg", 20, 20), ObjectUtils.asMap("public_id", id));
        assertEquals(first.get("asset_id"), second.get("asset_id"));
        assertTrue(((Number) second.get("version")).longValue() > ((Number) first.get("version")).longValue());
        assertEquals(Boolean.TRUE, second.get("overwritten"));
        assertEquals("jpg", second.get("format"));

        Map<?, ?> kept = cloudinary.uploader().upload(image("png", 30, 30),
                ObjectUtils.asMap("public_id", id, "overwrite", false));
        assertEquals(Boolean.TRUE, kept.get("existing"));
        assertEquals(20, kept.get("width"));
        RestAssured.get((String) kept.get("url")).then().statusCode(200).contentType("image/jpeg");
    }

    @Test
    void concurrentUploadsToOneNewPublicIdAllSucceedOnOneAsset() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String id = "race-" + UUID.randomUUID();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Map<?, ?>>> uploads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                byte[] png = image("png", 10 + i, 10);
                uploads.add(pool.submit(() -> cloudinary.uploader().upload(png, ObjectUtils.asMap("public_id", id))));
            }
            java.util.Set<Object> assetIds = new java.util.HashSet<>();
            for (var upload : uploads) {
                assetIds.add(upload.get().get("asset_id"));
            }
            assertEquals(1, assetIds.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listsWithCursorsAndDeletes() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String prefix = "page-" + UUID.randomUUID() + "/";
        for (int i = 0; i < 3; i++) {
            cloudinary.uploader().upload(image("png", 5 + i, 5), ObjectUtils.asMap("public_id", prefix + i));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            ApiResponse page = cloudinary.api().resources(ObjectUtils.asMap("type", "upload", "prefix", prefix,
                    "max_results", 2, "next_cursor", cursor));
            for (Object r : (List<?>) page.get("resources")) {
                seen.add((String) ((Map<?, ?>) r).get("public_id"));
            }
            cursor = (String) page.get("next_cursor");
        } while (cursor != null);
        assertEquals(List.of(prefix + 2, prefix + 1, prefix + 0), seen, "newest first");

        ApiResponse deleted = cloudinary.api().deleteResources(List.of(prefix + 0, prefix + "missing"),
                ObjectUtils.emptyMap());
        assertEquals(Map.of(prefix + 0, "deleted", prefix + "missing", "not_found"), deleted.get("deleted"));
        RestAssured.get(base + SdkClients.config("cloud-name") + "/image/upload/" + prefix + "0.png")
                .then().statusCode(404).body("error.message", org.hamcrest.Matchers.containsString("not found"));
    }

    @Test
    void unsignedUploadOnlyThroughAnUnsignedPreset() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        String preset = "unsigned_" + UUID.randomUUID().toString().substring(0, 8);
        cloudinary.api().createUploadPreset(ObjectUtils.asMap("name", preset, "unsigned", true,
                "tags", "from-preset", "folder", "guests"));
        ApiResponse stored = cloudinary.api().uploadPreset(preset, ObjectUtils.emptyMap());
        assertEquals(true, stored.get("unsigned"));

        Map<?, ?> result = cloudinary.uploader().unsignedUpload(image("png", 7, 7), preset, ObjectUtils.emptyMap());
        assertTrue(((String) result.get("public_id")).startsWith("guests/"));
        assertEquals(List.of("from-preset"), result.get("tags"));
    }

    @Test
    void dataUriAndRemoteUrlAreAccepted() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        byte[] png = image("png", 9, 4);
        Map<?, ?> fromData = cloudinary.uploader().upload("data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png), ObjectUtils.emptyMap());
        assertEquals(9, fromData.get("width"));

        Map<?, ?> fromUrl = cloudinary.uploader().upload(fromData.get("url"),
                ObjectUtils.asMap("use_filename", true, "unique_filename", false, "folder", "fetched"));
        assertEquals("fetched/" + fromData.get("public_id"), fromUrl.get("public_id"));
        assertEquals(fromData.get("etag"), fromUrl.get("etag"));
    }

    @Test
    void anAcceptedUploadIsAnnouncedOnKafkaKeyedByAssetId() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.ASSET_UPLOADED));
            Map<?, ?> result = cloudinary.uploader().upload(image("png", 11, 12),
                    ObjectUtils.asMap("moderation", "manual", "phash", true));
            String assetId = (String) result.get("asset_id");
            List<ConsumerRecord<String, String>> mine = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (assetId.equals(r.key())) {
                        mine.add(r);
                    }
                });
                return !mine.isEmpty();
            });
            Envelope envelope = EventCodec.decode(mine.getFirst().value());
            AssetUploaded uploaded = EventCodec.payload(envelope, AssetUploaded.class);
            assertEquals(result.get("public_id"), uploaded.publicId());
            assertEquals(((Number) result.get("version")).longValue(), envelope.assetVersion());
            assertEquals(List.of("manual"), uploaded.requested().moderation());
            assertEquals(Map.of("phash", "true"), uploaded.requested().analyses());
            assertNotNull(mine.getFirst().headers().lastHeader(Topics.EVENT_ID_HEADER));
            assertFalse(uploaded.objectKey().isBlank());
        }
    }

    @Test
    void aPlainUploadWakesNoWorkerAndOneWithAnAnalysisOnlyTheAnalysisWorker() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        List<String> work = List.of(Topics.ANALYSIS_REQUESTED, Topics.MODERATION_REQUESTED,
                Topics.DERIVATION_REQUESTED, Topics.TRANSCRIPTION_REQUESTED);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<String> topics = new ArrayList<>(work);
            topics.add(Topics.ASSET_UPLOADED);
            consumer.subscribe(topics);
            String plain = (String) cloudinary.uploader().upload(image("png", 13, 14), ObjectUtils.emptyMap())
                    .get("asset_id");
            // manual moderation alone is the gateway's queue: no work for moderation-worker either
            // async, so as not to wait for an analysis no worker here will make; its answer names no asset id
            String pending = (String) cloudinary.uploader().upload(image("png", 15, 16),
                    ObjectUtils.asMap("phash", true, "moderation", "manual", "async", true)).get("public_id");
            String analysed = (String) cloudinary.api().resource(pending, ObjectUtils.emptyMap()).get("asset_id");
            List<ConsumerRecord<String, String>> mine = new ArrayList<>();
            // one asset's events are one outbox transaction, relayed in order: the plain one's are all out before
            // the analysed one's copy on its work topic
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (plain.equals(r.key()) || analysed.equals(r.key())) {
                        mine.add(r);
                    }
                });
                return mine.stream().anyMatch(r -> r.topic().equals(Topics.ANALYSIS_REQUESTED))
                        && mine.stream().filter(r -> r.topic().equals(Topics.ASSET_UPLOADED)).count() == 2;
            });
            consumer.poll(Duration.ofSeconds(1)).forEach(r -> {
                if (plain.equals(r.key()) || analysed.equals(r.key())) {
                    mine.add(r);
                }
            });
            assertEquals(List.of(), mine.stream().filter(r -> plain.equals(r.key()) && work.contains(r.topic()))
                    .map(ConsumerRecord::topic).toList(), "a plain upload wakes no worker");
            List<ConsumerRecord<String, String>> routed = mine.stream()
                    .filter(r -> analysed.equals(r.key()) && work.contains(r.topic())).toList();
            assertEquals(List.of(Topics.ANALYSIS_REQUESTED), routed.stream().map(ConsumerRecord::topic).toList());
            ConsumerRecord<String, String> announced = mine.stream()
                    .filter(r -> analysed.equals(r.key()) && r.topic().equals(Topics.ASSET_UPLOADED)).findFirst()
                    .orElseThrow();
            assertEquals(announced.value(), routed.getFirst().value(), "the same envelope, same event id");
        }
    }

    static KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // a topic the first event creates is seen within a second, not after the 5 min metadata refresh
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    static byte[] image(String format, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF0000 + w * 7 + h);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format.equals("jpg") ? "jpeg" : format, out);
        return out.toByteArray();
    }
}
