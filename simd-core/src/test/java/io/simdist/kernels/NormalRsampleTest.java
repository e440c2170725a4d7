package io.simdist.kernels;

import static io.simdist.kernels.NormalRsampleProvidersTest.at;
import static io.simdist.kernels.NormalRsampleProvidersTest.doubles;
import static io.simdist.kernels.NormalRsampleProvidersTest.floats;
import static io.simdist.kernels.NormalRsampleProvidersTest.lengths;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.simdist.rng.Philox4x32;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The public {@link NormalRsample} API on the backend this JVM selects (the suite runs once with the
 * Vector API and once without): gradients against finite differences and closed forms, accumulation,
 * the eps policies, random access into the stream, a batch of 10^6 against an exact sum. Exact equality
 * between providers is {@link NormalRsampleProvidersTest}'s business. Also: argument checks (each
 * failing call writes nothing), and that the sample-only kernels have no gradient path.
 *
 * <p>Every test is deterministic (fixed seeds), and each tolerance is a worst-case bound derived in the
 * test, not a statistical one, so none can fail by chance.
 */
class NormalRsampleTest {
    private static final Philox4x32 RNG = Philox4x32.of(0xF1D1_FF5EL).stream(3);
    /** batch x features: one element, one row, one column, odd sizes, rows wider than a piece. */
    private static final int[][] SHAPES = {{1, 1}, {1, 5}, {7, 1}, {3, 13}, {37, 17}, {19, 6}, {2, 1030}};
    /** The finite-difference step: about the cube root of the double epsilon times the loss scale. */
    private static final double H = 0x1p-17;
    /** The unit roundoff of double. */
    private static final double U = 0x1p-53;
    /** The unit roundoff of float. */
    private static final double UF = 0x1p-24;
    /** Parameters checked by finite differences per gradient at most (first, last and random others). */
    private static final int CHECKED = 24;

    // ---- gradients ----

    /**
     * For {@code L = sum_i w_i sin(z_i) + z_i^2 / 2} the backward pass given {@code dz = w cos z + z}
     * equals {@code (L(p + h) - L(p - h)) / 2h} for each parameter value p of loc and scale (all of them
     * up to {@value #CHECKED}, else the first, the last and random others), where L is evaluated on a
     * second and third forward pass with the same stream and index (so the same eps) and p moved by h. Only the elements p is broadcast to may change between the two passes, and they are
     * the only ones summed (the others contribute exactly 0 to the difference).
     *
     * <p>Tolerance, per parameter: truncation {@code h^2/6 sum |d^3 L/dp^3|} with
     * {@code d^3 f/dp^3 = -w cos(z) a^3} ({@code a = dz/dp}: 1 for loc, eps for scale), plus the
     * rounding of the loss values, {@code 16u (1 + |w| + z^2)} per element divided by the step, plus
     * the rounding of the reduction, {@code n u sum |dz a|}.
     */
    @Test
    void gradientsMatchCentralFiniteDifferencesInDouble() {
        SplittableRandom r = new SplittableRandom(21);
        for (int[] shape : SHAPES) {
            for (int lm : modes(shape)) {
                for (int sm : modes(shape)) {
                    for (boolean store : new boolean[] {true, false}) {
                        Problem pr = new Problem(shape[0], shape[1], r.nextInt(1 << 20), doubles(r, lm, -1, 1),
                                doubles(r, sm, 0.5, 2), doubles(r, shape[0] * shape[1], -1, 1), store);
                        double[] eps = pr.eps();
                        double[] storedEps = store ? new double[pr.n()] : null;
                        double[] z = new double[pr.n()];
                        NormalRsample.forward(RNG, pr.index, pr.batch, pr.features, pr.loc, pr.scale, z, 0,
                                storedEps, 0);
                        double[] dz = new double[pr.n()];
                        for (int i = 0; i < dz.length; i++) {
                            dz[i] = pr.w[i] * Math.cos(z[i]) + z[i];
                        }
                        double[] gl = new double[lm];
                        double[] gs = new double[sm];
                        NormalRsample.backward(RNG, pr.index, pr.batch, pr.features, dz, 0, storedEps, 0, gl, gs,
                                false);
                        pr.checkAgainstDifferences(true, gl, z, dz, eps, r);
                        pr.checkAgainstDifferences(false, gs, z, dz, eps, r);
                    }
                }
            }
        }
    }

    /**
     * The float passes give the double gradient of the same problem within float precision: the same
     * float eps (stored by the float forward pass, widened) and parameters go through the double
     * forward arithmetic and the double backward pass (itself checked against finite differences).
     * Bound per gradient value: {@code 4 u_f sum (1 + |dz| + |z|) |a|} (the float z, the float dz and
     * the final rounding each contribute at most {@code u_f} of those magnitudes).
     */
    @Test
    void floatGradientsMatchTheDoubleGradientOfTheSameNoise() {
        SplittableRandom r = new SplittableRandom(22);
        for (int[] shape : SHAPES) {
            int batch = shape[0];
            int features = shape[1];
            int n = batch * features;
            for (int lm : modes(shape)) {
                for (int sm : modes(shape)) {
                    long index = r.nextInt(1 << 20);
                    float[] loc = floats(r, lm, -1, 1);
                    float[] scale = floats(r, sm, 0.5, 2);
                    double[] w = doubles(r, n, -1, 1);
                    float[] eps = new float[n];
                    float[] z = new float[n];
                    NormalRsample.forward(RNG, index, batch, features, loc, scale, z, 0, eps, 0);
                    float[] dz = new float[n];
                    double[] epsD = new double[n];
                    double[] zD = new double[n];
                    double[] dzD = new double[n];
                    for (int i = 0; i < n; i++) {
                        dz[i] = (float) (w[i] * Math.cos(z[i]) + z[i]);
                        epsD[i] = eps[i];
                        zD[i] = Math.fma(epsD[i], at(scale, i, features), at(loc, i, features));
                        dzD[i] = w[i] * Math.cos(zD[i]) + zD[i];
                    }
                    for (boolean store : new boolean[] {true, false}) {
                        float[] gl = new float[lm];
                        float[] gs = new float[sm];
                        NormalRsample.backward(RNG, index, batch, features, dz, 0, store ? eps : null, 0, gl, gs,
                                false);
                        double[] glD = new double[lm];
                        double[] gsD = new double[sm];
                        NormalRsample.backward(RNG, index, batch, features, dzD, 0, epsD, 0, glD, gsD, false);
                        String what = batch + "x" + features + " loc" + lm + " scale" + sm + (store ? " STORE" : "");
                        checkFloatAgainstDouble(what + " gradLoc", gl, glD, features, zD, dzD, null);
                        checkFloatAgainstDouble(what + " gradScale", gs, gsD, features, zD, dzD, epsD);
                    }
                }
            }
        }
    }

