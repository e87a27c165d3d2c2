package dev.upshot.derivation.service;

import dev.upshot.contracts.transform.Transformation;
import dev.upshot.imaging.Images;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Benchmark (not a test; bench/run.sh runs it): a 12 MP JPEG and the same photo as HEIC → 300 px wide JPEG
 * thumbnail through {@link Renderer}, warm, one request at a time. Writes the photo first when it does not exist, so sharp can time the same file.
 * Usage: ThumbnailBenchmark PHOTO.jpg [RUNS]
 */
public final class ThumbnailBenchmark {

    private ThumbnailBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path photo = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        if (!Files.exists(photo)) {
            write12mp(photo);
        }
        // c_scale has no face gravity: the model is never loaded
        Renderer renderer = new Renderer(RendererTest.limits(50_000_000, 25_000_000),
                new FaceFocus(Path.of("models/target/unused.onnx"), 0.6));
        time(renderer, photo, runs);
        // the same photo as a phone stores it (HEVC in HEIF, libheif's default quality 50), by libvips's encoder
        Path heic = photo.resolveSibling("photo-12mp.heic");
        if (!Files.exists(heic)) {
            Files.write(heic, Images.encode(Images.fit(photo, 4000, 50_000_000), "heic", 50));
        }
        time(renderer, heic, runs);
    }

    private static void time(Renderer renderer, Path photo, int runs) throws Exception {
        Transformation thumb = Transformation.parse("c_scale,w_300");
        for (int i = 0; i < 3; i++) {
            renderer.render(photo, thumb, "jpg", "");
        }
        double[] ms = new double[runs];
        Rendered last = null;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            last = renderer.render(photo, thumb, "jpg", "");
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("upshot Renderer (libvips shrink-on-load + JPEG), %s: %dx%d, %d bytes; "
                        + "median %.1f ms, min %.1f ms, max %.1f ms over %d warm runs%n", photo.getFileName(),
                last.width(), last.height(), last.bytes().length, ms[runs / 2], ms[0], ms[runs - 1], runs);
    }

    /** 4000×3000 with gradients and noise, so the JPEG has a photograph's size and entropy (~3–5 MB at q 92). */
    private static void write12mp(Path photo) throws Exception {
        BufferedImage img = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(12);
        for (int y = 0; y < 3000; y++) {
            for (int x = 0; x < 4000; x++) {
                int noise = random.nextInt(40);
                int r = (x * 255 / 4000 + noise) & 0xFF;
                int g = (y * 255 / 3000 + noise) & 0xFF;
                int b = ((x + y) * 255 / 7000 + noise) & 0xFF;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersBySuffix("jpg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(photo.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.92f);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
