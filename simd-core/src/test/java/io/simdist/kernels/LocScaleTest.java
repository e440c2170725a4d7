package io.simdist.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.rng.Philox4x32;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Parameters checked once ({@link LocScale}): the checks at {@link LocScale#of}, the copy, the same bits
 * as the array calls (small and bulk sizes, both eps policies), and the per-call checks that remain.
 */
class LocScaleTest {
    private static final Philox4x32 RNG = Philox4x32.of(0x10C5CA1EL).stream(4);

    @Test
    void ofChecksAndNamesTheBadValue() {
        assertMessage(NullPointerException.class, () -> LocScale.of(null, new float[] {1}), "loc");
        assertMessage(NullPointerException.class, () -> LocScale.of(new float[] {1}, null), "scale");
        assertMessage(IllegalArgumentException.class, () -> LocScale.of(new float[0], new float[0]),
                "loc must not be empty");
        assertMessage(IllegalArgumentException.class, () -> LocScale.of(new float[2], new float[] {1}),
                "scale must have the 2 values of loc, had 1");
        assertMessage(IllegalArgumentException.class,
                () -> LocScale.of(new float[] {0, 1, Float.NaN}, new float[] {1, 1, 1}),
                "loc[2] must be finite, was NaN");
        float[][] badScales = {{1, 0}, {1, -0.5f}, {1, Float.POSITIVE_INFINITY}, {1, Float.NaN}, {1, -0f}};
        for (float[] s : badScales) {
            assertMessage(IllegalArgumentException.class, () -> LocScale.of(new float[2], s),
                    "scale[1] must be > 0 and finite, was " + s[1]);
        }
    }

    @Test
    void theParametersAreCopied() {
        float[] loc = {0.5f, -1};
        float[] scale = {2, 0.25f};
        LocScale p = LocScale.of(loc, scale);
        float[] before = new float[8];
        NormalRsample.forward(RNG, 3, 4, p, before, 0, null, 0);
        loc[0] = Float.NaN;
        scale[1] = -1;
        float[] after = new float[8];
        NormalRsample.forward(RNG, 3, 4, p, after, 0, null, 0);
        assertArrayEquals(before, after);
        assertArrayEquals(new float[] {0.5f, -1}, p.loc());
        assertArrayEquals(new float[] {2, 0.25f}, p.scale());
        p.loc()[0] = 7;  // a copy
        assertEquals(0.5f, p.loc()[0]);
        assertEquals(2, p.features());
    }

    /** Sizes on both sides of the small-call limits (8 and 64 elements) and bulk ones. */
    @Test
    void theSameBitsAsTheArrayCalls() {
        SplittableRandom r = new SplittableRandom(3);
        int[][] shapes = {{1, 1}, {1, 6}, {1, 8}, {1, 9}, {1, 17}, {1, 64}, {1, 65}, {3, 6}, {4, 17}, {0, 5},
            {300, 7}, {2, 1500}};
        for (int[] shape : shapes) {
            int batch = shape[0];
            int d = shape[1];
            int n = batch * d;
            float[] loc = NormalRsampleProvidersTest.floats(r, d, -2, 2);
            float[] scale = NormalRsampleProvidersTest.floats(r, d, 0.05, 3);
            float[] dA = NormalRsampleProvidersTest.floats(r, n, -1, 1);
            float[] dLp = NormalRsampleProvidersTest.floats(r, batch, -1, 1);
            LocScale p = LocScale.of(loc, scale);
            for (long index : new long[] {0, 5, (1L << 33) + 3}) {
                for (boolean store : new boolean[] {false, true}) {
                    String what = batch + "x" + d + " index " + index + (store ? " STORE" : " RECOMPUTE");
                    float[] z0 = new float[n + 1];
                    float[] z1 = new float[n + 1];
                    float[] e0 = store ? new float[n] : null;
                    float[] e1 = store ? new float[n] : null;
                    NormalRsample.forward(RNG, index, batch, d, loc, scale, z0, 1, e0, 0);
                    NormalRsample.forward(RNG, index, batch, p, z1, 1, e1, 0);
                    assertArrayEquals(z0, z1, what + " z");
                    if (store) {
                        assertArrayEquals(e0, e1, what + " eps");
                    }
                    float[] a0 = new float[n];
                    float[] a1 = new float[n];
                    float[] lp0 = new float[batch];
                    float[] lp1 = new float[batch];
                    TanhNormalRsample.forward(RNG, index, batch, d, loc, scale, a0, 0, lp0, 0, e0, 0);
                    TanhNormalRsample.forward(RNG, index, batch, p, a1, 0, lp1, 0, e1, 0);
                    assertArrayEquals(a0, a1, what + " action");
                    assertArrayEquals(lp0, lp1, what + " logProb");
                    float[][] g0 = {new float[d], new float[d]};
                    float[][] g1 = {new float[d], new float[d]};
                    TanhNormalRsample.backward(RNG, index, batch, d, loc, scale, dA, 0, dLp, 0, e0, 0, g0[0], g0[1],
                            false);
                    TanhNormalRsample.backward(RNG, index, batch, p, dA, 0, dLp, 0, e1, 0, g1[0], g1[1], false);
                    assertArrayEquals(g0[0], g1[0], what + " gradLoc");
                    assertArrayEquals(g0[1], g1[1], what + " gradScale");
                }
            }
        }
    }

    /** What can change per call is still checked, before anything is written. */
    @Test
    void thePerCallArgumentsAreStillChecked() {
        LocScale p = LocScale.of(new float[] {0, 1, 2}, new float[] {1, 1, 1});
        float[] z = new float[6];
        Arrays.fill(z, 42);
        assertMessage(NullPointerException.class, () -> NormalRsample.forward(RNG, 0, 1, null, z, 0, null, 0),
                "params");
        assertThrows(IndexOutOfBoundsException.class, () -> NormalRsample.forward(RNG, 0, 3, p, z, 0, null, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> NormalRsample.forward(RNG, 0, 1, p, z, 4, null, 0));
        assertThrows(IllegalArgumentException.class, () -> NormalRsample.forward(RNG, -1, 1, p, z, 0, null, 0));
        assertThrows(IllegalArgumentException.class, () -> NormalRsample.forward(RNG, 0, -1, p, z, 0, null, 0));
        assertThrows(IllegalArgumentException.class, () -> NormalRsample.forward(RNG, 0, 1, p, z, 0, z, 0));
        assertThrows(IllegalArgumentException.class,
                () -> NormalRsample.forward(RNG, Long.MAX_VALUE - 1, 1, p, z, 0, null, 0));
        float[] lp = new float[1];
        assertThrows(IndexOutOfBoundsException.class,
                () -> TanhNormalRsample.forward(RNG, 0, 2, p, z, 0, lp, 0, null, 0));
        assertThrows(IllegalArgumentException.class,
                () -> TanhNormalRsample.forward(RNG, 0, 1, p, z, 0, z, 0, null, 0));
        float[] grad = new float[3];
        assertThrows(IllegalArgumentException.class,
                () -> TanhNormalRsample.backward(RNG, 0, 1, p, z, 0, null, 0, null, 0, new float[2], grad, false));
        assertThrows(IllegalArgumentException.class,
                () -> TanhNormalRsample.backward(RNG, 0, 1, p, z, 0, null, 0, null, 0, grad, grad, false));
        assertThrows(IndexOutOfBoundsException.class,
                () -> TanhNormalRsample.backward(RNG, 0, 1, p, z, 4, null, 0, null, 0, grad, null, false));
        for (float v : z) {
            assertEquals(42, v, "a call that throws writes nothing");
        }
        assertTrue(grad[0] == 0 && grad[1] == 0 && grad[2] == 0);
    }

    private static void assertMessage(Class<? extends Throwable> type, Executable call, String message) {
        Throwable t = assertThrows(type, call);
        assertEquals(message, t.getMessage());
    }
}