    private static void checkFloatAgainstDouble(String what, float[] g, double[] expected, int features, double[] z,
            double[] dz, double[] eps) {
        double[] bound = new double[g.length];
        for (int i = 0; i < z.length; i++) {
            double a = eps == null ? 1 : Math.abs(eps[i]);
            bound[param(g.length, features, i)] += 4 * UF * (1 + Math.abs(dz[i]) + Math.abs(z[i])) * a;
        }
        for (int k = 0; k < g.length; k++) {
            double err = Math.abs(g[k] - expected[k]);
            if (!(err <= bound[k])) {
                fail(what + "[" + k + "]: float " + g[k] + ", double " + expected[k] + ", error " + err
                        + " > bound " + bound[k]);
            }
        }
    }

    /**
     * With {@code dz = 1} everywhere, gradLoc counts the elements, exactly: {@code batch * features}
     * for a scalar, {@code batch} per feature (sums of ones are exact in double up to 2^53, and these
     * counts are exact floats). gradScale is the sum of the eps of {@link Normals#fill} on the same
     * stream and index; against the exact (BigDecimal) sum, within the recursive-summation bound
     * {@code n u sum |eps|} in double, plus half a float ulp of the result for float.
     */
    @Test
    void unitUpstreamGradientGivesCountsAndTheSumOfTheNoise() {
        int[][] shapes = {{1, 1}, {7, 1}, {3, 13}, {300, 7}, {3, 1500}, {70_001, 1}, {1_300, 61}};
        for (int[] shape : shapes) {
            int batch = shape[0];
            int features = shape[1];
            int n = batch * features;
            long index = 12_345L * batch;
            float[] epsF = new float[n];
            double[] epsD = new double[n];
            Normals.fill(RNG, index, epsF, 0, n);
            Normals.fill(RNG, index, epsD, 0, n);
            float[] onesF = new float[n];
            double[] onesD = new double[n];
            Arrays.fill(onesF, 1f);
            Arrays.fill(onesD, 1.0);
            for (int len : new int[] {1, features}) {
                String what = batch + "x" + features + " grad length " + len;
                float[] glF = new float[len];
                float[] gsF = new float[len];
                double[] glD = new double[len];
                double[] gsD = new double[len];
                NormalRsample.backward(RNG, index, batch, features, onesF, 0, null, 0, glF, gsF, false);
                NormalRsample.backward(RNG, index, batch, features, onesD, 0, null, 0, glD, gsD, false);
                int count = len == 1 ? n : batch;
                for (int k = 0; k < len; k++) {
                    assertEquals(count, glF[k], what + " float gradLoc[" + k + "]");
                    assertEquals(count, glD[k], what + " double gradLoc[" + k + "]");
                    BigDecimal exactF = BigDecimal.ZERO;
                    BigDecimal exactD = BigDecimal.ZERO;
                    double absF = 0;
                    double absD = 0;
                    for (int i = 0; i < n; i++) {
                        if (param(len, features, i) == k) {
                            exactF = exactF.add(new BigDecimal(epsF[i]));
                            exactD = exactD.add(new BigDecimal(epsD[i]));
                            absF += Math.abs(epsF[i]);
                            absD += Math.abs(epsD[i]);
                        }
                    }
                    assertWithin(exactF, gsF[k], n * U * absF + 0.5 * Math.ulp(gsF[k]), what + " float gradScale");
                    assertWithin(exactD, gsD[k], n * U * absD, what + " double gradScale");
                }
            }
        }
    }

    /**
     * Autograd semantics: two backward calls with {@code accumulate} from zero give {@code g + g} (the
     * float or double addition of a single call's result to itself), bit for bit, and accumulation adds
     * the result to whatever the buffers held ({@code start + g}). Every broadcast mode, both policies.
     */
    @Test
    void accumulationAddsTheGradientToTheBuffers() {
        SplittableRandom r = new SplittableRandom(23);
        for (Precision pr : Precision.values()) {
            for (int[] shape : SHAPES) {
                int batch = shape[0];
                int features = shape[1];
                int n = batch * features;
                long index = r.nextInt(1000);
                Object dz = pr.random(r, n, -2, 2);
                Object eps = pr.normals(index, n);
                for (int lm : modes(shape)) {
                    for (int sm : modes(shape)) {
                        for (boolean store : new boolean[] {true, false}) {
                            Object storedEps = store ? eps : null;
                            String what = pr + " " + batch + "x" + features + " loc" + lm + " scale" + sm
                                    + (store ? " STORE" : "");
                            Object gl = pr.zeros(lm);
                            Object gs = pr.zeros(sm);
                            pr.backward(index, batch, features, dz, storedEps, gl, gs, false);
                            Object twiceLoc = pr.zeros(lm);
                            Object twiceScale = pr.zeros(sm);
                            for (int call = 0; call < 2; call++) {
                                pr.backward(index, batch, features, dz, storedEps, twiceLoc, twiceScale, true);
                            }
                            assertSameBits(pr.plus(gl, gl), twiceLoc, what + " gradLoc twice");
                            assertSameBits(pr.plus(gs, gs), twiceScale, what + " gradScale twice");
                            Object startLoc = pr.random(r, lm, -3, 3);
                            Object startScale = pr.random(r, sm, -3, 3);
                            Object addedLoc = pr.plus(startLoc, pr.zeros(lm));
                            Object addedScale = pr.plus(startScale, pr.zeros(sm));
                            pr.backward(index, batch, features, dz, storedEps, addedLoc, addedScale, true);
                            assertSameBits(pr.plus(startLoc, gl), addedLoc, what + " gradLoc +=");
                            assertSameBits(pr.plus(startScale, gs), addedScale, what + " gradScale +=");
                        }
                    }
                }
            }
        }
    }

    // ---- a large batch against an exact sum ----

