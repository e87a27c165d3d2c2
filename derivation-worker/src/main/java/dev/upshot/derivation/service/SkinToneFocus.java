package dev.upshot.derivation.service;

import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * Face gravity without a face model: the centre of gravity of skin-toned pixels (the classic YCbCr skin box of
 * Chai &amp; Ngan), on a small preview. It finds where faces and skin are, not faces themselves — a bare arm pulls
 * the focus too — and is what {@code g_face}/{@code g_faces} use until the analysis worker's BlazeFace detector can
 * be shared. No skin at all falls back to the centre.
 */
final class SkinToneFocus {
    /** Fewer skin pixels than this share of the preview is noise, not a subject. */
    private static final double MIN_SHARE = 0.005;

    private SkinToneFocus() {
    }

    static Optional<Plan.Focus> find(BufferedImage image) {
        BufferedImage preview = Resampling.resize(image, Math.min(image.getWidth(), 128),
                Math.max(1, (int) Math.round(image.getHeight() * Math.min(1.0, 128.0 / image.getWidth()))));
        double sumX = 0;
        double sumY = 0;
        long count = 0;
        for (int y = 0; y < preview.getHeight(); y++) {
            for (int x = 0; x < preview.getWidth(); x++) {
                int rgb = preview.getRGB(x, y);
                if (skin((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF)) {
                    sumX += x + 0.5;
                    sumY += y + 0.5;
                    count++;
                }
            }
        }
        if (count < MIN_SHARE * preview.getWidth() * preview.getHeight()) {
            return Optional.empty();
        }
        return Optional.of(new Plan.Focus(sumX / count / preview.getWidth(), sumY / count / preview.getHeight()));
    }

    static boolean skin(int r, int g, int b) {
        double cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
        double cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
        return cb >= 77 && cb <= 127 && cr >= 133 && cr <= 173;
    }
}
