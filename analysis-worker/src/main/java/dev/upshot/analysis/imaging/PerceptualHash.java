package dev.upshot.analysis.imaging;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * 64-bit DCT perceptual hash (the pHash.org construction): the image reduced by area averaging to 32 × 32 grey
 * levels, its 2-D DCT-II, and the 8 × 8 lowest frequencies after the DC row and column, each bit saying whether
 * a coefficient is above their median. Identical pixels give identical hashes; re-encoding or resizing moves few
 * bits. Pure Java with no state, so other services can reuse it.
 */
public final class PerceptualHash {
    private static final int N = 32;
    private static final double[][] COS = new double[N][N];

    static {
        for (int k = 0; k < N; k++) {
            for (int n = 0; n < N; n++) {
                COS[k][n] = Math.cos(Math.PI / N * (n + 0.5) * k);
            }
        }
    }

    private PerceptualHash() {
    }

    /** The hash of an image of any size (it is reduced here; pass a small decode to save time). */
    public static long of(BufferedImage image) {
        // stretched, not cropped: a non-square image still fills the grid, as pHash does
        BufferedImage small = Downscale.toSize(image, N, N);
        double[][] grey = new double[N][N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                grey[y][x] = Luma.of(small.getRGB(x, y));
            }
        }
        double[] coefficients = new double[64];
        double[][] rows = new double[N][9];
        for (int y = 0; y < N; y++) {
            for (int u = 1; u <= 8; u++) {
                double s = 0;
                for (int x = 0; x < N; x++) {
                    s += grey[y][x] * COS[u][x];
                }
                rows[y][u] = s;
            }
        }
        for (int v = 1; v <= 8; v++) {
            for (int u = 1; u <= 8; u++) {
                double s = 0;
                for (int y = 0; y < N; y++) {
                    s += rows[y][u] * COS[v][y];
                }
                coefficients[(v - 1) * 8 + (u - 1)] = s;
            }
        }
        double[] sorted = coefficients.clone();
        Arrays.sort(sorted);
        double median = (sorted[31] + sorted[32]) / 2;
        long hash = 0;
        for (int i = 0; i < 64; i++) {
            hash = hash << 1 | (coefficients[i] > median ? 1 : 0);
        }
        return hash;
    }

    /** Cloudinary's form: 16 lower-case hex digits. */
    public static String hex(long hash) {
        return String.format("%016x", hash);
    }

    /** Number of differing bits: 0 for identical images, a few for copies, about 32 for unrelated ones. */
    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }
}
