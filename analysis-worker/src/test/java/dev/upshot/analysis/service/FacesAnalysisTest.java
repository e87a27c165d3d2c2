package dev.upshot.analysis.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshot.contracts.EventCodec;
import dev.upshot.testsupport.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FacesAnalysisTest {

    private static FaceModel model;
    private static FacesAnalysis faces;

    @BeforeAll
    static void load() {
        model = new FaceModel(Models.faceModel(), 0.6);
        faces = new FacesAnalysis(model);
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
    }

    private static JsonNode run(Subject subject) throws Exception {
        ObjectNode response = EventCodec.mapper().createObjectNode();
        faces.run(subject, Map.of("faces", "true"), response);
        return response.get("faces");
    }

    @Test
    void findsTheFaceOfTheMonaLisaWhereItIs() throws Exception {
        // mona.png is 500×756; by eye her face spans x 175–305, y 95–275 (hairline to chin)
        JsonNode found = run(TestSubject.read(Models.mona()));
        assertEquals(1, found.size(), found.toString());
        int x = found.get(0).get(0).asInt(), y = found.get(0).get(1).asInt();
        int w = found.get(0).get(2).asInt(), h = found.get(0).get(3).asInt();
        assertTrue(x >= 150 && x <= 200 && y >= 90 && y <= 160, found.toString());
        assertTrue(w >= 100 && w <= 180 && h >= 100 && h <= 180, found.toString());
        assertTrue(x + w <= 340 && y + h <= 300, found.toString());
    }

    @Test
    void boxesAreInOriginalPixelsWhateverTheSize() throws Exception {
        // the same picture twice as large: the box doubles
        TestSubject mona = TestSubject.read(Models.mona());
        BufferedImage large = new BufferedImage(1000, 1512, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = large.createGraphics();
        g.drawImage(mona.original(), 0, 0, 1000, 1512, null);
        g.dispose();
        JsonNode small = run(mona).get(0);
        JsonNode big = run(TestSubject.of(large)).get(0);
        for (int i = 0; i < 4; i++) {
            assertEquals(2 * small.get(i).asDouble(), big.get(i).asDouble(), 12, small + " vs " + big);
        }
    }

    @Test
    void flatAndNoiseImagesHaveNoFaces() throws Exception {
        BufferedImage flat = TestImages.flat(640, 480, 0xC8AA8C);
        assertEquals(0, run(TestSubject.of(flat)).size());

        BufferedImage noise = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < 480; y++) {
            for (int x = 0; x < 640; x++) {
                noise.setRGB(x, y, random.nextInt(0xffffff));
            }
        }
        assertEquals(0, run(TestSubject.of(noise)).size());
    }

    /** The gateway passes a boolean analysis only when set, as {@code true} whichever SDK spelled it. */
    @Test
    void requestedWhenTheUploadAsksForFaces() {
        assertTrue(faces.requested(Map.of("faces", "true")));
        assertTrue(faces.requested(Map.of("faces", "true", "colors", "true")));
        assertFalse(faces.requested(Map.of("colors", "true")));
    }

    @Test
    void aMissingModelFailsTheAnalysisWithAClearMessage() {
        FacesAnalysis missing = new FacesAnalysis(new FaceModel(Path.of("no/such/model.onnx"), 0.6));
        AnalysisFailedException e = assertThrows(AnalysisFailedException.class, () -> missing.run(
                TestSubject.of(new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB)), Map.of("faces", "true"),
                EventCodec.mapper().createObjectNode()));
        assertTrue(e.getMessage().contains("face detection model not found at"), e.getMessage());
        assertTrue(e.getMessage().contains("models/fetch.sh"), e.getMessage());
    }
}
