package io.simdist.kernels;

import static io.simdist.kernels.NormalRsampleProvidersTest.floats;
import static io.simdist.kernels.NormalRsampleProvidersTest.lengths;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.TestProviders;
import io.simdist.rng.Philox4x32;
import io.simdist.simd.Backends;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fused SAC path: the same bits on every provider and width, the log-probability and the
 * gradients against a double-precision reference written from the formulas with {@link StrictMath},
 * the reference's gradients against central finite differences, and stability for large |u|.
 */
class TanhNormalRsampleTest {
    private static final Philox4x32 RNG = Philox4x32.of(0xAC7_0F_5ACL).stream(3);
    private static final int[][] SHAPES = {{1, 1}, {1, 6}, {3, 1}, {5, 13}, {17, 64}, {40, 100}, {2, 1500},
        {3000, 2}};

    @Test
    @Tag("providers")
    void everyProviderGivesTheScalarBitsForwardAndBackward() {
        SplittableRandom r = new SplittableRandom(11);
        KernelProvider ref = Backends.scalar();
        for (int[] shape : SHAPES) {
            int batch = shape[0];
            int features = shape[1];
            int n = batch * features;
            for (int lm : lengths(batch, features)) {
                int sm = lengths(batch, features)[(lm + n) % 3];
                float[] loc = floats(r, lm, -3, 3);
                float[] scale = floats(r, sm, 0.05, 3);
                float[] dA = floats(r, n, -1, 1);
                float[] dLp = floats(r, batch, -1, 1);
                float[] a0 = new float[n];
                float[] lp0 = new float[batch];
                float[] gl0 = new float[lm];
                float[] gs0 = new float[sm];
                new TanhNormalRsample.On(ref).forward(RNG, 7, batch, features, loc, scale, a0, 0, lp0, 0, null, 0);
                new TanhNormalRsample.On(ref).backward(RNG, 7, batch, features, loc, scale, dA, 0, dLp, 0, null, 0,
                        gl0, gs0, false);
                for (KernelProvider p : TestProviders.all()) {
                    for (boolean store : new boolean[] {false, true}) {
                        String what = p.name() + " " + batch + "x" + features + " loc" + lm + " scale" + sm
                                + (store ? " STORE" : " RECOMPUTE");
                        float[] eps = store ? new float[n] : null;
                        float[] a = new float[n + 2];
                        float[] lp = new float[batch + 1];
                        new TanhNormalRsample.On(p).forward(RNG, 7, batch, features, loc, scale, a, 2, lp, 1, eps, 0);
                        assertArrayEquals(a0, Arrays.copyOfRange(a, 2, n + 2), what + " action");
                        assertArrayEquals(lp0, Arrays.copyOfRange(lp, 1, batch + 1), what + " logProb");
                        float[] gl = new float[lm];
                        float[] gs = new float[sm];
                        new TanhNormalRsample.On(p).backward(RNG, 7, batch, features, loc, scale, dA, 0, dLp, 0, eps,
                                0, gl, gs, false);
                        assertArrayEquals(gl0, gl, what + " gradLoc");
                        assertArrayEquals(gs0, gs, what + " gradScale");
                        actionsGiveTheSameGradients(p, what, batch, features, loc, scale, dA, dLp, eps, a);
                    }
                }
            }
        }
    }

    /**
     * A backward pass given the forward pass's actions ({@code a} from 2, read instead of {@code tanh(u)})
     * gives the bits of one that recomputes them, on the small-call route where the public entry takes it
     * and on the bulk kernels, overwriting and adding.
     */
    private static void actionsGiveTheSameGradients(KernelProvider p, String what, int batch, int features,
            float[] loc, float[] scale, float[] dA, float[] dLp, float[] eps, float[] a) {
        for (boolean small : new boolean[] {false, SmallCalls.fitsTanh(batch, features)}) {
            for (boolean add : new boolean[] {false, true}) {
                String how = what + (small ? " small" : " bulk") + " add=" + add + ", actions given";
                float[] wantLoc = floats(new SplittableRandom(loc.length), loc.length, -1, 1);
                float[] wantScale = floats(new SplittableRandom(scale.length), scale.length, -1, 1);
                float[] gotLoc = wantLoc.clone();
                float[] gotScale = wantScale.clone();
                TanhNormalRsample.backward(p, small, false, RNG, 7, batch, features, loc, scale, dA, 0, dLp, 0, eps,
                        0, null, 0, wantLoc, wantScale, add);
                TanhNormalRsample.backward(p, small, false, RNG, 7, batch, features, loc, scale, dA, 0, dLp, 0, eps,
                        0, a, 2, gotLoc, gotScale, add);
                assertArrayEquals(wantLoc, gotLoc, how + " gradLoc");
                assertArrayEquals(wantScale, gotScale, how + " gradScale");
            }
        }
    }

