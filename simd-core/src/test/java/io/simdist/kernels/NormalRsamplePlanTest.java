package io.simdist.kernels;

import static io.simdist.kernels.NormalRsampleProvidersTest.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.kernels.NormalRsample.EpsPolicy;
import io.simdist.rng.Philox4x32;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link NormalRsamplePlan} gives the bits of the kernel API ({@link NormalRsample}'s array calls, which the
 * provider tests pin to the scalar reference) on the small-call shortcut (at most 8 elements) and above
 * it, for both policies, null gradient arrays, {@code +=}, signed zeros and refills with other parameters;
 * and it checks what changes per call before writing anything.
 */
class NormalRsamplePlanTest {
    private static final Philox4x32 RNG = Philox4x32.of(0x4E0A_2026_1207L).stream(2);
    private static final int[][] SHAPES = {{0, 3}, {1, 1}, {6, 1}, {1, 6}, {1, 8}, {2, 4}, {3, 3}, {1, 9}, {1, 17},
        {3, 6}, {1, 64}, {1, 65}, {256, 6}};

    @Test
    void forwardAndBackwardGiveTheKernelApiBits() {
        SplittableRandom r = new SplittableRandom(2026_12_07_2L);
        for (int[] shape : SHAPES) {
            int batch = shape[0];
            int d = shape[1];
            int n = batch * d;
            for (EpsPolicy policy : EpsPolicy.values()) {
                NormalRsamplePlan plan = NormalRsamplePlan.of(batch, d, policy);
                assertEquals(policy, plan.policy());
                float[] values = plan.values();
                for (long index : new long[] {0, 9, 1L << 41 | 5}) {
                    String what = batch + "x" + d + " " + policy + " index " + index;
                    float[] loc = floats(r, d, -2, 2);  // other parameters at each refill
                    float[] scale = floats(r, d, 0.05, 3);
                    plan.forward(RNG, index, LocScale.of(loc, scale));
                    assertSame(values, plan.values(), what);
                    float[] want = new float[n];
                    NormalRsample.forward(RNG, index, batch, d, loc, scale, want, 0, null, 0);
                    assertArrayEquals(want, plan.values(), what + ": values");
                    assertEquals(index, plan.index(), what);
                    Arrays.fill(plan.values(), Float.NaN);  // backward never reads them
                    for (int k = 0; k < 10; k++) {
                        float[] dz = floats(r, n, -1, 1);
                        if (k >= 8) {
                            Arrays.fill(dz, k == 8 ? -0f : 0f);
                        }
                        boolean add = (k & 1) != 0;
                        boolean both = (k & 2) == 0;
                        float[] start = floats(r, d, -1, 1);
                        float[] gl = (k & 4) == 0 ? start.clone() : null;
                        float[] gs = both ? start.clone() : null;
                        float[] wantL = gl == null ? null : start.clone();
                        float[] wantS = both ? start.clone() : null;
                        plan.backward(dz, gl, gs, add);
                        NormalRsample.backward(RNG, index, batch, d, dz, 0, null, 0, wantL, wantS, add);
                        String w = what + " k " + k;
                        if (gl != null) {
                            assertArrayEquals(wantL, gl, w + ": gradLoc");
                        }
                        if (both) {
                            assertArrayEquals(wantS, gs, w + ": gradScale");
                        }
                    }
                }
            }
        }
    }

    @Test
    void aRejectedCallWritesNothing() {
        LocScale params = LocScale.of(new float[] {0.1f, -0.2f}, new float[] {1f, 0.5f});
        NormalRsamplePlan plan = NormalRsamplePlan.of(3, 2, EpsPolicy.STORE);
        assertNull(plan.rng());
        float[] g = {7f, 7f};
        float[] dz = new float[6];
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> plan.backward(dz, g, null, false));
        assertTrue(none.getMessage().contains("no draw"), none.getMessage());
        plan.forward(RNG, 4, params);
        float[] v = plan.values().clone();
        assertThrows(IllegalArgumentException.class, () -> plan.forward(RNG, Long.MAX_VALUE - 4, params));
        assertThrows(IllegalArgumentException.class, () -> plan.forward(RNG, -2, params));
        assertMessage("params must have the plan's 2 features, had 3",
                () -> plan.forward(RNG, 0, LocScale.of(new float[3], new float[] {1, 1, 1})));
        assertThrows(NullPointerException.class, () -> plan.forward(RNG, 0, null));
        assertArrayEquals(v, plan.values(), "values of the kept draw");
        assertEquals(4, plan.index());
        assertMessage("dz.length must be batch * features (6), was 5", () -> plan.backward(new float[5], g, null, false));
        assertMessage("gradLoc.length must be features (2), was 3", () -> plan.backward(dz, new float[3], null, false));
        assertMessage("gradScale.length must be features (2), was 1", () -> plan.backward(dz, null, new float[1], false));
        assertMessage("gradLoc and gradScale must be different arrays", () -> plan.backward(dz, g, g, false));
        NormalRsamplePlan row = NormalRsamplePlan.of(1, 2, EpsPolicy.RECOMPUTE);
        row.forward(RNG, 0, params);
        float[] up = new float[2];
        assertMessage("gradScale must not be the array dz", () -> row.backward(up, null, up, false));
        assertArrayEquals(new float[] {7f, 7f}, g, "nothing written by a rejected call");
        assertThrows(IllegalArgumentException.class, () -> NormalRsamplePlan.of(-1, 2, EpsPolicy.STORE));
        assertThrows(IllegalArgumentException.class, () -> NormalRsamplePlan.of(1, 0, EpsPolicy.STORE));
        assertThrows(IllegalArgumentException.class, () -> NormalRsamplePlan.of(Integer.MAX_VALUE, 2, EpsPolicy.STORE));
        assertThrows(NullPointerException.class, () -> NormalRsamplePlan.of(1, 2, null));
    }

    private static void assertMessage(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }
}
