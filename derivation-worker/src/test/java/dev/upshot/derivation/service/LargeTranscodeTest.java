package dev.upshot.derivation.service;

import dev.upshot.contracts.DerivativesCreated;
import dev.upshot.contracts.transform.Transformation;
import dev.upshot.kit.s3.ObjectStore;
import dev.upshot.video.Ffmpeg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transcode larger than one S3 part, on real S3: it goes from ffmpeg's temporary file to the store in parts, the
 * stored object is the whole MP4, and the temporary file is gone afterwards.
 */
@QuarkusTest
@TestProfile(LargeTranscodeTest.SmallParts.class)
class LargeTranscodeTest {
    private static final long PART = 5L * 1024 * 1024;   // the smallest part S3 takes
    private static final Path TEMP = Path.of("target/large-transcode-tmp").toAbsolutePath();

    public static class SmallParts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("upshot.s3.part-size", Long.toString(PART),
                    "upshot.derivation.video.temp-dir", TEMP.toString());
        }
    }

    @Inject
    Derivations derivations;

    @Inject
    ObjectStore store;

    @TempDir
    Path dir;

    @Test
    void aTranscodeLargerThanOnePartIsStreamedFromItsFile() throws Exception {
        // noise: the encoder spends its whole bit rate, about 1.4 MB a second at 1280x720
        Path source = dir.resolve("noise.avi");
        Ffmpeg.transcode(List.of("-v", "error", "-y", "-f", "lavfi", "-i",
                "nullsrc=s=640x360:r=10:d=6,geq=random(1)*255:128:128", "-c:v", "mjpeg", "-q:v", "2",
                "-threads", "1", source.toString()), Duration.ofSeconds(60));
        String key = "demo/video/" + UUID.randomUUID();
        store.put(key, source, "video/x-msvideo");

        DerivativesCreated.Derivative mp4 = derivations.onRequest(new Derivations.Original(store.bucket(), key, "avi"),
                Transformation.parse("c_scale,w_1280"), "mp4", "");

        assertEquals(List.of(1280, 720, "mp4"), List.of(mp4.width(), mp4.height(), mp4.format()));
        assertTrue(mp4.bytes() > PART, "larger than one part: " + mp4.bytes());
        assertEquals(mp4.bytes(), store.stat(mp4.objectKey()).orElseThrow().size());
        try (InputStream in = store.get(mp4.objectKey(), 0, 12)) {
            assertEquals("ftyp", new String(Arrays.copyOfRange(in.readAllBytes(), 4, 8), StandardCharsets.US_ASCII));
        }
        try (var left = Files.list(TEMP)) {
            assertEquals(List.of(), left.toList(), "the transcode's temporary file is removed once stored");
        }
    }
}