    /**
     * 10^6 float elements (250000 x 4), loss {@code sum z^2 / 2} so {@code dz = z}: gradScale, as a
     * scalar and per feature, is within one float ulp of the correctly rounded exact sum of the terms
     * {@code (double) dz * eps} (BigDecimal). Why one ulp is a fair demand: each term, a product of two
     * floats, is exact in double; recursive summation of n terms in double errs by at most
     * {@code (n - 1) u sum |t|}, and the test checks that this bound is below 1% of half a float ulp
     * of the sum, so the double total rounds to the correctly rounded float or (next to a rounding
     * midpoint) its neighbour.
     */
    @Test
    void millionFloatElementsGiveGradScaleWithinAnUlpOfTheExactSum() {
        for (int len : new int[] {1, LargeSum.FEATURES}) {
            LargeSum sum = LargeSum.of(Precision.FLOAT, len);
            for (int k = 0; k < len; k++) {
                float rounded = sum.exact[k].floatValue();
                double doubleError = (LargeSum.N - 1) * U * sum.abs[k];
                assertTrue(doubleError < 0.01 * 0.5 * Math.ulp(rounded),
                        "premise: double summation bound " + doubleError + " vs float ulp " + Math.ulp(rounded));
                assertTrue(Math.abs(sum.grad[k] - rounded) <= Math.ulp(rounded), "gradScale[" + k + "] of " + len
                        + ": " + sum.grad[k] + ", exact sum rounded " + rounded + " (" + sum.exact[k] + ")");
            }
        }
    }

    /**
     * The double twin, 250000 x 4: gradScale within a relative 1e-12 of the exact sum of the exact
     * products {@code dz * eps}. Bound of the documented order ({@link RsampleLayout}): each term is
     * rounded once, each accumulator adds 64 terms per block, a block partial adds at most 1024
     * accumulators, the total 16 block partials: error at most about {@code 1102 u sum |t|}, which the
     * test checks is below {@code 1e-12 |S|} here (no heavy cancellation: {@code t = z eps} has mean
     * {@code scale}).
     */
    @Test
    void millionDoubleElementsGiveGradScaleWithinOneInATrillionOfTheExactSum() {
        for (int len : new int[] {1, LargeSum.FEATURES}) {
            LargeSum sum = LargeSum.of(Precision.DOUBLE, len);
            for (int k = 0; k < len; k++) {
                double s = sum.exact[k].doubleValue();
                double bound = 1102 * U * sum.abs[k];
                assertTrue(bound < 1e-12 * Math.abs(s), "premise: order bound " + bound + " for the sum " + s);
                double relative = new BigDecimal(sum.grad[k]).subtract(sum.exact[k]).abs().doubleValue() / Math.abs(s);
                assertTrue(relative <= 1e-12, "gradScale[" + k + "] of " + len + ": " + sum.grad[k] + ", exact " + s
                        + ", relative error " + relative);
            }
        }
    }

    /**
     * gradScale of {@code len} values (1 or 4) of a 250000 x 4 block with {@code dz = z}, the exact
     * (BigDecimal) sums of the products {@code dz * eps} it reduces, and the sums of their magnitudes.
     */
    private record LargeSum(double[] grad, BigDecimal[] exact, double[] abs) {
        static final int BATCH = 250_000;
        static final int FEATURES = 4;
        static final int N = BATCH * FEATURES;

        static LargeSum of(Precision pr, int len) {
            SplittableRandom r = new SplittableRandom(26);
            Object z = pr.zeros(N);
            Object eps = pr.zeros(N);
            pr.forward(1_000_003L, BATCH, FEATURES, pr.random(r, FEATURES, -1, 1), pr.random(r, FEATURES, 0.5, 2), z,
                    0, eps, 0);
            Object gs = pr.zeros(len);
            pr.backward(1_000_003L, BATCH, FEATURES, z, null, null, gs, false);
            BigDecimal[] exact = new BigDecimal[len];
            double[] abs = new double[len];
            Arrays.fill(exact, BigDecimal.ZERO);
            for (int i = 0; i < N; i++) {
                int k = param(len, FEATURES, i);
                BigDecimal t = new BigDecimal(Array.getDouble(z, i)).multiply(new BigDecimal(Array.getDouble(eps, i)));
                exact[k] = exact[k].add(t);
                abs[k] += Math.abs(t.doubleValue());
            }
            double[] grad = new double[len];
            for (int k = 0; k < len; k++) {
                grad[k] = Array.getDouble(gs, k);
            }
            return new LargeSum(grad, exact, abs);
        }
    }

    // ---- eps policies and the stream mapping ----

    /**
     * STORE and RECOMPUTE give the same z and the same gradients, bit for bit, and the stored eps are
     * {@code Normals.fill(rng, index, ...)} exactly: the noise is a function of the counter only.
     */
    @Test
    void storedAndRecomputedNoiseGiveIdenticalBits() {
        SplittableRandom r = new SplittableRandom(24);
        int[][] shapes = {{1, 1}, {7, 1}, {3, 13}, {37, 17}, {2, 1030}, {70_001, 1}};
        for (Precision pr : Precision.values()) {
            for (int[] shape : shapes) {
                int batch = shape[0];
                int features = shape[1];
                int n = batch * features;
                long index = r.nextLong(1L << 40);
                for (int lm : modes(shape)) {
                    int sm = modes(shape)[(lm + batch) % modes(shape).length];
                    String what = pr + " " + batch + "x" + features + " loc" + lm + " scale" + sm;
                    Object loc = pr.random(r, lm, -3, 3);
                    Object scale = pr.random(r, sm, 0.1, 3);
                    Object zStore = pr.zeros(n);
                    Object zRecompute = pr.zeros(n);
                    Object eps = pr.zeros(n);
                    pr.forward(index, batch, features, loc, scale, zStore, 0, eps, 0);
                    pr.forward(index, batch, features, loc, scale, zRecompute, 0, null, 0);
                    assertSameBits(pr.normals(index, n), eps, what + " stored eps");
                    assertSameBits(zStore, zRecompute, what + " z");
                    Object dz = pr.random(r, n, -1, 1);
                    Object[] gStore = {pr.zeros(lm), pr.zeros(sm)};
                    Object[] gRecompute = {pr.zeros(lm), pr.zeros(sm)};
                    pr.backward(index, batch, features, dz, eps, gStore[0], gStore[1], false);
                    pr.backward(index, batch, features, dz, null, gRecompute[0], gRecompute[1], false);
                    assertSameBits(gStore[0], gRecompute[0], what + " gradLoc");
                    assertSameBits(gStore[1], gRecompute[1], what + " gradScale");
                }
            }
        }
    }

