package dev.upshot.contracts.transform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformationTest {

    @Test
    void parsesTheSdkEagerSerialisation() {
        List<Transformation> eager = Transformation.parseList("c_scale,w_300|c_fill,h_100,w_100/webp");
        assertEquals(2, eager.size());
        Step scale = eager.get(0).steps().getFirst();
        assertEquals(Crop.SCALE, scale.crop());
        assertEquals(Optional.of(new Dimension(300, false)), scale.width());
        assertEquals(Optional.empty(), scale.height());
        Transformation fill = eager.get(1);
        assertEquals(Optional.of("webp"), fill.extension());
        assertEquals("c_fill,h_100,w_100", fill.chain());
        assertEquals("c_fill,h_100,w_100/webp", fill.text());
        assertEquals("webp", fill.deliveryExtension("jpg"));
        assertEquals("jpg", eager.get(0).deliveryExtension("jpeg"));
    }

    @Test
    void sortsComponentsIntoTheCanonicalText() {
        assertEquals("c_pad,h_300,w_400", Transformation.parse("w_400,h_300,c_pad").text());
    }

    @Test
    void readsEveryKindOfComponent() {
        Transformation t = Transformation.parse("w_0.5,h_0.25,c_pad,b_rgb:ff000080,g_north_east/q_auto:best,f_png/f_auto");
        Step first = t.steps().getFirst();
        assertEquals(new Dimension(0.5, true), first.width().orElseThrow());
        assertEquals(50, first.width().orElseThrow().pixels(100));
        assertEquals(25, first.height().orElseThrow().pixels(100));
        assertEquals(Gravity.NORTH_EAST, first.gravity());
        assertEquals(0x80FF0000, first.background().orElseThrow());
        Step second = t.steps().get(1);
        assertEquals(Optional.of(90), second.quality());
        assertEquals(Optional.of("png"), second.format());
        assertEquals(Optional.of("auto"), t.steps().get(2).format());
        assertEquals("png", t.deliveryExtension("jpg"), "the last explicit f_ names the delivery extension");
        assertEquals(Gravity.FACES, Transformation.parse("c_thumb,g_faces,w_10").steps().getFirst().gravity());
        assertEquals(Optional.of(35), Transformation.parse("q_35").steps().getFirst().quality());
        assertEquals(0xFF000000, Transformation.parse("b_black").steps().getFirst().background().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"w_abc", "c_bogus", "x_10", "w_0", "w_10001", "w_11.5", "q_101", "q_0", "f_tiff",
            "g_middle", "b_rgb:zz0000", "w_10,w_20", "w_10//h_5", "c_fill,h_100/bmp", "w_", "nonsense", "w_-5"})
    void refusesMalformedOrUnknownComponentsNamingThem(String text) {
        InvalidTransformationException e = assertThrows(InvalidTransformationException.class,
                () -> Transformation.parse(text));
        assertTrue(e.getMessage().startsWith("Invalid") || e.getMessage().startsWith("Unsupported"), e.getMessage());
    }

    @Test
    void aVideoFrameOffsetAndAnMp4Transcode() {
        Transformation frame = Transformation.parse("so_2.5/c_fill,h_60,w_80/jpg");
        assertEquals(Optional.of(2.5), frame.steps().getFirst().startOffset());
        assertEquals("so_2.5/c_fill,h_60,w_80", frame.chain());
        assertEquals("jpg", frame.deliveryExtension("mp4"));
        assertEquals("mp4", Transformation.parse("c_scale,w_160/mp4").deliveryExtension("mov"));
        assertEquals("mp4", Transformation.parse("c_scale,f_mp4,w_160").deliveryExtension("mov"));
        assertTrue(Transformation.looksLikeStep("so_0"));
        for (String bad : List.of("so_-1", "so_abc", "so_1.23456")) {
            assertThrows(InvalidTransformationException.class, () -> Transformation.parse(bad), bad);
        }
    }

    @Test
    void errorNamesTheComponent() {
        var e = assertThrows(InvalidTransformationException.class,
                () -> Transformation.parseList("c_scale,w_300|c_fill,e_sepia"));
        assertEquals("Unsupported transformation component 'e_sepia'", e.getMessage());
    }

    @Test
    void tellsStepsFromPublicIdFolders() {
        assertTrue(Transformation.looksLikeStep("c_fill,h_100,w_100"));
        assertTrue(Transformation.looksLikeStep("q_auto:good"));
        assertFalse(Transformation.looksLikeStep("my_folder"), "a folder with an underscore but a long prefix");
        assertFalse(Transformation.looksLikeStep("cats"));
        assertFalse(Transformation.looksLikeStep("v12345"));
    }

    @Test
    void derivativesAreStoredBesideTheOriginal() {
        assertEquals("demo/image/abc.derived/c_scale,w_300.jpg",
                Transformation.objectKey("demo/image/abc", "c_scale,w_300", "jpg"));
    }

    @Test
    void fAutoIsTheBrowsersPickAvifThenWebp() {
        assertTrue(Transformation.parse("c_scale,w_100/f_auto").autoFormat());
        assertFalse(Transformation.parse("f_auto/f_png,w_100").autoFormat(), "the last explicit format wins");
        assertFalse(Transformation.parse("c_scale,w_100").autoFormat());
        assertEquals(Optional.of("avif"), Transformation.acceptedFormat("image/avif,image/webp,image/apng,*/*;q=0.8"));
        assertEquals(Optional.of("webp"), Transformation.acceptedFormat("image/webp,*/*"));
        assertEquals(Optional.empty(), Transformation.acceptedFormat("*/*"));
        assertEquals(Optional.empty(), Transformation.acceptedFormat(null));
        assertEquals(Optional.of("avif"), Transformation.parse("c_scale,w_100/avif").extension());
    }
}
