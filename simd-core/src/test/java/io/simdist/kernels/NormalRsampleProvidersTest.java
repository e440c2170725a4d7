package io.simdist.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simdist.TestProviders;
import io.simdist.rng.Philox4x32;
import io.simdist.simd.Backends;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fused rsample kernels give exactly the bits of a direct reference written in this test from the
 * documented contract: {@code z = fma(eps, scale, loc)} with eps the stream's normals, and reduced
 * gradients summed in the order {@link RsampleLayout} documents. Every provider, every broadcast mode
 * of each parameter, both eps policies, with and without accumulation, over awkward shapes (one row,
 * one column, rows wider than a piece, batches past a block) and output offsets. Runs once per forced
 * vector width (surefire executions vector-128/256/512).
 */
@Tag("providers")
class NormalRsampleProvidersTest {
    private static final Philox4x32 RNG = Philox4x32.of(0x5EED_0F_5ACL).stream(77);
    private static final int GUARD = 5;
    /**
     * batch x features: tiny, odd, a piece exactly, wide rows, past a 65536-element block, and a last
     * block shorter than a piece (21831 x 3: 341 rows a piece, 21824 a block, then 7 rows).
     */
    private static final int[][] SHAPES = {
        {1, 1}, {1, 7}, {3, 1}, {5, 13}, {16, 64}, {17, 64}, {3, 1024}, {2, 1500}, {1, 2049},
        {100, 3}, {1300, 61}, {70000, 1}, {21831, 3}, {3, 40000},
    };

