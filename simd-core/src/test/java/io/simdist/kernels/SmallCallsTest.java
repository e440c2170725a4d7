package io.simdist.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.TestProviders;
import io.simdist.rng.Philox4x32;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A small call gives exactly the bits of the bulk path: the public entry points (which run calls of at
 * most {@link SmallWords#MAX} elements on the scalar small-call path, {@link SmallCalls}) against each
 * provider's bulk kernels ({@code On(provider)}, which never take the small path), at the same
 * (key, stream, index). Every length from 1 to 70 (so both sides of {@link SmallWords#MAX}), every
 * start index modulo 64 (every position in a Philox block and in a vector of any width), each
 * parameter broadcast mode, both eps policies, with and without {@code +=}, and output offsets. Runs once
 * per forced vector width (surefire executions vector-128/256/512).
 */
@Tag("providers")
class SmallCallsTest {
    private static final Philox4x32 RNG = Philox4x32.of(0x5EED_5A11_CA11L).stream(12);
    private static final long BASE = (1L << 33) + 640;  // counter words beyond 32 bits
    private static final int MAX_LENGTH = 70;
    private static final int OFFSETS = 64;

    @Test
    void theServedSizesAreTheSmallOnes() {
        assertTrue(SmallCalls.fits(1, 6) && SmallCalls.fits(1, 8) && SmallCalls.fits(0, 9));
        boolean vector = io.simdist.simd.Backends.current().vectorBits() > 0;
        assertEquals(!vector, SmallCalls.fits(1, 17));
        assertEquals(!vector, SmallCalls.fits(1, 64));
        assertTrue(!SmallCalls.fits(1, 65) && !SmallCalls.fits(256, 6) && !SmallCalls.fits(-1, 6));
        // the reparameterised normal: up to SmallWords.MAX elements on every backend
        assertTrue(SmallCalls.fitsAffine(1, 6) && SmallCalls.fitsAffine(1, 17) && SmallCalls.fitsAffine(1, 64)
                && SmallCalls.fitsAffine(8, 8) && SmallCalls.fitsAffine(0, 9));
        // SAC: one row of up to SmallWords.MAX actions also on the vector backend, on its kernels when the
        // parameters are per action
        assertTrue(SmallCalls.fitsTanh(1, 17) && SmallCalls.fitsTanh(1, 64) && SmallCalls.fitsTanh(2, 4));
        assertEquals(!vector, SmallCalls.fitsTanh(2, 17));
        assertTrue(!SmallCalls.fitsTanh(1, 65) && !SmallCalls.fitsTanh(256, 6));
        assertEquals(vector, SmallCalls.tanhRow(1, 17, RsampleLayout.FEATURE, RsampleLayout.ELEMENT));
        assertTrue(!SmallCalls.tanhRow(1, 17, RsampleLayout.SCALAR, RsampleLayout.FEATURE)
                && !SmallCalls.tanhRow(1, 6, RsampleLayout.FEATURE, RsampleLayout.FEATURE));
        assertTrue(!SmallCalls.fitsAffine(1, 65) && !SmallCalls.fitsAffine(256, 6) && !SmallCalls.fitsAffine(-1, 6)
                && !SmallCalls.fitsAffine(1, 0));
    }

    @Test
    void normalFillsEqualTheBulkKernelsOfEveryProvider() {
        int span = MAX_LENGTH + OFFSETS;
        for (KernelProvider p : TestProviders.all()) {
            float[] bulkF = new float[span];
            double[] bulkD = new double[span];
            p.normalFloats(RNG.key(), RNG.streamId(), BASE, bulkF, 0, span);
            p.normalDoubles(RNG.key(), RNG.streamId(), BASE, bulkD, 0, span);
            for (int len = 1; len <= MAX_LENGTH; len++) {
                for (int o = 0; o < OFFSETS; o++) {
                    float[] f = new float[len + 2];
                    double[] d = new double[len + 2];
                    Normals.fill(RNG, BASE + o, f, 1, len);
                    Normals.fill(RNG, BASE + o, d, 1, len);
                    String what = p.name() + " len " + len + " offset " + o;
                    assertArrayEquals(Arrays.copyOfRange(bulkF, o, o + len), Arrays.copyOfRange(f, 1, len + 1), what);
                    assertArrayEquals(Arrays.copyOfRange(bulkD, o, o + len), Arrays.copyOfRange(d, 1, len + 1), what);
                    assertTrue(f[0] == 0 && f[len + 1] == 0 && d[0] == 0 && d[len + 1] == 0, what + ": wrote outside");
                }
            }
        }
    }

    @Test
    void rsampleForwardAndBackwardEqualTheBulkKernelsOfEveryProviderFloat() {
        SplittableRandom r = new SplittableRandom(41);
        for (KernelProvider p : TestProviders.all()) {
            NormalRsample.On bulk = new NormalRsample.On(p);
            forEachShape(r, (batch, features, index, lm, sm, store, add) -> {
                int n = batch * features;
                float[] loc = floats(r, lm, -3, 3);
                float[] scale = floats(r, sm, 0.01, 4);
                int zFrom = r.nextInt(3);
                float[][] z = {new float[zFrom + n + 1], new float[zFrom + n + 1]};
                float[][] eps = store ? new float[][] {new float[n + 2], new float[n + 2]} : new float[2][];
                NormalRsample.forward(RNG, index, batch, features, loc, scale, z[0], zFrom, eps[0], 1);
                bulk.forward(RNG, index, batch, features, loc, scale, z[1], zFrom, eps[1], 1);
                String what = p.name() + " " + batch + "x" + features + " index " + index + " loc" + lm + " scale" + sm
                        + (store ? " STORE" : "") + (add ? " +=" : "");
                assertArrayEquals(z[1], z[0], what + " z");
                if (store) {
                    assertArrayEquals(eps[1], eps[0], what + " eps");
                }
                float[] dz = floats(r, n, -2, 2);
                float[] startLoc = floats(r, lm, -1, 1);
                float[] startScale = floats(r, sm, -1, 1);
                float[][] gl = {startLoc.clone(), startLoc.clone()};
                float[][] gs = {startScale.clone(), startScale.clone()};
                NormalRsample.backward(RNG, index, batch, features, dz, 0, eps[0], 1, gl[0], gs[0], add);
                bulk.backward(RNG, index, batch, features, dz, 0, eps[1], 1, gl[1], gs[1], add);
                assertArrayEquals(gl[1], gl[0], what + " gradLoc");
                assertArrayEquals(gs[1], gs[0], what + " gradScale");
                // one gradient not wanted: the other's bits do not change
                float[] only = startScale.clone();
                NormalRsample.backward(RNG, index, batch, features, dz, 0, eps[0], 1, null, only, add);
                assertArrayEquals(gs[1], only, what + " gradScale alone");
            });
        }
    }

    @Test
    void rsampleForwardAndBackwardEqualTheBulkKernelsOfEveryProviderDouble() {
        SplittableRandom r = new SplittableRandom(42);
        for (KernelProvider p : TestProviders.all()) {
            NormalRsample.On bulk = new NormalRsample.On(p);
            forEachShape(r, (batch, features, index, lm, sm, store, add) -> {
                int n = batch * features;
                double[] loc = doubles(r, lm, -3, 3);
                double[] scale = doubles(r, sm, 0.01, 4);
                double[][] z = {new double[n + 1], new double[n + 1]};
                double[][] eps = store ? new double[][] {new double[n], new double[n]} : new double[2][];
                NormalRsample.forward(RNG, index, batch, features, loc, scale, z[0], 1, eps[0], 0);
                bulk.forward(RNG, index, batch, features, loc, scale, z[1], 1, eps[1], 0);
                String what = p.name() + " f64 " + batch + "x" + features + " index " + index + " loc" + lm
                        + " scale" + sm + (store ? " STORE" : "") + (add ? " +=" : "");
                assertArrayEquals(z[1], z[0], what + " z");
                if (store) {
                    assertArrayEquals(eps[1], eps[0], what + " eps");
                }
                double[] dz = doubles(r, n, -2, 2);
                double[] startLoc = doubles(r, lm, -1, 1);
                double[] startScale = doubles(r, sm, -1, 1);
                double[][] gl = {startLoc.clone(), startLoc.clone()};
                double[][] gs = {startScale.clone(), startScale.clone()};
                NormalRsample.backward(RNG, index, batch, features, dz, 0, eps[0], 0, gl[0], gs[0], add);
                bulk.backward(RNG, index, batch, features, dz, 0, eps[1], 0, gl[1], gs[1], add);
                assertArrayEquals(gl[1], gl[0], what + " gradLoc");
                assertArrayEquals(gs[1], gs[0], what + " gradScale");
            });
        }
    }

    @Test
    void tanhForwardAndBackwardEqualTheBulkKernelsOfEveryProvider() {
        SplittableRandom r = new SplittableRandom(43);
        for (KernelProvider p : TestProviders.all()) {
            TanhNormalRsample.On bulk = new TanhNormalRsample.On(p);
            forEachShape(r, (batch, features, index, lm, sm, store, add) -> {
                int n = batch * features;
                float[] loc = floats(r, lm, -3, 3);
                float[] scale = floats(r, sm, 0.01, 4);
                float[][] a = {new float[n + 1], new float[n + 1]};
                float[][] lp = {new float[batch + 2], new float[batch + 2]};
                float[][] eps = store ? new float[][] {new float[n], new float[n]} : new float[2][];
                TanhNormalRsample.forward(RNG, index, batch, features, loc, scale, a[0], 1, lp[0], 2, eps[0], 0);
                bulk.forward(RNG, index, batch, features, loc, scale, a[1], 1, lp[1], 2, eps[1], 0);
                String what = p.name() + " tanh " + batch + "x" + features + " index " + index + " loc" + lm
                        + " scale" + sm + (store ? " STORE" : "") + (add ? " +=" : "");
                assertArrayEquals(a[1], a[0], what + " actions");
                assertArrayEquals(lp[1], lp[0], what + " logProb");
                if (store) {
                    assertArrayEquals(eps[1], eps[0], what + " eps");
                }
                float[] dA = r.nextInt(4) == 0 ? null : floats(r, n, -1, 1);
                float[] dLp = r.nextInt(4) == 0 ? null : floats(r, batch, -1, 1);
                float[] startLoc = floats(r, lm, -1, 1);
                float[] startScale = floats(r, sm, -1, 1);
                float[][] gl = {startLoc.clone(), startLoc.clone()};
                float[][] gs = {startScale.clone(), startScale.clone()};
                TanhNormalRsample.backward(RNG, index, batch, features, loc, scale, dA, 0, dLp, 0, eps[0], 0, gl[0],
                        gs[0], add);
                bulk.backward(RNG, index, batch, features, loc, scale, dA, 0, dLp, 0, eps[1], 0, gl[1], gs[1], add);
                assertArrayEquals(gl[1], gl[0], what + " gradLoc");
                assertArrayEquals(gs[1], gs[0], what + " gradScale");
            });
        }
    }

    /** One case of {@link #forEachShape}: a shape, a start index, the parameters' lengths, the policies. */
    @FunctionalInterface
    private interface Case {
        void run(int batch, int features, long index, int locLength, int scaleLength, boolean store, boolean add);
    }

    /**
     * Every length 1..70 as one row, one column and a row split (a divisor of the length), each at every
     * start index modulo 64, with the broadcast modes and policies drawn from {@code r}; and the empty batch.
     */
    private static void forEachShape(SplittableRandom r, Case c) {
        for (int len = 1; len <= MAX_LENGTH; len++) {
            int divisor = 1;
            for (int d = 2; d * d <= len; d++) {
                if (len % d == 0) {
                    divisor = d;
                }
            }
            int[][] shapes = {{1, len}, {len, 1}, {divisor, len / divisor}};
            for (int[] shape : shapes) {
                for (int o = 0; o < OFFSETS; o++) {
                    int[] lengths = {1, shape[1], len};
                    c.run(shape[0], shape[1], BASE + o, lengths[r.nextInt(3)], lengths[r.nextInt(3)], r.nextBoolean(),
                            r.nextBoolean());
                }
            }
        }
        for (int features : new int[] {1, 6, 17}) {
            c.run(0, features, BASE, 1, features, false, false);
            c.run(0, features, BASE, features, 1, true, true);
        }
    }

    private static float[] floats(SplittableRandom r, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(lo, hi);
        }
        return a;
    }

    private static double[] doubles(SplittableRandom r, int n, double lo, double hi) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextDouble(lo, hi);
        }
        return a;
    }
}
