package dev.upshot.analysis.imaging;

import java.awt.image.BufferedImage;

/**
 * Area-averaging reduction to ARGB. Averaging every source pixel (rather than sampling) keeps the reduced image
 * faithful for statistics: colours keep their shares, noise is averaged as an eye at that size would see it.
 */
public final class Downscale {
    private Downscale() {
    }

    /** A new TYPE_INT_ARGB image whose longer side is at most {@code maxSide}; never upscaled. */
    public static BufferedImage toFit(BufferedImage source, int maxSide) {
        int w = source.getWidth();
        int h = source.getHeight();
        int[] pixels = source.getRGB(0, 0, w, h, null, 0, w);
        double scale = Math.min(1.0, maxSide / (double) Math.max(w, h));
        int dw = Math.max(1, (int) Math.round(w * scale));
        int dh = Math.max(1, (int) Math.round(h * scale));
        return toSize(pixels, w, h, dw, dh);
    }

    /** A new TYPE_INT_ARGB image of exactly {@code dw} × {@code dh} (aspect ratio not kept). */
    public static BufferedImage toSize(BufferedImage source, int dw, int dh) {
        int w = source.getWidth();
        int h = source.getHeight();
        return toSize(source.getRGB(0, 0, w, h, null, 0, w), w, h, dw, dh);
    }

    private static BufferedImage toSize(int[] pixels, int w, int h, int dw, int dh) {
        int[] out = dw == w && dh == h ? pixels : reduce(pixels, w, h, dw, dh);
        BufferedImage result = new BufferedImage(dw, dh, BufferedImage.TYPE_INT_ARGB);
        result.setRGB(0, 0, dw, dh, out, 0, dw);
        return result;
    }

    private static int[] reduce(int[] pixels, int w, int h, int dw, int dh) {
        // rows first: each destination column averages the source columns that fall into it
        long[] rows = new long[dw * h * 4];
        for (int y = 0; y < h; y++) {
            for (int dx = 0; dx < dw; dx++) {
                int x0 = (int) ((long) dx * w / dw);
                int x1 = Math.max(x0 + 1, (int) ((long) (dx + 1) * w / dw));
                long a = 0, r = 0, g = 0, b = 0;
                for (int x = x0; x < x1; x++) {
                    int p = pixels[y * w + x];
                    a += p >>> 24;
                    r += (p >> 16) & 0xff;
                    g += (p >> 8) & 0xff;
                    b += p & 0xff;
                }
                int n = x1 - x0;
                int i = (y * dw + dx) * 4;
                rows[i] = a * 256 / n;
                rows[i + 1] = r * 256 / n;
                rows[i + 2] = g * 256 / n;
                rows[i + 3] = b * 256 / n;
            }
        }
        int[] out = new int[dw * dh];
        for (int dy = 0; dy < dh; dy++) {
            int y0 = (int) ((long) dy * h / dh);
            int y1 = Math.max(y0 + 1, (int) ((long) (dy + 1) * h / dh));
            int n = y1 - y0;
            for (int dx = 0; dx < dw; dx++) {
                long a = 0, r = 0, g = 0, b = 0;
                for (int y = y0; y < y1; y++) {
                    int i = (y * dw + dx) * 4;
                    a += rows[i];
                    r += rows[i + 1];
                    g += rows[i + 2];
                    b += rows[i + 3];
                }
                long half = n * 128L;
                out[dy * dw + dx] = (int) ((a + half) / n / 256) << 24 | (int) ((r + half) / n / 256) << 16
                        | (int) ((g + half) / n / 256) << 8 | (int) ((b + half) / n / 256);
            }
        }
        return out;
    }
}
