package io.simdist.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.kernels.NormalRsample.EpsPolicy;
import io.simdist.kernels.Normals;
import io.simdist.rng.Philox4x32;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The float and double normal facades: semantics, gradients, statistics and the closed forms. */
class NormalTest {
    private static final float[] LOC = {0.5f, -2f, 10f};
    private static final float[] SCALE = {1f, 0.25f, 3f};
    private static final Normal N3 = Normal.of(LOC, SCALE);

    @Test
    void sampleIsTheAffineMapOfTheStreamsStandardNormals() {
        Generator g = Generator.seed(7).stream(3);
        g.skip(11);
        float[] x = N3.sample(g, 40);
        float[] eps = new float[120];
        // position 11 rounds up to 12, the first whole pair (normal transform v2)
        Normals.fill(Philox4x32.of(7).stream(3), 12, eps, 0, 120);
        for (int i = 0; i < 120; i++) {
            assertEquals(Math.fma(eps[i], SCALE[i % 3], LOC[i % 3]), x[i], "element " + i);
        }
        double[] eps64 = new double[120];
        Normals.fill(Philox4x32.of(7), 0, eps64, 0, 120);
        double[] x64 = NormalF64.of(new double[] {0.5, -2, 10}, new double[] {1, 0.25, 3}).sample(Generator.seed(7), 40);
        for (int i = 0; i < 120; i++) {
            assertEquals(Math.fma(eps64[i], SCALE[i % 3], LOC[i % 3]), x64[i], "f64 element " + i);
        }
    }

    @Test
    void sampleAndRsampleDrawTheSameValuesAtTheSamePosition() {
        for (EpsPolicy policy : EpsPolicy.values()) {
            Generator a = Generator.seed(8);
            a.skip(5);
            Generator b = a.copy();
            Generator c = a.copy();
            float[] x = N3.sample(a, 333);
            RSample r = N3.rsample(b, 333, policy);
            assertArrayEquals(x, r.values(), policy.name());
            assertEquals(a.position(), b.position());
            float[] into = new float[1000];
            N3.sample(c, 333, into, 1);
            assertArrayEquals(x, Arrays.copyOfRange(into, 1, 1000));
            assertEquals(policy, r.policy());

            NormalF64 n64 = NormalF64.of(new double[] {1, 2}, new double[] {0.5, 4});
            Generator d = Generator.seed(9);
            Generator e = d.copy();
            assertArrayEquals(n64.sample(d, 50), n64.rsample(e, 50, policy).values());
            assertEquals(d.position(), e.position());
        }
    }

    @Test
    void memorySegmentDrawsEqualArrayDrawsAcrossBufferBoundaries() {
        int[][] shapes = {{3000, 3}, {2, 5000}, {1, 1}, {0, 3}};
        try (Arena arena = Arena.ofConfined()) {
            for (int[] s : shapes) {
                float[] loc = new float[s[1]];
                float[] scale = new float[s[1]];
                java.util.Arrays.fill(scale, 2f);
                Normal n = Normal.of(loc, scale);
                int size = s[0] * s[1];
                MemorySegment seg = arena.allocate((long) (size + 1) * Float.BYTES, 4);
                Generator g = Generator.seed(10);
                n.sample(g, s[0], seg, ValueLayout.JAVA_FLOAT, 1);
                float[] ref = n.sample(Generator.seed(10), s[0]);
                assertArrayEquals(ref, seg.asSlice(Float.BYTES).toArray(ValueLayout.JAVA_FLOAT), s[0] + "x" + s[1]);
                assertEquals(size + (size & 1), g.position(), "whole pairs");

                NormalF64 n64 = NormalF64.of(new double[s[1]], ones(s[1]));
                MemorySegment seg64 = arena.allocate((long) size * Double.BYTES, 8);
                n64.sample(Generator.seed(11), s[0], seg64, ValueLayout.JAVA_DOUBLE, 0);
                assertArrayEquals(n64.sample(Generator.seed(11), s[0]), seg64.toArray(ValueLayout.JAVA_DOUBLE));
            }
        }
    }

    private static double[] ones(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }

