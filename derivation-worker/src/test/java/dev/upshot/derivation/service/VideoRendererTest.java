package dev.upshot.derivation.service;

import dev.upshot.contracts.transform.Transformation;
import dev.upshot.imaging.Images;
import dev.upshot.video.Clips;
import dev.upshot.video.VideoProbe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames and transcodes of clips made at test time, by the real ffmpeg, checked by ffprobe and libvips. */
class VideoRendererTest {
    @TempDir
    static Path dir;
    static Path clip;
    static VideoRenderer renderer;

    @BeforeAll
    static void clip() throws Exception {
        clip = Clips.video(dir, "mp4", 320, 240, 3);
        renderer = renderer(Duration.ofSeconds(60), 1L << 30, dir);
    }

    private Rendered render(Path file, String transformation, String extension) throws Exception {
        return renderer.render(file, Transformation.parse(transformation), extension, "");
    }

    @Test
    void aStillFrameIsAnImageThenTheImageSteps() throws Exception {
        for (String format : List.of("jpg", "png", "webp")) {
            Rendered frame = render(clip, "so_1", format);
            assertEquals(List.of(format, 320, 240), List.of(frame.format(), frame.width(), frame.height()));
            Images.Header header = Images.header(frame.bytes());
            assertEquals(List.of(320, 240), List.of(header.width(), header.height()), format);
        }
        Rendered thumb = render(clip, "so_2/c_fill,h_60,w_80", "jpg");
        assertEquals(List.of(80, 60), List.of(thumb.width(), thumb.height()));
        // testsrc2 moves: frames a second apart differ
        assertNotEquals(List.of(render(clip, "so_0.5", "png").bytes().length),
                List.of(render(clip, "so_2.5", "png").bytes().length));
        DerivationFailedException late = assertThrows(DerivationFailedException.class,
                () -> render(clip, "so_9", "jpg"));
        assertTrue(late.getMessage().contains("past the end"), late.getMessage());
    }

    @Test
    void anMp4TranscodeIsH264AndAacAtTheAskedSize() throws Exception {
        Rendered mp4 = render(clip, "c_scale,w_160", "mp4");
        assertEquals(List.of("mp4", 160, 120), List.of(mp4.format(), mp4.width(), mp4.height()));
        VideoProbe.Info info = VideoProbe.probe(write(mp4), Duration.ofSeconds(30));
        var fields = info.describe(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
        assertEquals(List.of("h264", "aac", 160, 120), List.of(fields.at("/video/codec").asText(),
                fields.at("/audio/codec").asText(), info.width(), info.height()));
        assertEquals(3.0, info.duration(), 0.2);
        Rendered limited = render(clip, "c_limit,h_1000,w_1000", "mp4");
        assertEquals(List.of(320, 240), List.of(limited.width(), limited.height()));
        // odd sides are made even for H.264
        assertEquals(List.of(100, 76), List.of(render(clip, "c_scale,w_101", "mp4").width(),
                render(clip, "c_scale,w_101", "mp4").height()));
        assertThrows(DerivationFailedException.class, () -> render(clip, "c_fill,h_50,w_50", "mp4"));
    }

    @Test
    void aCorruptVideoOrAnAudioFrameFailsClearly() throws Exception {
        Path corrupt = Files.write(dir.resolve("bad.mp4"), Clips.corruptMp4());
        DerivationFailedException bad = assertThrows(DerivationFailedException.class,
                () -> render(corrupt, "so_1", "jpg"));
        assertTrue(bad.getMessage().startsWith("cannot read the video"), bad.getMessage());
        Path tone = Clips.audio(dir, "mp3", 1);
        assertThrows(DerivationFailedException.class, () -> render(tone, "so_0", "jpg"));
        Rendered m4a = render(tone, "c_scale,w_100", "mp4");
        assertTrue(VideoProbe.probe(write(m4a), Duration.ofSeconds(30)).isAudio());
    }

    @Test
    void aTranscodeStaysInItsTemporaryFileWhichEveryOutcomeRemoves() throws Exception {
        Path temp = Files.createDirectories(dir.resolve("transcodes"));
        VideoRenderer streaming = renderer(Duration.ofSeconds(60), 1L << 30, temp);
        try (Rendered mp4 = streaming.render(clip, Transformation.parse("c_scale,w_160"), "mp4", "")) {
            assertNull(mp4.bytes(), "a transcode is not read into the heap");
            assertEquals(List.of(mp4.file()), files(temp));
            assertEquals(Files.size(mp4.file()), mp4.size());
        }
        assertEquals(List.of(), files(temp), "closed: the file is gone");

        DerivationFailedException large = assertThrows(DerivationFailedException.class, () ->
                renderer(Duration.ofSeconds(60), 20_000, temp).render(clip, Transformation.parse("c_scale,w_320"),
                        "mp4", ""));
        assertEquals("the transcode is larger than 20000 bytes (upshot.derivation.video.max-output-size)",
                large.getMessage());
        assertEquals(List.of(), files(temp), "past the size limit: the cut-short file is gone");

        DerivationFailedException slow = assertThrows(DerivationFailedException.class, () ->
                renderer(Duration.ofMillis(1), 1L << 30, temp).render(clip, Transformation.parse("c_scale,w_320"),
                        "mp4", ""));
        assertTrue(slow.getMessage().startsWith("ffmpeg: "), slow.getMessage());
        assertEquals(List.of(), files(temp), "killed at its time limit: the file is gone");

        Rendered frame = streaming.render(clip, Transformation.parse("so_1"), "jpg", "");
        assertTrue(frame.file() == null && frame.bytes().length == frame.size(), "a frame is an image in memory");
        assertEquals(List.of(), files(temp), "the frame's PNG is gone");
    }

    private static VideoRenderer renderer(Duration timeout, long maxOutputSize, Path temp) {
        var config = RendererTest.limits(50_000_000, 25_000_000, RendererTest.video(timeout, maxOutputSize, temp));
        return new VideoRenderer(new Renderer(config, null), config);
    }

    private static List<Path> files(Path dir) throws Exception {
        try (var list = Files.list(dir)) {
            return list.toList();
        }
    }

    private static Path write(Rendered rendered) throws Exception {
        return rendered.file() != null ? rendered.file()
                : Files.write(Files.createTempFile(dir, "out-", "." + rendered.format()), rendered.bytes());
    }
}