    /**
     * Element i takes normal variate {@code index + i}: the forward pass over rows {@code [r0, r1)} with
     * index {@code base + r0 * features} (and the matching rows of per-element parameters) writes
     * exactly that slice of the full pass, with either policy, in float and double, at an offset.
     */
    @Test
    void rowsDrawnAloneEqualTheirSliceOfTheWholeBlock() {
        SplittableRandom r = new SplittableRandom(25);
        int[][] shapes = {{7, 1}, {37, 17}, {300, 5}, {4, 1030}, {70_001, 1}};
        for (Precision pr : Precision.values()) {
            for (int[] shape : shapes) {
                int batch = shape[0];
                int features = shape[1];
                int n = batch * features;
                long base = r.nextLong(1L << 50);
                for (int lm : modes(shape)) {
                    int sm = modes(shape)[(lm + 1) % modes(shape).length];
                    Object loc = pr.random(r, lm, -3, 3);
                    Object scale = pr.random(r, sm, 0.1, 3);
                    Object z = pr.zeros(n);
                    pr.forward(base, batch, features, loc, scale, z, 0, null, 0);
                    int[][] ranges = {{0, 1}, {batch - 1, batch}, {batch / 3, batch / 3 + (batch + 1) / 2}, {0, batch}};
                    for (int[] rows : ranges) {
                        int r0 = rows[0];
                        int r1 = rows[1];
                        int m = (r1 - r0) * features;
                        long index = base + (long) r0 * features;
                        for (boolean store : new boolean[] {true, false}) {
                            Object part = pr.zeros(m + 2);
                            pr.forward(index, r1 - r0, features, rowsOf(loc, r0, r1, n, features),
                                    rowsOf(scale, r0, r1, n, features), part, 2, store ? pr.zeros(m + 3) : null, 3);
                            assertSameBits(slice(z, r0 * features, r1 * features), slice(part, 2, m + 2),
                                    pr + " " + batch + "x" + features + " rows [" + r0 + ", " + r1 + ") loc" + lm
                                            + " scale" + sm + (store ? " STORE" : ""));
                        }
                    }
                }
            }
        }
    }

    /** Rows {@code [r0, r1)} of a per-element parameter; a scalar or per-feature one is shared as is. */
    private static Object rowsOf(Object p, int r0, int r1, int n, int features) {
        return Array.getLength(p) == n && n != features ? slice(p, r0 * features, r1 * features) : p;
    }

    // ---- argument checks ----

    /**
     * The unspoiled arguments of the checks below are valid: the call writes every element of its
     * range (so each rejection below is caused by the one argument it spoils).
     */
    @Test
    void theArgumentsTheChecksStartFromAreAccepted() {
        for (Precision pr : Precision.values()) {
            for (boolean parallel : new boolean[] {false, true}) {
                Forward f = Forward.valid(pr, parallel);
                f.run();
                long[] z = bits(f.z);
                long[] eps = bits(f.eps);
                for (int i = 0; i < 12; i++) {
                    assertTrue(z[f.zFrom + i] != pr.sentinel() && eps[f.epsFrom + i] != pr.sentinel(),
                            pr + " forward element " + i);
                }
                Backward b = Backward.valid(pr, parallel);
                b.run();
                assertTrue(bits(b.gradLoc)[3] != pr.sentinel() && bits(b.gradScale)[0] != pr.sentinel(),
                        pr + " backward");
            }
        }
    }

    /**
     * A bad location or scale is rejected with its index and value, before anything is written: NaN
     * and infinite locations; scales that are negative, zero, -0.0, NaN or infinite; in every
     * precision, with and without an executor.
     */
    @Test
    void nonFiniteLocationsAndNonPositiveScalesAreRejectedByIndexAndValue() {
        rejects(Forward::valid, IllegalArgumentException.class, "loc[2] must be finite, was NaN",
                f -> f.pr.set(f.loc, 2, Double.NaN));
        rejects(Forward::valid, IllegalArgumentException.class, "loc[1] must be finite, was Infinity",
                f -> f.pr.set(f.loc, 1, Double.POSITIVE_INFINITY));
        rejects(Forward::valid, IllegalArgumentException.class, "loc[0] must be finite, was -Infinity",
                f -> f.pr.set(f.loc, 0, Double.NEGATIVE_INFINITY));
        rejects(Forward::valid, IllegalArgumentException.class, "scale[3] must be > 0 and finite, was -0.5",
                f -> f.pr.set(f.scale, 3, -0.5));
        rejects(Forward::valid, IllegalArgumentException.class, "scale[0] must be > 0 and finite, was 0.0",
                f -> f.pr.set(f.scale, 0, 0.0));
        rejects(Forward::valid, IllegalArgumentException.class, "scale[1] must be > 0 and finite, was -0.0",
                f -> f.pr.set(f.scale, 1, -0.0));
        rejects(Forward::valid, IllegalArgumentException.class, "scale[2] must be > 0 and finite, was NaN",
                f -> f.pr.set(f.scale, 2, Double.NaN));
        rejects(Forward::valid, IllegalArgumentException.class, "scale[3] must be > 0 and finite, was Infinity",
                f -> f.pr.set(f.scale, 3, Double.POSITIVE_INFINITY));
        rejects(Forward::valid, IllegalArgumentException.class, "scale[7] must be > 0 and finite, was -2.0", f -> {
            f.scale = f.pr.random(new SplittableRandom(8), 12, 0.5, 2);
            f.pr.set(f.scale, 7, -2);
        });
    }