    @Test
    void forwardIsFmaOfTheStreamNormalsOnEveryProviderFloat() {
        SplittableRandom r = new SplittableRandom(1);
        for (int[] shape : SHAPES) {
            int batch = shape[0];
            int features = shape[1];
            int n = batch * features;
            long index = 1000 + r.nextInt(50);
            float[] eps = new float[n];
            Backends.scalar().normalFloats(RNG.key(), RNG.streamId(), index, eps, 0, n);
            for (int lm : lengths(batch, features)) {
                for (int sm : lengths(batch, features)) {
                    float[] loc = floats(r, lm, -3, 3);
                    float[] scale = floats(r, sm, 0.01, 4);
                    float[] expected = new float[n];
                    for (int i = 0; i < n; i++) {
                        expected[i] = Math.fma(eps[i], at(scale, i, features), at(loc, i, features));
                    }
                    for (KernelProvider p : TestProviders.all()) {
                        for (boolean store : new boolean[] {false, true}) {
                            int zFrom = 2;
                            float[] z = guarded(zFrom + n + GUARD);
                            float[] e = store ? guarded(n + 3 + GUARD) : null;
                            new NormalRsample.On(p).forward(RNG, index, batch, features, loc, scale, z, zFrom, e, 3);
                            String what = p.name() + " " + batch + "x" + features + " loc" + lm + " scale" + sm;
                            assertGuardedSlice(expected, z, zFrom, what + " z");
                            if (store) {
                                assertGuardedSlice(eps, e, 3, what + " eps");
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void forwardIsFmaOfTheStreamNormalsOnEveryProviderDouble() {
        SplittableRandom r = new SplittableRandom(2);
        for (int[] shape : SHAPES) {
            int batch = shape[0];
            int features = shape[1];
            int n = batch * features;
            long index = r.nextInt(1 << 20);
            double[] eps = new double[n];
            Backends.scalar().normalDoubles(RNG.key(), RNG.streamId(), index, eps, 0, n);
            for (int lm : lengths(batch, features)) {
                int sm = lengths(batch, features)[(lm + n) % 3];
                double[] loc = doubles(r, lm, -3, 3);
                double[] scale = doubles(r, sm, 0.01, 4);
                for (KernelProvider p : TestProviders.all()) {
                    double[] z = new double[n + 1];
                    double[] e = new double[n];
                    new NormalRsample.On(p).forward(RNG, index, batch, features, loc, scale, z, 1, e, 0);
                    for (int i = 0; i < n; i++) {
                        double expected = Math.fma(eps[i], at(scale, i, features), at(loc, i, features));
                        if (Double.doubleToRawLongBits(z[1 + i]) != Double.doubleToRawLongBits(expected)) {
                            throw new AssertionError(p.name() + " " + batch + "x" + features + " element " + i
                                    + ": expected " + expected + " was " + z[1 + i]);
                        }
                    }
                    assertArrayEquals(eps, e, p.name());
                }
            }
        }
    }

    @Test
    void backwardEqualsTheDocumentedReductionOnEveryProviderFloat() {
        SplittableRandom r = new SplittableRandom(3);
        for (int[] shape : SHAPES) {
            int batch = shape[0];
            int features = shape[1];
            int n = batch * features;
            long index = 5 + r.nextInt(100);
            float[] eps = new float[n];
            Backends.scalar().normalFloats(RNG.key(), RNG.streamId(), index, eps, 0, n);
            float[] dz = floats(r, n + 4, -2, 2);
            for (int lm : lengths(batch, features)) {
                int sm = lengths(batch, features)[(lm + batch) % 3];
                float[] start = floats(r, Math.max(lm, sm), -1, 1);
                for (boolean add : new boolean[] {false, true}) {
                    float[] expLoc = Arrays.copyOf(start, lm);
                    float[] expScale = Arrays.copyOf(start, sm);
                    referenceGrad(batch, features, dz, 4, null, expLoc, add);
                    referenceGrad(batch, features, dz, 4, eps, expScale, add);
                    for (KernelProvider p : TestProviders.all()) {
                        for (boolean store : new boolean[] {false, true}) {
                            float[] gl = Arrays.copyOf(start, lm);
                            float[] gs = Arrays.copyOf(start, sm);
                            new NormalRsample.On(p).backward(RNG, index, batch, features, dz, 4,
                                    store ? eps : null, 0, gl, gs, add);
                            String what = p.name() + " " + batch + "x" + features + " loc" + lm + " scale" + sm
                                    + (store ? " STORE" : " RECOMPUTE") + (add ? " +=" : "");
                            assertArrayEquals(expLoc, gl, what + " gradLoc");
                            assertArrayEquals(expScale, gs, what + " gradScale");
                        }
                    }
                }
            }
        }
    }

    @Test
    void backwardEqualsTheDocumentedReductionOnEveryProviderDouble() {
        SplittableRandom r = new SplittableRandom(4);
        for (int[] shape : SHAPES) {
            int batch = shape[0];
            int features = shape[1];
            int n = batch * features;
            long index = r.nextInt(1000);
            double[] eps = new double[n];
            Backends.scalar().normalDoubles(RNG.key(), RNG.streamId(), index, eps, 0, n);
            double[] dz = doubles(r, n, -2, 2);
            for (int lm : lengths(batch, features)) {
                int sm = lengths(batch, features)[(lm + features) % 3];
                double[] expLoc = new double[lm];
                double[] expScale = new double[sm];
                referenceGrad(batch, features, dz, null, expLoc);
                referenceGrad(batch, features, dz, eps, expScale);
                for (KernelProvider p : TestProviders.all()) {
                    for (boolean store : new boolean[] {false, true}) {
                        double[] gl = new double[lm];
                        double[] gs = new double[sm];
                        new NormalRsample.On(p).backward(RNG, index, batch, features, dz, 0, store ? eps : null, 0,
                                gl, gs, false);
                        String what = p.name() + " " + batch + "x" + features + " loc" + lm + " scale" + sm;
                        assertArrayEquals(expLoc, gl, what + " gradLoc");
                        assertArrayEquals(expScale, gs, what + " gradScale");
                    }
                }
            }
        }
    }

    @Test
    void parallelCallsEqualTheSingleThreadedOnesForEveryThreadCount() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        int[][] shapes = {{300, 1000}, {200000, 1}, {5, 70000}, {9000, 17}};
        for (int[] shape : shapes) {
            int batch = shape[0];
            int features = shape[1];
            int n = batch * features;
            float[] loc = floats(r, features, -1, 1);
            float[] scale = floats(r, 1, 0.5, 2);
            float[] dz = floats(r, n, -1, 1);
            float[] z1 = new float[n];
            NormalRsample.forward(RNG, 9, batch, features, loc, scale, z1, 0, null, 0);
            float[] gl1 = new float[features];
            float[] gs1 = new float[1];
            NormalRsample.backward(RNG, 9, batch, features, dz, 0, null, 0, gl1, gs1, false);
            for (int threads = 1; threads <= 4; threads++) {
                ForkJoinPool pool = new ForkJoinPool(threads);
                try {
                    float[] z = new float[n];
                    NormalRsample.forward(RNG, 9, batch, features, loc, scale, z, 0, null, 0, pool);
                    assertArrayEquals(z1, z, threads + " threads, forward " + batch + "x" + features);
                    float[] gl = new float[features];
                    float[] gs = new float[1];
                    NormalRsample.backward(RNG, 9, batch, features, dz, 0, null, 0, gl, gs, false, pool);
                    assertArrayEquals(gl1, gl, threads + " threads, gradLoc " + batch + "x" + features);
                    assertArrayEquals(gs1, gs, threads + " threads, gradScale " + batch + "x" + features);
                } finally {
                    pool.shutdown();
                }
            }
        }
    }

    @Test
    void parallelDoubleCallsEqualTheSingleThreadedOnes() {
        SplittableRandom r = new SplittableRandom(6);
        int batch = 3000;
        int features = 50;
        int n = batch * features;
        double[] loc = doubles(r, 1, -1, 1);
        double[] scale = doubles(r, features, 0.5, 2);
        double[] dz = doubles(r, n, -1, 1);
        double[] z1 = new double[n];
        double[] e1 = new double[n];
        NormalRsample.forward(RNG, 0, batch, features, loc, scale, z1, 0, e1, 0);
        double[] gl1 = new double[1];
        double[] gs1 = new double[features];
        NormalRsample.backward(RNG, 0, batch, features, dz, 0, e1, 0, gl1, gs1, false);
        ForkJoinPool pool = new ForkJoinPool(3);
        try {
            double[] z = new double[n];
            double[] e = new double[n];
            NormalRsample.forward(RNG, 0, batch, features, loc, scale, z, 0, e, 0, pool);
            assertArrayEquals(z1, z);
            assertArrayEquals(e1, e);
            double[] gl = new double[1];
            double[] gs = new double[features];
            NormalRsample.backward(RNG, 0, batch, features, dz, 0, null, 0, gl, gs, false, pool);
            assertArrayEquals(gl1, gl);
            assertArrayEquals(gs1, gs);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void elementShapedGradientsAreTheTermsThemselves() {
        int batch = 9;
        int features = 11;
        int n = batch * features;
        float[] eps = new float[n];
        Backends.scalar().normalFloats(RNG.key(), RNG.streamId(), 0, eps, 0, n);
        float[] dz = floats(new SplittableRandom(7), n, -1, 1);
        for (KernelProvider p : TestProviders.all()) {
            float[] gl = new float[n];
            float[] gs = new float[n];
            new NormalRsample.On(p).backward(RNG, 0, batch, features, dz, 0, null, 0, gl, gs, false);
            for (int i = 0; i < n; i++) {
                assertEquals(dz[i], gl[i], p.name());
                assertEquals(dz[i] * eps[i], gs[i], p.name());
            }
        }
    }

    @Test
    void parameterCheckFlagsEveryBadValueAtEveryPositionOnEveryProvider() {
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0xffc00001)};
        float[] badScale = {0f, -0f, -1f, -Float.MIN_VALUE, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        float[] goodScale = {Float.MIN_VALUE, Float.MIN_NORMAL, 1f, Float.MAX_VALUE};
        for (KernelProvider p : TestProviders.all()) {
            for (int n = 1; n <= 40; n++) {
                float[] loc = new float[n];
                float[] scale = new float[n];
                java.util.Arrays.fill(loc, -Float.MAX_VALUE);
                for (int i = 0; i < n; i++) {
                    scale[i] = goodScale[i % goodScale.length];
                }
                assertEquals(true, p.paramsValid(loc, scale), p.name() + " n=" + n);
                for (int at = 0; at < n; at++) {
                    for (float v : bad) {
                        float keep = loc[at];
                        loc[at] = v;
                        assertEquals(false, p.paramsValid(loc, scale), p.name() + " loc[" + at + "]=" + v);
                        loc[at] = keep;
                    }
                    for (float v : badScale) {
                        float keep = scale[at];
                        scale[at] = v;
                        assertEquals(false, p.paramsValid(loc, scale), p.name() + " scale[" + at + "]=" + v);
                        scale[at] = keep;
                    }
                }
            }
        }
    }

    // ---- the reference, written from the documentation ----

    /**
     * Reduces the terms {@code dz[dzFrom + i]} (or {@code dz * eps} with {@code eps}) to the shape of
     * {@code grad} in the order of {@link RsampleLayout}'s class comment, written out directly.
     */
    static void referenceGrad(int batch, int features, float[] dz, int dzFrom, float[] eps, float[] grad,
            boolean add) {
        int n = batch * features;
        if (grad.length != 1 && grad.length != features) {
            for (int i = 0; i < n; i++) {
                float t = eps == null ? dz[dzFrom + i] : dz[dzFrom + i] * eps[i];
                grad[i] = add ? grad[i] + t : t;
            }
            return;
        }
        double[] terms = new double[n];
        for (int i = 0; i < n; i++) {
            terms[i] = eps == null ? dz[dzFrom + i] : (double) dz[dzFrom + i] * eps[i];
        }
        double[] total = reduce(batch, features, terms, grad.length == 1);
        for (int k = 0; k < grad.length; k++) {
            grad[k] = add ? grad[k] + (float) total[k] : (float) total[k];
        }
    }

    static void referenceGrad(int batch, int features, double[] dz, double[] eps, double[] grad) {
        int n = batch * features;
        if (grad.length != 1 && grad.length != features) {
            for (int i = 0; i < n; i++) {
                grad[i] = eps == null ? dz[i] : dz[i] * eps[i];
            }
            return;
        }
        double[] terms = new double[n];
        for (int i = 0; i < n; i++) {
            terms[i] = eps == null ? dz[i] : dz[i] * eps[i];
        }
        System.arraycopy(reduce(batch, features, terms, grad.length == 1), 0, grad, 0, grad.length);
    }

    /**
     * The documented order: position accumulators (from +0) per block; each partial, and the sum of the
     * partials in block order, starting from its first term.
     */
    private static double[] reduce(int batch, int features, double[] terms, boolean scalar) {
        boolean narrow = features <= 1024;
        int rowsPerPiece = narrow ? 1024 / features : 1;
        int rowsPerBlock = narrow ? rowsPerPiece * 64 : Math.max(1, 65536 / features);
        int positions = narrow ? Math.min(rowsPerPiece, batch) * features : features;
        double[] total = new double[scalar ? 1 : features];
        for (int start = 0; start < batch; start += rowsPerBlock) {
            double[] acc = new double[positions];
            for (int row = start; row < Math.min(batch, start + rowsPerBlock); row++) {
                for (int d = 0; d < features; d++) {
                    int pos = narrow ? ((row - start) % rowsPerPiece) * features + d : d;
                    acc[pos] += terms[row * features + d];
                }
            }
            double[] part = new double[scalar ? 1 : features];
            if (scalar) {
                double s = acc[0];
                for (int pos = 1; pos < positions; pos++) {
                    s += acc[pos];
                }
                part[0] = s;
            } else {
                for (int d = 0; d < features; d++) {
                    double s = acc[d];
                    for (int pos = d + features; pos < positions; pos += features) {
                        s += acc[pos];
                    }
                    part[d] = s;
                }
            }
            for (int k = 0; k < part.length; k++) {
                total[k] = start == 0 ? part[k] : total[k] + part[k];
            }
        }
        return total;
    }

    // ---- helpers ----

    /** The three parameter lengths of a shape: scalar, per feature, per element. */
    static int[] lengths(int batch, int features) {
        return new int[] {1, features, batch * features};
    }

    static float at(float[] p, int i, int features) {
        return p.length == 1 ? p[0] : p.length == features ? p[i % features] : p[i];
    }

    static double at(double[] p, int i, int features) {
        return p.length == 1 ? p[0] : p.length == features ? p[i % features] : p[i];
    }

    static float[] floats(SplittableRandom r, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(lo, hi);
        }
        return a;
    }

    static double[] doubles(SplittableRandom r, int n, double lo, double hi) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextDouble(lo, hi);
        }
        return a;
    }

    private static float[] guarded(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.intBitsToFloat(0x7fc0dead));
        return a;
    }

    private static void assertGuardedSlice(float[] expected, float[] got, int from, String what) {
        for (int j = 0; j < got.length; j++) {
            boolean inside = j >= from && j < from + expected.length;
            int e = inside ? Float.floatToRawIntBits(expected[j - from]) : 0x7fc0dead;
            if (Float.floatToRawIntBits(got[j]) != e) {
                throw new AssertionError(what + ": position " + j + " expected " + Float.intBitsToFloat(e)
                        + " was " + got[j]);
            }
        }
    }
}
