package dev.upshot.gateway.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.upshot.imaging.Fixtures;
import dev.upshot.imaging.Images;
import dev.upshot.video.Clips;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MediaProbeTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void videoAndAudioAreTheVideoResourceTypeAnimatedGifStaysAnImage() throws Exception {
        for (String container : List.of("mp4", "mov", "webm", "mkv", "avi")) {
            MediaProbe.Media media = MediaProbe.probe(Clips.video(dir, container, 160, 120, 1), "auto", null, LIMIT);
            assertEquals(List.of("video", container, 160, 120, false), List.of(media.resourceType(), media.format(),
                    media.width(), media.height(), media.video().path("is_audio").asBoolean()), container);
        }
        for (String format : List.of("mp3", "m4a", "wav", "ogg", "flac")) {
            MediaProbe.Media media = MediaProbe.probe(Clips.audio(dir, format, 1), "auto", null, LIMIT);
            assertEquals(List.of("video", format, true), List.of(media.resourceType(), media.format(),
                    media.video().path("is_audio").asBoolean()), format);
            assertTrue(media.contentType().startsWith("audio/"), media.contentType());
        }
        BufferedImage halves = Fixtures.halves(BufferedImage.TYPE_INT_RGB);
        assertEquals("image", MediaProbe.probe(write("anim.gif", Images.encode(halves, "gif", 80)), "auto", null,
                LIMIT).resourceType());
        ApiException image = assertThrows(ApiException.class, () -> MediaProbe.probe(
                write("anim.gif", Images.encode(halves, "gif", 80)), "video", null, LIMIT));
        assertTrue(image.getMessage().startsWith("Invalid video file"), image.getMessage());
    }

    @Test
    void anUnreadableVideoIsRefusedAndAnyOtherFileIsRaw() throws Exception {
        Path corrupt = write("bad.mp4", Clips.corruptMp4());
        ApiException refused = assertThrows(ApiException.class, () -> MediaProbe.probe(corrupt, "auto", null, LIMIT));
        assertTrue(refused.getMessage().startsWith("Invalid video file: "), refused.getMessage());
        assertTrue(!refused.getMessage().contains(dir.toString()), "no server path in " + refused.getMessage());
        Path zip = write("archive.zip", new byte[]{'P', 'K', 3, 4, 20, 0, 0, 0});
        MediaProbe.Media raw = MediaProbe.probe(zip, "auto", "archive.zip", LIMIT);
        assertEquals(List.of("raw", "zip"), List.of(raw.resourceType(), raw.format()));
        assertEquals(null, raw.video());
        // an image sent as raw is kept as bytes
        assertEquals("raw", MediaProbe.probe(write("x.png", image("png", 4, 4)), "raw", "x.png", LIMIT)
                .resourceType());
    }

    @Test
    void readsFormatAndSizeFromTheBytesNotTheName() throws Exception {
        Path png = write("photo.jpg", image("png", 33, 21));
        MediaProbe.Media media = MediaProbe.probe(png, "auto", "photo.jpg", LIMIT);
        assertEquals("image", media.resourceType());
        assertEquals("png", media.format());
        assertEquals(33, media.width());
        assertEquals(21, media.height());

        MediaProbe.Media jpeg = MediaProbe.probe(write("x", image("jpg", 640, 480)), "image", null, LIMIT);
        assertEquals("jpg", jpeg.format());
        assertEquals(640, jpeg.width());
    }

    @Test
    void refusesCorruptAndMislabelledImages() throws Exception {
        byte[] jpeg = image("jpg", 64, 64);
        Path truncated = write("t.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
        assertThrows(ApiException.class, () -> MediaProbe.probe(truncated, "image", "t.jpg", LIMIT));
        Path text = write("notes.png", "just text".getBytes());
        assertThrows(ApiException.class, () -> MediaProbe.probe(text, "image", "notes.png", LIMIT));
        assertEquals("raw", MediaProbe.probe(text, "auto", "notes.txt", LIMIT).resourceType());
        assertEquals("txt", MediaProbe.probe(text, "raw", "notes.txt", LIMIT).format());
    }

    @Test
    void everyFormatAPhoneOrABrowserMakesIsAnImage() throws Exception {
        BufferedImage halves = Fixtures.halves(BufferedImage.TYPE_INT_RGB);
        for (String format : List.of("jpg", "png", "webp", "avif", "heic", "gif", "tiff")) {
            MediaProbe.Media media = MediaProbe.probe(write("upload", Images.encode(halves, format, 80)), "auto",
                    "upload.bin", LIMIT);
            assertEquals(List.of("image", format, 64, 48, 1), List.of(media.resourceType(), media.format(),
                    media.width(), media.height(), media.pages()), format);
        }
        MediaProbe.Media svg = MediaProbe.probe(write("logo.svg", ("<?xml version='1.0'?>\n<svg xmlns="
                + "'http://www.w3.org/2000/svg' width='120' height='30'><rect width='10' height='10'/></svg>")
                .getBytes(StandardCharsets.UTF_8)), "auto", "logo.svg", LIMIT);
        assertEquals(List.of("image", "svg", 120, 30), List.of(svg.resourceType(), svg.format(), svg.width(),
                svg.height()));
        assertEquals("image/svg+xml", svg.contentType());
    }

    @Test
    void aTurnedPhotoIsReportedUpright() throws Exception {
        // stored 64×48, EXIF orientation 6: shown (and reported by Cloudinary) as 48×64
        MediaProbe.Media media = MediaProbe.probe(write("phone.jpg", Fixtures.withOrientation(
                Images.encode(Fixtures.halves(BufferedImage.TYPE_INT_RGB), "jpg", 80), 6)), "image", "phone.jpg", LIMIT);
        assertEquals(48, media.width());
        assertEquals(64, media.height());
    }

    @Test
    void anSvgReachingOutsideAndAPixelBombAreRefused() throws Exception {
        Path svg = write("x.svg", ("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'>"
                + "<image href='http://169.254.169.254/latest/meta-data' width='10' height='10'/></svg>")
                .getBytes(StandardCharsets.UTF_8));
        ApiException refused = assertThrows(ApiException.class, () -> MediaProbe.probe(svg, "auto", "x.svg", LIMIT));
        assertTrue(refused.getMessage().contains("outside the file"), refused.getMessage());
        byte[] png = image("png", 33, 21);
        ByteBuffer.wrap(png).putInt(16, 20_000).putInt(20, 20_000);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
        ApiException bomb = assertThrows(ApiException.class, () -> MediaProbe.probe(write("bomb.png", png), "auto",
                "bomb.png", LIMIT));
        assertTrue(bomb.getMessage().startsWith("Image is too large: 20000x20000"), bomb.getMessage());
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path path = dir.resolve(name + System.nanoTime());
        Files.write(path, bytes);
        return path;
    }

    static byte[] image(String format, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | 90);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format.equals("jpg") ? "jpeg" : format, out);
        return out.toByteArray();
    }
}
