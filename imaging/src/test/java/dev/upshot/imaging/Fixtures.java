package dev.upshot.imaging;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Test images made at test time, shared with the services' tests (this module's test jar). */
public final class Fixtures {
    private Fixtures() {
    }

    /** 64×48, left half red, right half blue. */
    public static BufferedImage halves(int type) {
        BufferedImage image = new BufferedImage(64, 48, type);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(220, 20, 30));
        g.fillRect(0, 0, 32, 48);
        g.setColor(new Color(20, 40, 220));
        g.fillRect(32, 0, 32, 48);
        g.dispose();
        return image;
    }

    /** Upright picture for orientation tests: top half red, bottom half blue. */
    public static BufferedImage redOverBlue(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width, height / 2);
        g.setColor(Color.BLUE);
        g.fillRect(0, height / 2, width, height - height / 2);
        g.dispose();
        return image;
    }

    /** A JPEG with an EXIF APP1 segment holding only the orientation (1–8), right after SOI. */
    public static byte[] withOrientation(byte[] jpeg, int orientation) {
        ByteBuffer app1 = ByteBuffer.allocate(36).order(ByteOrder.BIG_ENDIAN);
        app1.put((byte) 0xFF).put((byte) 0xE1).putShort((short) 34).put("Exif\0\0".getBytes(StandardCharsets.US_ASCII))
                .put("MM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(8)
                .putShort((short) 1).putShort((short) 0x0112).putShort((short) 3).putInt(1)
                .putShort((short) orientation).putShort((short) 0).putInt(0);
        byte[] out = new byte[jpeg.length + app1.capacity()];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(app1.array(), 0, out, 2, app1.capacity());
        System.arraycopy(jpeg, 2, out, 2 + app1.capacity(), jpeg.length - 2);
        return out;
    }

    /**
     * The picture as a phone stores a portrait photo taken sideways: the pixels turned a quarter anticlockwise,
     * with EXIF orientation 6 saying to turn them back clockwise.
     */
    public static byte[] storedSideways(BufferedImage upright, int quality) throws ImageException {
        int w = upright.getWidth(), h = upright.getHeight();
        BufferedImage stored = new BufferedImage(h, w, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                stored.setRGB(y, w - 1 - x, upright.getRGB(x, y));
            }
        }
        return withOrientation(Images.encode(stored, "jpg", quality), 6);
    }
}
