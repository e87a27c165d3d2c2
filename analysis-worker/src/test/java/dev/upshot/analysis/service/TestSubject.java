package dev.upshot.analysis.service;

import dev.upshot.testsupport.TestImages;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** A subject over pixels already in memory, scaled on demand; the production subject decodes files. */
record TestSubject(Path file, String format, BufferedImage original) implements Subject {

    static TestSubject of(BufferedImage image) {
        return new TestSubject(Path.of("generated.png"), "png", image);
    }

    static TestSubject read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        String name = file.getFileName().toString();
        return new TestSubject(file, name.substring(name.lastIndexOf('.') + 1), image);
    }

    @Override
    public int width() {
        return original.getWidth();
    }

    @Override
    public int height() {
        return original.getHeight();
    }

    @Override
    public BufferedImage image(int maxSide) {
        double scale = Math.min(1, (double) maxSide / Math.max(width(), height()));
        if (scale == 1) {
            return original;
        }
        int w = (int) Math.round(width() * scale), h = (int) Math.round(height() * scale);
        return TestImages.resized(original, w, h);
    }
}
