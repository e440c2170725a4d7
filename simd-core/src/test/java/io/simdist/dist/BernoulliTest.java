package io.simdist.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.kernels.BernoulliGradients;
import io.simdist.kernels.Bernoullis;
import io.simdist.rng.Philox4x32;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The Bernoulli facade: the three forms of a draw, no rsample, the closed forms and the score gradient. */
class BernoulliTest {
    @Test
    void bytesFloatsAndPackedBitsAreTheSameDrawsOfTheKernel() {
        Bernoulli[] dists = {Bernoulli.ofProbs(0.3f), Bernoulli.ofProbs(new float[] {0.1f, 0.5f, 0.97f}),
            Bernoulli.ofLogits(new float[] {-2f, 0f, 3f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})};
        Bernoullis.Thresholds[] ts = {Bernoullis.Thresholds.ofProb(0.3f),
            Bernoullis.Thresholds.ofProbs(new float[] {0.1f, 0.5f, 0.97f}),
            Bernoullis.Thresholds.ofLogits(new float[] {-2f, 0f, 3f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})};
        for (int k = 0; k < dists.length; k++) {
            for (int batch : new int[] {0, 1, 63, 64, 1000, 5000}) {
                Bernoulli b = dists[k];
                int n = batch * b.features();
                byte[] ref = new byte[n];
                Bernoullis.fill(Philox4x32.of(20), 9, ts[k], ref, 0, n);
                Generator g = Generator.seed(20);
                g.skip(9);
                Generator g2 = g.copy();
                Generator g3 = g.copy();
                assertArrayEquals(ref, b.sample(g, batch), k + " bytes " + batch);
                float[] f = b.sampleFloats(g2, batch);
                long[] bits = b.samplePacked(g3, batch);
                assertEquals(9 + n, g.position());
                assertEquals(9 + n, g2.position());
                assertEquals(9 + n, g3.position());
                assertEquals((n + 63) / 64, bits.length);
                for (int i = 0; i < n; i++) {
                    assertEquals(ref[i], f[i], "floats " + i);
                    assertEquals(ref[i], (bits[i >>> 6] >>> (i & 63)) & 1, "bit " + i);
                }
                if (n % 64 != 0) {
                    assertEquals(0, bits[bits.length - 1] >>> (n % 64), "bits past the last draw");
                }
            }
        }
    }

