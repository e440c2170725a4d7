package io.simdist.kernels;

/** Bounds for counts of rare events, shared by the statistical tests. */
final class Counts {
    private Counts() {}

    /**
     * Bounds {@code {lo, hi}} for the count of successes in {@code n} trials of probability {@code p}:
     * 5.5 standard deviations either side when the expected count is above 1000 (two-sided false
     * failure 4e-8), else the exact Poisson bounds with tail probability 2e-8 on each side.
     *
     * @param n the trials
     * @param p the probability of success, at most 1/2 (count the rarer outcome)
     * @return {@code {lo, hi}}
     */
    static long[] binomialBounds(long n, double p) {
        double expected = n * p;
        if (expected > 1_000) {
            double sd = Math.sqrt(n * p * (1 - p));
            return new long[] {(long) Math.ceil(expected - 5.5 * sd), (long) Math.floor(expected + 5.5 * sd)};
        }
        return poissonBounds(expected, 2e-8);
    }

    /**
     * The largest {@code lo} and smallest {@code hi} with {@code P(X < lo) <= alpha} and
     * {@code P(X > hi) <= alpha} for {@code X ~ Poisson(lambda)} (use for expected counts up to about
     * 1000; the pmf recursion starts at {@code exp(-lambda)}).
     *
     * @param lambda the expected count
     * @param alpha the tail probability allowed on each side
     * @return {@code {lo, hi}}
     */
    private static long[] poissonBounds(double lambda, double alpha) {
        double pmf = Math.exp(-lambda);
        double cdf = 0;  // P(X < k)
        long lo = 0;
        for (long k = 0; ; k++) {
            if (cdf <= alpha) {
                lo = k;
            }
            cdf += pmf;  // now P(X <= k)
            if (1 - cdf <= alpha) {
                return new long[] {lo, k};
            }
            pmf *= lambda / (k + 1);
        }
    }
}