    /** The actions given to a backward pass are checked before anything is written. */
    @Test
    void aBackwardPassChecksTheActionsItIsGivenFirst() {
        LocScale params = LocScale.of(new float[] {0f, 1f, 2f}, new float[] {1f, 1f, 1f});
        float[] gl = {42f, 42f, 42f};
        float[] a = new float[6];
        assertThrows(IndexOutOfBoundsException.class, () -> TanhNormalRsample.backward(RNG, 0, 2, params, null, 0,
                null, 0, null, 0, a, 1, gl, null, false));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> TanhNormalRsample.backward(
                RNG, 0, 1, params, null, 0, null, 0, null, 0, gl, 0, gl, null, false));
        assertEquals("gradLoc must not be an input array", ex.getMessage());
        assertArrayEquals(new float[] {42f, 42f, 42f}, gl);
    }

    /**
     * Each row's log-probability is exactly the documented value: the per-element terms summed (term
     * {@code c} into partial {@code c mod 4}, {@code T = (p0 + p1) + (p2 + p3)}), the squashing factors
     * {@code 1 + e} multiplied in double per block of 64 columns and the float logs of the blocks'
     * products added into {@code L}, then {@code T + 2 L} rounded once; recomputed here element by element from the stream's eps,
     * for rows that fit a piece many times, rows that end mid-piece and rows wider than one (several blocks).
     * (The order of the partials rarely shows after the one rounding; a lost or doubled term or factor
     * always does.)
     */
    @Test
    void logProbIsTheDocumentedSumOfTheTermsOnEveryProvider() {
        SplittableRandom r = new SplittableRandom(12);
        int[][] shapes = {{1, 5}, {256, 6}, {171, 6}, {700, 3}, {9, 113}, {300, 7}, {4, 1025}, {2, 2100}};
        for (int[] shape : shapes) {
            int batch = shape[0];
            int features = shape[1];
            int n = batch * features;
            float[] loc = floats(r, features, -2, 2);
            float[] scale = floats(r, features, 0.1, 2);
            float[] eps = new float[n];
            Normals.fill(RNG, 11, eps, 0, n);
            float[] expected = new float[batch];
            for (int b = 0; b < batch; b++) {
                double[] part = new double[4];
                double logs = 0;
                double prod = 1;
                for (int c = 0; c < features; c++) {
                    float e = eps[b * features + c];
                    float u = Math.fma(e, scale[c], loc[c]);
                    part[c & 3] += TanhNormalRsample.logProbTerm(e, scale[c], u);
                    prod *= 1.0 + TanhNormalRsample.squash(u);
                    if (c % 64 == 63 || c == features - 1) {
                        logs += Elementary.log((float) prod);
                        prod = 1;
                    }
                }
                expected[b] = (float) (((part[0] + part[1]) + (part[2] + part[3])) + 2 * logs);
            }
            for (KernelProvider p : TestProviders.all()) {
                float[] lp = new float[batch];
                new TanhNormalRsample.On(p).forward(RNG, 11, batch, features, loc, scale, new float[n], 0, lp, 0,
                        null, 0);
                assertArrayEquals(expected, lp, p.name() + " " + batch + "x" + features);
            }
        }
    }

    @Test
    void logProbAndGradientsMatchADoubleReference() {
        SplittableRandom r = new SplittableRandom(12);
        // 21831 x 3: past a block, the last one shorter than a piece (7 rows)
        for (int[] shape : new int[][] {{1, 1}, {1, 6}, {7, 3}, {64, 17}, {21831, 3}}) {
            int batch = shape[0];
            int features = shape[1];
            int n = batch * features;
            for (int lm : lengths(batch, features)) {
                for (int sm : lengths(batch, features)) {
                    float[] loc = floats(r, lm, -2, 2);
                    float[] scale = floats(r, sm, 0.1, 2);
                    float[] wA = floats(r, n, -1, 1);
                    float[] wL = floats(r, batch, -1, 1);
                    float[] eps = new float[n];
                    float[] a = new float[n];
                    float[] lp = new float[batch];
                    TanhNormalRsample.forward(RNG, 99, batch, features, loc, scale, a, 0, lp, 0, eps, 0);
                    Reference ref = new Reference(batch, features, toDouble(loc), toDouble(scale), eps);
                    for (int b = 0; b < batch; b++) {
                        double want = ref.logProb(b);
                        assertEquals(want, lp[b], 2e-6 * (features + Math.abs(want)), "logProb row " + b);
                    }
                    for (int i = 0; i < n; i++) {
                        assertEquals(Math.tanh(ref.u(i)), a[i], 2e-7, "action " + i);
                    }
                    float[] gl = new float[lm];
                    float[] gs = new float[sm];
                    TanhNormalRsample.backward(RNG, 99, batch, features, loc, scale, wA, 0, wL, 0, null, 0, gl, gs,
                            false);
                    double[][] g = ref.gradients(wA, wL, lm, sm);
                    String what = batch + "x" + features + " loc" + lm + " scale" + sm;
                    for (int k = 0; k < lm; k++) {
                        assertEquals(g[0][k], gl[k], 1e-5 * (1 + Math.abs(g[0][k])) * Math.sqrt(n), what + " gradLoc " + k);
                    }
                    for (int k = 0; k < sm; k++) {
                        assertEquals(g[1][k], gs[k], 1e-5 * (1 + Math.abs(g[1][k])) * Math.sqrt(n),
                                what + " gradScale " + k);
                    }
                }
            }
        }
    }

    @Test
    void referenceGradientsMatchCentralFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(13);
        int batch = 5;
        int features = 4;
        int n = batch * features;
        float[] eps = new float[n];
        Normals.fill(RNG, 0, eps, 0, n);
        float[] wA = floats(r, n, -1, 1);
        float[] wL = floats(r, batch, -1, 1);
        for (int lm : lengths(batch, features)) {
            for (int sm : lengths(batch, features)) {
                double[] loc = toDouble(floats(r, lm, -2, 2));
                double[] scale = toDouble(floats(r, sm, 0.2, 2));
                double[][] g = new Reference(batch, features, loc, scale, eps).gradients(wA, wL, lm, sm);
                double h = 1e-6;
                for (int k = 0; k < lm; k++) {
                    double[] up = loc.clone();
                    double[] down = loc.clone();
                    up[k] += h;
                    down[k] -= h;
                    double fd = (new Reference(batch, features, up, scale, eps).loss(wA, wL)
                            - new Reference(batch, features, down, scale, eps).loss(wA, wL)) / (2 * h);
                    assertEquals(fd, g[0][k], 1e-6 * (1 + Math.abs(fd)), "dL/dloc " + k);
                }
                for (int k = 0; k < sm; k++) {
                    double[] up = scale.clone();
                    double[] down = scale.clone();
                    up[k] += h;
                    down[k] -= h;
                    double fd = (new Reference(batch, features, loc, up, eps).loss(wA, wL)
                            - new Reference(batch, features, loc, down, eps).loss(wA, wL)) / (2 * h);
                    assertEquals(fd, g[1][k], 1e-6 * (1 + Math.abs(fd)), "dL/dscale " + k);
                }
            }
        }
    }

    @Test
    void logProbStaysFiniteAndAccurateWhereTanhSaturates() {
        int batch = 8;
        int features = 3;
        int n = batch * features;
        for (float m : new float[] {-40f, -12f, 9.5f, 30f}) {
            float[] loc = {m};
            float[] scale = {0.5f};
            float[] eps = new float[n];
            float[] a = new float[n];
            float[] lp = new float[batch];
            TanhNormalRsample.forward(RNG, 3, batch, features, loc, scale, a, 0, lp, 0, eps, 0);
            Reference ref = new Reference(batch, features, new double[] {m}, new double[] {0.5}, eps);
            for (int b = 0; b < batch; b++) {
                assertTrue(Float.isFinite(lp[b]), "logProb row " + b + " at loc " + m + " was " + lp[b]);
                double want = ref.logProb(b);
                assertEquals(want, lp[b], 1e-6 * Math.abs(want) + 1e-4, "loc " + m + " row " + b);
            }
        }
    }

    @Test
    void badArgumentsThrowBeforeAnythingIsWritten() {
        float[] a = new float[6];
        float[] lp = new float[2];
        Arrays.fill(a, 42f);
        Arrays.fill(lp, 42f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TanhNormalRsample.forward(
                RNG, 0, 2, 3, new float[] {0f, Float.NaN, 1f}, new float[] {1f}, a, 0, lp, 0, null, 0));
        assertEquals("loc[1] must be finite, was NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TanhNormalRsample.forward(RNG, 0, 2, 3,
                new float[] {0f}, new float[] {1f, 0f, 2f}, a, 0, lp, 0, null, 0));
        assertEquals("scale[1] must be > 0 and finite, was 0.0", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> TanhNormalRsample.forward(RNG, 0, 2, 3,
                new float[] {0f}, new float[] {1f}, a, 0, lp, 1, null, 0));
        e = assertThrows(IllegalArgumentException.class, () -> TanhNormalRsample.forward(RNG, 0, 2, 3,
                new float[] {0f}, new float[] {1f}, a, 0, a, 0, null, 0));
        assertEquals("logProb must not be the array action", e.getMessage());
        float[] gl = {42f, 42f};
        e = assertThrows(IllegalArgumentException.class, () -> TanhNormalRsample.backward(RNG, 0, 2, 3,
                new float[] {0f}, new float[] {1f}, null, 0, null, 0, null, 0, gl, null, false));
        assertEquals("gradLoc.length must equal loc.length (1), was 2", e.getMessage());
        float[] wide = new float[6];
        assertThrows(IndexOutOfBoundsException.class, () -> TanhNormalRsample.backward(RNG, 0, 2, 3,
                new float[] {0f}, new float[] {1f}, wide, 1, null, 0, null, 0, new float[1], null, false));
        float[] same = new float[1];
        e = assertThrows(IllegalArgumentException.class, () -> TanhNormalRsample.backward(RNG, 0, 2, 3,
                new float[] {0f}, new float[] {1f}, null, 0, null, 0, null, 0, same, same, false));
        assertEquals("gradLoc and gradScale must be different arrays", e.getMessage());
        for (float v : a) {
            assertEquals(42f, v);
        }
        for (float v : lp) {
            assertEquals(42f, v);
        }
        assertEquals(42f, gl[0]);
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** The SAC density and its gradients in double, from the formulas, for fixed noise. */
    private record Reference(int batch, int features, double[] loc, double[] scale, float[] eps) {
        double u(int i) {
            return loc[index(loc, i)] + eps[i] * scale[index(scale, i)];
        }

        int index(double[] p, int i) {
            return p.length == 1 ? 0 : p.length == features ? i % features : i;
        }

        double logProb(int b) {
            double sum = 0;
            for (int j = 0; j < features; j++) {
                int i = b * features + j;
                double u = u(i);
                double e = eps[i];
                // log(1 - tanh(u)^2) = 2 (log 2 - u - log1p(exp(-2u))), stable for either sign
                double logJacobian = 2 * (Math.log(2) - u - softplus(-2 * u));
                sum += -0.5 * e * e - StrictMath.log(scale[index(scale, i)]) - 0.5 * StrictMath.log(2 * Math.PI)
                        - logJacobian;
            }
            return sum;
        }

        static double softplus(double x) {
            return Math.max(x, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x)));
        }

        double loss(float[] wA, float[] wL) {
            double l = 0;
            for (int i = 0; i < batch * features; i++) {
                l += wA[i] * StrictMath.tanh(u(i));
            }
            for (int b = 0; b < batch; b++) {
                l += wL[b] * logProb(b);
            }
            return l;
        }

        /** {gradLoc, gradScale} of {@link #loss}, reduced to lengths lm and sm. */
        double[][] gradients(float[] wA, float[] wL, int lm, int sm) {
            double[] gl = new double[lm];
            double[] gs = new double[sm];
            for (int i = 0; i < batch * features; i++) {
                double a = StrictMath.tanh(u(i));
                double dLp = wL[i / features];
                double gu = wA[i] * (1 - a * a) + dLp * 2 * a;
                int s = index(scale, i);
                gl[index(loc, i)] += gu;
                gs[s] += gu * eps[i] - dLp / scale[s];
            }
            return new double[][] {gl, gs};
        }
    }
}
