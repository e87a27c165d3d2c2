package dev.upshot.derivation.service;

import dev.upshot.contracts.transform.Step;
import dev.upshot.contracts.transform.Transformation;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every crop mode's output size (and placement), from a 400×200 input unless said otherwise. */
class PlanTest {

    private static Plan plan(String step, int w, int h) {
        return Plan.of(Transformation.parse(step).steps().getFirst(), w, h, Optional.empty());
    }

    private static void assertOutput(int w, int h, Plan plan) {
        assertEquals(w + "x" + h, plan.width() + "x" + plan.height(), plan.toString());
    }

    @Test
    void scaleStretchesToBothOrKeepsAspectWithOne() {
        assertOutput(100, 100, plan("c_scale,h_100,w_100", 400, 200));
        assertOutput(300, 150, plan("c_scale,w_300", 400, 200));
        assertOutput(100, 50, plan("w_100", 400, 200));
        assertOutput(200, 100, plan("h_0.5", 400, 200));
        assertOutput(800, 400, plan("w_2.0", 400, 200));
    }

    @Test
    void fitStaysWithinAndMayEnlarge() {
        assertOutput(100, 50, plan("c_fit,h_100,w_100", 400, 200));
        assertOutput(1000, 500, plan("c_fit,h_1000,w_1000", 400, 200));
    }

    @Test
    void limitNeverEnlarges() {
        assertOutput(100, 50, plan("c_limit,h_100,w_100", 400, 200));
        assertOutput(400, 200, plan("c_limit,h_1000,w_1000", 400, 200));
    }

    @Test
    void fillCoversThenCutsAroundTheGravity() {
        Plan centre = plan("c_fill,h_100,w_100", 400, 200);
        assertOutput(100, 100, centre);
        assertEquals(200, centre.scaledWidth());
        assertEquals(50, centre.x(), "centre gravity cuts the excess equally");
        assertEquals(0, plan("c_fill,g_west,h_100,w_100", 400, 200).x());
        assertEquals(100, plan("c_fill,g_east,h_100,w_100", 400, 200).x());
        assertOutput(600, 100, plan("c_fill,h_100,w_600", 400, 200));
    }

    @Test
    void fillCentresOnAFocusAndKeepsTheWindowInside() {
        Step face = Transformation.parse("c_fill,g_face,h_100,w_100").steps().getFirst();
        assertEquals(0, Plan.of(face, 400, 200, Optional.of(new Plan.Focus(0.05, 0.5))).x());
        assertEquals(25, Plan.of(face, 400, 200, Optional.of(new Plan.Focus(0.375, 0.5))).x());
        assertEquals(100, Plan.of(face, 400, 200, Optional.of(new Plan.Focus(0.99, 0.5))).x());
    }

    @Test
    void padFitsThenFillsTheRest() {
        Plan pad = plan("b_black,c_pad,h_100,w_100", 400, 200);
        assertOutput(100, 100, pad);
        assertTrue(pad.pad());
        assertEquals(100, pad.scaledWidth());
        assertEquals(50, pad.scaledHeight());
        assertEquals(25, pad.y());
        assertEquals(0, plan("c_pad,g_north,h_100,w_100", 400, 200).y());
    }

    @Test
    void cropCutsAtTheOriginalScale() {
        Plan crop = plan("c_crop,g_south_east,h_50,w_100", 400, 200);
        assertOutput(100, 50, crop);
        assertEquals(400, crop.scaledWidth(), "no scaling");
        assertEquals(300, crop.x());
        assertEquals(150, crop.y());
        assertOutput(400, 200, plan("c_crop,h_900,w_900", 400, 200));
        assertOutput(100, 200, plan("c_crop,w_100", 400, 200));
    }

    @Test
    void thumbFillsButNeverEnlarges() {
        assertOutput(100, 100, plan("c_thumb,h_100,w_100", 400, 200));
        assertOutput(400, 200, plan("c_thumb,h_500,w_500", 400, 200));
        assertOutput(300, 200, plan("c_thumb,h_300,w_300", 400, 200));
    }

    @Test
    void aStepWithoutSizeLeavesTheImageAlone() {
        assertEquals(new Plan(400, 200, 0, 0, 400, 200, false), plan("q_auto", 400, 200));
    }
}
