package dev.upshot.gateway.rest;

import com.cloudinary.Cloudinary;
import com.cloudinary.utils.ObjectUtils;
import dev.upshot.video.Clips;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Video, audio and raw uploads through the official Java SDK (clips made at test time by the Maven ffmpeg), probed,
 * delivered with Range, described by the Admin API; and chunked uploads ({@code uploadLarge}) joined in S3.
 */
@QuarkusTest
@TestProfile(VideoUploadTest.ChunkSized.class)
class VideoUploadTest {
    /** Chunks of 5 MiB (S3's and Cloudinary's smallest) must fit through the HTTP body limit. */
    public static class ChunkSized implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.limits.max-body-size", "8M");
        }
    }

    private static final int CHUNK = 5 * 1024 * 1024;

    @TestHTTPResource("/")
    URL base;

    @Test
    void aVideoIsProbedDeliveredWithRangesAndDescribed() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        Path clip = Clips.video(Files.createTempDirectory("clips"), "mp4", 320, 240, 2);
        String id = "video/" + UUID.randomUUID();
        Map<?, ?> result = cloudinary.uploader().upload(clip.toFile(),
                ObjectUtils.asMap("resource_type", "video", "public_id", id));
        assertEquals("video", result.get("resource_type"));
        assertEquals("mp4", result.get("format"));
        assertEquals(320, result.get("width"));
        assertEquals(240, result.get("height"));
        assertEquals(false, result.get("is_audio"));
        assertEquals(2.0, ((Number) result.get("duration")).doubleValue(), 0.1);
        assertEquals(25.0, ((Number) result.get("frame_rate")).doubleValue(), 0.01);
        assertTrue(((Number) result.get("bit_rate")).longValue() > 0);
        Map<?, ?> video = (Map<?, ?>) result.get("video");
        assertEquals(List.of("yuv420p", "h264", "4:3"), List.of(video.get("pix_format"), video.get("codec"),
                video.get("dar")));
        assertTrue(video.containsKey("level") && video.containsKey("profile") && video.containsKey("bit_rate"));
        Map<?, ?> audio = (Map<?, ?>) result.get("audio");
        assertEquals(List.of("aac", 44100, 2, "stereo"), List.of(audio.get("codec"), audio.get("frequency"),
                audio.get("channels"), audio.get("channel_layout")));
        assertTrue(cloudinary.verifyApiResponseSignature(id, String.valueOf(result.get("version")),
                (String) result.get("signature")));

        String url = (String) result.get("secure_url");
        assertTrue(url.contains("/video/upload/") && url.endsWith(".mp4"), url);
        byte[] bytes = Files.readAllBytes(clip);
        assertArrayEquals(bytes, RestAssured.get(url).then().statusCode(200).contentType("video/mp4")
                .extract().asByteArray());
        assertArrayEquals(Arrays.copyOfRange(bytes, 100, 200), RestAssured.given().header("Range", "bytes=100-199")
                .get(url).then().statusCode(206).header("Content-Range", "bytes 100-199/" + bytes.length)
                .extract().asByteArray());

        Map<?, ?> details = cloudinary.api().resource(id, ObjectUtils.asMap("resource_type", "video"));
        assertEquals(result.get("duration"), details.get("duration"));
        assertEquals(video, details.get("video"));
    }

    @Test
    void audioIsAVideoWithIsAudioAndAnyOtherFileIsRaw() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        Path dir = Files.createTempDirectory("clips");
        Map<?, ?> mp3 = cloudinary.uploader().upload(Clips.audio(dir, "mp3", 1).toFile(),
                ObjectUtils.asMap("resource_type", "auto"));
        assertEquals(List.of("video", "mp3", true), List.of(mp3.get("resource_type"), mp3.get("format"),
                mp3.get("is_audio")));
        assertFalse(mp3.containsKey("width"), "no dimensions for audio: " + mp3);
        assertEquals(List.of("mp3", 44100, 2), List.of(((Map<?, ?>) mp3.get("audio")).get("codec"),
                ((Map<?, ?>) mp3.get("audio")).get("frequency"), ((Map<?, ?>) mp3.get("audio")).get("channels")));
        RestAssured.get((String) mp3.get("secure_url")).then().statusCode(200).contentType("audio/mpeg");

        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 1, 2, 3};
        Map<?, ?> raw = cloudinary.uploader().upload(zip, ObjectUtils.asMap("resource_type", "raw"));
        assertEquals("raw", raw.get("resource_type"));
        String url = (String) raw.get("secure_url");
        assertTrue(url.contains("/raw/upload/"), url);
        assertArrayEquals(zip, RestAssured.get(url).then().statusCode(200).extract().asByteArray());
        RestAssured.given().header("Range", "bytes=0-1").get(url).then().statusCode(206);
    }

    @Test
    void aCorruptVideoIs400InCloudinarysShape() {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        RuntimeException refused = assertThrows(RuntimeException.class, () -> cloudinary.uploader().upload(
                Clips.corruptMp4(), ObjectUtils.asMap("resource_type", "video")));
        assertTrue(refused.getMessage().startsWith("Invalid video file"), refused.getMessage());
        RestAssured.given().multiPart("file", "x.mp4", Clips.corruptMp4()).multiPart("upload_preset", "none")
                .post(base + "v1_1/" + SdkClients.config("cloud-name") + "/video/upload")
                .then().statusCode(400);
    }

    @Test
    void uploadLargeSendsChunksThatAreJoinedInTheStore() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        // 40 s of 16-bit stereo WAV: about 7 MB, two chunks of 5 MiB
        Path wav = Clips.audio(Files.createTempDirectory("clips"), "wav", 40);
        long size = Files.size(wav);
        assertTrue(size > CHUNK, "bigger than one chunk: " + size);
        Map<?, ?> result = cloudinary.uploader().uploadLarge(wav.toFile(),
                ObjectUtils.asMap("resource_type", "video", "chunk_size", CHUNK, "tags", "chunked"));
        assertEquals(List.of("video", "wav", true, size), List.of(result.get("resource_type"), result.get("format"),
                result.get("is_audio"), ((Number) result.get("bytes")).longValue()));
        assertEquals(40.0, ((Number) result.get("duration")).doubleValue(), 0.1);
        assertEquals(List.of("chunked"), result.get("tags"));
        assertArrayEquals(Files.readAllBytes(wav), RestAssured.get((String) result.get("secure_url")).then()
                .statusCode(200).extract().asByteArray());
    }

    @Test
    void aMissingOrRepeatedChunkIsAClearError() throws Exception {
        Cloudinary cloudinary = SdkClients.cloudinary(base);
        byte[] chunk = new byte[CHUNK];
        String uploadId = UUID.randomUUID().toString();
        RuntimeException missing = assertThrows(RuntimeException.class, () -> cloudinary.uploader().upload(chunk,
                chunkOptions(uploadId, "bytes " + CHUNK + "-" + (2 * CHUNK - 1) + "/" + (3 * CHUNK))));
        assertTrue(missing.getMessage().startsWith("Chunk out of order") && missing.getMessage()
                .contains("a chunk is missing"), missing.getMessage());

        Map<?, ?> first = cloudinary.uploader().upload(chunk, chunkOptions(uploadId, "bytes 0-" + (CHUNK - 1) + "/-1"));
        assertEquals(false, first.get("done"));
        assertEquals(CHUNK, ((Number) first.get("bytes")).intValue());
        RuntimeException skipped = assertThrows(RuntimeException.class, () -> cloudinary.uploader().upload(chunk,
                chunkOptions(uploadId, "bytes " + 2 * CHUNK + "-" + (3 * CHUNK - 1) + "/" + 3 * CHUNK)));
        assertTrue(skipped.getMessage().contains("expects bytes from " + CHUNK), skipped.getMessage());
        RuntimeException again = assertThrows(RuntimeException.class, () -> cloudinary.uploader().upload(chunk,
                chunkOptions(uploadId, "bytes 0-" + (CHUNK - 1) + "/-1")));
        assertTrue(again.getMessage().contains("sent before"), again.getMessage());
        RuntimeException small = assertThrows(RuntimeException.class, () -> cloudinary.uploader().upload(
                new byte[1000], chunkOptions(uploadId, "bytes " + CHUNK + "-" + (CHUNK + 999) + "/-1")));
        assertEquals("All parts except EOF-chunk must be larger than 5mb", small.getMessage());
        RuntimeException garbled = assertThrows(RuntimeException.class, () -> cloudinary.uploader().upload(chunk,
                chunkOptions(uploadId, "chunk two")));
        assertTrue(garbled.getMessage().startsWith("Invalid Content-Range header"), garbled.getMessage());
    }

    private static Map<String, Object> chunkOptions(String uploadId, String range) {
        return ObjectUtils.asMap("resource_type", "video",
                "extra_headers", Map.of("X-Unique-Upload-Id", uploadId, "Content-Range", range));
    }
}
