package dev.upshot.video;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VideoProbeTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void describesAnMp4AsCloudinaryDoes() throws Exception {
        VideoProbe.Info info = VideoProbe.probe(Clips.video(dir, "mp4", 320, 240, 2), LIMIT);
        assertFalse(info.isAudio());
        assertEquals(320, info.width());
        assertEquals(240, info.height());
        assertEquals(2.0, info.duration(), 0.1);
        assertEquals(25.0, info.frameRate(), 0.01);
        var node = info.describe(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
        assertEquals("h264", node.at("/video/codec").asText());
        assertEquals("yuv420p", node.at("/video/pix_format").asText());
        assertEquals("4:3", node.at("/video/dar").asText());
        assertTrue(node.at("/video/bit_rate").asLong() > 0);
        assertEquals("aac", node.at("/audio/codec").asText());
        assertEquals(44100, node.at("/audio/frequency").asInt());
        assertEquals(2, node.at("/audio/channels").asInt());
        assertEquals("stereo", node.at("/audio/channel_layout").asText());
        assertTrue(node.path("bit_rate").asLong() > 0);
    }

    @Test
    void everyContainerAndAudioFormatIsRead() throws Exception {
        for (String container : new String[]{"mov", "webm", "mkv", "avi"}) {
            VideoProbe.Info info = VideoProbe.probe(Clips.video(dir, container, 160, 120, 1), LIMIT);
            assertEquals(160, info.width(), container);
            assertFalse(info.isAudio(), container);
        }
        for (String format : new String[]{"mp3", "m4a", "wav", "ogg", "flac"}) {
            VideoProbe.Info info = VideoProbe.probe(Clips.audio(dir, format, 1), LIMIT);
            assertTrue(info.isAudio(), format);
            assertEquals(1.0, info.duration(), 0.1, format);
            assertEquals(0, info.width(), format);
            var node = info.describe(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
            assertEquals("stereo", node.at("/audio/channel_layout").asText(), format);
        }
    }

    @Test
    void framesAreSampledAtTheIntervalUpToTheLimit() throws Exception {
        Path clip = Clips.video(dir, "mp4", 640, 360, 5);
        var frames = VideoFrames.sample(clip, Duration.ofSeconds(1), 3, 224, LIMIT);
        assertEquals(java.util.List.of(0.0, 1.0, 2.0), frames.stream().map(VideoFrames.Frame::seconds).toList());
        // a PNG fitted within 224 px: 224×126
        var png = java.nio.ByteBuffer.wrap(frames.getFirst().png());
        assertEquals(224, png.getInt(16));
        assertEquals(126, png.getInt(20));
        assertEquals(5, VideoFrames.sample(clip, Duration.ofSeconds(1), 30, 224, LIMIT).size());
        Path corrupt = Files.write(dir.resolve("bad.mp4"), Clips.corruptMp4());
        assertThrows(VideoException.class, () -> VideoFrames.sample(corrupt, Duration.ofSeconds(1), 3, 224, LIMIT));
    }

    @Test
    void anUnreadableFileIsRefused() throws Exception {
        Path corrupt = Files.write(dir.resolve("bad.mp4"), Clips.corruptMp4());
        assertThrows(VideoException.class, () -> VideoProbe.probe(corrupt, LIMIT));
        Path text = Files.writeString(dir.resolve("notes.txt"), "just some words\n");
        assertThrows(VideoException.class, () -> VideoProbe.probe(text, LIMIT));
    }
}