    @Test
    void rsampleGradientsMatchFiniteDifferencesThroughTheFacade() {
        // L = sum_i w_i * (z_i^2 / 2 + c_i z_i), so dL/dz_i = w_i (z_i + c_i); central differences of the
        // facade's own draws (same generator position, perturbed parameters) in double
        SplittableRandom r = new SplittableRandom(12);
        int batch = 64;
        double[] w = new double[batch * 3];
        double[] c = new double[batch * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextDouble(-1, 1);
            c[i] = r.nextDouble(-1, 1);
        }
        for (EpsPolicy policy : EpsPolicy.values()) {
            Generator g = Generator.seed(13);
            RSample s = N3.rsample(g.copy(), batch, policy);
            float[] dz = new float[w.length];
            for (int i = 0; i < w.length; i++) {
                dz[i] = (float) (w[i] * (s.values()[i] + c[i]));
            }
            STD_MOVES_ON.sample(g, 99); // the generator moving on does not change the backward pass
            Normal.Grad grad = s.backward(dz);
            for (int d = 0; d < 3; d++) {
                for (int which = 0; which < 2; which++) {
                    double h = 1e-2;
                    double plus = loss(perturbed(d, which, h), batch, w, c);
                    double minus = loss(perturbed(d, which, -h), batch, w, c);
                    double fd = (plus - minus) / (2 * h);
                    double got = which == 0 ? grad.loc()[d] : grad.scale()[d];
                    assertEquals(fd, got, 2e-3 * Math.max(1, Math.abs(fd)), policy + " d=" + d + " param=" + which);
                }
            }
        }
    }

    private static final Normal STD_MOVES_ON = Normal.of(0f, 1f);

    private static Normal perturbed(int d, int which, double h) {
        float[] l = LOC.clone();
        float[] s = SCALE.clone();
        if (which == 0) {
            l[d] += (float) h;
        } else {
            s[d] += (float) h;
        }
        return Normal.of(l, s);
    }

