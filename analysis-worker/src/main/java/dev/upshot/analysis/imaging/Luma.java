package dev.upshot.analysis.imaging;

import java.awt.image.BufferedImage;

/**
 * Grey levels (Rec. 601 luma, 0–255) of an image, row by row.
 */
public record Luma(int width, int height, float[] values) {

    public static Luma of(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        int[] pixels = Argb.of(image);
        float[] values = new float[w * h];
        for (int i = 0; i < values.length; i++) {
            values[i] = of(pixels[i]);
        }
        return new Luma(w, h, values);
    }

    public static float of(int rgb) {
        return 0.299f * ((rgb >> 16) & 0xff) + 0.587f * ((rgb >> 8) & 0xff) + 0.114f * (rgb & 0xff);
    }

    public float at(int x, int y) {
        return values[y * width + x];
    }
}
