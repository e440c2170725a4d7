package io.simdist.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.rng.Philox4x32;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link BernoulliGradients} against double-precision references ({@link StrictMath}, the same stream
 * uniforms): values against closed forms, gradients against closed forms and against central finite
 * differences of the double reference; finite results at extreme logits and temperatures; and every
 * validation failure, with nothing written.
 */
class BernoulliGradientsTest {
    private static final Philox4x32 RNG = Philox4x32.of(0xC0FFEEL).stream(4);
    private static final float[] LOGITS = {-30f, -7.5f, -1f, -0.01f, 0f, 0.3f, 2f, 9f, 40f};

    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + StrictMath.exp(-x)) : StrictMath.exp(x) / (1 + StrictMath.exp(x));
    }

    /** {@code sigmoid(x) sigmoid(-x)}. */
    private static double sigmoidPrime(double x) {
        double e = StrictMath.exp(-Math.abs(x));
        return e / ((1 + e) * (1 + e));
    }

    private static double softplus(double x) {
        return Math.max(x, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x)));
    }

    /** {@code -p ln p - (1 - p) ln(1 - p)} with p = sigmoid(logit), as {@code softplus - logit p} in double. */
    private static double entropyRef(double logit) {
        double a = Math.abs(logit);
        return softplus(-a) + a * sigmoid(-a);
    }

    /** The logistic noise of each uniform of the stream, in double. */
    private static double[] noise(long index, int n) {
        float[] u = new float[n];
        RNG.fillFloats(index, u, 0, n);
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = StrictMath.log(u[i]) - StrictMath.log1p(-(double) u[i]);
        }
        return l;
    }

    private static double centralDifference(DoubleUnaryOperator f, double x, double h) {
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }

    @Test
    void scoreAndLogProbMatchClosedForms() {
        int batch = 40;
        int d = LOGITS.length;
        float[] x = new float[batch * d];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 7 == 0 ? (float) r.nextDouble() : r.nextInt(2);
        }
        float[] score = new float[x.length];
        float[] logProb = new float[x.length];
        BernoulliGradients.score(x, LOGITS, batch, score);
        BernoulliGradients.logProb(x, LOGITS, batch, logProb);
        for (int i = 0; i < x.length; i++) {
            double t = LOGITS[i % d];
            // sigmoid within 2.35 ulp (<= 1.4e-7), then one rounding of the difference
            assertEquals(x[i] - sigmoid(t), score[i], 2.1e-7, "score at " + i);
            double want = x[i] * t - Math.max(t, 0) - StrictMath.log1p(StrictMath.exp(-Math.abs(t)));
            // x in {0, 1}: exact cancellation, only log1p(exp) (2.5 ulp) and a final rounding, relative;
            // other x: x * t cancels against max(t, 0), so the error is relative to |t|
            double tol = x[i] == 0 || x[i] == 1 ? 3.5 * Math.ulp((float) want) : 3.5 * Math.ulp((float) want) + 1e-7 * Math.abs(t);
            assertEquals(want, logProb[i], tol, "logProb at " + i + " x=" + x[i] + " logit=" + t);
        }
    }

    @Test
    void logProbOfALikelyOutcomeKeepsItsTinyValue() {
        float[] lp = new float[2];
        BernoulliGradients.logProb(new float[] {1f, 0f}, new float[] {40f, -40f}, 1, lp);
        // log sigmoid(40) = -e^-40 = -4.25e-18, not 0 (the naive x t - softplus(t) gives 0)
        assertEquals(-StrictMath.exp(-40), lp[0], 1e-24);
        assertEquals(-StrictMath.exp(-40), lp[1], 1e-24);
    }

    @Test
    void scoreGradientIsTheLogProbBackwardByFiniteDifferences() {
        int batch = 25;
        int d = LOGITS.length;
        SplittableRandom r = new SplittableRandom(2);
        float[] x = new float[batch * d];
        float[] w = new float[batch * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(2);
            w[i] = (float) r.nextGaussian();
        }
        float[] grad = new float[d];
        BernoulliGradients.scoreGradient(x, w, LOGITS, batch, grad, false);
        for (int k = 0; k < d; k++) {
            int feature = k;
            // F(t) = sum_b w log p(x | t) for feature k, in double
            DoubleUnaryOperator f = t -> {
                double s = 0;
                for (int b = 0; b < batch; b++) {
                    int i = b * d + feature;
                    s += w[i] * (x[i] * t - softplus(t));
                }
                return s;
            };
            double closed = 0;
            double scale = 0;
            for (int b = 0; b < batch; b++) {
                int i = b * d + feature;
                closed += w[i] * (x[i] - sigmoid(LOGITS[feature]));
                scale += Math.abs(w[i]);
            }
            double fd = centralDifference(f, LOGITS[feature], 1e-4);
            assertEquals(closed, fd, 1e-6 * (1 + scale), "finite difference vs closed form, feature " + k);
            assertEquals(closed, grad[k], 2.5e-7 * scale + Math.ulp(grad[k]), "kernel vs closed form, feature " + k);
        }
    }

    @Test
    void scoreGradientAccumulatesAndDefaultsWeightsToOne() {
        float[] x = {1, 0, 1, 1, 0, 0};
        float[] logits = {0.5f, -2f, 3f};
        float[] once = new float[3];
        BernoulliGradients.scoreGradient(x, null, logits, 2, once, false);
        float[] ones = new float[3];
        BernoulliGradients.scoreGradient(x, new float[] {1, 1, 1, 1, 1, 1}, logits, 2, ones, false);
        assertArrayEquals(once, ones);
        float[] twice = once.clone();
        BernoulliGradients.scoreGradient(x, null, logits, 2, twice, true);
        for (int k = 0; k < 3; k++) {
            assertEquals((float) (2.0 * once[k]), twice[k], Math.ulp(twice[k]), "feature " + k);
            double want = (x[k] - sigmoid(logits[k])) + (x[3 + k] - sigmoid(logits[k]));
            assertEquals(want, once[k], 4e-7, "feature " + k);
        }
    }

    @Test
    void entropyAndItsGradientMatchClosedFormsAndFiniteDifferences() {
        float[] logits = new float[401];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (i - 200) * 0.25f;  // -50 .. 50
        }
        float[] h = new float[logits.length];
        float[] dh = new float[logits.length];
        BernoulliGradients.entropy(logits, h, dh);
        for (int i = 0; i < logits.length; i++) {
            double t = logits[i];
            double p = sigmoid(t);
            double naive = p > 0 && p < 1 ? -p * StrictMath.log(p) - (1 - p) * StrictMath.log1p(-p) : 0;
            double want = entropyRef(t);
            if (Math.abs(t) < 10) {  // the textbook form is accurate while p is away from 0 and 1
                assertEquals(naive, want, 1e-14, "references agree at " + t);
            }
            assertEquals(want, h[i], 4 * Math.ulp((float) want), "entropy at " + t);
            double closed = -t * sigmoidPrime(t);
            assertEquals(closed, centralDifference(BernoulliGradientsTest::entropyRef, t, 1e-5), 1e-9,
                    "finite difference at " + t);
            assertEquals(closed, dh[i], 4 * Math.ulp((float) closed) + 1e-30, "dH/dlogit at " + t);
        }
        assertEquals((float) StrictMath.log(2), h[200], 0f, "H(0) = ln 2");
    }

    /** Relaxed forward and backward against the double reference at each temperature. */
    @Test
    void relaxedRsampleGradientMatchesClosedFormsAndFiniteDifferences() {
        int batch = 30;
        int d = LOGITS.length;
        int n = batch * d;
        long index = 977;
        double[] l = noise(index, n);
        SplittableRandom r = new SplittableRandom(3);
        float[] gradY = new float[n];
        for (int i = 0; i < n; i++) {
            gradY[i] = (float) r.nextGaussian();
        }
        for (float temperature : new float[] {0.3f, 1f, 2.5f}) {
            float[] y = new float[n];
            BernoulliGradients.relaxedRsample(RNG, index, LOGITS, temperature, batch, y);
            float[] grad = new float[d];
            float gradT = BernoulliGradients.relaxedBackward(RNG, index, LOGITS, temperature, batch, gradY, grad, false);
            double invT = 1.0 / temperature;
            double closedT = 0;
            double scaleT = 0;
            for (int k = 0; k < d; k++) {
                double closed = 0;
                double scale = 0;
                for (int b = 0; b < batch; b++) {
                    int i = b * d + k;
                    double z = (LOGITS[k] + l[i]) * invT;
                    // the noise is float: within a few ulps of |ln u| + |ln(1 - u)|, so z within 1e-6 (1 + |z|)
                    double tolY = 0.25 * 1e-6 * (Math.abs(LOGITS[k]) + Math.abs(l[i]) + 1) * invT + 3e-7;
                    assertEquals(sigmoid(z), y[i], tolY, "y at " + i + " T=" + temperature);
                    double s = sigmoidPrime(z);
                    closed += gradY[i] * s * invT;
                    closedT -= gradY[i] * s * z * invT;
                    scale += Math.abs(gradY[i]) * s * invT * (1 + Math.abs(z));
                    scaleT += Math.abs(gradY[i]) * s * invT * (1 + z * z);
                }
                int feature = k;
                DoubleUnaryOperator f = t -> relaxedObjective(gradY, l, batch, d, feature, t, temperature);
                double fd = centralDifference(f, LOGITS[k], 1e-5);
                assertEquals(closed, fd, 1e-6 * (1 + scale), "finite difference vs closed form, feature " + k);
                assertEquals(closed, grad[k], 3e-6 * scale + 1e-30, "dL/dlogit " + k + " T=" + temperature);
            }
            DoubleUnaryOperator fT = t -> {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += relaxedObjective(gradY, l, batch, d, k, LOGITS[k], t);
                }
                return s;
            };
            assertEquals(closedT, centralDifference(fT, temperature, 1e-6), 1e-6 * (1 + scaleT), "dL/dT by differences");
            assertEquals(closedT, gradT, 3e-6 * scaleT, "dL/dT T=" + temperature);
        }
    }

    /** {@code sum_b gradY y} of feature k as a function of its logit and the temperature, in double. */
    private static double relaxedObjective(float[] gradY, double[] l, int batch, int d, int k, double logit,
            double temperature) {
        double s = 0;
        for (int b = 0; b < batch; b++) {
            int i = b * d + k;
            s += gradY[i] * sigmoid((logit + l[i]) / temperature);
        }
        return s;
    }

    @Test
    void relaxedBackwardAccumulatesIntoTheGradient() {
        float[] logits = {0.4f, -1.2f};
        float[] gradY = {1f, 2f, -0.5f, 0.25f};
        float[] fresh = new float[2];
        BernoulliGradients.relaxedBackward(RNG, 0, logits, 0.8f, 2, gradY, fresh, false);
        float[] acc = {10f, -3f};
        BernoulliGradients.relaxedBackward(RNG, 0, logits, 0.8f, 2, gradY, acc, true);
        assertEquals(10f + fresh[0], acc[0], Math.ulp(10f));
        assertEquals(-3f + fresh[1], acc[1], Math.ulp(3f));
        assertTrue(fresh[0] != 0 && fresh[1] != 0, "the gradient itself is not zero");
    }

    /**
     * The stored noise is the noise of each stream uniform, the forward pass that stores it draws the same
     * samples, and the backward pass from it gives the bits of the recomputing one (relaxed and
     * straight-through); a stored noise that is not the forward pass's changes the gradient, so it is read.
     */
    @Test
    void storedNoiseIsTheStreamNoiseAndGivesTheRecomputedGradients() {
        float[] logits = {-1.5f, 0.25f, 3f};
        int batch = 701;  // 2103 elements: three chunks
        int n = batch * logits.length;
        long index = 12345;
        float[] gradY = new float[n];
        SplittableRandom r = new SplittableRandom(8);
        for (int i = 0; i < n; i++) {
            gradY[i] = (float) r.nextGaussian();
        }
        for (boolean hard : new boolean[] {false, true}) {
            float[] y = new float[n];
            float[] ys = new float[n];
            float[] noise = new float[n + 1];
            noise[n] = 42f;
            if (hard) {
                BernoulliGradients.straightThroughRsample(RNG, index, logits, batch, y);
                BernoulliGradients.straightThroughRsample(RNG, index, logits, batch, ys, noise);
            } else {
                BernoulliGradients.relaxedRsample(RNG, index, logits, 0.6f, batch, y);
                BernoulliGradients.relaxedRsample(RNG, index, logits, 0.6f, batch, ys, noise);
            }
            assertArrayEquals(y, ys, "samples with and without storing the noise, hard=" + hard);
            for (int i = 0; i < n; i++) {
                assertEquals(BernoulliChunks.noise(uniform(index + i)), noise[i], "noise " + i);
            }
            assertEquals(42f, noise[n], "past the block: untouched");
            float[] want = new float[logits.length];
            float[] got = new float[logits.length];
            float wantT = BernoulliGradients.relaxedBackward(RNG, index, logits, 0.6f, batch, gradY, want, false);
            float gotT = BernoulliGradients.relaxedBackward(RNG, index, logits, 0.6f, batch, gradY, noise, got, false);
            assertArrayEquals(want, got, "dL/dlogits, hard=" + hard);
            assertEquals(Float.floatToRawIntBits(wantT), Float.floatToRawIntBits(gotT), "dL/dT, hard=" + hard);
            noise[7] += 1f;
            float shiftedT = BernoulliGradients.relaxedBackward(RNG, index, logits, 0.6f, batch, gradY, noise, got,
                    false);
            assertTrue(got[7 % logits.length] != want[7 % logits.length] && shiftedT != wantT,
                    "a changed noise value changes its feature's gradient and dL/dT");
        }
    }

    @Test
    void noiseBuffersAreCheckedBeforeWriting() {
        float[] logits = {0f, 1f, 2f};
        float[] y = new float[6];
        Arrays.fill(y, 7f);
        float[] small = {7f, 7f};
        assertRejected(IndexOutOfBoundsException.class, "noise.length must be >= 6, was 2", y,
                () -> BernoulliGradients.relaxedRsample(RNG, 0, logits, 1f, 2, y, small));
        assertRejected(IndexOutOfBoundsException.class, "noise.length must be >= 6, was 2", small,
                () -> BernoulliGradients.relaxedRsample(RNG, 0, logits, 1f, 2, y, small));
        assertRejected(IllegalArgumentException.class, "noise must not be the array y", y,
                () -> BernoulliGradients.relaxedRsample(RNG, 0, logits, 1f, 2, y, y));
        assertRejected(IllegalArgumentException.class, "noise must not be the array y", y,
                () -> BernoulliGradients.straightThroughRsample(RNG, 0, logits, 2, y, y));
        float[] grad = {7f, 7f, 7f};
        assertRejected(IndexOutOfBoundsException.class, "noise.length must be >= 6, was 2", grad,
                () -> BernoulliGradients.relaxedBackward(RNG, 0, logits, 1f, 2, new float[6], small, grad, false));
        float[] shared = new float[6];
        Arrays.fill(shared, 7f);
        assertRejected(IllegalArgumentException.class, "gradLogits must not be the array noise", shared,
                () -> BernoulliGradients.relaxedBackward(RNG, 0, logits, 1f, 2, new float[6], shared, shared, false));
    }

    @Test
    void straightThroughDrawsAreTheSignOfTheLogisticArgument() {
        int n = 5000;
        float[] logits = {-2f, 0f, 1.5f, 30f, -30f};
        int batch = n / logits.length;
        double[] l = noise(5, n);
        float[] hard = new float[n];
        float[] relaxed = new float[n];
        BernoulliGradients.straightThroughRsample(RNG, 5, logits, batch, hard);
        BernoulliGradients.relaxedRsample(RNG, 5, logits, 0.1f, batch, relaxed);
        for (int i = 0; i < n; i++) {
            float logit = logits[i % logits.length];
            float want = logit + BernoulliChunks.noise(uniform(5 + i)) > 0 ? 1f : 0f;
            assertEquals(want, hard[i], "draw " + i);
            if (Math.abs(logit + l[i]) > 1e-3) {  // away from the boundary the relaxed sample is on the same side
                assertEquals(hard[i] == 1f, relaxed[i] > 0.5f, "relaxed sample " + i + " = " + relaxed[i]);
            }
        }
    }

    private static float uniform(long index) {
        float[] u = new float[1];
        RNG.fillFloats(index, u, 0, 1);
        return u[0];
    }

    @Test
    void extremeLogitsAndTemperaturesGiveFiniteValuesAndGradients() {
        float[] logits = {-Float.MAX_VALUE, -1e30f, -100f, -1e-30f, 0f, 1e-30f, 100f, 1e30f, Float.MAX_VALUE};
        int batch = 200;
        int n = batch * logits.length;
        float[] gradY = new float[n];
        Arrays.fill(gradY, 1f);
        for (float t : new float[] {Float.MIN_NORMAL, 1e-30f, 1e-3f, 1f, 1e30f, Float.MAX_VALUE}) {
            float[] y = new float[n];
            BernoulliGradients.relaxedRsample(RNG, 0, logits, t, batch, y);
            for (float v : y) {
                assertTrue(v >= 0f && v <= 1f, "y = " + v + " at T=" + t);
            }
            float[] grad = new float[logits.length];
            float gradT = BernoulliGradients.relaxedBackward(RNG, 0, logits, t, batch, gradY, grad, false);
            assertTrue(Float.isFinite(gradT), "dL/dT = " + gradT + " at T=" + t);
            for (float g : grad) {
                assertTrue(Float.isFinite(g) && g >= 0f, "dL/dlogit = " + g + " at T=" + t);
            }
        }
        float[] h = new float[logits.length];
        float[] dh = new float[logits.length];
        BernoulliGradients.entropy(logits, h, dh);
        float[] lp = new float[logits.length];
        BernoulliGradients.logProb(new float[] {0, 1, 0, 1, 0, 1, 0, 1, 0}, logits, 1, lp);
        for (int k = 0; k < logits.length; k++) {
            assertTrue(h[k] >= 0f && h[k] <= (float) StrictMath.log(2) && Float.isFinite(dh[k]),
                    "entropy " + h[k] + ", " + dh[k] + " at " + logits[k]);
            assertTrue(lp[k] <= 0f && !Float.isNaN(lp[k]), "logProb " + lp[k] + " at " + logits[k]);
        }
    }

    // --- validation: each failure names parameter, index and value, and nothing is written ---

    private static void assertRejected(Class<? extends RuntimeException> type, String message, float[] untouched,
            Executable call) {
        float[] before = untouched.clone();
        RuntimeException e = assertThrows(type, call);
        assertEquals(message, e.getMessage());
        assertArrayEquals(before, untouched, "nothing written");
    }

    @Test
    void invalidLogitsAreRejectedBeforeWriting() {
        float[] out = {7f, 7f, 7f, 7f, 7f, 7f};
        float[] bad = {0.5f, 1f, -2f, Float.NaN};
        float[] x = {0, 1, 0, 1};
        assertRejected(IllegalArgumentException.class, "logits[3] must be finite, was NaN", out,
                () -> BernoulliGradients.score(x, bad, 1, out));
        assertRejected(IllegalArgumentException.class, "logits[3] must be finite, was NaN", out,
                () -> BernoulliGradients.relaxedRsample(RNG, 0, bad, 1f, 1, out));
        float[] inf = {Float.NEGATIVE_INFINITY};
        assertRejected(IllegalArgumentException.class, "logits[0] must be finite, was -Infinity", out,
                () -> BernoulliGradients.entropy(inf, out, out));
        assertRejected(IllegalArgumentException.class, "logits must not be empty", out,
                () -> BernoulliGradients.straightThroughRsample(RNG, 0, new float[0], 1, out));
        assertThrows(NullPointerException.class, () -> BernoulliGradients.logProb(x, null, 1, out));
    }

    @Test
    void invalidTemperaturesAreRejectedBeforeWriting() {
        float[] out = {7f, 7f};
        float[] logits = {0f, 1f};
        for (float t : new float[] {0f, -0f, -0.5f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE}) {
            String msg = "temperature must be finite and >= 1.1754944E-38, was " + t;
            assertRejected(IllegalArgumentException.class, msg, out,
                    () -> BernoulliGradients.relaxedRsample(RNG, 0, logits, t, 1, out));
            assertRejected(IllegalArgumentException.class, msg, out,
                    () -> BernoulliGradients.relaxedBackward(RNG, 0, logits, t, 1, new float[2], out, true));
        }
    }

    @Test
    void shapeMismatchesAndShortBuffersAreRejectedBeforeWriting() {
        float[] logits = {0f, 1f, 2f};
        float[] out = new float[6];
        Arrays.fill(out, 7f);
        float[] small = {7f, 7f};
        assertRejected(IllegalArgumentException.class, "x.length must be batch * logits.length = 6, was 5", out,
                () -> BernoulliGradients.scoreGradient(new float[5], null, logits, 2, out, false));
        assertRejected(IllegalArgumentException.class, "weights.length must be batch * logits.length = 6, was 7", out,
                () -> BernoulliGradients.scoreGradient(new float[6], new float[7], logits, 2, out, false));
        assertRejected(IllegalArgumentException.class, "gradY.length must be batch * logits.length = 6, was 3", out,
                () -> BernoulliGradients.relaxedBackward(RNG, 0, logits, 1f, 2, new float[3], out, false));
        assertRejected(IndexOutOfBoundsException.class, "gradLogits.length must be >= 3, was 2", small,
                () -> BernoulliGradients.relaxedBackward(RNG, 0, logits, 1f, 2, new float[6], small, false));
        assertRejected(IndexOutOfBoundsException.class, "gradLogits.length must be >= 3, was 2", small,
                () -> BernoulliGradients.scoreGradient(new float[6], null, logits, 2, small, true));
        assertRejected(IndexOutOfBoundsException.class, "y.length must be >= 6, was 2", small,
                () -> BernoulliGradients.relaxedRsample(RNG, 0, logits, 1f, 2, small));
        assertRejected(IndexOutOfBoundsException.class, "dst.length must be >= 6, was 2", small,
                () -> BernoulliGradients.logProb(new float[6], logits, 2, small));
        assertRejected(IndexOutOfBoundsException.class, "gradLogits.length must be >= 3, was 2", out,
                () -> BernoulliGradients.entropy(logits, out, small));
        assertRejected(IllegalArgumentException.class, "batch must be >= 0, was -1", out,
                () -> BernoulliGradients.score(new float[0], logits, -1, out));
    }

    @Test
    void samplesOutsideTheUnitIntervalAndBadStreamRangesAreRejectedBeforeWriting() {
        float[] logits = {0f, 1f};
        float[] out = {7f, 7f, 7f, 7f};
        assertRejected(IllegalArgumentException.class, "x[2] must be in [0, 1], was 2.0", out,
                () -> BernoulliGradients.score(new float[] {0, 1, 2, 0}, logits, 2, out));
        assertRejected(IllegalArgumentException.class, "x[1] must be in [0, 1], was NaN", out,
                () -> BernoulliGradients.logProb(new float[] {0, Float.NaN, 1, 0}, logits, 2, out));
        assertRejected(IllegalArgumentException.class, "index must be >= 0, was -1", out,
                () -> BernoulliGradients.relaxedRsample(RNG, -1, logits, 1f, 2, out));
        assertThrows(IllegalArgumentException.class,
                () -> BernoulliGradients.relaxedRsample(RNG, Long.MAX_VALUE - 2, logits, 1f, 2, out));
        assertThrows(NullPointerException.class, () -> BernoulliGradients.relaxedRsample(null, 0, logits, 1f, 2, out));
    }
}
