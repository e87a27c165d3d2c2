package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.analysis.imaging.Argb;
import dev.upshot.analysis.imaging.ColourVision;
import dev.upshot.analysis.imaging.Lab;
import dev.upshot.analysis.imaging.Palette;
import jakarta.enterprise.context.ApplicationScoped;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * {@code accessibility_analysis=true} → {@code accessibility_analysis: {colorblind_accessibility_analysis:
 * {distinct_edges, distinct_colors, most_indistinct_pair}, colorblind_accessibility_score}}. The image (256 px) is reduced to its main
 * colours; every pair of them that normal vision tells apart (CIEDE2000 ≥ {@value #VISIBLE}) is looked at again
 * through simulated protanopia, deuteranopia and tritanopia. A pair keeps its full score while the simulated
 * difference stays ≥ {@value #CLEAR} (or as large as it was), and loses it in proportion below that.
 */
@ApplicationScoped
public class AccessibilityAnalysis implements Analysis {
    /** Below this CIEDE2000 two colours are hard to tell apart even with normal vision. */
    static final double VISIBLE = 10;
    /** From this CIEDE2000 on two colours are clearly distinct. */
    static final double CLEAR = 20;

    @Override
    public String name() {
        return "accessibility_analysis";
    }

    @Override
    public void run(Subject subject, Map<String, String> parameters, ObjectNode response) throws AnalysisFailedException {
        BufferedImage image = subject.image(ColorsAnalysis.SIDE);
        Palette palette = Palette.of(image, 32);
        List<Palette.Colour> colours = palette.colours();
        int n = colours.size();
        ColourVision[] visions = ColourVision.values();
        // retention[v][i][j]: how much of the pair's distinctness vision v keeps; NaN when normal vision can't tell
        double[][][] retention = new double[visions.length][n][n];
        Lab[] normal = colours.stream().map(c -> Lab.ofRgb(c.rgb())).toArray(Lab[]::new);
        double[][] seen = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                seen[i][j] = normal[i].deltaE2000(normal[j]);
            }
        }
        for (int v = 0; v < visions.length; v++) {
            ColourVision vision = visions[v];
            Lab[] simulated = colours.stream().map(c -> vision.simulate(c.rgb())).toArray(Lab[]::new);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    retention[v][i][j] = i == j || seen[i][j] < VISIBLE ? Double.NaN
                            : Math.min(1, simulated[i].deltaE2000(simulated[j]) / Math.min(seen[i][j], CLEAR));
                }
            }
        }
        double distinctColors = 1;
        double worst = Double.MAX_VALUE;
        int[] worstPair = {0, Math.min(1, n - 1)};
        for (double[][] r : retention) {
            double sum = 0, weights = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (Double.isNaN(r[i][j])) {
                        continue;
                    }
                    double weight = colours.get(i).share() * colours.get(j).share();
                    sum += weight * r[i][j];
                    weights += weight;
                    if (r[i][j] < worst || (r[i][j] == worst && i + j < worstPair[0] + worstPair[1])) {
                        worst = r[i][j];
                        worstPair = new int[]{i, j};
                    }
                }
            }
            distinctColors = Math.min(distinctColors, weights == 0 ? 1 : sum / weights);
        }
        double distinctEdges = distinctEdges(image, palette, retention);
        ObjectNode accessibility = response.putObject("accessibility_analysis");
        ObjectNode analysis = accessibility.putObject("colorblind_accessibility_analysis");
        analysis.put("distinct_edges", ColorsAnalysis.round(distinctEdges));
        analysis.put("distinct_colors", ColorsAnalysis.round(distinctColors));
        var pair = analysis.putArray("most_indistinct_pair");
        if (n > 0) {
            pair.add(String.format("#%06X", colours.get(worstPair[0]).rgb()))
                    .add(String.format("#%06X", colours.get(worstPair[1]).rgb()));
        }
        accessibility.put("colorblind_accessibility_score", ColorsAnalysis.round((distinctEdges + distinctColors) / 2));
    }

    /**
     * Edges are neighbouring pixels whose main colours normal vision tells apart; the score is the smallest, over
     * the three visions, of the mean retention over all edges. Low when an outline vanishes (camouflage).
     */
    private static double distinctEdges(BufferedImage image, Palette palette, double[][][] retention) {
        int w = image.getWidth(), h = image.getHeight();
        int[] pixels = Argb.of(image);
        int[] index = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            index[i] = pixels[i] >>> 24 == 0 ? -1 : palette.binToColour()[Palette.bin(pixels[i])];
        }
        // counted per pair of colours first, so each vision's sum is one pass over the pairs, not over pixels
        int n = retention[0].length;
        long[][] pairs = new long[n][n];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int a = index[y * w + x];
                if (a < 0) {
                    continue;
                }
                int right = x + 1 < w ? index[y * w + x + 1] : -1, below = y + 1 < h ? index[(y + 1) * w + x] : -1;
                if (right >= 0) {
                    pairs[a][right]++;
                }
                if (below >= 0) {
                    pairs[a][below]++;
                }
            }
        }
        double min = 1;
        for (double[][] r : retention) {
            double sum = 0;
            long edges = 0;
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    if (pairs[a][b] > 0 && !Double.isNaN(r[a][b])) {
                        sum += pairs[a][b] * r[a][b];
                        edges += pairs[a][b];
                    }
                }
            }
            if (edges == 0) {
                return 1;
            }
            min = Math.min(min, sum / edges);
        }
        return min;
    }
}
