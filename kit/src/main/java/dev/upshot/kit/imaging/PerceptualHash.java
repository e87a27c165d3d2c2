package dev.upshot.kit.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * The one 64-bit DCT perceptual hash of the platform: the upload response's {@code phash} (analysis worker) and the
 * duplicate check (moderation worker) both use it, so their numbers agree. The widely used construction (as in
 * Python's imagehash): the image area-averaged down to 32×32 luminance, a 2-D DCT-II, the top-left 8×8
 * coefficients (lowest frequencies), bits in row-major order from the most significant, each set when its
 * coefficient is above the median of the 63 AC coefficients (DC excluded from the median: it only says how bright
 * the image is). Resizing and re-encoding barely move these frequencies, so near-duplicates differ in few bits.
 * Pure JDK, no state.
 */
public final class PerceptualHash {
    /**
     * Raised whenever {@link #of} changes its output, so that stored hashes of an older version are recomputed or
     * ignored rather than compared with new ones (the moderation worker stores it beside each fingerprint).
     */
    public static final int VERSION = 1;
    private static final int SIZE = 32;
    private static final int LOW = 8;
    private static final double[][] COSINES = new double[LOW][SIZE];

    static {
        for (int u = 0; u < LOW; u++) {
            for (int x = 0; x < SIZE; x++) {
                COSINES[u][x] = Math.cos((2 * x + 1) * u * Math.PI / (2 * SIZE));
            }
        }
    }

    private PerceptualHash() {
    }

    /** The hash of an image of any size; it is reduced here, so pass the largest decode at hand. */
    public static long of(BufferedImage image) {
        double[][] dct = dct(luminance32(image));
        double[] low = new double[LOW * LOW];
        for (int v = 0; v < LOW; v++) {
            for (int u = 0; u < LOW; u++) {
                low[v * LOW + u] = dct[v][u];
            }
        }
        double[] ac = Arrays.copyOfRange(low, 1, low.length);
        Arrays.sort(ac);
        double median = ac[ac.length / 2];
        long hash = 0;
        for (int i = 0; i < low.length; i++) {
            if (low[i] > median) {
                hash |= 1L << (63 - i);
            }
        }
        return hash;
    }

    /** Number of differing bits: 0 for identical images, a few for copies, about 32 for unrelated ones. */
    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    /** Similarity Cloudinary-style: 1 − distance/64. */
    public static double similarity(long a, long b) {
        return 1.0 - distance(a, b) / 64.0;
    }

    /** Cloudinary's form: 16 lower-case hex digits. */
    public static String hex(long hash) {
        return String.format("%016x", hash);
    }

    /** Box-filter (area average) down to 32×32 of BT.601 luminance: every source pixel counts once. */
    private static double[][] luminance32(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double[][] sum = new double[SIZE][SIZE];
        double[][] weight = new double[SIZE][SIZE];
        int[] cell = new int[w];
        for (int x = 0; x < w; x++) {
            cell[x] = (int) ((long) x * SIZE / w);
        }
        int[] packed = packedPixels(image);
        int[] row = packed != null ? packed : new int[w];
        boolean opaque = image.getType() == BufferedImage.TYPE_INT_RGB;
        for (int y = 0; y < h; y++) {
            int offset = packed != null ? y * w : 0;
            if (packed == null) {
                image.getRGB(0, y, w, 1, row, 0, w);
            }
            double[] sums = sum[(int) ((long) y * SIZE / h)];
            double[] weights = weight[(int) ((long) y * SIZE / h)];
            for (int x = 0; x < w; x++) {
                int rgb = row[offset + x];
                int a = opaque ? 0xff : rgb >>> 24;
                double r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                if (a != 0xff) {
                    // transparent pixels count as white, as most viewers show them
                    double alpha = a / 255.0;
                    r = r * alpha + 255 * (1 - alpha);
                    g = g * alpha + 255 * (1 - alpha);
                    b = b * alpha + 255 * (1 - alpha);
                }
                sums[cell[x]] += 0.299 * r + 0.587 * g + 0.114 * b;
                weights[cell[x]]++;
            }
        }
        double[][] out = new double[SIZE][SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                out[y][x] = weight[y][x] == 0 ? nearest(sum, weight, x, y) : sum[y][x] / weight[y][x];
            }
        }
        return out;
    }

    /**
     * The packed 0x(AA)RRGGBB buffer of an INT_ARGB or INT_RGB image that owns its whole raster, else null:
     * {@link BufferedImage#getRGB} converts each pixel through the colour model, many times slower.
     */
    private static int[] packedPixels(BufferedImage image) {
        boolean packed = image.getType() == BufferedImage.TYPE_INT_ARGB || image.getType() == BufferedImage.TYPE_INT_RGB;
        var raster = image.getRaster();
        if (packed && raster.getParent() == null && raster.getMinX() == 0 && raster.getMinY() == 0
                && raster.getDataBuffer() instanceof DataBufferInt buffer
                && buffer.getData().length == image.getWidth() * image.getHeight()) {
            return buffer.getData();
        }
        return null;
    }

    /** Images smaller than 32 px on a side leave empty cells; they take the value of the cell their pixel fills. */
    private static double nearest(double[][] sum, double[][] weight, int x, int y) {
        for (int d = 1; d < SIZE; d++) {
            for (int yy = Math.max(0, y - d); yy <= Math.min(SIZE - 1, y + d); yy++) {
                for (int xx = Math.max(0, x - d); xx <= Math.min(SIZE - 1, x + d); xx++) {
                    if (weight[yy][xx] > 0) {
                        return sum[yy][xx] / weight[yy][xx];
                    }
                }
            }
        }
        return 0;
    }

    /** Only the 8×8 lowest frequencies of the 32×32 DCT-II: the rest would be computed and thrown away. */
    private static double[][] dct(double[][] pixels) {
        double[][] rows = new double[SIZE][LOW];
        for (int y = 0; y < SIZE; y++) {
            for (int u = 0; u < LOW; u++) {
                double s = 0;
                for (int x = 0; x < SIZE; x++) {
                    s += pixels[y][x] * COSINES[u][x];
                }
                rows[y][u] = s;
            }
        }
        double[][] out = new double[LOW][LOW];
        for (int v = 0; v < LOW; v++) {
            for (int u = 0; u < LOW; u++) {
                double s = 0;
                for (int y = 0; y < SIZE; y++) {
                    s += rows[y][u] * COSINES[v][y];
                }
                out[v][u] = s;
            }
        }
        return out;
    }
}
