package dev.upshot.gateway.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.upshot.imaging.Fixtures;
import dev.upshot.imaging.Images;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MediaProbeTest {
    @TempDir
    Path dir;

    @Test
    void readsFormatAndSizeFromTheBytesNotTheName() throws Exception {
        Path png = write("photo.jpg", image("png", 33, 21));
        MediaProbe.Media media = MediaProbe.probe(png, "auto", "photo.jpg");
        assertEquals("image", media.resourceType());
        assertEquals("png", media.format());
        assertEquals(33, media.width());
        assertEquals(21, media.height());

        MediaProbe.Media jpeg = MediaProbe.probe(write("x", image("jpg", 640, 480)), "image", null);
        assertEquals("jpg", jpeg.format());
        assertEquals(640, jpeg.width());
    }

    @Test
    void refusesCorruptAndMislabelledImages() throws Exception {
        byte[] jpeg = image("jpg", 64, 64);
        Path truncated = write("t.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
        assertThrows(ApiException.class, () -> MediaProbe.probe(truncated, "image", "t.jpg"));
        Path text = write("notes.png", "just text".getBytes());
        assertThrows(ApiException.class, () -> MediaProbe.probe(text, "image", "notes.png"));
        assertEquals("raw", MediaProbe.probe(text, "auto", "notes.txt").resourceType());
        assertEquals("txt", MediaProbe.probe(text, "raw", "notes.txt").format());
    }

    @Test
    void everyFormatAPhoneOrABrowserMakesIsAnImage() throws Exception {
        BufferedImage halves = Fixtures.halves(BufferedImage.TYPE_INT_RGB);
        for (String format : List.of("jpg", "png", "webp", "avif", "heic", "gif", "tiff")) {
            MediaProbe.Media media = MediaProbe.probe(write("upload", Images.encode(halves, format, 80)), "auto",
                    "upload.bin");
            assertEquals(List.of("image", format, 64, 48, 1), List.of(media.resourceType(), media.format(),
                    media.width(), media.height(), media.pages()), format);
        }
        MediaProbe.Media svg = MediaProbe.probe(write("logo.svg", ("<?xml version='1.0'?>\n<svg xmlns="
                + "'http://www.w3.org/2000/svg' width='120' height='30'><rect width='10' height='10'/></svg>")
                .getBytes(StandardCharsets.UTF_8)), "auto", "logo.svg");
        assertEquals(List.of("image", "svg", 120, 30), List.of(svg.resourceType(), svg.format(), svg.width(),
                svg.height()));
        assertEquals("image/svg+xml", svg.contentType());
    }

    @Test
    void aTurnedPhotoIsReportedUpright() throws Exception {
        // stored 64×48, EXIF orientation 6: shown (and reported by Cloudinary) as 48×64
        MediaProbe.Media media = MediaProbe.probe(write("phone.jpg", Fixtures.withOrientation(
                Images.encode(Fixtures.halves(BufferedImage.TYPE_INT_RGB), "jpg", 80), 6)), "image", "phone.jpg");
        assertEquals(48, media.width());
        assertEquals(64, media.height());
    }

    @Test
    void anSvgReachingOutsideAndAPixelBombAreRefused() throws Exception {
        Path svg = write("x.svg", ("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'>"
                + "<image href='http://169.254.169.254/latest/meta-data' width='10' height='10'/></svg>")
                .getBytes(StandardCharsets.UTF_8));
        ApiException refused = assertThrows(ApiException.class, () -> MediaProbe.probe(svg, "auto", "x.svg"));
        assertTrue(refused.getMessage().contains("outside the file"), refused.getMessage());
        byte[] png = image("png", 33, 21);
        ByteBuffer.wrap(png).putInt(16, 20_000).putInt(20, 20_000);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
        ApiException bomb = assertThrows(ApiException.class, () -> MediaProbe.probe(write("bomb.png", png), "auto",
                "bomb.png"));
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
