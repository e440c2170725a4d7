package io.simdist.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.rng.Philox4x32;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statistics of normal transform v2 (Box-Muller, {@link NormalTransforms}) strong enough to see a small
 * error in one of its constants: a fine binned chi-square of z, fine chi-squares of the two components
 * Box-Muller is built from, chi-squares resolving every segment edge of the transform, tail counts and an
 * exact tail computation from the radius words, Kolmogorov-Smirnov and Anderson-Darling, lag correlations,
 * and planted coefficient defects that the statistics must reject.
 *
 * <h2>Runs</h2>
 * The draws come through {@link Normals#fill} in chunks of 2^20 (so the Vector API kernels run in the
 * suite's first surefire JVM and the scalar ones in its second), f32 from stream 1 and f64 from stream 2 of
 * key {@code 0x5EED0B0C2F2A}, variates {@code 0 .. N - 1}: the same draws on every run and backend.
 * {@code N} is the system property {@code simdist.stats.draws}; the default, 10^7 per dtype, is the CI
 * subset (the whole class takes about 40 s in the Vector API JVM and 3 s in the scalar one, which skips the
 * planted defects, on 2 cores).
 * The full run, 10^8 per dtype, is the Maven profile {@code statistics}, which runs only this class, in one
 * JVM with the Vector API (about 5 minutes on 2 cores):
 * <pre>
 *   mvn -B -ntp verify -pl simd-core -am -Pstatistics | tee stats.txt
 * </pre>
 * ({@code -Dsimdist.stats.draws=N} for another count). Every statistic, p-value, tail count, KS D and the
 * planted-defect table are printed on lines starting {@code [normal-v2-stats]}.
 *
 * <h2>No slow path</h2>
 * Box-Muller has no table, no rejection and so no slow path: every variate is the same fixed function of its
 * pair's words, so the share of a slow path and its conditional distribution (asked of a ziggurat) do not
 * exist here. The analogue of a ziggurat's layer edges are the transform's segment edges: the log's range
 * reduction splits u at {@code 2^-j sqrt(1/2)}, and the angle's quadrants meet at {@code pi/4 + q pi/2}
 * (where the argument of the sine and cosine polynomials jumps from {@code pi/4} to {@code -pi/4}). An
 * error in a constant makes the map jump there: a gap (density 0) or an overlap (density 2) as wide as the
 * jump, besides a smooth density change inside each segment.
 *
 * <h2>The checks and the decision rule</h2>
 * Per dtype, on the N variates ({@code N/2} pairs {@code (z0, z1) = (z(2k), z(2k+1))}):
 * <ul>
 *   <li>range: every value finite and {@code |z| <=} the transform's maximum (deterministic);</li>
 *   <li>z chi-square: 2^12 equal-probability bins over the whole line, edges {@code Phi^-1(i / 2^12)} from
 *       {@link InverseNormalReference} (their tail probabilities are exact to 9e-16 relative, checked;
 *       the test resolves bin probabilities of 2.4e-4 to about 1.6e-6 at 10^8);</li>
 *   <li>u chi-square: the recovered uniform {@code u = exp(-(z0^2 + z1^2) / 2)} of each pair in 2^14 equal
 *       bins of (0, 1);</li>
 *   <li>angle chi-square: {@code atan2(z1, z0)} in 2^14 equal bins of the circle;</li>
 *   <li>u at the log-reduction edges: u relative to its nearest edge {@code e_j = 2^-j sqrt(1/2)},
 *       j = 0..7, in 60 bins of width {@code 1e-5 e_j} over {@code e_j (1 +- 3e-4)}, the 8 windows folded
 *       together (a coefficient error makes the same relative jump at every edge), plus one bin for the
 *       rest: 60 degrees of freedom;</li>
 *   <li>angle at the quadrant edges: likewise, 60 bins of 1e-5 rad over {@code +-3e-4} rad around
 *       {@code pi/4 + q pi/2}, the 4 edges folded;</li>
 *   <li>the counts of {@code |z| > 4, 5, 6} (f64 also 7) against {@code N 2 (1 - Phi(t))}, two-sided
 *       Poisson; tested where at least 10 are expected (4 at 10^7; 4 and 5 at 10^8), the rest by the
 *       exact tail tests below;</li>
 *   <li>the lag 1..8 correlations of z and of {@code z^2}, separately for pairs starting at even and at odd
 *       positions (lag 1 at even positions is the pair sharing a radius: the classic Box-Muller dependence
 *       check; for a correct transform z0 and z1 are independent, so it is 0), each against
 *       {@code N(0, 1/n)}: 32 checks;</li>
 *   <li>KS and Anderson-Darling on 10^6 further draws (streams 3 and 4) against Phi.</li>
 * </ul>
 * Chi-square p-values are exact (the regularized incomplete gamma; checked against Wilson-Hilferty), Poisson
 * p-values likewise. Each check fails if its p-value is below 1e-6; KS uses {@code P(sqrt(n) D > x) <=
 * 2 exp(-2 x^2)} (critical 2.693), AD the asymptotic tail {@code P(A2 > x) ~ sqrt(3) erfc(sqrt(x))} (the
 * limit law's leading term; critical 12.49). That is 40 checks per dtype at 10^7 (41 at 10^8, with the
 * 5-sigma count), so the family-wise false-failure probability is at most 80 x 1e-6 = 8e-5 per run (8.2e-5
 * at 10^8). The backends are bit-identical, so both surefire JVMs see the same draws: that is also the
 * probability per build.
 *
 * <h2>Exact tails</h2>
 * The expected counts beyond 6 (and 7) sigma are below 1 even at 10^8, so the tail is computed from the
 * words instead. The radius is monotone in u (checked on the tail words); {@code P(R > r)} is the fraction
 * of radius values whose radius exceeds r, and {@code P(|Z| > t) = E[(2/pi) arccos(t/R); R > t]} (the angle
 * is uniform). f32: all radius cells beyond 4 are enumerated (720 399 of probability 2^-31 each; only 33
 * radius values lie beyond 6, against {@code 2^31 e^-18 = 32.7}). Their sum agrees with the exact map
 * {@code sqrt(-2 ln u)} on the same grid to 5e-9, 4e-8, 4.2e-7 relative at 4, 5, 6 sigma (bound
 * {@code 2 t^2 4e-7} from the radius accuracy). The grid itself, each cell's mass at its midpoint, moves
 * {@code P(|Z| > t)} by -2.5e-8, -3.9e-6 and -1.46e-3 relative: the midpoint rule's error at the first
 * cells, the largest radii 6.56-6.66, where the angle weight has an infinite slope in u (asserted against
 * an estimate of that error, twice allowed). f64: {@code P(R > r)} by bisection over the 2^64 radius values
 * and a Gauss-Legendre integral over r: equal to {@code 2 (1 - Phi(t))} to 4e-15, 4e-15, 4e-14 and 1.2e-10
 * relative at 4..7 sigma (bound {@code 2^-64 / P + 1e-12}, the resolution of the radius values). These are
 * far stronger than a count: at 10^8 draws a count beyond 4 sigma has a relative standard deviation of 1.3%.
 *
 * <h2>Planted defects</h2>
 * A copy of the scalar transform ({@link Copy32}, {@link Copy64}) with its constants in an array is first
 * checked bit for bit against {@link NormalTransforms} on 2 x 10^6 words (special words and random ones)
 * and against {@link Normals#fill} on 2^16 variates. Then each constant in turn is multiplied by
 * {@code 1 + 1e-3}, the copy draws the same N variates from the same Philox words with the same mapping, and
 * the same checks run. For each defect the test also computes the exact distribution of the copy's two
 * components (the recovered u is a function of the radius value, monotone in each reduction segment, and
 * the angle a function of the angle value, monotone in each quadrant: bisection gives their CDFs at every
 * bin edge), so the noncentrality lambda of the u and angle chi-squares and, from the noncentral
 * chi-square, the probability that every one of them passes. A defect whose miss probability is below 1e-6
 * must fail the checks; lambda must be at least 186 for that at 60 degrees of freedom, 1810 at 16 383.
 * Detected ({@code +}) or not ({@code -}) at 10^7 / 10^8 draws; f32 and f64 give the same jumps and lambdas
 * to two digits wherever both have the term ("jump": the step of {@code ln u}, or of the angle in radians, at
 * the edge, a gap if positive, an overlap if negative; "smooth": the largest change of the density inside a
 * segment, the f64 value, as f32's rounding hides changes below 1e-5; lambda: the largest of the four):
 * <pre>
 *   constant          jump      smooth    lambda at 10^7 (statistic)   10^7  10^8
 *   log t^1           -7.1e-4   1.8e-3    4.4e3 (u)                     +     +
 *   log t^2            4.3e-5   6.4e-4    271 (u edges)                 +     +
 *   log t^3           -3.2e-5   2.4e-4    200 (u edges)                 +     +
 *   log t^4            5.5e-6   9.4e-5    21.6 (u edges; 216 at 10^8)   -     +
 *   log t^5           -2.9e-6   3.7e-5    4.3 (u edges; 43 at 10^8)     -     -
 *   log t^6 .. t^8    &lt;= 8e-7   &lt;= 1.5e-5 &lt;= 1                         -     -
 *   log t^9 .. t^19   &lt;= 4.2e-8 &lt;= 9e-7   &lt;= 1e-3 (f64 only)            -     -
 *   -ln 2              6.9e-4   6.9e-4    4.2e3 (u)                     +     +
 *   sin a^1           -1.1e-3   1.0e-3    2.9e3 (angle)                 +     +
 *   sin a^3            1.1e-4   1.6e-4    350 (angle edges)             +     +
 *   sin a^5           -3.5e-6   9.1e-6    2.0 (angle edges; 20 at 10^8) -     -
 *   sin a^7 .. a^13   &lt;= 8.4e-8 &lt;= 1.9e-7 &lt;= 0.04                      -     -
 *   cos a^0            1.4e-3   1.0e-3    4.2e3 (angle)                 +     +
 *   cos a^2           -4.4e-4   7.5e-4    1.4e3 (angle edges)           +     +
 *   cos a^4            2.2e-5   6.5e-5    64.6 (angle edges; 646)       - (*) +
 *   cos a^6 .. a^14   &lt;= 4.6e-7 &lt;= 1.8e-6 &lt;= 0.13                      -     -
 *   angle step        -1.6e-3   1.0e-3    4.9e3 (angle)                 +     +
 * </pre>
 * (*) f32 cos a^4 failed at 10^7 too (its miss probability there is 0.57). So at 10^7 the test must and does
 * reject 9 defects per dtype, at 10^8 11. The others change the density by less than the test can resolve.
 * A perturbed constant adds {@code 1e-3 c t^p} to {@code -ln u} ({@code t} in [-0.293, 0.414]) or
 * {@code 1e-3 c a^p} to the sine or cosine ({@code |a| <= pi/4}); from log t^5, sin a^5 and cos a^6 on, the
 * jump this makes at an edge is below 3.5e-6, so the gap or overlap holds at most {@code 1.4 x 3.5e-6 =
 * 5e-6} of the pairs, inside edge bins of 1e-5: lambda &lt;= 43 at 10^8 against the 186 needed. The smooth
 * change inside a segment is at most 3.7e-5, where even the most favourable chi-square would need
 * {@code lambda ~ (N/2) delta^2 >= 1800}: more than 10^12 draws. The highest terms move u or the angle by
 * 2e-11 or less (f64 log t^17 .. t^19, sin a^11, a^13, cos a^12, a^14) or by less than an ulp (f32 cos a^8:
 * no jump at all).
 */
class NormalV2StatisticsTest {
    /** Variates per dtype for the binned statistics: 10^7 (the CI subset) unless {@code -Dsimdist.stats.draws}. */
    static final long DRAWS = Long.getLong("simdist.stats.draws", 10_000_000L) & ~1L;
    /** Variates per dtype for KS and Anderson-Darling. */
    static final int KS_DRAWS = 1_000_000;
    /** Every statistical check fails when its p-value is below this. */
    static final double ALPHA = 1e-6;
    /** Relative size of the planted coefficient defects. */
    static final double DEFECT = 1e-3;

    static final Philox4x32 KEY = Philox4x32.of(0x5EED_0B0C_2F2AL);
    static final Philox4x32 F32_STREAM = KEY.stream(1);
    static final Philox4x32 F64_STREAM = KEY.stream(2);
    static final Philox4x32 KS_STREAM = KEY.stream(3);

    static final int CHUNK_PAIRS = 1 << 19;  // 2^20 variates per Normals.fill call
    static final int LAGS = 8;
    static final int Z_BINS = 1 << 12;
    static final int U_BINS = 1 << 14;
    static final int A_BINS = 1 << 14;
    /** Bins of each edge-window statistic (plus one bin for everything outside the windows). */
    static final int WIN_BINS = 60;
    /** Half-width of the windows around the log-reduction edges, relative to the edge. */
    static final double U_WIN = 3e-4;
    /** Log-reduction edges u = 2^-j sqrt(1/2), j = 0 .. U_EDGES - 1, folded into one window. */
    static final int U_EDGES = 8;
    /** Half-width (radians) of the windows around the quadrant edges pi/4 + q pi/2, folded into one. */
    static final double A_WIN = 3e-4;
    static final double[] TAILS = {4, 5, 6, 7};
    static final double TWO_PI = 2 * Math.PI;

    static final double[] Z_EDGES = new double[Z_BINS - 1];
    static final double CELL_LO = -8;
    static final int CELL_SCALE = 1024;
    static final int[] CELL_START = new int[16 * CELL_SCALE + 1];
    static final double[] Z_P = uniform(Z_BINS);
    static final double[] U_P = uniform(U_BINS);
    static final double[] A_P = uniform(A_BINS);
    static final double[] U_WIN_P = new double[WIN_BINS + 1];
    static final double[] A_WIN_P = new double[WIN_BINS + 1];

    static {
        for (int i = 1; i < Z_BINS; i++) {
            Z_EDGES[i - 1] = quantile(i, Z_BINS);
        }
        for (int c = 0; c < CELL_START.length; c++) {
            double lo = CELL_LO + (double) c / CELL_SCALE - 1e-9;
            int j = Arrays.binarySearch(Z_EDGES, lo);
            CELL_START[c] = j >= 0 ? j : -j - 1;  // edges < lo
        }
        double uMass = 0;
        for (int j = 0; j < U_EDGES; j++) {
            uMass += Math.scalb(Math.sqrt(0.5), -j) * 2 * U_WIN / WIN_BINS;
        }
        Arrays.fill(U_WIN_P, 0, WIN_BINS, uMass);
        U_WIN_P[WIN_BINS] = 1 - WIN_BINS * uMass;
        double aMass = 4 * (2 * A_WIN / WIN_BINS) / TWO_PI;
        Arrays.fill(A_WIN_P, 0, WIN_BINS, aMass);
        A_WIN_P[WIN_BINS] = 1 - WIN_BINS * aMass;
    }

    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "normal-v2-stats");
            t.setDaemon(true);
            return t;
        });
        say("draws per dtype %,d (binned statistics), %,d (KS, AD); alpha %.0e per check; %d threads", DRAWS,
                KS_DRAWS, ALPHA, threads);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    // ---------------------------------------------------------------- the real transform

    @Test
    void f32PassesTheBinnedStatisticsTailCountsAndLagCorrelations() {
        long t0 = System.nanoTime();
        Tally t = run(real32(F32_STREAM), DRAWS);
        List<Check> checks = evaluate(t, NormalTransforms.F32_MAX_ABS, 3);
        report("f32", checks, t0);
        assertNoFailure("f32", checks);
    }

    @Test
    void f64PassesTheBinnedStatisticsTailCountsAndLagCorrelations() {
        long t0 = System.nanoTime();
        Tally t = run(real64(F64_STREAM), DRAWS);
        List<Check> checks = evaluate(t, NormalTransforms.F64_MAX_ABS, 4);
        report("f64", checks, t0);
        assertNoFailure("f64", checks);
    }

    @Test
    void kolmogorovSmirnovAndAndersonDarling() {
        float[] f = new float[KS_DRAWS];
        Normals.fill(KS_STREAM, 0, f, 0, KS_DRAWS);
        double[] x = new double[KS_DRAWS];
        for (int i = 0; i < KS_DRAWS; i++) {
            x[i] = f[i];
        }
        List<Check> checks = new ArrayList<>(goodnessOfFit("f32", x));
        double[] d = new double[KS_DRAWS];
        Normals.fill(KS_STREAM.stream(4), 0, d, 0, KS_DRAWS);
        checks.addAll(goodnessOfFit("f64", d));
        for (Check c : checks) {
            say("  %-44s %s  p = %.3g%s", c.name, c.detail, c.p, c.failed() ? "  FAIL" : "");
        }
        assertNoFailure("KS/AD", checks);
    }

    /** The edges are quantiles to ~1e-16; the z chi-square resolves bin probabilities to ~1e-6 at 10^8 draws. */
    @Test
    void binEdgesAndPValuesAreExact() {
        double worst = 0;
        for (int i = 1; i < Z_BINS; i++) {
            double z = Z_EDGES[i - 1];
            double p = (double) i / Z_BINS;
            double err = z < 0 ? upperTail(-z) / p - 1 : upperTail(z) / (1 - p) - 1;
            worst = Math.max(worst, Math.abs(err));
        }
        say("z bin edges: worst relative error of the tail probability at an edge %.2e", worst);
        assertTrue(worst < 1e-13, "edge accuracy " + worst);
        // chi-square p-values: exact for 2 dof, and against Wilson-Hilferty at the dof used here
        assertEquals(Math.exp(-15), chiSquareUpper(30, 2), 1e-20);
        for (int dof : new int[] {WIN_BINS, Z_BINS - 1, U_BINS - 1}) {
            double x = chiSquareQuantile(dof, ALPHA);
            double wh = upperTail((Math.cbrt(x / dof) - (1 - 2.0 / (9 * dof))) / Math.sqrt(2.0 / (9 * dof)));
            say("chi-square %d dof: critical value %.2f at alpha 1e-6 (Wilson-Hilferty gives p = %.3g)", dof, x, wh);
            assertEquals(ALPHA, wh, 0.2 * ALPHA);
        }
        // Poisson: P(X >= 1) = 1 - e^-lambda
        assertEquals(1 - Math.exp(-0.3), poissonAtLeast(1, 0.3), 1e-15);
        assertEquals(Math.exp(-0.3) * (1 + 0.3), poissonAtMost(1, 0.3), 1e-15);
    }

    // ---------------------------------------------------------------- exact tails from the radius words

    /**
     * f32: every radius word beyond 4 sigma is enumerated: m = word >>> 1 from 0 while r > 4 (about 720 000
     * cells of probability 2^-31). P(|Z| > t) = sum over the cells with r_m > t of 2^-31 (2/pi) arccos(t / r_m).
     */
    @Test
    void f32TailProbabilitiesFromTheRadiusWords() {
        int cells = (int) (Math.exp(-8) * 0x1p31 * 1.01) + 1000;
        float[] r = new float[cells];
        for (int m = 0; m < cells; m++) {
            r[m] = NormalTransforms.f32Radius(m << 1);
            if (m > 0) {
                assertTrue(r[m] <= r[m - 1], "f32 radius not monotone at m = " + m);
            }
        }
        assertTrue(r[cells - 1] < 4, "enumeration too short");
        for (int ti = 0; ti < 3; ti++) {
            double t = TAILS[ti];
            double sum = 0;
            double exactSum = 0;
            long count = 0;
            long exactCount = 0;
            for (int m = 0; m < cells; m++) {
                if (r[m] > t) {
                    count++;
                    sum += Math.acos(t / r[m]);
                }
                double rho = Math.sqrt(-2 * Math.log((2.0 * m + 1) * 0x1p-32));
                if (rho > t) {
                    exactCount++;
                    exactSum += Math.acos(t / rho);
                }
            }
            double p = 2 * upperTail(t);
            double s = sum * 0x1p-31 * 2 / Math.PI;
            double se = exactSum * 0x1p-31 * 2 / Math.PI;
            double ut = Math.exp(-t * t / 2);
            // The grid: each radius cell of width h = 2^-31 in u sits at its midpoint, so the sum is the midpoint
            // rule for P(|Z| > t) = int_0^1 (2/pi) arccos(t / r(u)) du. Its error comes from the first cells
            // (u -> 0, where the weight 1 - (2/pi) t / r(u) has an infinite slope): about
            // (2/pi) t h 0.35 / r_h^3 with r_h = r(2^-31) = 6.556 (the cell at 0 gives 0.307, the rest
            // sum 1/(24 (m + 1/2)^2)), to first order in t / r, so allowed twice; and from the square-root zero
            // of the weight at u_t = e^{-t^2/2}: about 0.23 (h / u_t)^1.5.
            double rh = Math.sqrt(-2 * Math.log(0x1p-31));
            double grid = 2 * (2 / Math.PI) * t * 0x1p-31 * 0.35 / (rh * rh * rh * p)
                    + 0.3 * Math.pow(0x1p-31 / ut, 1.5);
            double transform = 2 * t * t * 4e-7;
            say("f32 tail %.0f: radius cells beyond: %d (exact map %d, 2^31 e^{-t^2/2} = %.1f); P(|Z| > t) = %.6e,"
                    + " exact map on the grid %.6e, 2(1 - Phi) = %.6e; transform/grid - 1 = %.2e (bound %.1e),"
                    + " grid/Phi - 1 = %.2e (bound %.1e)", t, count, exactCount, 0x1p31 * ut, s, se, p, s / se - 1,
                    transform, se / p - 1, grid);
            // a relative radius error d moves the threshold cell by about count t^2 d
            assertTrue(Math.abs(count - exactCount) <= 1 + exactCount * t * t * 4e-7, "radius cells beyond " + t);
            assertTrue(Math.abs(s / se - 1) <= transform, "f32 tail " + t + " against the exact map");
            assertTrue(Math.abs(se / p - 1) <= grid, "f32 tail " + t + " grid against Phi");
            assertTrue(Math.abs(s / p - 1) <= grid + transform, "f32 tail " + t);
        }
    }

    /**
     * f64: P(R > rho) = #{m : r(m) > rho} / 2^64, by bisection over the 2^64 radius values (the map is
     * checked monotone around every threshold and on random tail values), then P(|Z| > t) =
     * (2/pi) int_0^inf P(R > sqrt(t^2 + v^2)) t / (t^2 + v^2) dv by Gauss-Legendre.
     */
    @Test
    void f64TailProbabilitiesFromTheRadiusWords() {
        LongToDoubleFunction minusR = m -> -NormalTransforms.f64Radius((int) m, (int) (m >>> 32));
        SplittableRandom random = new SplittableRandom(7);
        long tail4 = firstAtLeast(minusR, 0, -1L, -4.0);
        long[] sample = new long[100_000];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = random.nextLong(tail4);
        }
        Arrays.sort(sample);
        for (int i = 1; i < sample.length; i++) {
            assertTrue(minusR.applyAsDouble(sample[i]) >= minusR.applyAsDouble(sample[i - 1]), "f64 radius order");
        }
        for (double t : TAILS) {
            long m = firstAtLeast(minusR, 0, -1L, -t);
            for (long k = Math.max(1, m - 2000); k < m + 2000; k++) {
                assertTrue(minusR.applyAsDouble(k) >= minusR.applyAsDouble(k - 1), "f64 radius order at " + k);
            }
            double fromWords = tailIntegral(t, rho -> unsignedToDouble(firstAtLeast(minusR, 0, -1L, -rho)) * 0x1p-64);
            double fromExp = tailIntegral(t, rho -> Math.exp(-rho * rho / 2));
            double p = 2 * upperTail(t);
            double bound = 0x1p-64 / p + 1e-12;
            say("f64 tail %.0f: P(R > t) = %.6e (e^{-t^2/2} = %.6e); P(|Z| > t) = %.12e, 2(1 - Phi) = %.12e,"
                    + " relative difference %.2e (bound %.1e); quadrature check %.1e", t,
                    unsignedToDouble(m) * 0x1p-64, Math.exp(-t * t / 2), fromWords, p, fromWords / p - 1, bound,
                    fromExp / p - 1);
            assertTrue(Math.abs(fromExp / p - 1) < 1e-13, "quadrature");
            assertTrue(Math.abs(fromWords / p - 1) <= bound, "f64 tail " + t);
        }
    }

    /** {@code (2/pi) int_0^V tail(sqrt(t^2 + v^2)) t / (t^2 + v^2) dv}, 8-point Gauss-Legendre on 400 panels. */
    private static double tailIntegral(double t, java.util.function.DoubleUnaryOperator tail) {
        double[] x = {0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363};
        double[] w = {0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763};
        int panels = 400;
        double h = 12.0 / panels;  // the integrand is below e^-72 of its value at 0 beyond v = 12
        double sum = 0;
        for (int i = 0; i < panels; i++) {
            double mid = (i + 0.5) * h;
            for (int k = 0; k < 4; k++) {
                for (int s = -1; s <= 1; s += 2) {
                    double v = mid + s * x[k] * h / 2;
                    sum += w[k] * h / 2 * tail.applyAsDouble(Math.sqrt(t * t + v * v)) * t / (t * t + v * v);
                }
            }
        }
        return sum * 2 / Math.PI;
    }

    // ---------------------------------------------------------------- offsets

    @Test
    void oddStartingOffsetsMatchTheFillFromZero() {
        int n = 6000;
        float[] f = new float[n];
        double[] d = new double[n];
        Normals.fill(F32_STREAM, 0, f, 0, n);
        Normals.fill(F64_STREAM, 0, d, 0, n);
        for (int start : new int[] {1, 3, 5, 7, 63, 65, 127, 1001, 2047, 4095}) {
            for (int len : new int[] {1, 2, 3, 7, 8, 9, 17, 63, 64, 65, 1000, n - start}) {
                if (start + len > n) {
                    continue;
                }
                float[] g = new float[len + 3];
                double[] e = new double[len + 3];
                Normals.fill(F32_STREAM, start, g, 3, len);
                Normals.fill(F64_STREAM, start, e, 3, len);
                for (int j = 0; j < len; j++) {
                    assertEquals(Float.floatToRawIntBits(f[start + j]), Float.floatToRawIntBits(g[3 + j]),
                            "f32 start " + start + " len " + len + " j " + j);
                    assertEquals(Double.doubleToRawLongBits(d[start + j]), Double.doubleToRawLongBits(e[3 + j]),
                            "f64 start " + start + " len " + len + " j " + j);
                }
            }
        }
    }

    // ---------------------------------------------------------------- planted defects

    @Test
    void transformCopyIsBitExact() {
        assertCopyExact32(Copy32.ORIGINAL);
        assertCopyExact64(Copy64.ORIGINAL);
    }

    @Test
    void plantedCoefficientDefectsFailF32() {
        assumeDefectRunsHere();
        assertCopyExact32(Copy32.ORIGINAL);
        Model32 nominal = new Model32(Copy32.ORIGINAL);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < Copy32.NAMES.length; i++) {
            Copy32 copy = Copy32.ORIGINAL.perturbed(i, DEFECT);
            rows.add(plant("f32", Copy32.NAMES[i], Copy32.isRadius(i), copy.source(F32_STREAM),
                    new Model32(copy), nominal, NormalTransforms.F32_MAX_ABS, 3));
        }
        assertDetected("f32", rows);
    }

    @Test
    void plantedCoefficientDefectsFailF64() {
        assumeDefectRunsHere();
        assertCopyExact64(Copy64.ORIGINAL);
        Model64 nominal = new Model64(Copy64.ORIGINAL);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < Copy64.NAMES.length; i++) {
            Copy64 copy = Copy64.ORIGINAL.perturbed(i, DEFECT);
            rows.add(plant("f64", Copy64.NAMES[i], Copy64.isRadius(i), copy.source(F64_STREAM),
                    new Model64(copy), nominal, NormalTransforms.F64_MAX_ABS, 4));
        }
        assertDetected("f64", rows);
    }

    /**
     * The defective copies are scalar Java on Philox words, and their draws are the same in every JVM: run them
     * once per build, in the surefire JVM with the Vector API (the suite's second JVM, without it, skips them).
     */
    private static void assumeDefectRunsHere() {
        Assumptions.assumeFalse("false".equals(System.getProperty("simdist.expect.vector")),
                "planted defects run in the Vector API JVM only");
    }

    /** One planted defect: its predicted noncentralities and power, and whether the statistics failed. */
    record Row(String dtype, String name, double edgeJump, double smooth, double[] lambda, double miss,
            List<Check> failed) {
        boolean predicted() {
            return miss < ALPHA;
        }

        boolean detected() {
            return !failed.isEmpty();
        }
    }

    private static Row plant(String dtype, String name, boolean radius, PairSource source, Model model, Model nominal,
            double maxAbs, int tails) {
        long pairs = DRAWS / 2;
        double[] lambda = new double[4];
        double jump;
        double smooth;
        if (radius) {
            double[][] p = model.uProbabilities();
            lambda[0] = noncentrality(p[0], U_P, pairs);
            lambda[2] = noncentrality(p[1], U_WIN_P, pairs);
            jump = model.radiusEdgeJump() - nominal.radiusEdgeJump();
            smooth = model.radiusDensityChange(nominal);
        } else {
            double[][] p = model.angleProbabilities();
            lambda[1] = noncentrality(p[0], A_P, pairs);
            lambda[3] = noncentrality(p[1], A_WIN_P, pairs);
            jump = model.angleEdgeJump() - nominal.angleEdgeJump();
            smooth = model.angleDensityChange(nominal);
        }
        int[] dof = {U_BINS - 1, A_BINS - 1, WIN_BINS, WIN_BINS};
        double miss = 1;
        for (int s = 0; s < 4; s++) {
            miss = Math.min(miss, noncentralLower(chiSquareQuantile(dof[s], ALPHA), dof[s], lambda[s]));
        }
        Tally t = run(source, DRAWS);
        List<Check> failed = evaluate(t, maxAbs, tails).stream().filter(Check::failed).toList();
        Row row = new Row(dtype, name, jump, smooth, lambda, miss, failed);
        say("%s defect %-11s edge jump %9.2e  smooth %8.2e  lambda u %8.3g angle %8.3g u-edges %8.3g "
                + "angle-edges %8.3g  P(miss) %7.2g  %-8s failed: %s", dtype, name, jump, smooth, lambda[0], lambda[1],
                lambda[2], lambda[3], miss, row.detected() ? "DETECTED" : "not",
                failed.stream().map(c -> c.name).toList());
        return row;
    }

    private static void assertDetected(String dtype, List<Row> rows) {
        List<String> missed = new ArrayList<>();
        for (Row r : rows) {
            if (r.predicted() && !r.detected()) {
                missed.add(r.name);
            }
        }
        long predicted = rows.stream().filter(Row::predicted).count();
        long detected = rows.stream().filter(Row::detected).count();
        say("%s planted defects at %,d draws: %d of %d predicted detectable (power > 1 - 1e-6), %d detected",
                dtype, DRAWS, predicted, rows.size(), detected);
        assertTrue(missed.isEmpty(), dtype + ": defects with power > 1 - 1e-6 not detected: " + missed);
        assertTrue(predicted >= 4, dtype + ": the power calculation predicts almost nothing: " + predicted);
    }

    private static void assertCopyExact32(Copy32 copy) {
        SplittableRandom random = new SplittableRandom(32);
        int[] special = {0, 1, 2, 3, -1, -2, 0x7fffffff, 0x80000000, 0x3f3504f3, 0xb504f334, 0x00000040, 0xffffffc0,
                0x3fffffc0, 0x40000000, 0xbfffffc0, 0xc0000000, 0x01000000, 0x00fffffe, 0x02000000};
        for (int i = 0; i < 2_000_000; i++) {
            int rw = i < special.length * special.length ? special[i % special.length] : random.nextInt();
            int aw = i < special.length * special.length ? special[i / special.length] : random.nextInt();
            float r = copy.radius(rw);
            float a = copy.angle(aw);
            for (int half = 0; half < 2; half++) {
                float want = NormalTransforms.f32(rw, aw, half);
                float got = copy.value(r, a, aw, half);
                if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got)) {
                    throw new AssertionError("f32 copy differs at words " + rw + ", " + aw + ", half " + half);
                }
            }
        }
        int n = 1 << 16;
        float[] fill = new float[n];
        Normals.fill(F32_STREAM, 0, fill, 0, n);
        double[] fromCopy = new double[n];
        copy.source(F32_STREAM).fill(0, fromCopy, 0, n / 2);
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(fill[i]), Double.doubleToRawLongBits(fromCopy[i]), "f32 fill " + i);
        }
    }

    private static void assertCopyExact64(Copy64 copy) {
        SplittableRandom random = new SplittableRandom(64);
        int[] special = {0, 1, -1, 0x7fffffff, 0x80000000, 0x6a09e667, 0xb504f333, 0x200, 0xfffffe00, 0x3fffffff,
                0x40000000, 0xbfffffff, 0xc0000000};
        for (int i = 0; i < 2_000_000; i++) {
            boolean sp = i < special.length * special.length;
            int w0 = sp ? special[i % special.length] : random.nextInt();
            int w1 = sp ? special[i / special.length] : random.nextInt();
            int w2 = sp ? special[i / special.length] : random.nextInt();
            int w3 = sp ? special[i % special.length] : random.nextInt();
            double r = copy.radius(w0, w1);
            long angle = (long) w3 << 32 | (w2 & 0xFFFFFFFFL);
            double a = copy.angle(angle);
            for (int half = 0; half < 2; half++) {
                double want = NormalTransforms.f64(w0, w1, w2, w3, half);
                double got = copy.value(r, a, angle, half);
                if (Double.doubleToRawLongBits(want) != Double.doubleToRawLongBits(got)) {
                    throw new AssertionError("f64 copy differs at words " + w0 + ", " + w1 + ", " + w2 + ", " + w3);
                }
            }
        }
        int n = 1 << 16;
        double[] fill = new double[n];
        Normals.fill(F64_STREAM, 0, fill, 0, n);
        double[] fromCopy = new double[n];
        copy.source(F64_STREAM).fill(0, fromCopy, 0, n / 2);
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(fill[i]), Double.doubleToRawLongBits(fromCopy[i]), "f64 fill " + i);
        }
    }

    // ---------------------------------------------------------------- copies of the transform

    /** Writes variates {@code 2 pair .. 2 (pair + pairs) - 1} as doubles to {@code dst[from ..]}. */
    interface PairSource {
        void fill(long pair, double[] dst, int from, int pairs);
    }

    private static final ThreadLocal<float[]> FLOATS = ThreadLocal.withInitial(() -> new float[2 * CHUNK_PAIRS + LAGS]);
    private static final ThreadLocal<int[]> WORDS = ThreadLocal.withInitial(() -> new int[4 * CHUNK_PAIRS + 2 * LAGS]);
    private static final ThreadLocal<double[]> XS = ThreadLocal.withInitial(() -> new double[2 * CHUNK_PAIRS + LAGS]);
    private static final ThreadLocal<double[]> YS = ThreadLocal.withInitial(() -> new double[2 * CHUNK_PAIRS + LAGS]);

    static PairSource real32(Philox4x32 rng) {
        return (pair, dst, from, pairs) -> {
            float[] f = FLOATS.get();
            Normals.fill(rng, 2 * pair, f, 0, 2 * pairs);
            for (int i = 0; i < 2 * pairs; i++) {
                dst[from + i] = f[i];
            }
        };
    }

    static PairSource real64(Philox4x32 rng) {
        return (pair, dst, from, pairs) -> Normals.fill(rng, 2 * pair, dst, from, 2 * pairs);
    }

    /**
     * The f32 transform of {@link NormalTransforms}, operation for operation, with its constants in an array:
     * 0-7 the log polynomial ({@code t^8} first), 8 {@code -ln 2}, 9-11 the sine polynomial S(z), 12 the sine's
     * leading coefficient (1), 13-15 the cosine polynomial C(z), 16 and 17 the cosine's {@code -1/2} and 1, 18 the
     * angle step.
     */
    static final class Copy32 {
        static final String[] NAMES = {"log t^8", "log t^7", "log t^6", "log t^5", "log t^4", "log t^3", "log t^2",
                "log t^1", "-ln 2", "sin a^7", "sin a^5", "sin a^3", "sin a^1", "cos a^8", "cos a^6", "cos a^4",
                "cos a^2", "cos a^0", "angle step"};
        static final Copy32 ORIGINAL = new Copy32(new float[] {0.099442184f, -0.16422483f, 0.17382811f,
                -0.19874363f, 0.24955392f, -0.3333609f, 0.5000075f, -0.9999998f, -0.6931472f, -1.9515295891e-4f,
                8.3321608736e-3f, -1.6666654611e-1f, 1f, 2.443315711809948e-5f, -1.388731625493765e-3f,
                4.166664568298827e-2f, -0.5f, 1f, NormalTransforms.F32_ANGLE_STEP});
        final float[] c;

        Copy32(float[] c) {
            this.c = c;
        }

        static boolean isRadius(int i) {
            return i <= 8;
        }

        Copy32 perturbed(int i, double relative) {
            float[] d = c.clone();
            d[i] = (float) (c[i] * (1 + relative));
            return new Copy32(d);
        }

        float radius(int radiusWord) {
            int m = radiusWord >>> 1;
            float u = Math.fma((float) m, 0x1p-31f, 0x1p-32f);
            int bits = Float.floatToRawIntBits(u);
            int k = (bits - 0x3f3504f3) >> 23;
            float t = k == 0 ? Math.fma((float) (m ^ 0x7fffffff), -0x1p-31f, -0x1p-32f)
                    : Float.intBitsToFloat(bits - (k << 23)) - 1f;
            float l = Math.fma(c[0], t, c[1]);
            for (int i = 2; i < 8; i++) {
                l = Math.fma(l, t, c[i]);
            }
            float w = Math.fma((float) k, c[8], l * t);
            return (float) Math.sqrt(w + w);
        }

        float angle(int angleWord) {
            return Math.fma((float) ((angleWord << 2) >> 8), c[18], c[18] * 0.5f);
        }

        float sin(float a) {
            float z = a * a;
            float p = Math.fma(c[9], z, c[10]);
            p = Math.fma(p, z, c[11]);
            return Math.fma(a * z, p, a * c[12]);
        }

        float cos(float a) {
            float z = a * a;
            float q = Math.fma(c[13], z, c[14]);
            q = Math.fma(q, z, c[15]);
            return Math.fma(z * z, q, Math.fma(z, c[16], c[17]));
        }

        float value(float r, float a, int angleWord, int half) {
            boolean swap = (angleWord << 1) < 0;
            boolean sine = swap ^ ((half & 1) != 0);
            float v = sine ? sin(a) : cos(a);
            int sign = (half & 1) == 0 ? (angleWord ^ (angleWord << 1)) & 0x80000000 : angleWord & 0x80000000;
            return Float.intBitsToFloat(Float.floatToRawIntBits(r * v) ^ sign);
        }

        /** The same mapping as {@link Normals#fill}: pair k from words 2k (radius) and 2k + 1 (angle). */
        PairSource source(Philox4x32 rng) {
            return (pair, dst, from, pairs) -> {
                int[] w = WORDS.get();
                rng.fillInts(2 * pair, w, 0, 2 * pairs);
                for (int k = 0; k < pairs; k++) {
                    int aw = w[2 * k + 1];
                    float r = radius(w[2 * k]);
                    float a = angle(aw);
                    dst[from + 2 * k] = value(r, a, aw, 0);
                    dst[from + 2 * k + 1] = value(r, a, aw, 1);
                }
            };
        }
    }

    /**
     * The f64 transform, operation for operation: 0-18 the log polynomial ({@code t^19} first), 19 {@code -ln 2},
     * 20-25 the sine polynomial, 26 the sine's leading 1, 27-32 the cosine polynomial, 33 and 34 the cosine's
     * {@code -1/2} and 1, 35 the angle step.
     */
    static final class Copy64 {
        static final String[] NAMES = new String[36];
        static final Copy64 ORIGINAL = new Copy64(new double[] {-0.029914714370611543, 0.06606377274291697,
                -0.07092012090709178, 0.06339266227186052, -0.06473376882671202, 0.0710242204207069,
                -0.07707347824005895, 0.08337810610043331, -0.0909028658518164, 0.09999754859995885,
                -0.11111124270511763, 0.1250000725329438, -0.14285714173578096, 0.1666666655489462,
                -0.19999999999909318, 0.2500000000076956, -0.33333333333337173, 0.4999999999999845, -1.0,
                -0x1.62e42fefa39efp-1,
                1.58962301576546568060E-10, -2.50507477628578072866E-8, 2.75573136213857245213E-6,
                -1.98412698295895385996E-4, 8.33333333332211858878E-3, -1.66666666666666307295E-1, 1.0,
                -1.13585365213876817300E-11, 2.08757008419747316778E-9, -2.75573141792967388112E-7,
                2.48015872888517045348E-5, -1.38888888888730564116E-3, 4.16666666666665929218E-2, -0.5, 1.0,
                NormalTransforms.F64_ANGLE_STEP});

        static {
            for (int i = 0; i < 19; i++) {
                NAMES[i] = "log t^" + (19 - i);
            }
            NAMES[19] = "-ln 2";
            for (int i = 0; i < 7; i++) {
                NAMES[20 + i] = "sin a^" + (13 - 2 * i);
            }
            for (int i = 0; i < 8; i++) {
                NAMES[27 + i] = "cos a^" + (14 - 2 * i);
            }
            NAMES[35] = "angle step";
        }

        final double[] c;

        Copy64(double[] c) {
            this.c = c;
        }

        static boolean isRadius(int i) {
            return i <= 19;
        }

        Copy64 perturbed(int i, double relative) {
            double[] d = c.clone();
            d[i] = c[i] * (1 + relative);
            return new Copy64(d);
        }

        double radius(int lo, int hi) {
            double u = Math.fma((double) (hi & 0xFFFFFFFFL), 0x1p-32,
                    Math.fma((double) (lo & 0xFFFFFFFFL), 0x1p-64, 0x1p-65));
            long bits = Double.doubleToRawLongBits(u);
            long k = (bits - 0x3FE6A09E667F3BCDL) >> 52;
            double t = k == 0 ? -Math.fma((double) (~hi & 0xFFFFFFFFL), 0x1p-32,
                    Math.fma((double) (~lo & 0xFFFFFFFFL), 0x1p-64, 0x1p-65))
                    : Double.longBitsToDouble(bits - (k << 52)) - 1.0;
            // Estrin's scheme, as NormalTransforms.radiusNegLog: the coefficient of t^j in l is c[18 - j]
            double p0 = Math.fma(c[17], t, c[18]);
            double p1 = Math.fma(c[15], t, c[16]);
            double p2 = Math.fma(c[13], t, c[14]);
            double p3 = Math.fma(c[11], t, c[12]);
            double p4 = Math.fma(c[9], t, c[10]);
            double p5 = Math.fma(c[7], t, c[8]);
            double p6 = Math.fma(c[5], t, c[6]);
            double p7 = Math.fma(c[3], t, c[4]);
            double p8 = Math.fma(c[1], t, c[2]);
            double t2 = t * t;
            double q0 = Math.fma(p1, t2, p0);
            double q1 = Math.fma(p3, t2, p2);
            double q2 = Math.fma(p5, t2, p4);
            double q3 = Math.fma(p7, t2, p6);
            double q4 = Math.fma(c[0], t2, p8);
            double t4 = t2 * t2;
            double o0 = Math.fma(q1, t4, q0);
            double o1 = Math.fma(q3, t4, q2);
            double t8 = t4 * t4;
            double l = Math.fma(q4, t8 * t8, Math.fma(o1, t8, o0));
            double w = Math.fma((double) k, c[19], l * t);
            return Math.sqrt(w + w);
        }

        double angle(long angle) {
            return Math.fma((double) ((angle << 2) >> 11), c[35], c[35] * 0.5);
        }

        double sin(double a) {
            double z = a * a;
            double p = Math.fma(c[20], z, c[21]);
            for (int i = 22; i < 26; i++) {
                p = Math.fma(p, z, c[i]);
            }
            return Math.fma(a * z, p, a * c[26]);
        }

        double cos(double a) {
            double z = a * a;
            double q = Math.fma(c[27], z, c[28]);
            for (int i = 29; i < 33; i++) {
                q = Math.fma(q, z, c[i]);
            }
            return Math.fma(z * z, q, Math.fma(z, c[33], c[34]));
        }

        double value(double r, double a, long angle, int half) {
            boolean swap = (angle << 1) < 0;
            boolean sine = swap ^ ((half & 1) != 0);
            double v = sine ? sin(a) : cos(a);
            long sign = (half & 1) == 0 ? (angle ^ (angle << 1)) & Long.MIN_VALUE : angle & Long.MIN_VALUE;
            return Double.longBitsToDouble(Double.doubleToRawLongBits(r * v) ^ sign);
        }

        /** The same mapping as {@link Normals#fill}: pair k from Philox block k (words 4k .. 4k + 3). */
        PairSource source(Philox4x32 rng) {
            return (pair, dst, from, pairs) -> {
                int[] w = WORDS.get();
                rng.fillInts(4 * pair, w, 0, 4 * pairs);
                for (int k = 0; k < pairs; k++) {
                    double r = radius(w[4 * k], w[4 * k + 1]);
                    long angle = (long) w[4 * k + 3] << 32 | (w[4 * k + 2] & 0xFFFFFFFFL);
                    double a = angle(angle);
                    dst[from + 2 * k] = value(r, a, angle, 0);
                    dst[from + 2 * k + 1] = value(r, a, angle, 1);
                }
            };
        }
    }

    // ---------------------------------------------------------------- exact distributions of a copy's components

    /**
     * The distribution of a copy's recovered uniform {@code u = exp(-r^2 / 2)} (a function of the radius word:
     * monotone within each segment of the log's range reduction, so its CDF is a sum of bisections over the
     * radius values) and of its angle {@code atan2(sin, cos)} (a function of the angle word, monotone within each
     * quadrant). Gives the exact bin probabilities of the u and angle statistics for the noncentrality.
     */
    abstract static class Model {
        /** Radius values in [0, cells) (unsigned); segments as boundaries. */
        long[] segStart;
        long[] segEnd;
        double[] segULo;
        double[] segUHi;
        double cells;
        double[] qLo = new double[4];
        double[] qHi = new double[4];
        long angleCells;

        abstract double uRec(long m);

        abstract double reductionIndex(long m);

        abstract double theta(int q, long idx);

        void init(long last, double cells, long angleCells) {
            this.cells = cells;
            this.angleCells = angleCells;
            double kMin = reductionIndex(0);
            int segs = (int) (reductionIndex(last - 1) - kMin) + 1;
            segStart = new long[segs];
            segEnd = new long[segs];
            segULo = new double[segs];
            segUHi = new double[segs];
            for (int s = 0; s < segs; s++) {
                double k = kMin + s;
                segStart[s] = s == 0 ? 0 : firstAtLeast(this::reductionIndex, 0, last, k);
            }
            for (int s = 0; s < segs; s++) {
                segEnd[s] = s + 1 < segs ? segStart[s + 1] : last;
                segULo[s] = uRec(segStart[s]);
                segUHi[s] = uRec(segEnd[s] - 1);
            }
            for (int q = 0; q < 4; q++) {
                qLo[q] = theta(q, 0);
                qHi[q] = theta(q, angleCells - 1);
            }
            for (int q = 0; q < 4; q++) {
                for (int w = -1; w <= 1; w++) {
                    belowTurns[q][w + 1] = countBelow(q, w * TWO_PI);
                }
            }
        }

        private final double[][] belowTurns = new double[4][3];

        /** P(u < x). */
        double uCdf(double x) {
            double n = 0;
            for (int s = 0; s < segStart.length; s++) {
                if (x <= segULo[s]) {
                    continue;
                }
                long end = x > segUHi[s] ? segEnd[s] : firstAtLeast(this::uRec, segStart[s], segEnd[s], x);
                n += unsignedToDouble(end - segStart[s]);
            }
            return n / cells;
        }

        /** P(theta mod 2 pi < x) for x in [0, 2 pi]. */
        double angleCdf(double x) {
            double n = 0;
            for (int q = 0; q < 4; q++) {
                for (int w = -1; w <= 1; w++) {
                    n += countBelow(q, x + w * TWO_PI) - belowTurns[q][w + 1];
                }
            }
            return n / (4.0 * angleCells);
        }

        private double countBelow(int q, double y) {
            if (y <= qLo[q]) {
                return 0;
            }
            if (y > qHi[q]) {
                return angleCells;
            }
            return firstAtLeast(i -> theta(q, i), 0, angleCells, y);
        }

        /** {global bins, edge-window bins} of u. */
        double[][] uProbabilities() {
            double[] global = new double[U_BINS];
            double prev = 0;
            for (int b = 0; b < U_BINS; b++) {
                double next = b + 1 == U_BINS ? 1 : uCdf((double) (b + 1) / U_BINS);
                global[b] = next - prev;
                prev = next;
            }
            double[] win = new double[WIN_BINS + 1];
            double inside = 0;
            for (int j = 0; j < U_EDGES; j++) {
                double e = Math.scalb(Math.sqrt(0.5), -j);
                double lo = uCdf(e * (1 - U_WIN));
                for (int b = 0; b < WIN_BINS; b++) {
                    double hi = uCdf(e * (1 - U_WIN + 2 * U_WIN * (b + 1) / WIN_BINS));
                    win[b] += hi - lo;
                    inside += hi - lo;
                    lo = hi;
                }
            }
            win[WIN_BINS] = 1 - inside;
            return new double[][] {global, win};
        }

        /** {global bins, edge-window bins} of the angle. */
        double[][] angleProbabilities() {
            double[] global = new double[A_BINS];
            double prev = 0;
            for (int b = 0; b < A_BINS; b++) {
                double next = b + 1 == A_BINS ? 1 : angleCdf(TWO_PI * (b + 1) / A_BINS);
                global[b] = next - prev;
                prev = next;
            }
            double[] win = new double[WIN_BINS + 1];
            double inside = 0;
            for (int q = 0; q < 4; q++) {
                double e = Math.PI / 4 + q * Math.PI / 2;
                double lo = angleCdf(e - A_WIN);
                for (int b = 0; b < WIN_BINS; b++) {
                    double hi = angleCdf(e - A_WIN + 2 * A_WIN * (b + 1) / WIN_BINS);
                    win[b] += hi - lo;
                    inside += hi - lo;
                    lo = hi;
                }
            }
            win[WIN_BINS] = 1 - inside;
            return new double[][] {global, win};
        }

        /** ln u(just below the top edge u = sqrt(1/2)) - ln u(just above): the step of the radius map there. */
        double radiusEdgeJump() {
            int s = segStart.length - 1;  // the top segment starts at the edge
            long m = segStart[s];
            double exact = Math.log(uExact(m) / uExact(m - 1));
            return Math.log(uRec(m) / uRec(m - 1)) - exact;
        }

        abstract double uExact(long m);

        /**
         * The largest relative change of the density of u inside the top two reduction segments (u in
         * [2^-1.5, 1)): the slope of the displacement u'(u) - u(u), by differences over 1/64 of a segment (wide
         * enough that f32 rounding, ~1e-7 in u, stays below 5e-5 of it).
         */
        double radiusDensityChange(Model nominal) {
            double worst = 0;
            for (int s = segStart.length - 2; s < segStart.length; s++) {
                long step = Long.divideUnsigned(segEnd[s] - segStart[s], 64);  // f64 values are unsigned
                for (int i = 0; i < 63; i++) {
                    long m = segStart[s] + i * step;
                    double d0 = uRec(m) - nominal.uRec(m);
                    double d1 = uRec(m + step) - nominal.uRec(m + step);
                    double du = nominal.uRec(m + step) - nominal.uRec(m);
                    worst = Math.max(worst, Math.abs((d1 - d0) / du));
                }
            }
            return worst;
        }

        /** The largest relative change of the density of the angle inside quadrant 0, likewise. */
        double angleDensityChange(Model nominal) {
            double worst = 0;
            long step = angleCells / 64;
            for (long i = 0; i + step < angleCells; i += step) {
                double d0 = theta(0, i) - nominal.theta(0, i);
                double d1 = theta(0, i + step) - nominal.theta(0, i + step);
                double dt = nominal.theta(0, i + step) - nominal.theta(0, i);
                worst = Math.max(worst, Math.abs((d1 - d0) / dt));
            }
            return worst;
        }

        /** theta at the first angle of quadrant 1 - theta at the last angle of quadrant 0. */
        double angleEdgeJump() {
            return theta(1, 0) - theta(0, angleCells - 1);
        }
    }

    static final class Model32 extends Model {
        final Copy32 copy;

        Model32(Copy32 copy) {
            this.copy = copy;
            init(1L << 31, 0x1p31, 1L << 24);
        }

        @Override
        double uRec(long m) {
            double r = copy.radius((int) (m << 1));
            return Math.exp(-0.5 * r * r);
        }

        @Override
        double uExact(long m) {
            return (2.0 * m + 1) * 0x1p-32;
        }

        @Override
        double reductionIndex(long m) {
            float u = Math.fma((float) m, 0x1p-31f, 0x1p-32f);
            return (Float.floatToRawIntBits(u) - 0x3f3504f3) >> 23;
        }

        @Override
        double theta(int q, long idx) {
            int word = q << 30 | (int) ((idx - (1L << 23)) & 0xFFFFFF) << 6;
            float a = copy.angle(word);
            double th = Math.atan2(copy.value(1f, a, word, 1), copy.value(1f, a, word, 0));
            return th + TWO_PI * Math.rint((q * Math.PI / 2 - th) / TWO_PI);
        }
    }

    static final class Model64 extends Model {
        final Copy64 copy;

        Model64(Copy64 copy) {
            this.copy = copy;
            init(-1L, 0x1p64, 1L << 53);
        }

        @Override
        double uRec(long m) {
            double r = copy.radius((int) m, (int) (m >>> 32));
            return Math.exp(-0.5 * r * r);
        }

        @Override
        double uExact(long m) {
            return Math.fma((double) (m >>> 32), 0x1p-32, Math.fma((double) (m & 0xFFFFFFFFL), 0x1p-64, 0x1p-65));
        }

        @Override
        double reductionIndex(long m) {
            int lo = (int) m;
            int hi = (int) (m >>> 32);
            double u = Math.fma((double) (hi & 0xFFFFFFFFL), 0x1p-32,
                    Math.fma((double) (lo & 0xFFFFFFFFL), 0x1p-64, 0x1p-65));
            return (Double.doubleToRawLongBits(u) - 0x3FE6A09E667F3BCDL) >> 52;
        }

        @Override
        double theta(int q, long idx) {
            long angle = (long) q << 62 | ((idx - (1L << 52)) & ((1L << 53) - 1)) << 9;
            double a = copy.angle(angle);
            double th = Math.atan2(copy.value(1.0, a, angle, 1), copy.value(1.0, a, angle, 0));
            return th + TWO_PI * Math.rint((q * Math.PI / 2 - th) / TWO_PI);
        }
    }

    /** The first m in [lo, hi) (unsigned) with f(m) >= x, for f non-decreasing there; hi if none. */
    static long firstAtLeast(LongToDoubleFunction f, long lo, long hi, double x) {
        while (lo != hi) {
            long mid = lo + ((hi - lo) >>> 1);
            if (f.applyAsDouble(mid) >= x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    static double unsignedToDouble(long v) {
        return (double) (v >>> 1) * 2 + (v & 1);
    }

    // ---------------------------------------------------------------- the statistics

    /** Counts and sums of one sample: mergeable, in a fixed order, so the result does not depend on threads. */
    static final class Tally {
        final long[] z = new long[Z_BINS];
        final long[] u = new long[U_BINS];
        final long[] a = new long[A_BINS];
        final long[] uWin = new long[WIN_BINS + 1];
        final long[] aWin = new long[WIN_BINS + 1];
        final long[] tail = new long[TAILS.length];
        final double[] lagZ = new double[2 * LAGS];
        final double[] lagY = new double[2 * LAGS];
        final long[] lagN = new long[2 * LAGS];
        double sum1;
        double sum2;
        double sum4;
        double maxAbs;
        long variates;
        long bad;

        /** Adds variates x[pre .. pre + len) (len even, x[pre] an even variate); x[0 .. pre) precede them. */
        void add(double[] x, double[] y, int pre, int len) {
            int end = pre + len;
            for (int j = 0; j < end; j++) {
                double v = x[j];
                if (!(Math.abs(v) <= 16)) {
                    if (j >= pre) {
                        bad++;
                    }
                    v = 0;
                    x[j] = 0;
                }
                y[j] = v * v;
            }
            double s1 = 0;
            double s2 = 0;
            double s4 = 0;
            double max = maxAbs;
            for (int j = pre; j < end; j++) {
                double v = x[j];
                double v2 = y[j];
                s1 += v;
                s2 += v2;
                s4 += v2 * v2;
                double av = Math.abs(v);
                max = Math.max(max, av);
                z[zBin(v)]++;
                if (av > TAILS[0]) {
                    for (int k = 0; k < TAILS.length; k++) {
                        if (av > TAILS[k]) {
                            tail[k]++;
                        }
                    }
                }
            }
            sum1 += s1;
            sum2 += s2;
            sum4 += s4;
            maxAbs = max;
            variates += len;
            for (int j = pre; j < end; j += 2) {
                double uu = Math.exp(-0.5 * (y[j] + y[j + 1]));
                u[Math.min(U_BINS - 1, (int) (uu * U_BINS))]++;
                uWin[uWindowBin(uu)]++;
                double th = Math.atan2(x[j + 1], x[j]);
                if (th < 0) {
                    th += TWO_PI;
                }
                a[Math.min(A_BINS - 1, (int) (th * (A_BINS / TWO_PI)))]++;
                aWin[angleWindowBin(th)]++;
            }
            for (int l = 1; l <= LAGS; l++) {
                int j = Math.max(pre, l);
                double z0 = 0;
                double z1 = 0;
                double y0 = 0;
                double y1 = 0;
                long n0 = 0;
                long n1 = 0;
                if (((j - l) & 1) == 1 && j < end) {  // pre is even, so (j - l) & 1 is the parity of the first index
                    z1 += x[j - l] * x[j];
                    y1 += y[j - l] * y[j];
                    n1++;
                    j++;
                }
                for (; j + 1 < end; j += 2) {
                    z0 += x[j - l] * x[j];
                    y0 += y[j - l] * y[j];
                    z1 += x[j + 1 - l] * x[j + 1];
                    y1 += y[j + 1 - l] * y[j + 1];
                    n0++;
                    n1++;
                }
                if (j < end) {
                    z0 += x[j - l] * x[j];
                    y0 += y[j - l] * y[j];
                    n0++;
                }
                lagZ[2 * (l - 1)] += z0;
                lagZ[2 * (l - 1) + 1] += z1;
                lagY[2 * (l - 1)] += y0;
                lagY[2 * (l - 1) + 1] += y1;
                lagN[2 * (l - 1)] += n0;
                lagN[2 * (l - 1) + 1] += n1;
            }
        }

        void merge(Tally o) {
            add(z, o.z);
            add(u, o.u);
            add(a, o.a);
            add(uWin, o.uWin);
            add(aWin, o.aWin);
            add(tail, o.tail);
            add(lagN, o.lagN);
            for (int i = 0; i < lagZ.length; i++) {
                lagZ[i] += o.lagZ[i];
                lagY[i] += o.lagY[i];
            }
            sum1 += o.sum1;
            sum2 += o.sum2;
            sum4 += o.sum4;
            maxAbs = Math.max(maxAbs, o.maxAbs);
            variates += o.variates;
            bad += o.bad;
        }

        private static void add(long[] into, long[] from) {
            for (int i = 0; i < into.length; i++) {
                into[i] += from[i];
            }
        }
    }

    static int zBin(double z) {
        int c = (int) ((z - CELL_LO) * CELL_SCALE);
        c = c < 0 ? 0 : Math.min(c, CELL_START.length - 1);
        int j = CELL_START[c];
        while (j < Z_EDGES.length && z >= Z_EDGES[j]) {
            j++;
        }
        return j;
    }

    /** The window bin of u around its nearest log-reduction edge 2^-j sqrt(1/2), or WIN_BINS if outside. */
    static int uWindowBin(double u) {
        double v = u * Math.sqrt(2);
        int e = Math.getExponent(v);
        double f = Math.scalb(v, -e);
        double s;
        int j;
        if (f < 1.5) {
            s = f - 1;
            j = -e;
        } else {
            s = 0.5 * f - 1;
            j = -(e + 1);
        }
        if (j < 0 || j >= U_EDGES || !(Math.abs(s) < U_WIN)) {
            return WIN_BINS;
        }
        return Math.min(WIN_BINS - 1, (int) ((s + U_WIN) * (WIN_BINS / (2 * U_WIN))));
    }

    /** The window bin of theta in [0, 2 pi] around its nearest quadrant edge pi/4 + q pi/2, or WIN_BINS. */
    static int angleWindowBin(double th) {
        double d = th - Math.PI / 4;
        d -= Math.PI / 2 * Math.floor(d / (Math.PI / 2) + 0.5);
        if (!(Math.abs(d) < A_WIN)) {
            return WIN_BINS;
        }
        return Math.min(WIN_BINS - 1, (int) ((d + A_WIN) * (WIN_BINS / (2 * A_WIN))));
    }

    /** Tallies variates 0 .. variates - 1 of a source in chunks of 2^20, on the pool, merged in chunk order. */
    static Tally run(PairSource source, long variates) {
        long pairs = variates / 2;
        List<Future<Tally>> parts = new ArrayList<>();
        for (long p0 = 0; p0 < pairs; p0 += CHUNK_PAIRS) {
            long first = p0;
            int n = (int) Math.min(CHUNK_PAIRS, pairs - p0);
            parts.add(pool.submit(() -> {
                int prePairs = first == 0 ? 0 : LAGS / 2;
                double[] x = XS.get();
                double[] y = YS.get();
                source.fill(first - prePairs, x, 0, n + prePairs);
                Tally t = new Tally();
                t.add(x, y, 2 * prePairs, 2 * n);
                return t;
            }));
        }
        Tally total = new Tally();
        try {
            for (int i = 0; i < parts.size(); i++) {
                total.merge(parts.get(i).get());
                parts.set(i, null);
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
        return total;
    }

    /** One check: a p-value (two-sided where that applies), or a deterministic condition (p = 0 or 1). */
    record Check(String name, String detail, double p, boolean tested) {
        boolean failed() {
            return tested && !(p >= ALPHA);
        }
    }

    /**
     * The checks on one sample: range; the five chi-squares; the counts of |z| > t for the first {@code tails}
     * thresholds (tested where at least 10 are expected); the lag 1..8 correlations of z and z^2 at even and
     * at odd positions.
     */
    static List<Check> evaluate(Tally t, double maxAbs, int tails) {
        List<Check> out = new ArrayList<>();
        long n = t.variates;
        long pairs = n / 2;
        out.add(new Check("range", String.format(Locale.ROOT, "max |z| %.6f (limit %.6f), %d non-finite", t.maxAbs,
                maxAbs, t.bad), t.bad == 0 && t.maxAbs <= maxAbs ? 1 : 0, true));
        out.add(chiSquare("z chi-square", t.z, Z_P, n));
        out.add(chiSquare("u chi-square", t.u, U_P, pairs));
        out.add(chiSquare("angle chi-square", t.a, A_P, pairs));
        out.add(chiSquare("u at log-reduction edges", t.uWin, U_WIN_P, pairs));
        out.add(chiSquare("angle at quadrant edges", t.aWin, A_WIN_P, pairs));
        for (int k = 0; k < tails; k++) {
            double expected = n * 2 * upperTail(TAILS[k]);
            long obs = t.tail[k];
            double p = Math.min(1, 2 * Math.min(poissonAtMost(obs, expected), poissonAtLeast(obs, expected)));
            out.add(new Check(String.format(Locale.ROOT, "|z| > %.0f", TAILS[k]),
                    String.format(Locale.ROOT, "%d observed, %.3f expected%s", obs, expected,
                            expected >= 10 ? "" : " (not tested: see the exact tail test)"), p, expected >= 10));
        }
        double mean = t.sum1 / n;
        double var = t.sum2 / n - mean * mean;
        double meanY = t.sum2 / n;
        double varY = t.sum4 / n - meanY * meanY;
        for (int l = 1; l <= LAGS; l++) {
            for (int par = 0; par < 2; par++) {
                int i = 2 * (l - 1) + par;
                long m = t.lagN[i];
                double rz = (t.lagZ[i] / m - mean * mean) / var;
                double ry = (t.lagY[i] / m - meanY * meanY) / varY;
                String where = par == 0 ? "even" : "odd";
                double tz = rz * Math.sqrt(m);
                double ty = ry * Math.sqrt(m);
                out.add(new Check("lag " + l + " " + where + " corr z", String.format(Locale.ROOT,
                        "r = %+.3e, sqrt(n) r = %+.2f", rz, tz), 2 * upperTail(Math.abs(tz)), true));
                out.add(new Check("lag " + l + " " + where + " corr z^2", String.format(Locale.ROOT,
                        "r = %+.3e, sqrt(n) r = %+.2f", ry, ty), 2 * upperTail(Math.abs(ty)), true));
            }
        }
        out.add(0, new Check("moments", String.format(Locale.ROOT, "mean %+.3e, variance %.6f", mean, var), 1, false));
        return out;
    }

    static Check chiSquare(String name, long[] counts, double[] p, long n) {
        double x = 0;
        for (int i = 0; i < counts.length; i++) {
            double e = n * p[i];
            double d = counts[i] - e;
            x += d * d / e;
        }
        int dof = counts.length - 1;
        return new Check(name, String.format(Locale.ROOT, "X2 = %.1f, dof = %d, (X2 - dof)/sqrt(2 dof) = %+.2f", x,
                dof, (x - dof) / Math.sqrt(2.0 * dof)), chiSquareUpper(x, dof), true);
    }

    static double noncentrality(double[] alt, double[] p, long n) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double d = alt[i] - p[i];
            s += d * d / p[i];
        }
        return n * s;
    }

    static List<Check> goodnessOfFit(String dtype, double[] x) {
        int n = x.length;
        double[] s = x.clone();
        Arrays.sort(s);
        double d = 0;
        double a = 0;
        double comp = 0;
        double[] lower = new double[n];
        double[] upper = new double[n];
        for (int i = 0; i < n; i++) {
            double q = upperTail(s[i]);       // 1 - Phi(x)
            double p = upperTail(-s[i]);      // Phi(x)
            d = Math.max(d, Math.max(p - (double) i / n, (double) (i + 1) / n - p));
            lower[i] = Math.log(p);
            upper[i] = Math.log(q);
        }
        for (int i = 0; i < n; i++) {
            double term = (2.0 * i + 1) / n * (lower[i] + upper[n - 1 - i]);
            double yv = term - comp;
            double tv = a + yv;
            comp = (tv - a) - yv;
            a = tv;
        }
        double a2 = -n - a;
        double ks = (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)) * d;
        // Kolmogorov: P(K > x) <= 2 exp(-2 x^2); Anderson-Darling: P(A2 > x) ~ sqrt(3) erfc(sqrt(x)) for large x
        double ksP = Math.min(1, 2 * Math.exp(-2 * ks * ks));
        double adP = Math.min(1, Math.sqrt(3) * 2 * upperTail(Math.sqrt(2 * a2)));
        return List.of(
                new Check(dtype + " Kolmogorov-Smirnov, n = " + n, String.format(Locale.ROOT,
                        "D = %.3e, sqrt(n) D = %.3f (critical %.3f)", d, ks, Math.sqrt(Math.log(2 / ALPHA) / 2)), ksP,
                        true),
                new Check(dtype + " Anderson-Darling, n = " + n, String.format(Locale.ROOT,
                        "A2 = %.3f (critical %.2f)", a2, adCritical()), adP, true));
    }

    static double adCritical() {
        double lo = 2;
        double hi = 40;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (Math.sqrt(3) * 2 * upperTail(Math.sqrt(2 * mid)) > ALPHA) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    // ---------------------------------------------------------------- special functions

    static double[] uniform(int bins) {
        double[] p = new double[bins];
        Arrays.fill(p, 1.0 / bins);
        return p;
    }

    /** Phi^-1(i / bins) to ~1e-16 relative (the Halley-refined reference quantile). */
    static double quantile(int i, int bins) {
        double p = (double) i / bins;
        if (2 * i == bins) {
            return 0;
        }
        return 2 * i < bins ? -InverseNormalReference.upperQuantile(p, 0.5 - p)
                : InverseNormalReference.upperQuantile(1 - p, p - 0.5);
    }

    /** 1 - Phi(z) by Cody's erf/erfc (relative error ~1e-16 in the tails). */
    static double upperTail(double z) {
        if (z < 0) {
            return 1 - upperTail(-z);
        }
        double y = z * Math.sqrt(0.5);
        return y <= 0.46875 ? 0.5 - 0.5 * InverseNormalReference.erfSmall(y)
                : 0.5 * InverseNormalReference.erfcLarge(y, z);
    }

    static double lnGamma(double x) {
        double shift = 0;
        while (x < 15) {
            shift += Math.log(x);
            x += 1;
        }
        double x2 = 1 / (x * x);
        double series = (1.0 / 12 - x2 * (1.0 / 360 - x2 * (1.0 / 1260 - x2 * (1.0 / 1680 - x2 / 1188)))) / x;
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(TWO_PI) + series - shift;
    }

    /** The regularized lower incomplete gamma P(a, x). */
    static double gammaP(double a, double x) {
        if (x <= 0) {
            return 0;
        }
        return x < a + 1 ? gammaSeries(a, x) : 1 - gammaFraction(a, x);
    }

    /** The regularized upper incomplete gamma Q(a, x). */
    static double gammaQ(double a, double x) {
        if (x <= 0) {
            return 1;
        }
        return x < a + 1 ? 1 - gammaSeries(a, x) : gammaFraction(a, x);
    }

    private static double gammaSeries(double a, double x) {
        double ap = a;
        double del = 1 / a;
        double sum = del;
        for (int n = 0; n < 10_000_000; n++) {
            ap += 1;
            del *= x / ap;
            sum += del;
            if (Math.abs(del) < Math.abs(sum) * 1e-17) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
    }

    private static double gammaFraction(double a, double x) {
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
    }

    static double chiSquareUpper(double x, int dof) {
        return gammaQ(dof / 2.0, x / 2);
    }

    static double chiSquareQuantile(int dof, double alpha) {
        double lo = 0;
        double hi = dof + 60 * Math.sqrt(2.0 * dof) + 200;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (chiSquareUpper(mid, dof) > alpha) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** P(X <= x) for X noncentral chi-square (dof, lambda): the Poisson mixture of central chi-squares. */
    static double noncentralLower(double x, int dof, double lambda) {
        double mean = dof + lambda;
        double sd = Math.sqrt(2 * (dof + 2 * lambda));
        if (x < mean - 8 * sd) {
            return 0;  // Laurent-Massart: P(X <= mean - 8 sd) <= exp(-32)
        }
        if (lambda == 0) {
            return gammaP(dof / 2.0, x / 2);
        }
        double mu = lambda / 2;
        int j0 = (int) Math.max(0, mu - 12 * Math.sqrt(mu) - 20);
        int j1 = (int) (mu + 12 * Math.sqrt(mu) + 20);
        double s = 0;
        for (int j = j0; j <= j1; j++) {
            double w = Math.exp(-mu + j * Math.log(mu) - lnGamma(j + 1.0));
            s += w * gammaP(dof / 2.0 + j, x / 2);
        }
        return s;
    }

    static double poissonAtMost(long k, double lambda) {
        return gammaQ(k + 1, lambda);
    }

    static double poissonAtLeast(long k, double lambda) {
        return k == 0 ? 1 : gammaP(k, lambda);
    }

    // ---------------------------------------------------------------- output

    static void say(String format, Object... args) {
        System.out.println("[normal-v2-stats] " + String.format(Locale.ROOT, format, args));
    }

    private static void report(String dtype, List<Check> checks, long t0) {
        say("%s: %,d variates from Normals.fill in %.1f s", dtype, DRAWS, (System.nanoTime() - t0) * 1e-9);
        for (Check c : checks) {
            say("  %s %-26s %s  p = %.3g%s%s", dtype, c.name, c.detail, c.p, c.tested ? "" : " (not tested)",
                    c.failed() ? "  FAIL" : "");
        }
    }

    private static void assertNoFailure(String what, List<Check> checks) {
        List<String> failed = checks.stream().filter(Check::failed).map(c -> c.name + ": " + c.detail + ", p = " + c.p)
                .toList();
        assertTrue(failed.isEmpty(), what + " failed: " + failed);
    }
}
