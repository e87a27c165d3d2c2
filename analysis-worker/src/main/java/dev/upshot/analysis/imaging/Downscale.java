package dev.upshot.analysis.imaging;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Area-averaging reduction to ARGB. Averaging every source pixel (rather than sampling) keeps the reduced image
 * faithful for statistics: colours keep their shares, noise is averaged as an eye at that size would see it.
 */
public final class Downscale {
    private Downscale() {
    }

    /**
     * A TYPE_INT_ARGB image whose longer side is at most {@code maxSide}; never upscaled. An ARGB source that
     * already fits is returned itself, not copied.
     */
    public static BufferedImage toFit(BufferedImage source, int maxSide) {
        int w = source.getWidth();
        int h = source.getHeight();
        double scale = Math.min(1.0, maxSide / (double) Math.max(w, h));
        int dw = Math.max(1, (int) Math.round(w * scale));
        int dh = Math.max(1, (int) Math.round(h * scale));
        if (dw == w && dh == h && source.getType() == BufferedImage.TYPE_INT_ARGB) {
            return source;
        }
        int[] pixels = Argb.of(source);
        return Argb.image(dw == w && dh == h ? pixels : reduce(pixels, w, h, dw, dh), dw, dh);
    }

    private static int[] reduce(int[] pixels, int w, int h, int dw, int dh) {
        int[] x0 = new int[dw + 1];
        for (int dx = 0; dx <= dw; dx++) {
            x0[dx] = (int) ((long) dx * w / dw);
        }
        int[] out = new int[dw * dh];
        // per destination row: every source pixel of each destination pixel summed per channel, divided once
        long[] acc = new long[dw * 4];
        for (int dy = 0; dy < dh; dy++) {
            int y0 = (int) ((long) dy * h / dh);
            int y1 = Math.max(y0 + 1, (int) ((long) (dy + 1) * h / dh));
            Arrays.fill(acc, 0);
            for (int y = y0; y < y1; y++) {
                int row = y * w;
                for (int dx = 0; dx < dw; dx++) {
                    int from = x0[dx], to = Math.max(from + 1, x0[dx + 1]);
                    int a = 0, r = 0, g = 0, b = 0;
                    for (int x = from; x < to; x++) {
                        int p = pixels[row + x];
                        a += p >>> 24;
                        r += (p >> 16) & 0xff;
                        g += (p >> 8) & 0xff;
                        b += p & 0xff;
                    }
                    int i = dx * 4;
                    acc[i] += a;
                    acc[i + 1] += r;
                    acc[i + 2] += g;
                    acc[i + 3] += b;
                }
            }
            for (int dx = 0; dx < dw; dx++) {
                long n = (long) (y1 - y0) * (Math.max(x0[dx] + 1, x0[dx + 1]) - x0[dx]);
                long half = n / 2;
                int i = dx * 4;
                out[dy * dw + dx] = (int) ((acc[i] + half) / n) << 24 | (int) ((acc[i + 1] + half) / n) << 16
                        | (int) ((acc[i + 2] + half) / n) << 8 | (int) ((acc[i + 3] + half) / n);
            }
        }
        return out;
    }
}
