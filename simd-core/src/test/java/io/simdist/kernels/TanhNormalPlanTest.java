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

/**
 * {@link TanhNormalPlan} gives the bits of the kernel API ({@link TanhNormalRsample}'s array calls, which
 * the provider tests pin to the scalar reference) on the small-call shortcut (at most 8 elements) and
 * above it, for both policies, every combination of null upstream and gradient arrays, {@code +=}, and
 * refills; and it checks what changes per call before writing anything.
 */
class TanhNormalPlanTest {
    private static final Philox4x32 RNG = Philox4x32.of(0x91A2_2026_1207L).stream(5);
    /** Shapes on both sides of the 8-element shortcut, batch 0, one row wider than a vector and a bulk batch. */
    private static final int[][] SHAPES = {{0, 3}, {1, 1}, {1, 6}, {1, 8}, {2, 4}, {4, 2}, {8, 1}, {3, 3}, {1, 9},
        {1, 17}, {3, 6}, {1, 64}, {1, 65}, {256, 6}};

    @Test
    void forwardAndBackwardGiveTheKernelApiBits() {
        SplittableRandom r = new SplittableRandom(2026_12_07L);
        for (int[] shape : SHAPES) {
            int batch = shape[0];
            int d = shape[1];
            int n = batch * d;
            float[] loc = floats(r, d, -2, 2);
            float[] scale = floats(r, d, 0.05, 3);
            LocScale params = LocScale.of(loc, scale);
            for (EpsPolicy policy : EpsPolicy.values()) {
                TanhNormalPlan plan = TanhNormalPlan.of(params, batch, policy);
                assertEquals(policy, plan.policy());
                float[] actions = plan.actions();
                for (long index : new long[] {0, 7, 1L << 40 | 3}) {  // even, odd, far out
                    String what = batch + "x" + d + " " + policy + " index " + index;
                    plan.forward(RNG, index);
                    assertSame(actions, plan.actions(), what);
                    float[] wantA = new float[n];
                    float[] wantLp = new float[batch];
                    float[] eps = new float[n];
                    TanhNormalRsample.forward(RNG, index, batch, d, loc, scale, wantA, 0, wantLp, 0, eps, 0);
                    assertArrayEquals(wantA, plan.actions(), what + ": actions");
                    assertArrayEquals(wantLp, plan.logProb(), what + ": logProb");
                    assertEquals(index, plan.index(), what);
                    assertSame(RNG, plan.rng(), what);
                    // the caller may overwrite the arrays it was handed: backward reads neither
                    Arrays.fill(plan.actions(), Float.NaN);
                    Arrays.fill(plan.logProb(), Float.NaN);
                    for (int k = 0; k < 18; k++) {
                        float[] dA = (k & 1) != 0 ? floats(r, n, -1, 1) : null;
                        if (k >= 16) {  // signed zeros: the sums start from +0, a lone term is not -0
                            dA = new float[n];
                            Arrays.fill(dA, k == 16 ? -0f : 0f);
                        }
                        float[] dLp = (k & 2) != 0 ? floats(r, batch, -1, 1) : null;
                        boolean add = (k & 4) != 0;
                        boolean both = (k & 8) == 0;
                        float[] start = floats(r, d, -1, 1);
                        float[] gl = start.clone();
                        float[] gs = both ? start.clone() : null;
                        float[] wantL = start.clone();
                        float[] wantS = both ? start.clone() : null;
                        plan.backward(dA, dLp, gl, gs, add);
                        TanhNormalRsample.backward(RNG, index, batch, d, loc, scale, dA, 0, dLp, 0, null, 0, wantL,
                                wantS, add);
                        String w = what + " dA " + (dA != null) + " dLp " + (dLp != null) + " add " + add;
                        assertArrayEquals(wantL, gl, w + ": gradLoc");
                        if (both) {
                            assertArrayEquals(wantS, gs, w + ": gradScale");
                        }
                    }
                }
            }
        }
    }

    @Test
    void aDrawPastTheStreamsEndWritesNothingAndKeepsTheEarlierDraw() {
        LocScale params = LocScale.of(new float[] {0.1f, -0.2f, 0.3f}, new float[] {1f, 0.5f, 2f});
        for (int batch : new int[] {1, 100}) {
            TanhNormalPlan plan = TanhNormalPlan.of(params, batch, EpsPolicy.STORE);
            plan.forward(RNG, 11);
            float[] a = plan.actions().clone();
            float[] lp = plan.logProb().clone();
            float[] dA = new float[3 * batch];
            Arrays.fill(dA, 0.5f);
            float[] gl = new float[3];
            plan.backward(dA, null, gl, null, false);
            long last = Long.MAX_VALUE;  // f32: one word per variate, the last variate is 2^63 - 1
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> plan.forward(RNG, last - 3 * batch + 2));
            assertTrue(e.getMessage().contains("index"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> plan.forward(RNG, -1));
            assertThrows(NullPointerException.class, () -> plan.forward(null, 0));
            assertArrayEquals(a, plan.actions());
            assertArrayEquals(lp, plan.logProb());
            assertEquals(11, plan.index());
            float[] again = new float[3];
            plan.backward(dA, null, again, null, false);
            assertArrayEquals(gl, again, "the earlier draw's gradients");
        }
    }

    @Test
    void backwardChecksItsArraysBeforeWritingAndNeedsADraw() {
        LocScale params = LocScale.of(new float[] {0.1f, -0.2f}, new float[] {1f, 0.5f});
        TanhNormalPlan plan = TanhNormalPlan.of(params, 3, EpsPolicy.RECOMPUTE);
        assertNull(plan.rng());
        assertEquals(-1, plan.index());
        float[] g = {7f, 7f};
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> plan.backward(new float[6], null, g, null, false));
        assertTrue(none.getMessage().contains("no draw"), none.getMessage());
        plan.forward(RNG, 0);
        float[] dA = new float[6];
        float[] dLp = new float[3];
        assertMessage("dAction.length must be batch * features (6), was 5",
                () -> plan.backward(new float[5], dLp, g, null, false));
        assertMessage("dLogProb.length must be batch (3), was 2",
                () -> plan.backward(dA, new float[2], g, null, false));
        assertMessage("gradLoc.length must be features (2), was 3",
                () -> plan.backward(dA, dLp, new float[3], null, false));
        assertMessage("gradScale.length must be features (2), was 1",
                () -> plan.backward(dA, dLp, null, new float[1], false));
        assertMessage("gradLoc and gradScale must be different arrays", () -> plan.backward(dA, dLp, g, g, false));
        TanhNormalPlan row = TanhNormalPlan.of(params, 1, EpsPolicy.STORE);
        row.forward(RNG, 0);
        float[] up = new float[2];
        assertMessage("gradScale must not be an input array", () -> row.backward(up, null, null, up, false));
        assertArrayEquals(new float[] {7f, 7f}, g, "nothing written by a rejected call");
        assertThrows(IllegalArgumentException.class, () -> TanhNormalPlan.of(params, -1, EpsPolicy.STORE));
        assertThrows(IllegalArgumentException.class, () -> TanhNormalPlan.of(params, Integer.MAX_VALUE, EpsPolicy.STORE));
        assertThrows(NullPointerException.class, () -> TanhNormalPlan.of(null, 1, EpsPolicy.STORE));
        assertThrows(NullPointerException.class, () -> TanhNormalPlan.of(params, 1, null));
    }

    private static void assertMessage(String message, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }
}
