package io.simdist.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.rng.Philox4x32;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Monte Carlo checks of the gradient estimators, seeded (fixed streams), each comparing a batch mean
 * with its exact expectation within 6 standard errors (normal approximation; the batches hold 10^5 or
 * more independent elements, so it is accurate): a false failure has probability 2e-9 per check. With
 * the 24 mean checks and the 4 binomial count checks of {@link Counts#binomialBounds} (4e-8 each) the
 * class fails by chance with probability below 3e-7.
 *
 * <p>What is checked: (1) the score-function estimator {@code f(x) (x - sigmoid(logit))} is unbiased
 * for {@code dE[f(x)]/dlogit} (Williams 1992); (2) the mean of the relaxed backward pass is the exact
 * gradient, w.r.t. logit and temperature, of the relaxed objective {@code E[y]} (Maddison et al. 2017),
 * the expectation computed by quadrature over the logistic density; (3) the relaxed forward mean is
 * that objective, which tends to {@code sigmoid(logit)} as the temperature goes to 0, and the
 * straight-through draws are Bernoulli({@code sigmoid(logit)}).
 */
class BernoulliGradientsStatisticsTest {
    private static final double Z = 6.0;
    private static final Philox4x32 RNG = Philox4x32.of(0x5EED_57A7L).stream(2);

    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + StrictMath.exp(-x)) : StrictMath.exp(x) / (1 + StrictMath.exp(x));
    }

    private static double sigmoidPrime(double x) {
        double e = StrictMath.exp(-Math.abs(x));
        return e / ((1 + e) * (1 + e));
    }

    /** {@code {E[g(L)], E[g(L)^2]}} for standard logistic L, by Simpson's rule on [-40, 40] (step 1e-3). */
    private static double[] logisticMoments(DoubleUnaryOperator g) {
        int steps = 80_000;
        double h = 80.0 / steps;
        double m1 = 0;
        double m2 = 0;
        for (int k = 0; k <= steps; k++) {
            double l = -40 + k * h;
            double w = (k == 0 || k == steps ? 1 : k % 2 == 1 ? 4 : 2) * h / 3 * sigmoidPrime(l);
            double v = g.applyAsDouble(l);
            m1 += w * v;
            m2 += w * v * v;
        }
        return new double[] {m1, m2};
    }

    private static void assertMean(String what, double mean, double expected, double variance, int n) {
        double se = Math.sqrt(variance / n);
        assertTrue(Math.abs(mean - expected) <= Z * se,
                what + ": mean " + mean + ", expected " + expected + ", " + (mean - expected) / se + " SE");
    }

    @Test
    void scoreFunctionEstimatorIsUnbiased() {
        float[] logits = {-2f, -0.5f, 0f, 0.3f, 1.5f, 3f};
        int d = logits.length;
        int batch = 200_000;
        Bernoullis.Thresholds t = Bernoullis.Thresholds.ofLogits(logits);
        float[] x = new float[batch * d];
        Bernoullis.fill(RNG, 0, t, x, 0, x.length);
        float f1 = 0.99f;  // f(x) = (x - 0.3)^2 + 0.5 x
        float f0 = 0.09f;
        float[] w = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            w[i] = x[i] == 1f ? f1 : f0;
        }
        float[] grad = new float[d];
        BernoulliGradients.scoreGradient(x, w, logits, batch, grad, false);
        for (int k = 0; k < d; k++) {
            double p = t.prob(k);           // the sampler's probability, sigmoid to 2^-32
            double s = Elementary.sigmoid(logits[k]);  // the kernel's sigmoid
            double a = f1 * (1 - s);
            double b = -f0 * s;
            double expected = p * a + (1 - p) * b;
            double variance = p * a * a + (1 - p) * b * b - expected * expected;
            double truth = sigmoidPrime(logits[k]) * ((double) f1 - f0);
            assertEquals(truth, expected, 1e-6, "the estimator's exact mean is the true gradient");
            assertMean("score-function gradient, logit " + logits[k], grad[k] / (double) batch, truth, variance,
                    batch);
        }
    }

    @Test
    void relaxedBackwardMeanIsTheExactGradientOfTheRelaxedObjective() {
        float[] logits = {-1.5f, 0f, 0.7f, 2f};
        int d = logits.length;
        int batch = 100_000;
        float[] gradY = new float[batch * d];
        Arrays.fill(gradY, 1f);
        long index = 0;
        for (float temperature : new float[] {0.3f, 1f}) {
            double invT = 1.0 / temperature;
            float[] grad = new float[d];
            float gradT = BernoulliGradients.relaxedBackward(RNG, index, logits, temperature, batch, gradY, grad,
                    false);
            double expectedT = 0;
            double varianceT = 0;
            for (int k = 0; k < d; k++) {
                double logit = logits[k];
                double[] m = logisticMoments(l -> sigmoidPrime((logit + l) * invT) * invT);
                assertMean("dE[y]/dlogit, logit " + logit + ", T " + temperature, grad[k] / (double) batch, m[0],
                        m[1] - m[0] * m[0], batch);
                double[] mt = logisticMoments(l -> -sigmoidPrime((logit + l) * invT) * (logit + l) * invT * invT);
                expectedT += mt[0];
                varianceT += mt[1] - mt[0] * mt[0];  // the features' elements are independent
            }
            assertMean("dE[sum y]/dT, T " + temperature, gradT / (double) batch, expectedT, varianceT, batch);
            index += (long) batch * d;  // fresh noise for the next temperature
        }
    }

    @Test
    void relaxedForwardMeanIsTheRelaxedObjectiveAndHardDrawsAreBernoulli() {
        float[] logits = {-1.5f, 0f, 0.7f, 2f};
        int d = logits.length;
        int batch = 100_000;
        float[] y = new float[batch * d];
        for (float temperature : new float[] {0.05f, 1f}) {
            double invT = 1.0 / temperature;
            BernoulliGradients.relaxedRsample(RNG, 0, logits, temperature, batch, y);
            for (int k = 0; k < d; k++) {
                double logit = logits[k];
                double[] m = logisticMoments(l -> sigmoid((logit + l) * invT));
                assertMean("E[y], logit " + logit + ", T " + temperature, columnMean(y, d, k), m[0],
                        m[1] - m[0] * m[0], batch);
                if (temperature < 0.1f) {  // the relaxation's bias shrinks with T: here below 0.005
                    assertEquals(sigmoid(logit), m[0], 0.005, "E[y] tends to sigmoid(logit)");
                }
            }
        }
        BernoulliGradients.straightThroughRsample(RNG, 0, logits, batch, y);
        for (int k = 0; k < d; k++) {
            double p = sigmoid(logits[k]);
            long ones = Math.round(columnMean(y, d, k) * batch);
            long rare = p <= 0.5 ? ones : batch - ones;
            long[] bounds = Counts.binomialBounds(batch, Math.min(p, 1 - p));
            assertTrue(rare >= bounds[0] && rare <= bounds[1], "hard draws of logit " + logits[k] + ": " + ones
                    + " ones in " + batch);
        }
    }

    private static double columnMean(float[] y, int d, int k) {
        double s = 0;
        for (int i = k; i < y.length; i += d) {
            s += y[i];
        }
        return s / (y.length / d);
    }
}
