package dev.upshot.derivation.service;

import dev.upshot.contracts.transform.Transformation;
import dev.upshot.derivation.config.DerivationConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real pixels through the real decoders and encoders (ImageIO, libwebp). */
class RendererTest {
    @TempDir
    static Path dir;
    static Path photo;
    static Path face;

    private final Renderer renderer = new Renderer(limits(50_000_000, 25_000_000));

    static DerivationConfig limits(long source, long output) {
        return new DerivationConfig() {
            public S3 s3() {
                throw new UnsupportedOperationException();
            }

            public long maxSourcePixels() {
                return source;
            }

            public long maxOutputPixels() {
                return output;
            }
        };
    }

    @BeforeAll
    static void images() throws IOException {
        BufferedImage image = new BufferedImage(1200, 600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, Color.BLUE, 1200, 600, Color.GREEN));
        g.fillRect(0, 0, 1200, 600);
        g.dispose();
        photo = dir.resolve("photo.jpg");
        ImageIO.write(image, "jpg", photo.toFile());
        // a skin-toned "face" on the far right of a grey-blue scene
        BufferedImage scene = new BufferedImage(1200, 600, BufferedImage.TYPE_INT_RGB);
        g = scene.createGraphics();
        g.setColor(new Color(70, 90, 120));
        g.fillRect(0, 0, 1200, 600);
        g.setColor(new Color(224, 172, 138));
        g.fillOval(1000, 200, 160, 200);
        g.dispose();
        face = dir.resolve("face.png");
        ImageIO.write(scene, "png", face.toFile());
    }

    private BufferedImage render(Path file, String transformation, String extension, String format) throws Exception {
        Rendered rendered = renderer.render(file, Transformation.parse(transformation), extension);
        assertEquals(format, rendered.format());
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(rendered.bytes()));
        assertEquals(rendered.width(), decoded.getWidth());
        assertEquals(rendered.height(), decoded.getHeight());
        return decoded;
    }

    @Test
    void everyCropModeGivesItsSizeThroughRealCodecs() throws Exception {
        assertSize(300, 150, render(photo, "c_scale,w_300", "jpg", "jpg"));
        assertSize(100, 100, render(photo, "c_fill,h_100,w_100", "webp", "webp"));
        assertSize(200, 100, render(photo, "c_fit,h_200,w_200", "png", "png"));
        assertSize(1200, 600, render(photo, "c_limit,h_2000,w_2000", "jpg", "jpg"));
        assertSize(150, 150, render(photo, "c_thumb,h_150,w_150", "gif", "gif"));
        assertSize(200, 50, render(photo, "c_crop,g_north_west,h_50,w_200", "jpg", "jpg"));
        assertSize(600, 300, render(photo, "w_0.5", "jpg", "jpg"));
        assertSize(50, 25, render(photo, "c_scale,w_100/c_scale,w_0.5/q_40", "jpg", "jpg"));
    }

    @Test
    void jpegShrinksDecodeAtReducedScale() {
        BufferedImage eighth = ReducedJpeg.decode(photo, 9).orElseThrow();
        assertSize(150, 75, eighth);
        assertSize(300, 150, ReducedJpeg.decode(photo, 5).orElseThrow());
        assertTrue(ReducedJpeg.decode(photo, 1).isEmpty(), "no shrink: nothing to gain");
    }

    @Test
    void padFillsWithTheBackground() throws Exception {
        BufferedImage padded = render(photo, "b_rgb:ff0000,c_pad,h_200,w_200", "png", "png");
        assertSize(200, 200, padded);
        assertEquals(0xFFFF0000, padded.getRGB(100, 5), "top band is the background");
        assertTrue(padded.getRGB(100, 100) != 0xFFFF0000, "middle is the image");
    }

    @Test
    void formatComponentWinsOverTheExtensionAndAutoKeepsAlpha() throws Exception {
        render(photo, "f_png,w_100", "jpg", "png");
        render(photo, "f_auto,w_100", "webp", "jpg");
        BufferedImage transparent = new BufferedImage(50, 50, BufferedImage.TYPE_INT_ARGB);
        Path png = dir.resolve("alpha.png");
        ImageIO.write(transparent, "png", png.toFile());
        render(png, "f_auto,w_20", "jpg", "png");
    }

    @Test
    void faceGravityKeepsTheFace() throws Exception {
        BufferedImage thumb = render(face, "c_thumb,g_face,h_300,w_300", "png", "png");
        assertSize(300, 300, thumb);
        assertTrue(skinShare(thumb) > 0.06, "the whole face (7 % of the crop) is in it: " + skinShare(thumb));
        assertTrue(skinShare(render(face, "c_fill,h_300,w_300", "png", "png")) < 0.01,
                "the centre crop misses it");
    }

    @Test
    void refusesImagesOverThePixelLimitBeforeDecoding() {
        Renderer strict = new Renderer(limits(100_000, 25_000_000));
        var e = assertThrows(DerivationFailedException.class,
                () -> strict.render(photo, Transformation.parse("w_10"), "jpg"));
        assertTrue(e.getMessage().contains("1200x600"), e.getMessage());
        assertThrows(DerivationFailedException.class,
                () -> renderer.render(photo, Transformation.parse("w_10000,h_10000"), "jpg"));
    }

    @Test
    void refusesWhatIsNotAnImage() throws IOException {
        Path text = dir.resolve("note.txt");
        java.nio.file.Files.writeString(text, "not an image");
        assertThrows(DerivationFailedException.class, () -> renderer.render(text, Transformation.parse("w_10"), "jpg"));
    }

    private static double skinShare(BufferedImage image) {
        int skin = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                skin += SkinToneFocus.skin((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF) ? 1 : 0;
            }
        }
        return skin / (double) (image.getWidth() * image.getHeight());
    }

    private static void assertSize(int w, int h, BufferedImage image) {
        assertEquals(w + "x" + h, image.getWidth() + "x" + image.getHeight());
    }
}