    /** Parameter and gradient lengths other than 1, features or batch * features, and bad shapes. */
    @Test
    void badShapesAndLengthsAreRejectedByName() {
        String lengths = ".length must be 1, features (4) or batch * features (12), was ";
        rejects(Forward::valid, IllegalArgumentException.class, "loc" + lengths + "5", f -> f.loc = f.pr.zeros(5));
        rejects(Forward::valid, IllegalArgumentException.class, "loc" + lengths + "0", f -> f.loc = f.pr.zeros(0));
        rejects(Forward::valid, IllegalArgumentException.class, "scale" + lengths + "13",
                f -> f.scale = f.pr.zeros(13));
        rejects(Backward::valid, IllegalArgumentException.class, "gradLoc" + lengths + "5",
                b -> b.gradLoc = b.pr.sentinels(5));
        rejects(Backward::valid, IllegalArgumentException.class, "gradScale" + lengths + "2",
                b -> b.gradScale = b.pr.sentinels(2));
        // The element-shaped gradLoc, written directly during the pass, stays untouched too.
        rejects(Backward::valid, IllegalArgumentException.class, "gradScale" + lengths + "11", b -> {
            b.gradLoc = b.pr.sentinels(12);
            b.gradScale = b.pr.sentinels(11);
        });
        rejects(Forward::valid, IllegalArgumentException.class, "batch must be >= 0, was -1", f -> f.batch = -1);
        rejects(Forward::valid, IllegalArgumentException.class, "features must be >= 1, was 0", f -> f.features = 0);
        rejects(Forward::valid, IllegalArgumentException.class,
                "batch * features must be <= 2147483647, was 65536 * 32768",
                f -> {
                    f.batch = 1 << 16;
                    f.features = 1 << 15;
                });
        rejects(Backward::valid, IllegalArgumentException.class, "batch must be >= 0, was -3", b -> b.batch = -3);
        rejects(Backward::valid, IllegalArgumentException.class, "features must be >= 1, was -1", b -> b.features = -1);
        rejects(Backward::valid, IllegalArgumentException.class,
                "batch * features must be <= 2147483647, was 3 * 1073741824",
                b -> b.features = 1 << 30);
    }

    /** Ranges outside their arrays, and outputs that are the same array as another argument. */
    @Test
    void badRangesAndAliasedBuffersAreRejected() {
        rejects(Forward::valid, IndexOutOfBoundsException.class, "z: range [3, 3 + 12) is out of bounds for length 14",
                f -> f.zFrom = 3);
        rejects(Forward::valid, IndexOutOfBoundsException.class, "z: range [-1, -1 + 12) is out of bounds for length 14",
                f -> f.zFrom = -1);
        rejects(Forward::valid, IndexOutOfBoundsException.class, "eps: range [4, 4 + 12) is out of bounds for length 15",
                f -> f.epsFrom = 4);
        rejects(Forward::valid, IllegalArgumentException.class, "eps must not be the array z", f -> f.eps = f.z);
        rejects(Backward::valid, IndexOutOfBoundsException.class, "dz: range [2, 2 + 12) is out of bounds for length 13",
                b -> b.dzFrom = 2);
        rejects(Backward::valid, IndexOutOfBoundsException.class, "eps: range [1, 1 + 12) is out of bounds for length 12",
                b -> b.epsFrom = 1);
        rejects(Backward::valid, IllegalArgumentException.class, "gradLoc must not be the array dz", b -> {
            b.dz = b.gradLoc = b.pr.sentinels(12);
            b.dzFrom = 0;
        });
        rejects(Backward::valid, IllegalArgumentException.class, "gradScale must not be the array dz", b -> {
            b.dz = b.gradScale = b.pr.sentinels(12);
            b.dzFrom = 0;
        });
        rejects(Backward::valid, IllegalArgumentException.class, "gradLoc must not be the array eps",
                b -> b.eps = b.gradLoc = b.pr.sentinels(12));
        rejects(Backward::valid, IllegalArgumentException.class, "gradScale must not be the array eps",
                b -> b.eps = b.gradScale = b.pr.sentinels(12));
        rejects(Backward::valid, IllegalArgumentException.class, "gradLoc and gradScale must be different arrays",
                b -> b.gradScale = b.gradLoc);
    }

    /** A negative index, variates past the last of the stream, and null arguments. */
    @Test
    void badIndicesAndNullArgumentsAreRejected() {
        rejects(Forward::valid, IllegalArgumentException.class, "index must be >= 0, was -1", f -> f.index = -1);
        rejects(Backward::valid, IllegalArgumentException.class, "index must be >= 0, was -7", b -> b.index = -7);
        for (Precision pr : Precision.values()) {
            // 12 variates from last - 10 need one past the last; from last - 11 they fit.
            long last = pr.lastVariate();
            String message = "index + len - 1 must be <= " + last + " (the last variate of a stream), was index="
                    + (last - 10) + ", len=12";
            rejects(pr, Forward::valid, IllegalArgumentException.class, message, f -> f.index = last - 10);
            rejects(pr, Backward::valid, IllegalArgumentException.class, message, b -> b.index = last - 10);
            Forward atEnd = Forward.valid(pr, false);
            atEnd.index = last - 11;
            atEnd.run();
        }
        rejects(Forward::valid, NullPointerException.class, "rng", f -> f.rng = null);
        rejects(Forward::valid, NullPointerException.class, "loc", f -> f.loc = null);
        rejects(Forward::valid, NullPointerException.class, "scale", f -> f.scale = null);
        rejects(Forward::valid, NullPointerException.class, "executor", f -> {
            f.parallel = true;
            f.executor = null;
        });
        rejects(Backward::valid, NullPointerException.class, "rng", b -> b.rng = null);
        rejects(Backward::valid, NullPointerException.class, "executor", b -> {
            b.parallel = true;
            b.executor = null;
        });
    }

    /**
     * A null output or upstream gradient must be reported by its own name, as every other argument
     * is. Today {@code z} and {@code dz} are checked by the shared range check, whose
     * NullPointerException says {@code dst}, a name no parameter of {@link NormalRsample} has.
     */
    @Test
    void nullOutputAndUpstreamGradientAreReportedByTheirNames() {
        rejects(Forward::valid, NullPointerException.class, "z", f -> f.z = null);
        rejects(Backward::valid, NullPointerException.class, "dz", b -> b.dz = null);
    }