    private static double loss(Normal n, int batch, double[] w, double[] c) {
        float[] z = n.sample(Generator.seed(13), batch);
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            sum += w[i] * (0.5 * z[i] * z[i] + c[i] * z[i]);
        }
        return sum;
    }

    @Test
    void storeAndRecomputeGiveTheSameGradientBits() {
        float[] dz = new float[3 * 500];
        for (int i = 0; i < dz.length; i++) {
            dz[i] = (i % 7) - 3.5f;
        }
        Normal.Grad a = N3.rsample(Generator.seed(14), 500, EpsPolicy.STORE).backward(dz);
        Normal.Grad b = N3.rsample(Generator.seed(14), 500, EpsPolicy.RECOMPUTE).backward(dz);
        assertArrayEquals(a.loc(), b.loc());
        assertArrayEquals(a.scale(), b.scale());
        float[] gl = {1, 1, 1};
        N3.rsample(Generator.seed(14), 500).backward(dz, gl, null, true);
        for (int d = 0; d < 3; d++) {
            assertEquals(1 + a.loc()[d], gl[d]);
        }
        double[] dz64 = new double[1000];
        java.util.Arrays.fill(dz64, 1);
        NormalF64 n64 = NormalF64.of(0, 2);
        NormalF64.Grad g64 = n64.rsample(Generator.seed(15), 1000).backward(dz64);
        double[] x = n64.rsample(Generator.seed(15), 1000, EpsPolicy.STORE).values();
        double sumEps = 0;
        for (double v : x) {
            sumEps += v / 2;
        }
        assertEquals(1000, g64.loc()[0]);
        assertEquals(sumEps, g64.scale()[0], 1e-9);
    }

    @Test
    void statisticsAreTheClosedForms() {
        assertTrue(N3.hasRsample());
        assertTrue(NormalF64.of(0, 1).hasRsample());
        assertTrue(TanhNormal.of(0, 1).hasRsample());
        assertArrayEquals(LOC, N3.mean());
        assertArrayEquals(LOC, N3.mode());
        assertArrayEquals(SCALE, N3.stddev());
        assertArrayEquals(new float[] {1f, 0.0625f, 9f}, N3.variance());
        float[] h = N3.entropy();
        for (int d = 0; d < 3; d++) {
            assertEquals(0.5 * Math.log(2 * Math.PI * Math.E * SCALE[d] * SCALE[d]), h[d], 1e-6);
        }
        assertEquals(1.4189385332046727, NormalF64.of(3, 1).entropy()[0], 1e-15);
        float[] x = {0.5f, -2f, 13f, 1.5f, -2.5f, 4f};
        float[] lp = N3.logProb(x);
        for (int i = 0; i < x.length; i++) {
            double e = (x[i] - LOC[i % 3]) / SCALE[i % 3];
            assertEquals(-0.5 * e * e - Math.log(SCALE[i % 3]) - 0.5 * Math.log(2 * Math.PI), lp[i], 2e-6);
        }
        double[] lp64 = NormalF64.of(1, 2).logProb(new double[] {1, 3});
        assertEquals(-Math.log(2) - 0.5 * Math.log(2 * Math.PI), lp64[0], 1e-15);
        assertEquals(-0.5 - Math.log(2) - 0.5 * Math.log(2 * Math.PI), lp64[1], 1e-15);
    }

    @Test
    void cdfAndIcdfMatchReferenceValuesAndInvertEachOther() {
        // reference values of Phi from mpmath.ncdf at 40 digits
        double[][] phi = {{0, 0.5}, {-1, 0.15865525393145705}, {1.959963984540054, 0.975},
            {-5, 2.8665157187919391e-7}, {-10, 7.6198530241605261e-24}, {-37, 5.7255712225245768e-300},
            {0.3, 0.61791142218895263}, {3, 0.9986501019683699}};
        NormalF64 std = NormalF64.of(0, 1);
        for (double[] p : phi) {
            double got = std.cdf(new double[] {p[0]})[0];
            assertEquals(p[1], got, 2e-15 * p[1], "cdf(" + p[0] + ")");
            if (p[1] < 1 && p[1] > 1e-300) {
                double back = std.icdf(new double[] {p[1]})[0];
                assertEquals(p[0], back, 1e-13 * Math.max(1, Math.abs(p[0])), "icdf(" + p[1] + ")");
            }
        }
        assertEquals(0, std.cdf(new double[] {Double.NEGATIVE_INFINITY})[0]);
        assertEquals(1, std.cdf(new double[] {Double.POSITIVE_INFINITY})[0]);
        assertEquals(Double.NEGATIVE_INFINITY, std.icdf(new double[] {0})[0]);
        assertEquals(Double.POSITIVE_INFINITY, std.icdf(new double[] {1})[0]);
        assertEquals(-8.222082216130435, std.icdf(new double[] {1e-16})[0], 1e-12);

        float[] u = N3.cdf(new float[] {0.5f, -2.25f, 13f});
        assertEquals(0.5f, u[0]);
        assertEquals(0.15865525393145705, u[1], 1e-7);
        assertEquals(0.8413447460685429, u[2], 1e-7);
        float[] q = N3.icdf(new float[] {0.5f, 0.15865525393145705f, 0.975f});
        assertEquals(0.5f, q[0]);
        assertEquals(-2.25f, q[1], 1e-6);
        assertEquals(10 + 3 * 1.959963984540054, q[2], 1e-5);
    }

    @Test
    void cdfInvertsIcdfAcrossBothTails() {
        // two independent algorithms (Cody's erfc, AS 241): an error dz in z moves a tail probability by
        // about |z| dz relative, so the bound grows as z^2 times AS 241's 1e-14
        NormalF64 std = NormalF64.of(0, 1);
        SplittableRandom r = new SplittableRandom(17);
        for (int k = 0; k < 20_000; k++) {
            double u = Math.pow(10, -300 * Math.pow(r.nextDouble(), 3)) * 0.5;
            double z = std.icdf(new double[] {u})[0];
            double tol = 4e-14 * u * Math.max(1, z * z);
            assertEquals(u, std.cdf(new double[] {z})[0], tol, "lower u = " + u);
            assertEquals(u, 1 - std.cdf(new double[] {-z})[0], Math.max(tol, 2e-16), "upper u = " + u);
        }
    }

    @Test
    void scoreFunctionGradientIsTheLogDensityDerivative() {
        float[] x = {1f, -1f, 12f};
        float[] dlp = {2f, 0.5f, -1f};
        Normal.Grad g = N3.logProbBackward(x, dlp);
        for (int d = 0; d < 3; d++) {
            double e = (x[d] - LOC[d]) / SCALE[d];
            assertEquals(dlp[d] * e / SCALE[d], g.loc()[d], 1e-5);
            assertEquals(dlp[d] * (e * e - 1) / SCALE[d], g.scale()[d], 1e-5);
        }
    }

    @Test
    void doubleScoreGradientMatchesFiniteDifferencesOfTheLogDensity() {
        // logProb is smooth in loc and scale: central differences with h = 1e-5 are exact to ~1e-9
        double[] loc = {0.5, -2, 10};
        double[] scale = {1, 0.25, 3};
        NormalF64 n = NormalF64.of(loc, scale);
        assertArrayEquals(loc, n.loc());
        assertArrayEquals(scale, n.scale());
        double[] x = {1, -1, 12, 0.2, -2.1, 4};
        double[] dlp = {2, 0.5, -1, 1.5, -3, 0.25};
        NormalF64.Grad g = n.logProbBackward(x, dlp);
        double h = 1e-5;
        for (int d = 0; d < 3; d++) {
            double[] lu = loc.clone();
            double[] ld = loc.clone();
            double[] su = scale.clone();
            double[] sd = scale.clone();
            lu[d] += h;
            ld[d] -= h;
            su[d] += h;
            sd[d] -= h;
            double fdLoc = (weighted(NormalF64.of(lu, scale), x, dlp) - weighted(NormalF64.of(ld, scale), x, dlp)) / (2 * h);
            double fdScale = (weighted(NormalF64.of(loc, su), x, dlp) - weighted(NormalF64.of(loc, sd), x, dlp)) / (2 * h);
            assertEquals(fdLoc, g.loc()[d], 1e-7 * (1 + Math.abs(fdLoc)), "dL/dloc " + d);
            assertEquals(fdScale, g.scale()[d], 1e-7 * (1 + Math.abs(fdScale)), "dL/dscale " + d);
        }
        Normal.Grad f = N3.logProbBackward(toFloats(x), toFloats(dlp));
        for (int d = 0; d < 3; d++) {
            assertEquals(f.loc()[d], g.loc()[d], 1e-5, "the float facade agrees, loc " + d);
            assertEquals(f.scale()[d], g.scale()[d], 1e-5, "the float facade agrees, scale " + d);
        }
    }

    private static double weighted(NormalF64 n, double[] x, double[] w) {
        double[] lp = n.logProb(x);
        double sum = 0;
        for (int i = 0; i < lp.length; i++) {
            sum += w[i] * lp[i];
        }
        return sum;
    }

    private static float[] toFloats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    @Test
    void doubleCallerArrayVariantsEqualTheAllocatingOnes() {
        NormalF64 n = NormalF64.of(new double[] {1, -3}, new double[] {2, 0.5});
        double[] x = {0.3, -2.9, 5, -3.5, -1, 0};
        double[] u = {1e-12, 0.5, 0.975, 0.001, 0, 1};
        double[] out = new double[10];
        n.logProb(x, 2, 4, out, 3);
        assertArrayEquals(Arrays.copyOfRange(n.logProb(x), 2, 6), Arrays.copyOfRange(out, 3, 7));
        n.cdf(x, 0, 6, out, 4);
        assertArrayEquals(n.cdf(x), Arrays.copyOfRange(out, 4, 10));
        n.icdf(u, 0, 6, out, 0);
        assertArrayEquals(n.icdf(u), Arrays.copyOf(out, 6));
        assertEquals(Double.NEGATIVE_INFINITY, out[4]);
        assertEquals(Double.POSITIVE_INFINITY, out[5]);
    }

    @Test
    void doubleRsampleBackwardIntoCallerArraysOverwritesOrAccumulates() {
        NormalF64 n = NormalF64.of(new double[] {1, -3}, new double[] {2, 0.5});
        Generator g = Generator.seed(12);
        g.skip(1);
        RSampleF64 r = n.rsample(g, 40);
        assertEquals(40, r.batch());
        assertEquals(2, r.features());
        assertEquals(2, r.index(), "position 1 rounds up to double variate 2 (pair 1: block 1, words 4 to 7)");
        double[] dz = new double[80];
        for (int i = 0; i < dz.length; i++) {
            dz[i] = i % 3 - 1;
        }
        NormalF64.Grad a = r.backward(dz);
        double[] gl = {9, 9};
        double[] gs = {1, 2};
        r.backward(dz, gl, gs, false);
        r.backward(dz, null, gs, true);
        assertArrayEquals(a.loc(), gl);
        assertEquals(2 * a.scale()[0], gs[0], 1e-12 * Math.abs(gs[0]));
        assertEquals(2 * a.scale()[1], gs[1], 1e-12 * Math.abs(gs[1]));
    }

    @Test
    void sampleMeanAndVarianceMatchTheParameters() {
        // seed 16, n = 10^6 per feature: each of the 4 checks is a 5-sigma bound (the variance one with
        // the normal approximation of its sampling distribution), so the false-failure probability is
        // below 4 * 5.7e-7 = 2.3e-6
        int n = 1_000_000;
        Normal dist = Normal.of(new float[] {1.5f, -3f}, new float[] {2f, 0.1f});
        float[] x = dist.sample(Generator.seed(16), n);
        for (int d = 0; d < 2; d++) {
            double sum = 0;
            double sq = 0;
            for (int i = d; i < x.length; i += 2) {
                sum += x[i];
            }
            double mean = sum / n;
            for (int i = d; i < x.length; i += 2) {
                sq += (x[i] - mean) * (x[i] - mean);
            }
            double var = sq / (n - 1);
            double s = dist.scale()[d];
            assertEquals(dist.loc()[d], mean, 5 * s / Math.sqrt(n), "mean " + d);
            assertEquals(s * s, var, 5 * s * s * Math.sqrt(2.0 / n), "variance " + d);
            assertTrue(var > 0);
        }
    }
}
