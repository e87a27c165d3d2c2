package dev.upshot.analysis.imaging;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * The main colours of an image by median cut over a 15-bit colour histogram, then merging colours closer than a
 * just-visible CIEDE2000 difference (JPEG noise around one flat colour must not count as several colours).
 * Fully transparent pixels are ignored.
 *
 * @param colours by share, largest first
 * @param binToColour for each 15-bit histogram bin, the index of its colour in {@code colours} (-1 if empty)
 */
public record Palette(List<Colour> colours, int[] binToColour) {

    /** @param argb mean colour; @param share of the counted pixels, 0–1 */
    public record Colour(int argb, double share) {
        public int rgb() {
            return argb & 0xFFFFFF;
        }
    }

    private static final double MERGE_DELTA_E = 5;

    /** The 15-bit histogram bin of a colour: 5 bits per channel. */
    public static int bin(int argb) {
        return ((argb >> 19) & 0x1f) << 10 | ((argb >> 11) & 0x1f) << 5 | ((argb >> 3) & 0x1f);
    }

    public static Palette of(BufferedImage image, int maxColours) {
        int w = image.getWidth(), h = image.getHeight();
        int[] pixels = Argb.of(image);
        long[] count = new long[1 << 15];
        long[][] sum = new long[4][1 << 15];
        long total = 0;
        for (int p : pixels) {
            int alpha = p >>> 24;
            if (alpha == 0) {
                continue;
            }
            int bin = bin(p);
            count[bin]++;
            sum[0][bin] += alpha;
            sum[1][bin] += (p >> 16) & 0xff;
            sum[2][bin] += (p >> 8) & 0xff;
            sum[3][bin] += p & 0xff;
            total++;
        }
        int[] binToColour = new int[1 << 15];
        Arrays.fill(binToColour, -1);
        if (total == 0) {
            return new Palette(List.of(), binToColour);
        }
        List<Box> boxes = new ArrayList<>();
        boxes.add(Box.around(count, 0, 31, 0, 31, 0, 31));
        while (boxes.size() < maxColours) {
            Box widest = boxes.stream().filter(Box::splittable)
                    .max(Comparator.comparingLong(b -> b.count * b.longestRange())).orElse(null);
            if (widest == null) {
                break;
            }
            boxes.remove(widest);
            boxes.addAll(widest.split(count));
        }
        List<Cluster> clusters = new ArrayList<>();
        for (Box box : boxes) {
            Cluster c = new Cluster();
            box.forEachBin(bin -> {
                if (count[bin] > 0) {
                    c.add(bin, count[bin], sum[0][bin], sum[1][bin], sum[2][bin], sum[3][bin]);
                }
            });
            if (c.count > 0) {
                clusters.add(c);
            }
        }
        merge(clusters);
        clusters.sort(Comparator.comparingLong((Cluster c) -> c.count).reversed());
        List<Colour> colours = new ArrayList<>();
        for (int i = 0; i < clusters.size(); i++) {
            Cluster c = clusters.get(i);
            colours.add(new Colour(c.argb(), c.count / (double) total));
            for (int bin : c.bins) {
                binToColour[bin] = i;
            }
        }
        return new Palette(List.copyOf(colours), binToColour);
    }

