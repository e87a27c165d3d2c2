package dev.upshot.analysis.imaging;

import dev.upshot.testsupport.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JpegHeaderTest {
    @TempDir
    Path dir;

    @Test
    void qualityAndChromaSamplingAreReadFromTheFile() throws Exception {
        var photo = TestImages.photo(320, 240, 5);
        for (int quality : new int[]{10, 30, 50, 75, 90, 100}) {
            JpegHeader header = JpegHeader.read(TestImages.jpeg(photo, quality, dir.resolve(quality + ".jpg"))).orElseThrow();
            assertEquals(quality, header.quality());
            assertEquals(0.25, header.chromaShare(), "ImageIO writes 4:2:0");
        }
    }

    @Test
    void notAJpegIsEmpty() throws Exception {
        Path png = TestImages.png(TestImages.flat(8, 8, 0), dir.resolve("x.png"));
        assertTrue(JpegHeader.read(png).isEmpty());
        assertTrue(JpegHeader.read(Files.write(dir.resolve("soi"), new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9})).isEmpty());
    }
}
