package io.simdist.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.rng.Philox4x32;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Statistics of 10^7 standard normals per dtype from {@link Normals#fill}, on whichever backend this
 * JVM selects (the suite runs with and without the Vector API). Seeded: the draws are the same on every
 * run and backend, so a failure is reproducible.
 *
 * <p>Each dtype makes {@value #CHECKS} checks: mean, variance, skewness and excess kurtosis against
 * their standard errors; a Kolmogorov-Smirnov test against the normal CDF; the frequencies of
 * {@code z > t} and {@code z < -t} for t = 2, 3, 4, 5 against binomial bounds; the lag-1..16
 * autocorrelations (a correlated lane of a 512-bit float vector is lag 16). Every check but KS fails a
 * correct generator with probability at most 4e-8 (5.5 standard errors two-sided, or the Poisson tail
 * for the rare counts); KS with {@code sqrt(n) D > 2.8} has probability 2 exp(-2 * 2.8^2) = 3.1e-7.
 * Total false-failure probability per run: below 2 * (28 * 4e-8 + 3.1e-7) = 3e-6.
 *
 * <p>The same checks are also run on deliberately flawed samples (variance 1.01, tails beyond 4 cut
 * off, one lane in 16 copying its neighbour, a mean shift of 0.003) and must reject each: the tests
 * are strong enough to see those flaws at n = 10^7.
 */
class NormalStatisticsTest {
    private static final int N = 10_000_000;
    private static final double SIGMAS = 5.5;
    private static final double KS_LIMIT = 2.8;
    private static final int LAGS = 16;
    private static final int CHECKS = 4 + 1 + 8 + LAGS;
    private static final Philox4x32 RNG = Philox4x32.of(0x0DDBA11_5EEDL).stream(3);

    @Test
    void floatNormalsPassEveryCheck() {
        float[] z = new float[N];
        Normals.fill(RNG, 12_345, z, 0, N);
        double[] d = new double[N];
        for (int i = 0; i < N; i++) {
            d[i] = z[i];
        }
        List<String> failures = check(d);
        assertTrue(failures.isEmpty(), "f32: " + failures);
    }

    @Test
    void doubleNormalsPassEveryCheck() {
        double[] z = new double[N];
        Normals.fill(RNG, 12_345, z, 0, N);
        List<String> failures = check(z);
        assertTrue(failures.isEmpty(), "f64: " + failures);
    }

    @Test
    void checksRejectWrongVarianceLostTailsCorrelatedLanesAndShiftedMean() {
        double[] good = new double[N];
        Normals.fill(RNG.stream(4), 0, good, 0, N);
        assertEquals(List.of(), check(good.clone()), "the control sample must pass");

        double[] wide = good.clone();
        for (int i = 0; i < N; i++) {
            wide[i] *= Math.sqrt(1.01);
        }
        assertFailsOn("variance", check(wide));

        double[] clipped = good.clone();
        SplittableRandom redraw = new SplittableRandom(1);
        for (int i = 0; i < N; i++) {
            while (Math.abs(clipped[i]) > 4) {  // a sampler whose tail stops at 4
                clipped[i] = redraw.nextGaussian();
            }
        }
        assertFailsOn("z > 4", check(clipped));

        double[] lanes = good.clone();
        for (int i = 15; i < N; i += 16) {
            lanes[i] = lanes[i - 1];
        }
        assertFailsOn("lag 1", check(lanes));

        double[] shifted = good.clone();
        for (int i = 0; i < N; i++) {
            shifted[i] += 0.003;
        }
        assertFailsOn("mean", check(shifted));
    }

    private static void assertFailsOn(String what, List<String> failures) {
        assertTrue(failures.stream().anyMatch(f -> f.startsWith(what)), what + " not detected: " + failures);
    }

    /** Runs every check on {@code z} (sorted in place by the KS test); returns the failed ones. */
    static List<String> check(double[] z) {
        List<String> failures = new ArrayList<>();
        int n = z.length;
        double s1 = 0;
        for (double v : z) {
            s1 += v;
        }
        double mean = s1 / n;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        for (double v : z) {
            double c = v - mean;
            double c2 = c * c;
            m2 += c2;
            m3 += c2 * c;
            m4 += c2 * c2;
        }
        m2 /= n;
        m3 /= n;
        m4 /= n;
        // standard errors for N(0, 1): mean 1/sqrt(n), variance sqrt(2/n), skewness sqrt(6/n),
        // excess kurtosis sqrt(24/n)
        within(failures, "mean", mean, 0, Math.sqrt(1.0 / n));
        within(failures, "variance", m2, 1, Math.sqrt(2.0 / n));
        within(failures, "skewness", m3 / Math.pow(m2, 1.5), 0, Math.sqrt(6.0 / n));
        within(failures, "excess kurtosis", m4 / (m2 * m2) - 3, 0, Math.sqrt(24.0 / n));

        for (int lag = 1; lag <= LAGS; lag++) {
            double sum = 0;
            for (int i = lag; i < n; i++) {
                sum += (z[i] - mean) * (z[i - lag] - mean);
            }
            within(failures, "lag " + lag + " correlation", sum / ((n - lag) * m2), 0, Math.sqrt(1.0 / (n - lag)));
        }

        for (int t = 2; t <= 5; t++) {
            long above = 0;
            long below = 0;
            for (double v : z) {
                above += v > t ? 1 : 0;
                below += v < -t ? 1 : 0;
            }
            double p = 0.5 * erfc(t / Math.sqrt(2));
            count(failures, "z > " + t, above, n, p);
            count(failures, "z < -" + t, below, n, p);
        }

        Arrays.sort(z);
        double d = 0;
        for (int i = 0; i < n; i++) {
            double cdf = 0.5 * erfc(-z[i] / Math.sqrt(2));
            d = Math.max(d, Math.max(cdf - (double) i / n, (double) (i + 1) / n - cdf));
        }
        if (Math.sqrt(n) * d > KS_LIMIT) {
            failures.add("KS: sqrt(n) D = " + Math.sqrt(n) * d + " > " + KS_LIMIT);
        }
        return failures;
    }

    private static void within(List<String> failures, String what, double value, double expected, double se) {
        if (!(Math.abs(value - expected) <= SIGMAS * se)) {
            failures.add(what + " = " + value + ", expected " + expected + " +- " + SIGMAS + " * " + se);
        }
    }

    /**
     * Checks a count of {@code n} trials of probability {@code p}: 5.5 standard deviations when the
     * expected count is large, the exact Poisson bounds with tail probability 2e-8 each side when it is
     * small (z > 5: expect 2.9).
     */
    private static void count(List<String> failures, String what, long observed, int n, double p) {
        double expected = n * p;
        long[] bounds = Counts.binomialBounds(n, p);
        long lo = bounds[0];
        long hi = bounds[1];
        if (observed < lo || observed > hi) {
            failures.add(what + ": " + observed + " of " + n + ", expected " + expected + " in [" + lo + ", " + hi + "]");
        }
    }

    /**
     * erfc(x) with relative error below 1.2e-7 everywhere (Numerical Recipes, 2nd ed., section 6.2,
     * Chebyshev fit): ample for the KS statistic (resolution 1/sqrt(n) = 3e-4) and the tail
     * probabilities.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
