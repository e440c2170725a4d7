package io.simdist.kernels;

import static io.simdist.kernels.NormalRsampleProvidersTest.floats;
import static io.simdist.kernels.NormalRsampleProvidersTest.lengths;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simdist.rng.Philox4x32;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The normal log-density, its rsample-fused form and the entropy, against double-precision formulas
 * ({@link StrictMath}) and central finite differences, for every broadcast mode.
 */
class NormalLogProbTest {
    private static final Philox4x32 RNG = Philox4x32.of(0x10_6_9E0BL).stream(5);
    private static final double HALF_LOG_2PI = 0.5 * StrictMath.log(2 * Math.PI);

    private static int idx(int length, int i, int features) {
        return length == 1 ? 0 : length == features ? i % features : i;
    }

    /** sum_i w_i log N(x_i; loc, scale) in double. */
    private static double loss(int features, double[] x, double[] loc, double[] scale, float[] w) {
        double l = 0;
        for (int i = 0; i < x.length; i++) {
            double m = loc[idx(loc.length, i, features)];
            double s = scale[idx(scale.length, i, features)];
            double e = (x[i] - m) / s;
            l += w[i] * (-0.5 * e * e - StrictMath.log(s) - HALF_LOG_2PI);
        }
        return l;
    }

    private static double[] d(float[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }

    @Test
    void logProbAndItsGradientsMatchDoubleFormulasAndFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(21);
        for (int[] shape : new int[][] {{1, 1}, {1, 5}, {6, 1}, {9, 7}, {130, 9}}) {
            int batch = shape[0];
            int features = shape[1];
            int n = batch * features;
            for (int lm : lengths(batch, features)) {
                for (int sm : lengths(batch, features)) {
                    float[] x = floats(r, n, -4, 4);
                    float[] loc = floats(r, lm, -1, 1);
                    float[] scale = floats(r, sm, 0.3, 3);
                    float[] w = floats(r, n, -1, 1);
                    float[] lp = new float[n];
                    NormalLogProb.logProb(batch, features, x, 0, loc, scale, lp, 0);
                    for (int i = 0; i < n; i++) {
                        double s = scale[idx(sm, i, features)];
                        double e = (x[i] - (double) loc[idx(lm, i, features)]) / s;
                        double want = -0.5 * e * e - StrictMath.log(s) - HALF_LOG_2PI;
                        assertEquals(want, lp[i], 1e-6 * (1 + Math.abs(want)), "logProb " + i);
                    }
                    float[] gx = new float[n];
                    float[] gl = new float[lm];
                    float[] gs = new float[sm];
                    NormalLogProb.logProbBackward(batch, features, x, 0, loc, scale, w, 0, gx, 0, gl, gs, false);
                    double h = 1e-6;
                    String what = batch + "x" + features + " loc" + lm + " scale" + sm;
                    double[] xd = d(x);
                    double[] ld = d(loc);
                    double[] sd = d(scale);
                    for (int k = 0; k < lm; k++) {
                        double[] up = ld.clone();
                        double[] dn = ld.clone();
                        up[k] += h;
                        dn[k] -= h;
                        double fd = (loss(features, xd, up, sd, w) - loss(features, xd, dn, sd, w)) / (2 * h);
                        assertEquals(fd, gl[k], 1e-4 * (1 + Math.abs(fd)), what + " gradLoc " + k);
                    }
                    for (int k = 0; k < sm; k++) {
                        double[] up = sd.clone();
                        double[] dn = sd.clone();
                        up[k] += h;
                        dn[k] -= h;
                        double fd = (loss(features, xd, ld, up, w) - loss(features, xd, ld, dn, w)) / (2 * h);
                        assertEquals(fd, gs[k], 1e-4 * (1 + Math.abs(fd)), what + " gradScale " + k);
                    }
                    for (int k = 0; k < n; k++) {
                        double[] up = xd.clone();
                        double[] dn = xd.clone();
                        up[k] += h;
                        dn[k] -= h;
                        double fd = (loss(features, up, ld, sd, w) - loss(features, dn, ld, sd, w)) / (2 * h);
                        assertEquals(fd, gx[k], 1e-4 * (1 + Math.abs(fd)), what + " gradX " + k);
                    }
                }
            }
        }
    }