    @Test
    void rsampleThrowsNamingTheAlternatives() {
        Bernoulli b = Bernoulli.ofProbs(0.5f);
        assertFalse(b.hasRsample());
        Generator g = Generator.seed(1);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> b.rsample(g, 4));
        assertTrue(e.getMessage().contains("logProbBackward"), e.getMessage());
        assertTrue(e.getMessage().contains("RelaxedBernoulli"), e.getMessage());
        assertTrue(e.getMessage().contains("straight-through"), e.getMessage());
        assertEquals(0, g.position());
    }

    @Test
    void statisticsAreTheClosedForms() {
        float[] p = {0f, 0.25f, 0.5f, 0.9f, 1f};
        Bernoulli b = Bernoulli.ofProbs(p);
        assertArrayEquals(p, b.mean());
        assertArrayEquals(new float[] {0f, 0.1875f, 0.25f, 0.9f * (1 - 0.9f), 0f}, b.variance());
        float[] mode = b.mode();
        assertEquals(0f, mode[0]);
        assertEquals(0f, mode[1]);
        assertTrue(Float.isNaN(mode[2]));
        assertEquals(1f, mode[3]);
        assertEquals(1f, mode[4]);
        float[] h = b.entropy();
        for (int d = 0; d < p.length; d++) {
            double q = 1.0 - p[d];
            double ref = -((p[d] == 0 ? 0 : p[d] * Math.log(p[d])) + (q == 0 ? 0 : q * Math.log(q)));
            assertEquals(ref, h[d], 1e-6, "entropy " + d);
        }
        float[] l = b.logits();
        assertEquals(Float.NEGATIVE_INFINITY, l[0]);
        assertEquals(Math.log(0.25 / 0.75), l[1], 1e-6);
        assertEquals(Float.POSITIVE_INFINITY, l[4]);
        Bernoulli fromLogits = Bernoulli.ofLogits(new float[] {0f, (float) Math.log(3)});
        assertArrayEquals(new float[] {0.5f, 0.75f}, fromLogits.probs(), 1e-6f);
        float[] lp = fromLogits.logProb(new float[] {1f, 0f, 0f, 1f});
        assertEquals(Math.log(0.5), lp[0], 1e-6);
        assertEquals(Math.log(0.25), lp[1], 1e-6);
        assertEquals(Math.log(0.75), lp[3], 1e-6);
        assertArrayEquals(lp, fromLogits.logProb(new byte[] {1, 0, 0, 1}));
        assertEquals(Float.NEGATIVE_INFINITY, b.logProb(new float[] {1, 0, 0, 0, 0})[0]);
    }

    @Test
    void scoreGradientIsXMinusSigmoidWeightedByTheUpstreamGradient() {
        Bernoulli b = Bernoulli.ofLogits(new float[] {0f, 1f});
        float[] x = {1, 0, 0, 1, 1, 1};
        float[] dlp = {2, 3, -1, 0.5f, 1, 1};
        float[] g = b.logProbBackward(x, dlp);
        float[] p = b.probs();
        assertEquals(2 * (1 - p[0]) + (-1) * (0 - p[0]) + 1 * (1 - p[0]), g[0], 1e-5, "feature 0");
        assertEquals(3 * (0 - p[1]) + 0.5 * (1 - p[1]) + 1 * (1 - p[1]), g[1], 1e-5, "feature 1");
        assertArrayEquals(g, b.logProbBackward(new byte[] {1, 0, 0, 1, 1, 1}, dlp));
    }

    @Test
    void scoreGradientIsTheFusedKernelAndTheLoopForInfiniteLogitsHasItsArithmetic() {
        // finite logits go to BernoulliGradients.scoreGradient; a third, infinite logit sends the same
        // first two columns through the facade's loop, which must give the kernel's bits
        float[] l2 = {-0.7f, 1.3f};
        float[] l3 = {-0.7f, 1.3f, Float.POSITIVE_INFINITY};
        int rows = 999;
        float[] x2 = Bernoulli.ofLogits(l2).sampleFloats(Generator.seed(4), rows);
        float[] x3 = new float[rows * 3];
        float[] w2 = new float[rows * 2];
        float[] w3 = new float[rows * 3];
        for (int r = 0; r < rows; r++) {
            for (int d = 0; d < 3; d++) {
                float w = (float) Math.sin(r * 3 + d);
                w3[r * 3 + d] = w;
                x3[r * 3 + d] = d < 2 ? x2[r * 2 + d] : 1f;
                if (d < 2) {
                    w2[r * 2 + d] = w;
                }
            }
        }
        float[] kernel = new float[2];
        BernoulliGradients.scoreGradient(x2, w2, l2, rows, kernel, false);
        float[] g2 = Bernoulli.ofLogits(l2).logProbBackward(x2, w2);
        float[] g3 = Bernoulli.ofLogits(l3).logProbBackward(x3, w3);
        assertArrayEquals(kernel, g2);
        assertArrayEquals(kernel, Arrays.copyOf(g3, 2));
        assertEquals(0f, g3[2], "x = p = 1: no score");
        float[] p = Bernoulli.ofLogits(l2).probs();
        double ref = 0;
        for (int r = 0; r < rows; r++) {
            ref += (double) w2[r * 2] * (x2[r * 2] - p[0]);
        }
        assertEquals(ref, g2[0], 1e-5 * rows);
    }

    @Test
    void scoreFunctionEstimateMatchesTheExactGradientOfTheExpectation() {
        // f(1) = 2, f(0) = -1, p = sigmoid(l) = 0.3: d E[f] / d l = (f(1) - f(0)) p (1 - p) = 0.63. The
        // per-draw term f(x)(x - p) has variance 0.2541, so the mean of 10^6 has sd 5.04e-4; a 5-sigma
        // bound (seed 21) fails by chance with probability 5.7e-7.
        int n = 1_000_000;
        Bernoulli b = Bernoulli.ofProbs(0.3f);
        float[] x = b.sampleFloats(Generator.seed(21), n);
        float[] w = new float[n];
        int ones = 0;
        for (int i = 0; i < n; i++) {
            w[i] = (x[i] == 1 ? 2f : -1f) / n;
            ones += (int) x[i];
        }
        assertEquals(0.63, b.logProbBackward(x, w)[0], 5 * 5.04e-4);
        // and the frequency of ones, sd sqrt(0.21 / n) = 4.6e-4: 5 sigma, probability 5.7e-7
        assertEquals(0.3, ones / (double) n, 5 * 4.6e-4);
    }
}
