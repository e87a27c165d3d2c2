package dev.upshot.moderation.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upshot.contracts.AssetUploaded;
import dev.upshot.contracts.Envelope;
import dev.upshot.contracts.ModerationCompleted;
import dev.upshot.testsupport.TestImages;
import dev.upshot.video.Clips;
import dev.upshot.video.Ffmpeg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.GradientPaint;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frame moderation end to end with the real model, on real Kafka, S3 and PostgreSQL: an 8 s clip whose only flagged
 * picture covers 3–5 s (so the frame sampled at 4 s, of those at 0, 2, 4, 6 s with the default 2 s interval) is
 * rejected with that frame's timestamp; the same clip without it is approved. The flagged picture is generated:
 * nsfwjs scores these shaded skin-tone blobs Hentai ≈ 0.98 (as a PNG, before H.264), over the default 0.5.
 */
@QuarkusTest
class VideoModerationTest {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final Color[] SKIN = {new Color(0xF1C27D), new Color(0xE0AC69), new Color(0xC68642),
            new Color(0x8D5524), new Color(0xFFDBAC), new Color(0xEAA58A), new Color(0xD99A7E)};

    @TempDir
    Path dir;

    @Test
    void aClipWithOneFlaggedFrameIsRejectedAtThatFrameAndOneWithoutIsApproved() throws Exception {
        Path clean = Clips.video(dir.resolve("clean"), "mp4", WIDTH, HEIGHT, 8);
        Envelope flagged = upload(withFlaggedFrame(), "aws_rek_video");
        Envelope approved = upload(clean, "upshot_nsfw");

        Map<String, List<ModerationCompleted>> decisions = ModerationChainTest.decisions(List.of(flagged, approved), 2);

        ModerationCompleted rejected = decisions.get(flagged.assetId()).getFirst();
        assertEquals("aws_rek_video", rejected.kind());
        assertEquals("rejected", rejected.status(), rejected.toString());
        JsonNode response = rejected.response();
        assertEquals(4, response.path("frames_sampled").asInt(), response.toString());
        assertEquals("[\"Hentai\"]", response.path("rejected_by").toString());
        JsonNode labels = response.path("moderation_labels");
        assertEquals(1, labels.size(), labels.toString());
        assertEquals(4000, labels.at("/0/timestamp").asLong(), labels.toString());
        assertEquals("Hentai", labels.at("/0/moderation_label/name").asText());
        assertTrue(labels.at("/0/moderation_label/confidence").asDouble() >= 50, labels.toString());

        ModerationCompleted ok = decisions.get(approved.assetId()).getFirst();
        assertEquals("approved", ok.status(), ok.toString());
        assertEquals(4, ok.response().path("frames_sampled").asInt());
        assertEquals(0, ok.response().path("moderation_labels").size(), ok.toString());
    }

    /** testsrc2 with the flagged picture laid over it from 3 s to 5 s. */
    private Path withFlaggedFrame() throws Exception {
        Path picture = dir.resolve("flagged.png");
        Files.write(picture, TestImages.png(skinBlobs(53)));
        Path clip = dir.resolve("flagged.mp4");
        Ffmpeg.transcode(List.of("-v", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=" + WIDTH + "x" + HEIGHT + ":rate=25:duration=8",
                "-loop", "1", "-framerate", "25", "-t", "8", "-i", picture.toString(),
                "-filter_complex", "[0:v][1:v]overlay=enable='between(t,3,5)'",
                "-c:v", "libopenh264", "-b:v", "1M", "-pix_fmt", "yuv420p", "-threads", "1", clip.toString()),
                Duration.ofMinutes(2));
        return clip;
    }

    /** Overlapping skin-tone ellipses with radial shading on a skin-tone gradient, seeded. */
    private static BufferedImage skinBlobs(long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Color base = SKIN[random.nextInt(SKIN.length)];
        g.setPaint(new GradientPaint(0, 0, base, WIDTH, HEIGHT, base.darker()));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        for (int i = 0; i < 8; i++) {
            Color color = SKIN[random.nextInt(SKIN.length)];
            int w = 80 + random.nextInt(300);
            int h = 80 + random.nextInt(300);
            int x = random.nextInt(WIDTH) - w / 2;
            int y = random.nextInt(HEIGHT) - h / 2;
            g.setPaint(new RadialGradientPaint(x + w / 2f, y + h / 2f, Math.max(w, h) / 2f, new float[]{0f, 1f},
                    new Color[]{color.brighter(), color.darker()}));
            g.fillOval(x, y, w, h);
        }
        g.dispose();
        return image;
    }

    /** Stores the clip and publishes the gateway's event for a video upload asking for this kind. */
    private static Envelope upload(Path clip, String kind) throws Exception {
        long bytes = Files.size(clip);
        return ModerationChainTest.publish(new AssetUploaded("clip_" + UUID.randomUUID(), "video", "upload", "mp4",
                bytes, WIDTH, HEIGHT, ModerationChainTest.BUCKET, ModerationChainTest.put(Files.readAllBytes(clip)),
                "video/mp4", new AssetUploaded.RequestedWork(List.of(kind), Map.of(), null, false)));
    }
}