    @Test
    void rsampleLogProbIsTheDensityOfTheSampleAndItsScaleGradientIsMinusOneOverScale() {
        SplittableRandom r = new SplittableRandom(22);
        int batch = 50;
        int features = 8;
        int n = batch * features;
        float[] loc = floats(r, features, -1, 1);
        float[] scale = floats(r, features, 0.2, 2);
        float[] z = new float[n];
        float[] eps = new float[n];
        NormalRsample.forward(RNG, 40, batch, features, loc, scale, z, 0, eps, 0);
        float[] fused = new float[n];
        float[] fusedRecomputed = new float[n];
        NormalLogProb.ofRsample(RNG, 40, batch, features, scale, eps, 0, fused, 0);
        NormalLogProb.ofRsample(RNG, 40, batch, features, scale, null, 0, fusedRecomputed, 0);
        assertArrayEquals(fused, fusedRecomputed);
        float[] direct = new float[n];
        NormalLogProb.logProb(batch, features, z, 0, loc, scale, direct, 0);
        for (int i = 0; i < n; i++) {
            assertEquals(direct[i], fused[i], 1e-5 * (1 + Math.abs(direct[i])), "element " + i);
            double s = scale[i % features];
            assertEquals(-0.5 * eps[i] * eps[i] - StrictMath.log(s) - HALF_LOG_2PI, fused[i],
                    1e-6 * (1 + Math.abs(fused[i])));
        }
        float[] w = floats(r, n, -1, 1);
        float[] gs = new float[features];
        NormalLogProb.ofRsampleBackward(batch, features, scale, w, 0, gs, false);
        for (int d = 0; d < features; d++) {
            double want = 0;
            for (int b = 0; b < batch; b++) {
                want -= w[b * features + d] / (double) scale[d];
            }
            assertEquals(want, gs[d], 1e-5 * (1 + Math.abs(want)), "feature " + d);
        }
    }

    @Test
    void entropyAndItsGradientMatchTheClosedForm() {
        float[] scale = {1e-3f, 0.5f, 1f, 2f, 1e4f};
        float[] h = new float[5];
        NormalLogProb.entropy(scale, h);
        float[] dh = {1f, -2f, 0.5f, 3f, 1f};
        float[] g = {10f, 10f, 10f, 10f, 10f};
        NormalLogProb.entropyBackward(scale, dh, g, true);
        for (int i = 0; i < 5; i++) {
            assertEquals(0.5 + HALF_LOG_2PI + StrictMath.log(scale[i]), h[i], 1e-6 * (1 + Math.abs(h[i])));
            assertEquals(10 + dh[i] / (double) scale[i], g[i], 1e-6 * Math.abs(g[i]));
        }
    }

    @Test
    void badValuesThrowBeforeAnythingIsWritten() {
        float[] out = new float[4];
        Arrays.fill(out, 7f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NormalLogProb.logProb(2, 2,
                new float[] {0f, 1f, Float.POSITIVE_INFINITY, 2f}, 0, new float[] {0f}, new float[] {1f}, out, 0));
        assertEquals("x[2] must be finite, was Infinity", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NormalLogProb.logProb(2, 2, new float[4], 0,
                new float[] {0f}, new float[] {1f, -1f}, out, 0));
        assertEquals("scale[1] must be > 0 and finite, was -1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NormalLogProb.logProb(2, 2, new float[4], 0,
                new float[3], new float[] {1f}, out, 0));
        assertEquals("loc.length must be 1, features (2) or batch * features (4), was 3", e.getMessage());
        float[] same = new float[1];
        e = assertThrows(IllegalArgumentException.class, () -> NormalLogProb.logProbBackward(2, 2, new float[4], 0,
                new float[] {0f}, new float[] {1f}, new float[4], 0, null, 0, same, same, false));
        assertEquals("gradLoc and gradScale must be different arrays", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NormalLogProb.entropy(new float[] {Float.NaN}, out));
        assertEquals("scale[0] must be > 0 and finite, was NaN", e.getMessage());
        for (float v : out) {
            assertEquals(7f, v);
        }
    }
}
