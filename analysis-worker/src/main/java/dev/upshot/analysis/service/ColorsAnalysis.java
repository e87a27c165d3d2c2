package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.analysis.imaging.Argb;
import dev.upshot.analysis.imaging.Lab;
import dev.upshot.analysis.imaging.Palette;
import jakarta.enterprise.context.ApplicationScoped;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code colors=true} → {@code colors} (up to 32 [hex, percent] pairs, largest first), {@code predominant} (the
 * same colours named in two palettes), {@code grayscale}, {@code illustration_score} and {@code semi_transparent},
 * all from a 256 px decode.
 */
@ApplicationScoped
public class ColorsAnalysis implements Analysis {
    static final int SIDE = 256;
    private static final int MAX_COLOURS = 32;
    /** A pixel whose channels differ by more than this is coloured; 1 % of such pixels makes an image colour. */
    private static final int GREY_TOLERANCE = 12;

    /** Google image search's 12 colour filters. */
    private static final Map<String, Integer> GOOGLE = Map.ofEntries(Map.entry("red", 0xDC1E1E),
            Map.entry("orange", 0xF58C14), Map.entry("yellow", 0xF5DC1E), Map.entry("green", 0x28A032),
            Map.entry("teal", 0x008080), Map.entry("blue", 0x1E46DC), Map.entry("purple", 0x8232AA),
            Map.entry("pink", 0xF078B4), Map.entry("brown", 0x825028), Map.entry("black", 0x0F0F0F),
            Map.entry("gray", 0x808080), Map.entry("white", 0xF5F5F5));
    /** Google's palette with light blue apart from blue (skies, water), as Cloudinary's own palette does. */
    private static final Map<String, Integer> CLOUDINARY;

    static {
        Map<String, Integer> cloudinary = new HashMap<>(GOOGLE);
        cloudinary.put("lightblue", 0x96C8F0);
        CLOUDINARY = Map.copyOf(cloudinary);
    }

    @Override
    public String name() {
        return "colors";
    }

    @Override
    public void run(Subject subject, Map<String, String> parameters, ObjectNode response) throws AnalysisFailedException {
        BufferedImage image = subject.image(SIDE);
        int[] pixels = Argb.of(image);
        boolean transparent = Arrays.stream(pixels).anyMatch(p -> p >>> 24 < 255);
        Palette palette = Palette.of(image, MAX_COLOURS);
        ArrayNode colors = response.putArray("colors");
        for (Palette.Colour c : palette.colours()) {
            String hex = transparent ? String.format("#%06X%02X", c.rgb(), c.argb() >>> 24) : String.format("#%06X", c.rgb());
            colors.addArray().add(hex).add(percent(c.share()));
        }
        ObjectNode predominant = response.putObject("predominant");
        predominant.set("google", named(palette.colours(), GOOGLE, predominant));
        predominant.set("cloudinary", named(palette.colours(), CLOUDINARY, predominant));
        response.put("grayscale", grayscale(pixels));
        response.put("illustration_score", round(illustrationScore(pixels, image.getWidth(), image.getHeight())));
        response.put("semi_transparent", transparent);
    }

    /** Each colour's share goes to its nearest name (CIEDE2000); names by total share, largest first. */
    private static ArrayNode named(List<Palette.Colour> colours, Map<String, Integer> names, ObjectNode factory) {
        Map<String, Lab> labs = new HashMap<>();
        names.forEach((name, rgb) -> labs.put(name, Lab.ofRgb(rgb)));
        Map<String, Double> shares = new HashMap<>();
        for (Palette.Colour c : colours) {
            Lab lab = Lab.ofRgb(c.rgb());
            String nearest = labs.entrySet().stream()
                    .min(Comparator.comparingDouble(e -> e.getValue().deltaE2000(lab))).orElseThrow().getKey();
            shares.merge(nearest, c.share(), Double::sum);
        }
        ArrayNode out = factory.arrayNode();
        shares.entrySet().stream().filter(e -> e.getValue() >= 0.001)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.addArray().add(e.getKey()).add(percent(e.getValue())));
        return out;
    }

    static boolean grayscale(int[] pixels) {
        long coloured = Arrays.stream(pixels).filter(p -> p >>> 24 > 0).filter(p -> {
            int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
            return Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > GREY_TOLERANCE;
        }).count();
        return coloured <= pixels.length / 100;
    }

    /**
     * How much the image looks drawn rather than photographed (0–1): the mean of the share of pixels in its 16
     * most frequent 15-bit colours and the share of neighbouring pixels with the same 15-bit colour. Flat fills
     * score high on both; a photograph's noise and gradients spread over thousands of colours.
     */
    static double illustrationScore(int[] pixels, int w, int h) {
        int[] bins = new int[1 << 15];
        for (int p : pixels) {
            bins[Palette.bin(p)]++;
        }
        int[] sorted = bins.clone();
        Arrays.sort(sorted);
        long top = 0;
        for (int i = 1; i <= 16; i++) {
            top += sorted[sorted.length - i];
        }
        long same = 0, pairs = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int bin = Palette.bin(pixels[y * w + x]);
                if (x + 1 < w) {
                    pairs++;
                    same += bin == Palette.bin(pixels[y * w + x + 1]) ? 1 : 0;
                }
                if (y + 1 < h) {
                    pairs++;
                    same += bin == Palette.bin(pixels[(y + 1) * w + x]) ? 1 : 0;
                }
            }
        }
        return (top / (double) pixels.length + (pairs == 0 ? 1 : same / (double) pairs)) / 2;
    }

    private static double percent(double share) {
        return Math.round(share * 1000) / 10.0;
    }

    static double round(double score) {
        return Math.round(score * 1000) / 1000.0;
    }
}