    /**
     * Merges the closest pair while it is closer than {@link #MERGE_DELTA_E}. The pairwise differences are computed
     * once and only the merged cluster's are recomputed: each pass would otherwise redo all n²/2 CIEDE2000s.
     */
    private static void merge(List<Cluster> clusters) {
        int n = clusters.size();
        Cluster[] alive = clusters.toArray(Cluster[]::new);
        double[][] distance = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                distance[i][j] = alive[i].lab().deltaE2000(alive[j].lab());
            }
        }
        while (true) {
            double best = MERGE_DELTA_E;
            int bi = -1, bj = -1;
            for (int i = 0; i < n; i++) {
                if (alive[i] == null) {
                    continue;
                }
                for (int j = i + 1; j < n; j++) {
                    if (alive[j] != null && distance[i][j] < best) {
                        best = distance[i][j];
                        bi = i;
                        bj = j;
                    }
                }
            }
            if (bi < 0) {
                break;
            }
            alive[bi].absorb(alive[bj]);
            alive[bj] = null;
            for (int k = 0; k < n; k++) {
                if (alive[k] != null && k != bi) {
                    // the lower index on the left, as in the first pass
                    distance[Math.min(k, bi)][Math.max(k, bi)] = k < bi ? alive[k].lab().deltaE2000(alive[bi].lab())
                            : alive[bi].lab().deltaE2000(alive[k].lab());
                }
            }
        }
        clusters.clear();
        Arrays.stream(alive).filter(Objects::nonNull).forEach(clusters::add);
    }

    private static final class Cluster {
        final List<Integer> bins = new ArrayList<>();
        long count, alpha, r, g, b;
        Lab lab;

        void add(int bin, long n, long sa, long sr, long sg, long sb) {
            bins.add(bin);
            count += n;
            alpha += sa;
            r += sr;
            g += sg;
            b += sb;
            lab = null;
        }

        void absorb(Cluster other) {
            bins.addAll(other.bins);
            count += other.count;
            alpha += other.alpha;
            r += other.r;
            g += other.g;
            b += other.b;
            lab = null;
        }

        int argb() {
            return (int) Math.round(alpha / (double) count) << 24 | (int) Math.round(r / (double) count) << 16
                    | (int) Math.round(g / (double) count) << 8 | (int) Math.round(b / (double) count);
        }

        Lab lab() {
            if (lab == null) {
                lab = Lab.ofRgb(argb());
            }
            return lab;
        }
    }

    /** A box of histogram bins, shrunk to the bins it actually holds. */
    private record Box(int r0, int r1, int g0, int g1, int b0, int b1, long count) {
        static Box around(long[] histogram, int r0, int r1, int g0, int g1, int b0, int b1) {
            int nr0 = 32, nr1 = -1, ng0 = 32, ng1 = -1, nb0 = 32, nb1 = -1;
            long n = 0;
            for (int r = r0; r <= r1; r++) {
                for (int g = g0; g <= g1; g++) {
                    for (int b = b0; b <= b1; b++) {
                        long c = histogram[r << 10 | g << 5 | b];
                        if (c > 0) {
                            n += c;
                            nr0 = Math.min(nr0, r);
                            nr1 = Math.max(nr1, r);
                            ng0 = Math.min(ng0, g);
                            ng1 = Math.max(ng1, g);
                            nb0 = Math.min(nb0, b);
                            nb1 = Math.max(nb1, b);
                        }
                    }
                }
            }
            return n == 0 ? new Box(r0, r0, g0, g0, b0, b0, 0) : new Box(nr0, nr1, ng0, ng1, nb0, nb1, n);
        }

        int longestRange() {
            return Math.max(r1 - r0, Math.max(g1 - g0, b1 - b0));
        }

        /** Boxes spanning two adjacent bins or less hold one visible colour. */
        boolean splittable() {
            return longestRange() >= 2;
        }

        List<Box> split(long[] histogram) {
            int axis = r1 - r0 == longestRange() ? 0 : g1 - g0 == longestRange() ? 1 : 2;
            int lo = axis == 0 ? r0 : axis == 1 ? g0 : b0;
            int hi = axis == 0 ? r1 : axis == 1 ? g1 : b1;
            long[] slice = new long[32];
            forEachBin(bin -> slice[axis == 0 ? bin >> 10 : axis == 1 ? (bin >> 5) & 31 : bin & 31] += histogram[bin]);
            long half = 0;
            int cut = lo;
            for (int v = lo; v < hi; v++) {
                half += slice[v];
                cut = v;
                if (half * 2 >= count) {
                    break;
                }
            }
            return switch (axis) {
                case 0 -> List.of(around(histogram, r0, cut, g0, g1, b0, b1), around(histogram, cut + 1, r1, g0, g1, b0, b1));
                case 1 -> List.of(around(histogram, r0, r1, g0, cut, b0, b1), around(histogram, r0, r1, cut + 1, g1, b0, b1));
                default -> List.of(around(histogram, r0, r1, g0, g1, b0, cut), around(histogram, r0, r1, g0, g1, cut + 1, b1));
            };
        }

        void forEachBin(IntConsumer action) {
            for (int r = r0; r <= r1; r++) {
                for (int g = g0; g <= g1; g++) {
                    for (int b = b0; b <= b1; b++) {
                        action.accept(r << 10 | g << 5 | b);
                    }
                }
            }
        }
    }
}
