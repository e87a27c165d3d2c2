package dev.upshot.derivation.service;

import dev.upshot.contracts.transform.Crop;
import dev.upshot.contracts.transform.Step;

import java.util.Optional;

/**
 * The geometry of one step on an input of known size: scale the input to {@code scaledWidth × scaledHeight}, then
 * either cut the {@code width × height} window at {@code (x, y)} out of it, or — when {@code pad} — place it at
 * {@code (x, y)} on a {@code width × height} canvas. Pure arithmetic, so every crop mode's output size is testable
 * without pixels.
 */
public record Plan(int scaledWidth, int scaledHeight, int x, int y, int width, int height, boolean pad) {

    /** Where detected content (a face) sits, as fractions of the input; empty means the compass gravity. */
    public record Focus(double x, double y) {
    }

    public static Plan of(Step step, int inputWidth, int inputHeight, Optional<Focus> focus) {
        Optional<Integer> w = step.width().map(d -> d.pixels(inputWidth));
        Optional<Integer> h = step.height().map(d -> d.pixels(inputHeight));
        if (w.isEmpty() && h.isEmpty()) {
            return whole(inputWidth, inputHeight);
        }
        Crop crop = step.crop();
        boolean both = w.isPresent() && h.isPresent();
        if (!both && (crop == Crop.FILL || crop == Crop.THUMB || crop == Crop.PAD)) {
            // one side only: nothing to cover or pad, so these scale like fit (limit for thumb: it never enlarges)
            crop = crop == Crop.THUMB ? Crop.LIMIT : Crop.FIT;
        }
        return switch (crop) {
            case SCALE -> {
                int sw = w.orElseGet(() -> proportional(inputWidth, h.get(), inputHeight));
                int sh = h.orElseGet(() -> proportional(inputHeight, w.get(), inputWidth));
                yield whole(sw, sh);
            }
            case FIT, LIMIT -> {
                double s = Math.min(w.map(v -> v / (double) inputWidth).orElse(Double.MAX_VALUE),
                        h.map(v -> v / (double) inputHeight).orElse(Double.MAX_VALUE));
                if (crop == Crop.LIMIT) {
                    s = Math.min(s, 1);
                }
                yield whole(scaled(inputWidth, s), scaled(inputHeight, s));
            }
            case FILL, THUMB -> {
                double s = Math.max(w.get() / (double) inputWidth, h.get() / (double) inputHeight);
                if (crop == Crop.THUMB) {
                    s = Math.min(s, 1);
                }
                int sw = scaled(inputWidth, s);
                int sh = scaled(inputHeight, s);
                if (crop == Crop.FILL) {
                    // rounding may leave the covering side a pixel short
                    sw = Math.max(sw, w.get());
                    sh = Math.max(sh, h.get());
                }
                yield window(step, sw, sh, Math.min(w.get(), sw), Math.min(h.get(), sh), focus);
            }
            case PAD -> {
                double s = Math.min(w.get() / (double) inputWidth, h.get() / (double) inputHeight);
                int sw = scaled(inputWidth, s);
                int sh = scaled(inputHeight, s);
                yield new Plan(sw, sh, offset(w.get() - sw, step.gravity().x()), offset(h.get() - sh, step.gravity().y()),
                        w.get(), h.get(), true);
            }
            case CROP -> window(step, inputWidth, inputHeight, Math.min(w.orElse(inputWidth), inputWidth),
                    Math.min(h.orElse(inputHeight), inputHeight), focus);
        };
    }

    private static Plan whole(int width, int height) {
        return new Plan(width, height, 0, 0, width, height, false);
    }

    /** A window of the scaled input: centred on the focus when there is one, else at the compass anchor. */
    private static Plan window(Step step, int sw, int sh, int w, int h, Optional<Focus> focus) {
        int x = focus.map(f -> clamp((int) Math.round(f.x() * sw - w / 2.0), sw - w))
                .orElse(offset(sw - w, step.gravity().x()));
        int y = focus.map(f -> clamp((int) Math.round(f.y() * sh - h / 2.0), sh - h))
                .orElse(offset(sh - h, step.gravity().y()));
        return new Plan(sw, sh, x, y, w, h, false);
    }

    private static int proportional(int side, int other, int otherInput) {
        return Math.max(1, (int) Math.round(side * (other / (double) otherInput)));
    }

    private static int scaled(int side, double s) {
        return Math.max(1, (int) Math.round(side * s));
    }

    private static int offset(int excess, double anchor) {
        return (int) Math.round(excess * anchor);
    }

    private static int clamp(int value, int max) {
        return Math.max(0, Math.min(value, max));
    }
}
