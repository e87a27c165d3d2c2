package dev.upshot.imaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every accepted format, written at test time (by libvips itself or ImageIO), read back through {@link Images}. */
class ImagesTest {
    private static final long LIMIT = 100_000_000L;

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static void assertHalves(BufferedImage image, int width, int height) {
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        Color left = new Color(image.getRGB(2, height / 2), true);
        Color right = new Color(image.getRGB(width - 3, height / 2), true);
        assertTrue(left.getRed() > 150 && left.getBlue() < 100, "left is red: " + left);
        assertTrue(right.getBlue() > 150 && right.getRed() < 100, "right is blue: " + right);
    }

    @Test
    void everyFormatLibvipsWritesReadsBackShrunkOnLoad() throws Exception {
        for (String format : List.of("jpg", "png", "webp", "avif", "heic", "gif", "tiff")) {
            byte[] bytes = Images.encode(Fixtures.halves(BufferedImage.TYPE_INT_RGB), format, 90);
            Path file = write("halves." + format, bytes);
            Images.Header header = Images.header(file);
            assertEquals(new Images.Header(format, 64, 48, 1, 1), header, format);
            assertHalves(Images.fit(file, 32, LIMIT), 32, 24);
            assertHalves(Images.fit(bytes, 32, LIMIT), 32, 24);
            assertEquals(format, Images.header(bytes).format());
        }
    }

