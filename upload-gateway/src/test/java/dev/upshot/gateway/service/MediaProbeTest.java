package dev.upshot.gateway.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
