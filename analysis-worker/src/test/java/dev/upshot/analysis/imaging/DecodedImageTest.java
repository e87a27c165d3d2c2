package dev.upshot.analysis.imaging;

import dev.upshot.analysis.service.AnalysisFailedException;
import dev.upshot.testsupport.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodedImageTest {
    private static final long LIMIT = 100_000_000L;

    @TempDir
    Path dir;

    @Test
    void hugeHeaderIsRefusedBeforeAnyPixelBufferExists() throws IOException {
        // a valid PNG header of 50 000 x 50 000 px (2.5 GP, 10 GB as ARGB) followed by a tiny IDAT: decoding it
        // would exhaust the 512 MB test heap
        Path bomb = dir.resolve("bomb.png");
        Files.write(bomb, png(50_000, 50_000));
        DecodedImage image = new DecodedImage(bomb, "png", 0, 0, LIMIT, 1024);
        AnalysisFailedException e = assertThrows(AnalysisFailedException.class, () -> image.image(32));
        assertEquals("image is 50000 x 50000 (2500.0 MP), above the 100.0 MP analysis limit", e.getMessage());
        assertThrows(AnalysisFailedException.class, () -> image.centre(512));
    }

    @Test
    void gatewayDimensionsAboveTheLimitAreRefusedWithoutOpeningTheFile() {
        DecodedImage image = new DecodedImage(dir.resolve("absent.jpg"), "jpg", 20_000, 10_000, LIMIT, 1024);
        AnalysisFailedException e = assertThrows(AnalysisFailedException.class, () -> image.image(256));
        assertTrue(e.getMessage().contains("above the 100.0 MP analysis limit"), e.getMessage());
    }

    @Test
    void truncatedJpegFailsInsteadOfYieldingGreyPixels() throws IOException {
        Path whole = TestImages.jpeg(TestImages.photo(800, 600, 1), 90, dir.resolve("whole.jpg"));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(bytes, bytes.length / 2));
        DecodedImage image = new DecodedImage(cut, "jpg", 800, 600, LIMIT, 1024);
        AnalysisFailedException e = assertThrows(AnalysisFailedException.class, () -> image.image(256));
        assertTrue(e.getMessage().startsWith("corrupt or truncated jpg image"), e.getMessage());
    }

    @Test
    void truncatedPngFails() throws IOException {
        Path whole = TestImages.png(TestImages.photo(400, 300, 2), dir.resolve("whole.png"));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.png"), Arrays.copyOf(bytes, bytes.length / 2));
        AnalysisFailedException e = assertThrows(AnalysisFailedException.class,
                () -> new DecodedImage(cut, "png", 400, 300, LIMIT, 1024).image(256));
        assertTrue(e.getMessage().startsWith("corrupt or truncated png image"), e.getMessage());
    }

    @Test
    void aFileThatIsNoImageFails() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.webp"), "not an image at all");
        AnalysisFailedException e = assertThrows(AnalysisFailedException.class,
                () -> new DecodedImage(text, "webp", 10, 10, LIMIT, 1024).image(32));
        assertEquals("corrupt or truncated webp image: not an image file", e.getMessage());
    }

    @Test
    void reducedSizesShareOneDecodeAndKeepTheAspectRatio() throws AnalysisFailedException {
        Path file = TestImages.jpeg(TestImages.photo(4000, 3000, 3), 85, dir.resolve("big.jpg"));
        DecodedImage image = new DecodedImage(file, "jpg", 4000, 3000, LIMIT, 1024);
        BufferedImage small = image.image(256);
        assertEquals(256, small.getWidth());
        assertEquals(192, small.getHeight());
        BufferedImage quality = image.image(1024);
        assertEquals(1024, quality.getWidth());
        assertEquals(768, quality.getHeight());
        assertSame(small, image.image(256));
        assertEquals(32, image.image(32).getWidth());
    }

    @Test
    void smallImagesAreNeverUpscaled() throws AnalysisFailedException {
        Path file = TestImages.png(TestImages.flat(20, 10, 0x336699), dir.resolve("tiny.png"));
        BufferedImage image = new DecodedImage(file, "png", 20, 10, LIMIT, 1024).image(256);
        assertEquals(20, image.getWidth());
        assertEquals(0xFF336699, image.getRGB(5, 5));
    }

    @Test
    void centreIsTheOriginalPixelsOnTheBlockGrid() throws AnalysisFailedException {
        BufferedImage original = TestImages.photo(1000, 700, 4);
        Path file = TestImages.png(original, dir.resolve("lossless.png"));
        BufferedImage centre = new DecodedImage(file, "png", 1000, 700, LIMIT, 1024).centre(512);
        assertEquals(512, centre.getWidth());
        assertEquals(512, centre.getHeight());
        // (1000 - 512) / 2 = 244 → 240 and (700 - 512) / 2 = 94 → 80 on the 16 px grid
        assertArrayEquals(original.getRGB(240, 80, 512, 512, null, 0, 512), centre.getRGB(0, 0, 512, 512, null, 0, 512));
    }

    @Test
    void centreCroppedFromTheSharedDecodeEqualsTheRegionDecodedFromTheFile() throws AnalysisFailedException {
        Path file = TestImages.jpeg(TestImages.photo(1000, 700, 5), 85, dir.resolve("photo.jpg"));
        // 1000 px fits the 1024 px shared decode, so the crop comes from it; with a 512 px one the file is read again
        BufferedImage shared = new DecodedImage(file, "jpg", 1000, 700, LIMIT, 1024).centre(512);
        BufferedImage region = new DecodedImage(file, "jpg", 1000, 700, LIMIT, 512).centre(512);
        assertArrayEquals(region.getRGB(0, 0, 512, 512, null, 0, 512), shared.getRGB(0, 0, 512, 512, null, 0, 512));
    }

    /** A PNG whose IHDR says width x height, with one empty IDAT. */
    static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(out);
        data.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(ihdr);
        header.writeInt(width);
        header.writeInt(height);
        header.write(new byte[]{8, 2, 0, 0, 0});
        chunk(data, "IHDR", ihdr.toByteArray());
        chunk(data, "IDAT", new byte[]{0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(data, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
        out.writeInt(body.length);
        byte[] name = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(name);
        out.write(body);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(body);
        out.writeInt((int) crc.getValue());
    }
}