    /**
     * The stored noise must not overwrite an input: eps is written before loc and scale are read, so
     * {@code eps == scale} (or {@code loc}) would give {@code z = fma(eps, eps, loc)} and destroy the
     * caller's parameters. The check that exists for {@code eps == z} belongs to these too.
     */
    @Test
    void storedNoiseThatIsAParameterArrayIsRejected() {
        for (Precision pr : Precision.values()) {
            for (boolean parallel : new boolean[] {false, true}) {
                for (boolean spoilScale : new boolean[] {true, false}) {
                    Forward f = Forward.valid(pr, parallel);
                    Object param = spoilScale ? pr.random(new SplittableRandom(11), 12, 0.5, 2)
                            : pr.random(new SplittableRandom(12), 12, -1, 1);
                    if (spoilScale) {
                        f.scale = param;
                    } else {
                        f.loc = param;
                    }
                    f.eps = param;
                    f.epsFrom = 0;
                    long[] before = bits(param);
                    String what = pr + (parallel ? " with executor" : "") + (spoilScale ? " eps == scale" : " eps == loc");
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, f::run, what);
                    assertEquals("eps must not be the array " + (spoilScale ? "scale" : "loc"), e.getMessage(), what);
                    assertArrayEquals(before, bits(param), what + ": the parameter was written");
                    for (long b : bits(f.z)) {
                        assertEquals(pr.sentinel(), b, what + ": z was written");
                    }
                }
            }
        }
    }

    /** {@link #rejects(Precision, BiFunction, Class, String, Consumer)} in every precision. */
    private static <C extends Call> void rejects(BiFunction<Precision, Boolean, C> valid,
            Class<? extends Throwable> type, String message, Consumer<C> spoil) {
        for (Precision pr : Precision.values()) {
            rejects(pr, valid, type, message, spoil);
        }
    }

    /**
     * With and without an executor, the valid call with {@code spoil} applied throws {@code type} with
     * {@code message} and writes nothing.
     */
    private static <C extends Call> void rejects(Precision pr, BiFunction<Precision, Boolean, C> valid,
            Class<? extends Throwable> type, String message, Consumer<C> spoil) {
        for (boolean parallel : new boolean[] {false, true}) {
            C call = valid.apply(pr, parallel);
            spoil.accept(call);
            String what = pr + " " + call.getClass().getSimpleName() + (call.parallel ? " with executor" : "");
            assertRejected(type, message, call::run, what, pr, call.outputs());
        }
    }

    private static void assertRejected(Class<? extends Throwable> type, String message, Executable call, String what,
            Precision pr, Object... outputs) {
        Throwable t = assertThrows(type, call, what);
        if (type == NullPointerException.class) {
            assertEquals(message, t.getMessage(), what + ": the null argument's name");
        } else {
            assertTrue(String.valueOf(t.getMessage()).contains(message),
                    what + ": message '" + t.getMessage() + "' lacks '" + message + "'");
        }
        for (Object out : outputs) {
            if (out != null) {
                for (long b : bits(out)) {
                    assertEquals(pr.sentinel(), b, what + ": a call that throws wrote to an output");
                }
            }
        }
    }

    /** The arguments of a kernel call, to be spoiled one at a time; the ones both passes have. */
    private abstract static class Call {
        final Precision pr;
        Philox4x32 rng = RNG;
        long index = 5;
        int batch = 3;
        int features = 4;
        boolean parallel;
        Executor executor = ForkJoinPool.commonPool();

        Call(Precision pr) {
            this.pr = pr;
        }

        abstract void run();

        /** The arrays the call may write. */
        abstract Object[] outputs();
    }

    /** Forward arguments; {@link #valid} gives 3 x 4, per-feature parameters, outputs at an offset. */
    private static final class Forward extends Call {
        Object loc;
        Object scale;
        Object z;
        int zFrom;
        Object eps;
        int epsFrom;

        Forward(Precision pr) {
            super(pr);
        }

        static Forward valid(Precision pr, boolean parallel) {
            Forward f = new Forward(pr);
            f.parallel = parallel;
            SplittableRandom r = new SplittableRandom(9);
            f.loc = pr.random(r, 4, -1, 1);
            f.scale = pr.random(r, 4, 0.5, 2);
            f.z = pr.sentinels(14);
            f.zFrom = 1;
            f.eps = pr.sentinels(15);
            f.epsFrom = 2;
            return f;
        }

        @Override
        void run() {
            pr.forward(this);
        }

        @Override
        Object[] outputs() {
            return new Object[] {z, eps};
        }
    }

    /** Backward arguments; {@link #valid} gives 3 x 4, per-feature gradLoc, scalar gradScale, stored eps. */
    private static final class Backward extends Call {
        Object dz;
        int dzFrom;
        Object eps;
        int epsFrom;
        Object gradLoc;
        Object gradScale;
        boolean accumulate;

        Backward(Precision pr) {
            super(pr);
        }

        static Backward valid(Precision pr, boolean parallel) {
            Backward b = new Backward(pr);
            b.parallel = parallel;
            b.dz = pr.random(new SplittableRandom(10), 13, -1, 1);
            b.dzFrom = 1;
            b.eps = pr.normals(b.index, 12);
            b.gradLoc = pr.sentinels(4);
            b.gradScale = pr.sentinels(1);
            return b;
        }

        @Override
        void run() {
            pr.backward(this);
        }

        @Override
        Object[] outputs() {
            return new Object[] {gradLoc, gradScale};
        }
    }

    // ---- the sample path has no gradient ----

    /**
     * {@code sample()} has no gradient: the sample-only kernels {@link Normals} and {@link Bernoullis}
     * (and their nested types) have no public method named like a backward or gradient pass, and
     * none takes a buffer a gradient could be written to. Every public method of {@code Normals} is a
     * {@code fill} with exactly one destination (an array or a MemorySegment); every public method of
     * {@code Bernoullis} that takes an array or segment is a {@code fill*} with exactly that one
     * destination, or a factory that reads one input array and returns a value. The name pattern is
     * checked against {@link NormalRsample}, which must match it, so the test cannot pass vacuously.
     */
    @Test
    void sampleKernelsHaveNoBackwardAndTakeNoGradientBuffers() {
        Pattern gradientLike = Pattern.compile("(?i).*(backward|grad|rsample|vjp|jvp|deriv|adjoint|pullback).*");
        assertTrue(publicMethods(NormalRsample.class).anyMatch(m -> gradientLike.matcher(m.getName()).matches()),
                "the pattern recognises NormalRsample.backward");
        List<Method> normals = publicMethods(Normals.class).toList();
        assertTrue(normals.size() >= 6, "Normals has its fills: " + normals);
        for (Method m : normals) {
            assertEquals("fill", m.getName(), m.toString());
            assertTrue(Modifier.isStatic(m.getModifiers()) && m.getReturnType() == void.class, m.toString());
            assertEquals(1, buffers(m), "one destination: " + m);
        }
        for (Class<?> c : new Class<?>[] {Normals.class, Bernoullis.class}) {
            List<Class<?>> types = new ArrayList<>(List.of(c));
            types.addAll(List.of(c.getClasses()));
            for (Class<?> type : types) {
                for (Method m : publicMethods(type).toList()) {
                    assertTrue(!gradientLike.matcher(m.getName()).matches(), "gradient-like name: " + m);
                    int buffers = buffers(m);
                    boolean fill = m.getName().startsWith("fill") && m.getReturnType() == void.class;
                    boolean factory = !fill && m.getReturnType() != void.class;
                    assertTrue(buffers == 0 || buffers == 1 && (fill || factory), "buffers " + buffers + ": " + m);
                }
            }
        }
        assertTrue(publicMethods(Bernoullis.class).anyMatch(m -> m.getName().startsWith("fill") && buffers(m) == 1),
                "Bernoullis has its fills");
    }

    /** The public methods a type declares (not those of Object, nor synthetic ones). */
    private static Stream<Method> publicMethods(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic())
                .filter(m -> !m.getName().equals("toString") && !m.getName().equals("equals")
                        && !m.getName().equals("hashCode"));
    }

    /** Parameters that are arrays or memory segments: places a kernel could write. */
    private static int buffers(Method m) {
        int n = 0;
        for (Class<?> p : m.getParameterTypes()) {
            if (p.isArray() || MemorySegment.class.isAssignableFrom(p)) {
                n++;
            }
        }
        return n;
    }

    // ---- helpers ----

    /** Float or double arrays behind one face, so that a check is written once for both precisions. */
    private enum Precision {
        FLOAT(float.class, 1, 0x7fc0dead) {
            @Override
            Object normals(long index, int n) {
                float[] eps = new float[n];
                Normals.fill(RNG, index, eps, 0, n);
                return eps;
            }

            @Override
            void forward(Forward f) {
                float[] loc = (float[]) f.loc;
                float[] scale = (float[]) f.scale;
                if (f.parallel) {
                    NormalRsample.forward(f.rng, f.index, f.batch, f.features, loc, scale, (float[]) f.z, f.zFrom,
                            (float[]) f.eps, f.epsFrom, f.executor);
                } else {
                    NormalRsample.forward(f.rng, f.index, f.batch, f.features, loc, scale, (float[]) f.z, f.zFrom,
                            (float[]) f.eps, f.epsFrom);
                }
            }

            @Override
            void backward(Backward b) {
                float[] dz = (float[]) b.dz;
                float[] eps = (float[]) b.eps;
                float[] gl = (float[]) b.gradLoc;
                float[] gs = (float[]) b.gradScale;
                if (b.parallel) {
                    NormalRsample.backward(b.rng, b.index, b.batch, b.features, dz, b.dzFrom, eps, b.epsFrom, gl, gs,
                            b.accumulate, b.executor);
                } else {
                    NormalRsample.backward(b.rng, b.index, b.batch, b.features, dz, b.dzFrom, eps, b.epsFrom, gl, gs,
                            b.accumulate);
                }
            }
        },
        DOUBLE(double.class, 2, 0x7ff8_0000_0000_deadL) {
            @Override
            Object normals(long index, int n) {
                double[] eps = new double[n];
                Normals.fill(RNG, index, eps, 0, n);
                return eps;
            }

            @Override
            void forward(Forward f) {
                double[] loc = (double[]) f.loc;
                double[] scale = (double[]) f.scale;
                if (f.parallel) {
                    NormalRsample.forward(f.rng, f.index, f.batch, f.features, loc, scale, (double[]) f.z,
                            f.zFrom, (double[]) f.eps, f.epsFrom, f.executor);
                } else {
                    NormalRsample.forward(f.rng, f.index, f.batch, f.features, loc, scale, (double[]) f.z,
                            f.zFrom, (double[]) f.eps, f.epsFrom);
                }
            }

            @Override
            void backward(Backward b) {
                double[] dz = (double[]) b.dz;
                double[] eps = (double[]) b.eps;
                double[] gl = (double[]) b.gradLoc;
                double[] gs = (double[]) b.gradScale;
                if (b.parallel) {
                    NormalRsample.backward(b.rng, b.index, b.batch, b.features, dz, b.dzFrom, eps, b.epsFrom, gl,
                            gs, b.accumulate, b.executor);
                } else {
                    NormalRsample.backward(b.rng, b.index, b.batch, b.features, dz, b.dzFrom, eps, b.epsFrom, gl,
                            gs, b.accumulate);
                }
            }
        };

        private final Class<?> element;
        private final int wordsPerVariate;
        private final long sentinel;

        Precision(Class<?> element, int wordsPerVariate, long sentinel) {
            this.element = element;
            this.wordsPerVariate = wordsPerVariate;
            this.sentinel = sentinel;
        }

        /** {@code Normals.fill(RNG, index, ...)} of {@code n} variates. */
        abstract Object normals(long index, int n);

        /** {@link NormalRsample#forward} with these arguments, with the executor overload if parallel. */
        abstract void forward(Forward f);

        /** {@link NormalRsample#backward} with these arguments, with the executor overload if parallel. */
        abstract void backward(Backward b);

        Object zeros(int n) {
            return Array.newInstance(element, n);
        }

        /** {@code a[i] = v}, rounded to this precision. */
        void set(Object a, int i, double v) {
            Array.set(a, i, element == float.class ? (Object) (float) v : (Object) v);
        }

        /** {@code n} values uniform in {@code [lo, hi)}, each rounded to this precision. */
        Object random(SplittableRandom r, int n, double lo, double hi) {
            Object a = zeros(n);
            for (int i = 0; i < n; i++) {
                set(a, i, r.nextDouble(lo, hi));
            }
            return a;
        }

        /**
         * The elementwise sum in this precision. For floats the double sum rounded to float is the
         * float sum: double has more than 2 * 24 + 2 bits, so the double rounding is innocuous.
         */
        Object plus(Object a, Object b) {
            Object s = zeros(Array.getLength(a));
            for (int i = 0; i < Array.getLength(s); i++) {
                set(s, i, Array.getDouble(a, i) + Array.getDouble(b, i));
            }
            return s;
        }

        /** Raw bits of an unwritten cell: a NaN no kernel produces. */
        long sentinel() {
            return sentinel;
        }

        /** {@code n} unwritten cells. */
        Object sentinels(int n) {
            if (element == float.class) {
                float[] a = new float[n];
                Arrays.fill(a, Float.intBitsToFloat((int) sentinel));
                return a;
            }
            double[] a = new double[n];
            Arrays.fill(a, Double.longBitsToDouble(sentinel));
            return a;
        }

        /** The last normal variate of a stream in this precision. */
        long lastVariate() {
            return Long.MAX_VALUE / wordsPerVariate;
        }

        /** {@link NormalRsample#forward} on {@link #RNG}, single-threaded. */
        final void forward(long index, int batch, int features, Object loc, Object scale, Object z, int zFrom,
                Object eps, int epsFrom) {
            Forward f = new Forward(this);
            f.index = index;
            f.batch = batch;
            f.features = features;
            f.loc = loc;
            f.scale = scale;
            f.z = z;
            f.zFrom = zFrom;
            f.eps = eps;
            f.epsFrom = epsFrom;
            f.run();
        }

        /** {@link NormalRsample#backward} on {@link #RNG}, single-threaded, dz and eps from element 0. */
        final void backward(long index, int batch, int features, Object dz, Object eps, Object gradLoc,
                Object gradScale, boolean accumulate) {
            Backward b = new Backward(this);
            b.index = index;
            b.batch = batch;
            b.features = features;
            b.dz = dz;
            b.eps = eps;
            b.gradLoc = gradLoc;
            b.gradScale = gradScale;
            b.accumulate = accumulate;
            b.run();
        }
    }

    /** Elements {@code [from, to)} of a float or double array. */
    private static Object slice(Object a, int from, int to) {
        Object s = Array.newInstance(a.getClass().getComponentType(), to - from);
        System.arraycopy(a, from, s, 0, to - from);
        return s;
    }

    /** The raw bits of each element of a float or double array. */
    private static long[] bits(Object a) {
        long[] b = new long[Array.getLength(a)];
        for (int i = 0; i < b.length; i++) {
            b[i] = a instanceof float[] f ? Float.floatToRawIntBits(f[i])
                    : Double.doubleToRawLongBits(((double[]) a)[i]);
        }
        return b;
    }

    private static void assertSameBits(Object expected, Object actual, String what) {
        assertArrayEquals(bits(expected), bits(actual), what);
    }

    /** The distinct parameter lengths of a shape (1, features, batch * features; fewer where they coincide). */
    private static int[] modes(int[] shape) {
        return IntStream.of(lengths(shape[0], shape[1])).distinct().toArray();
    }

    /** The value of a parameter (or gradient) of {@code length} values that element {@code i} uses. */
    private static int param(int length, int features, int i) {
        return length == 1 ? 0 : length == features ? i % features : i;
    }

    private static void assertWithin(BigDecimal exact, double actual, double bound, String what) {
        double err = new BigDecimal(actual).subtract(exact).abs().doubleValue();
        if (!(err <= bound)) {
            fail(what + ": " + actual + " differs from the exact " + exact.doubleValue() + " by " + err + " > "
                    + bound);
        }
    }

    /** One finite-difference problem in double: shape, stream position, parameters, loss weights, policy. */
    private record Problem(int batch, int features, long index, double[] loc, double[] scale, double[] w,
            boolean store) {
        int n() {
            return batch * features;
        }

        double[] eps() {
            double[] eps = new double[n()];
            Normals.fill(RNG, index, eps, 0, n());
            return eps;
        }

        double[] forward(double[] loc, double[] scale) {
            double[] z = new double[n()];
            NormalRsample.forward(RNG, index, batch, features, loc, scale, z, 0, store ? new double[n()] : null, 0);
            return z;
        }

        /** The loss of element {@code i}. */
        double loss(int i, double z) {
            return w[i] * Math.sin(z) + 0.5 * z * z;
        }

        /** Checks each (or a sample of {@link #CHECKED}) gradient values against a central difference. */
        void checkAgainstDifferences(boolean ofLoc, double[] grad, double[] z, double[] dz, double[] eps,
                SplittableRandom r) {
            double[] p = ofLoc ? loc : scale;
            for (int k : checkedIndices(p.length, r)) {
                double[] plus = p.clone();
                double[] minus = p.clone();
                plus[k] = p[k] + H;
                minus[k] = p[k] - H;
                double[] zPlus = ofLoc ? forward(plus, scale) : forward(loc, plus);
                double[] zMinus = ofLoc ? forward(minus, scale) : forward(loc, minus);
                double difference = 0;
                double truncation = 0;
                double rounding = 0;
                double terms = 0;
                for (int i = 0; i < n(); i++) {
                    if (param(p.length, features, i) != k) {
                        assertEquals(zPlus[i], zMinus[i], "element " + i + " does not use parameter " + k);
                        continue;
                    }
                    difference += loss(i, zPlus[i]) - loss(i, zMinus[i]);
                    double a = ofLoc ? 1 : Math.abs(eps[i]);
                    truncation += Math.abs(w[i]) * a * a * a;
                    rounding += 1 + Math.abs(w[i]) + z[i] * z[i];
                    terms += Math.abs(dz[i]) * a;
                }
                double step = plus[k] - minus[k];
                double fd = difference / step;
                double bound = H * H / 6 * truncation + 16 * U * rounding / step + n() * U * terms;
                double err = Math.abs(fd - grad[k]);
                if (!(err <= bound)) {
                    fail((ofLoc ? "gradLoc" : "gradScale") + "[" + k + "] of " + batch + "x" + features + " loc"
                            + loc.length + " scale" + scale.length + (store ? " STORE" : " RECOMPUTE")
                            + ": backward " + grad[k] + ", central difference " + fd + ", error " + err
                            + " > bound " + bound);
                }
            }
        }

        private static int[] checkedIndices(int length, SplittableRandom r) {
            if (length <= CHECKED) {
                return IntStream.range(0, length).toArray();
            }
            return IntStream.concat(IntStream.of(0, length - 1), r.ints(CHECKED - 2, 1, length - 1)).toArray();
        }
    }
}
