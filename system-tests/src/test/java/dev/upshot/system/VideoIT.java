package dev.upshot.system;

import com.cloudinary.Cloudinary;
import com.cloudinary.EagerTransformation;
import com.cloudinary.utils.ObjectUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upshot.imaging.Images;
import dev.upshot.video.Clips;
import dev.upshot.video.VideoProbe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Video and audio end to end through the official Java SDK against the packaged services: probe fields, a chunked
 * {@code uploadLarge}, eager still frames and transcodes made by the derivation worker, and clear errors for a
 * corrupt clip and a missing chunk. Clips are made at test time by the Maven ffmpeg.
 */
class VideoIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int CHUNK = 5 * 1024 * 1024;
    private static Cloudinary cloudinary;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        cloudinary = Platform.get().cloudinary;
    }

    @Test
    void aVideoIsProbedAndItsFrameAndTranscodeAreMadeEagerly() throws Exception {
        Path clip = Clips.video(dir, "mov", 320, 240, 3);
        JsonNode result = JSON.valueToTree(cloudinary.uploader().upload(clip.toFile(), ObjectUtils.asMap(
                "resource_type", "video", "public_id", "clips/" + UUID.randomUUID(), "eager", List.of(
                        new EagerTransformation().crop("fill").width(80).height(60).startOffset("1").format("jpg"),
                        new EagerTransformation().crop("scale").width(160).format("mp4")))));
        assertEquals(List.of("video", "mov", "320", "240", "false", "3.0"), List.of(result.get("resource_type").asText(),
                result.get("format").asText(), result.get("width").asText(), result.get("height").asText(),
                result.get("is_audio").asText(), String.valueOf(Math.round(result.get("duration").asDouble()) * 1.0)));
        assertEquals("h264", result.at("/video/codec").asText());
        assertEquals("aac", result.at("/audio/codec").asText());
        assertEquals(25.0, result.get("frame_rate").asDouble(), 0.01);

        JsonNode eager = result.get("eager");
        assertEquals(2, eager.size(), result.toString());
        assertEquals(List.of("c_fill,h_60,so_1,w_80/jpg", "80", "60", "jpg"), List.of(
                eager.get(0).get("transformation").asText(), eager.get(0).get("width").asText(),
                eager.get(0).get("height").asText(), eager.get(0).get("format").asText()), eager.toString());
        HttpResponse<byte[]> frame = get(eager.get(0).get("secure_url").asText());
        assertEquals(200, frame.statusCode());
        assertEquals("image/jpeg", frame.headers().firstValue("Content-Type").orElseThrow());
        Images.Header header = Images.header(frame.body());
        assertEquals(List.of(80, 60), List.of(header.width(), header.height()));

        HttpResponse<byte[]> mp4 = get(eager.get(1).get("secure_url").asText());
        assertEquals(200, mp4.statusCode(), eager.toString());
        assertEquals("video/mp4", mp4.headers().firstValue("Content-Type").orElseThrow());
        VideoProbe.Info transcoded = VideoProbe.probe(Files.write(dir.resolve("t.mp4"), mp4.body()),
                Duration.ofSeconds(30));
        assertEquals(List.of(160, 120, "h264", "aac"), List.of(transcoded.width(), transcoded.height(),
                transcoded.video().path("codec_name").asText(), transcoded.audio().path("codec_name").asText()));
    }

    @Test
    void uploadLargeOfAnAudioFileBiggerThanOneChunk() throws Exception {
        // 40 s of 16-bit stereo WAV: about 7 MB, two chunks of 5 MiB
        Path wav = Clips.audio(dir, "wav", 40);
        assertTrue(Files.size(wav) > CHUNK);
        JsonNode result = JSON.valueToTree(cloudinary.uploader().uploadLarge(wav.toFile(),
                ObjectUtils.asMap("resource_type", "auto", "chunk_size", CHUNK)));
        assertEquals(List.of("video", "wav", "true", String.valueOf(Files.size(wav))), List.of(
                result.get("resource_type").asText(), result.get("format").asText(), result.get("is_audio").asText(),
                result.get("bytes").asText()), result.toString());
        assertEquals(40.0, result.get("duration").asDouble(), 0.1);
        assertEquals(List.of("pcm_s16le", "44100", "2", "stereo"), List.of(result.at("/audio/codec").asText(),
                result.at("/audio/frequency").asText(), result.at("/audio/channels").asText(),
                result.at("/audio/channel_layout").asText()));
        assertTrue(result.at("/audio/bit_rate").asLong() > 1_000_000, result.toString());
        assertArrayEquals(Files.readAllBytes(wav), get(result.get("secure_url").asText()).body());
    }

    @Test
    void aCorruptClipAndAMissingChunkAreClearErrors() {
        RuntimeException corrupt = assertThrows(RuntimeException.class, () -> cloudinary.uploader().upload(
                Clips.corruptMp4(), ObjectUtils.asMap("resource_type", "video")));
        assertTrue(corrupt.getMessage().startsWith("Invalid video file"), corrupt.getMessage());
        RuntimeException missing = assertThrows(RuntimeException.class, () -> cloudinary.uploader().upload(
                new byte[CHUNK], ObjectUtils.asMap("resource_type", "video", "extra_headers", Map.of(
                        "X-Unique-Upload-Id", UUID.randomUUID().toString(),
                        "Content-Range", "bytes " + CHUNK + "-" + (2 * CHUNK - 1) + "/" + 2 * CHUNK))));
        assertTrue(missing.getMessage().contains("a chunk is missing"), missing.getMessage());
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