    @Test
    void pngOfEveryKindAndBmpThroughImageIo() throws Exception {
        for (int type : new int[]{BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_BYTE_INDEXED,
                BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_3BYTE_BGR}) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            BufferedImage source = type == BufferedImage.TYPE_USHORT_GRAY ? gray16() : Fixtures.halves(type);
            ImageIO.write(source, "png", png);
            Path file = write("kind" + type + ".png", png.toByteArray());
            BufferedImage decoded = Images.fit(file, 64, LIMIT);
            assertEquals(64, decoded.getWidth());
            if (type == BufferedImage.TYPE_USHORT_GRAY) {
                // 16-bit grey 0…65535 left to right, reduced to 8 bits
                assertTrue((decoded.getRGB(63, 10) & 0xFF) > 240 && (decoded.getRGB(0, 10) & 0xFF) < 10);
            } else {
                assertHalves(decoded, 64, 48);
            }
            assertEquals(type == BufferedImage.TYPE_INT_ARGB, decoded.getColorModel().hasAlpha());
        }
        ByteArrayOutputStream bmp = new ByteArrayOutputStream();
        ImageIO.write(Fixtures.halves(BufferedImage.TYPE_3BYTE_BGR), "bmp", bmp);
        Path file = write("halves.bmp", bmp.toByteArray());
        assertEquals("bmp", Images.header(file).format());
        assertHalves(Images.fit(file, 64, LIMIT), 64, 48);
    }

    private static BufferedImage gray16() {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                raster.setSample(x, y, 0, x * 65535 / 63);
            }
        }
        return image;
    }

    @Test
    void iconWithABitmapEntry() throws Exception {
        int side = 16;
        ByteBuffer dib = ByteBuffer.allocate(40 + side * side * 4 + side * 4).order(ByteOrder.LITTLE_ENDIAN);
        dib.putInt(40).putInt(side).putInt(side * 2).putShort((short) 1).putShort((short) 32);
        dib.position(40);
        for (int i = 0; i < side * side; i++) {
            dib.put((byte) 0).put((byte) 200).put((byte) 0).put((byte) 255); // BGRA green
        }
        ByteBuffer ico = ByteBuffer.allocate(22 + dib.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        ico.putShort((short) 0).putShort((short) 1).putShort((short) 1);
        ico.put((byte) side).put((byte) side).put((byte) 0).put((byte) 0).putShort((short) 1).putShort((short) 32)
                .putInt(dib.capacity()).putInt(22).put(dib.array());
        Path file = write("green.ico", ico.array());
        assertEquals("ico", Images.header(file).format());
        Color pixel = new Color(Images.fit(file, 16, LIMIT).getRGB(8, 8));
        assertEquals(200, pixel.getGreen(), pixel.toString());
        assertEquals(0, pixel.getRed());
    }

    @Test
    void svgIsRasterisedUnlessItReachesOutside() throws Exception {
        Path safe = write("safe.svg", ("<svg xmlns='http://www.w3.org/2000/svg' width='80' height='40'>"
                + "<rect width='40' height='40' fill='#DC141E'/><rect x='40' width='40' height='40' fill='#1428DC'/>"
                + "<rect fill='url(#none)' width='1' height='1'/></svg>").getBytes(StandardCharsets.UTF_8));
        assertEquals(new Images.Header("svg", 80, 40, 1, 1), Images.header(safe));
        BufferedImage drawn = Images.fit(safe, 40, LIMIT);
        assertEquals(40, drawn.getWidth());
        assertEquals(20, drawn.getHeight());
        for (String body : List.of("<image href='file:///etc/passwd' width='10' height='10'/>",
                "<image xlink:href='http://169.254.169.254/latest' width='10' height='10'/>",
                "<style>@import url(http://example.invalid/a.css);</style>",
                "<rect style=\"fill:url(other.svg#p)\" width='1' height='1'/>")) {
            Path file = write("bad.svg", ("<svg xmlns='http://www.w3.org/2000/svg' "
                    + "xmlns:xlink='http://www.w3.org/1999/xlink' width='10' height='10'>" + body + "</svg>")
                    .getBytes(StandardCharsets.UTF_8));
            ImageException e = assertThrows(ImageException.class, () -> Images.fit(file, 10, LIMIT), body);
            assertTrue(e.getMessage().contains("outside the file"), e.getMessage());
        }
        Path entity = write("xxe.svg", ("<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><text>&x;</text></svg>")
                .getBytes(StandardCharsets.UTF_8));
        assertThrows(ImageException.class, () -> Images.header(entity));
    }

    @Test
    void exifOrientationSixIsShownUpright() throws Exception {
        // stored 64×48 with red on the left; orientation 6 turns it a quarter clockwise: 48×64, red on top
        byte[] stored = Images.encode(Fixtures.halves(BufferedImage.TYPE_INT_RGB), "jpg", 95);
        Path file = write("turned.jpg", Fixtures.withOrientation(stored, 6));
        Images.Header header = Images.header(file);
        assertEquals(new Images.Header("jpg", 48, 64, 1, 6), header);
        BufferedImage upright = Images.fit(file, 64, LIMIT);
        assertEquals(48, upright.getWidth());
        assertEquals(64, upright.getHeight());
        Color top = new Color(upright.getRGB(24, 2)), bottom = new Color(upright.getRGB(24, 61));
        assertTrue(top.getRed() > 150 && bottom.getBlue() > 150, top + " / " + bottom);
        BufferedImage window = Images.region(file, 0, 0, 48, 10, true, LIMIT);
        assertTrue(new Color(window.getRGB(24, 5)).getRed() > 150);
        BufferedImage grid = Images.region(file, 0, 0, 10, 48, false, LIMIT);
        assertTrue(new Color(grid.getRGB(5, 24)).getRed() > 150);
    }

    @Test
    void cmykJpegBecomesRgb() throws Exception {
        WritableRaster cmyk = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 64, 48, 4, null);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                // Adobe's inverted convention, as libjpeg readers take a 4-channel JPEG: 255 is no ink
                cmyk.setPixel(x, y, new int[]{x < 32 ? 255 : 0, 255, 255, 255});
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(new IIOImage(cmyk, null, null));
        } finally {
            writer.dispose();
        }
        Path file = write("cmyk.jpg", bytes.toByteArray());
        BufferedImage rgb = Images.fit(file, 64, LIMIT);
        assertFalse(rgb.getColorModel().hasAlpha());
        // paper on the left, cyan ink on the right
        Color left = new Color(rgb.getRGB(5, 24)), right = new Color(rgb.getRGB(58, 24));
        assertTrue(left.getRed() > 200 && left.getBlue() > 200, left.toString());
        assertTrue(right.getRed() < 100 && right.getBlue() > 150, right.toString());
    }

    @Test
    void theHeaderIsCheckedBeforeAnyPixel() throws Exception {
        Path file = write("big.png", Images.encode(Fixtures.halves(BufferedImage.TYPE_INT_RGB), "png", 80));
        ImageException e = assertThrows(ImageException.class, () -> Images.fit(file, 10, 64 * 48 - 1));
        assertTrue(e.getMessage().contains("64 x 48") && e.getMessage().contains("limit"), e.getMessage());
        // a PNG header claiming 100000 × 100000 over a few bytes: refused from the header alone
        byte[] png = Files.readAllBytes(file);
        ByteBuffer.wrap(png).putInt(16, 100_000).putInt(20, 100_000);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17);
        ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
        Path bomb = write("bomb.png", png);
        assertEquals(100_000, Images.header(bomb).width());
        assertThrows(ImageException.class, () -> Images.fit(bomb, 10, LIMIT));
    }

    @Test
    void otherFilesAreRefusedByName() throws Exception {
        Path pdf = write("doc.pdf", "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
        ImageException e = assertThrows(ImageException.class, () -> Images.header(pdf));
        assertTrue(e.getMessage().startsWith("unsupported image format") || e.getMessage().equals("not an image file"),
                e.getMessage());
        Path text = write("notes.txt", "hello".getBytes(StandardCharsets.US_ASCII));
        assertEquals("not an image file", assertThrows(ImageException.class, () -> Images.header(text)).getMessage());
        byte[] jpeg = Images.encode(Fixtures.halves(BufferedImage.TYPE_INT_RGB), "jpg", 90);
        Path truncated = write("cut.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
        assertThrows(ImageException.class, () -> Images.fit(truncated, 32, LIMIT));
    }

    @Test
    void animatedGifCountsItsFramesAndShowsTheFirst() throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(Fixtures.halves(BufferedImage.TYPE_INT_RGB), null, null), null);
            BufferedImage blue = Fixtures.halves(BufferedImage.TYPE_INT_RGB);
            Graphics2D g = blue.createGraphics();
            g.setColor(Color.BLUE);
            g.fillRect(0, 0, 64, 48);
            g.dispose();
            writer.writeToSequence(new IIOImage(blue, null, null), null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        Path file = write("two.gif", bytes.toByteArray());
        assertEquals(new Images.Header("gif", 64, 48, 2, 1), Images.header(file));
        assertHalves(Images.fit(file, 64, LIMIT), 64, 48);
    }

    @Test
    void encodesKeepAlphaWhereTheFormatHasIt() throws Exception {
        BufferedImage clear = new BufferedImage(20, 10, BufferedImage.TYPE_INT_ARGB);
        clear.setRGB(0, 0, 0xFFFF0000);
        for (String format : List.of("png", "webp")) {
            BufferedImage back = Images.fit(Images.encode(clear, format, 100), 20, LIMIT);
            assertTrue(back.getColorModel().hasAlpha(), format);
            assertEquals(0, back.getRGB(10, 5) >>> 24, format);
        }
        assertArrayEquals(new byte[]{(byte) 0xFF, (byte) 0xD8}, Arrays.copyOf(Images.encode(clear, "jpg", 80), 2));
        assertFalse(Images.canEncode("psd"));
    }
}
