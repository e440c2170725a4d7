package io.simdist.kernels;

import static io.simdist.kernels.RsampleLayout.ELEMENT;

import io.simdist.rng.Checks;
import io.simdist.rng.Philox4x32;
import io.simdist.simd.Backends;
import java.util.Arrays;
import java.util.Objects;

/**
 * The tanh-squashed Gaussian of Soft Actor-Critic (Haarnoja et al., "Soft Actor-Critic: Off-Policy
 * Maximum Entropy Deep Reinforcement Learning with a Stochastic Actor", 2018, appendix C) as one fused
 * forward and one fused backward pass: {@code u = loc + eps * scale}, the action {@code a = tanh(u)}
 * and, per row, its log-density
 * <pre>  log p(a) = sum_j [ log N(u_j; loc_j, scale_j) - log(1 - tanh(u_j)^2) ]</pre>
 * with {@code log N(u) = -eps^2 / 2 - log(scale) - log(2 pi) / 2} (u came from the rsample, so
 * {@code (u - loc) / scale} is eps exactly) and the squashing correction computed stably as
 * {@code log(1 - tanh(u)^2) = 2 (log 2 - |u| - log(1 + e))} with {@code e = exp(-2|u|)} in {@code [0, 1]}
 * (taken as {@code 1 / exp(2|u|)}, the exponential tanh computes anyway).
 * The logs of {@code 1 + e} are taken per row, of their product: one log per row (per 64 columns)
 * instead of one per element.
 *
 * <h2>Shapes, broadcasting, noise</h2>
 * As {@link NormalRsample}, float only: a row-major {@code [batch x features]} block, {@code loc} and
 * {@code scale} of length 1, {@code features} or {@code batch * features}, element {@code i} takes
 * float normal variate {@code index + i} of the stream (word {@code index + i}), and eps is stored
 * ({@link NormalRsample.EpsPolicy#STORE}) or recomputed ({@code eps == null}) with the same bits.
 * {@code logProb} has one value per row.
 *
 * <h2>Arithmetic</h2>
 * {@code tanh}, {@code exp} and {@code log} are {@link Elementary}'s, so every backend gives the
 * same bits. Per element, in float: {@code u = fma(eps, scale, loc)}, {@code a = tanh(u)}, the term
 * {@link #logProbTerm} and the squashing factor {@code e = }{@link #squash}{@code (u)}. A row's
 * log-probability ({@link #rowLogProb}) sums its terms in double, the term of column {@code c} into
 * partial {@code c mod 4} in increasing {@code c}, then {@code T = (p0 + p1) + (p2 + p3)}; it multiplies
 * {@code 1 + e} in increasing column order into a double product that restarts after every
 * {@value #SQUASH_BLOCK} columns (so it stays below {@code 2^64}), and adds {@link #blockLog} of each
 * block's product (its float log) into the double {@code L}, blocks in order; the result is
 * {@code T + 2 L}, rounded to float once. (One rounding to float and one log per block, where a float
 * {@code log1p} per element, the definition before 2026-12-07, rounded every factor: against a double
 * reference over 20819 random rows the largest error went from 2.33e-5 to 2.10e-5, the mean from 1.41e-6
 * to 1.16e-6.)
 *
 * <h2>Backward</h2>
 * With {@code dA = dL/da} (per element) and {@code dLp = dL/dlogProb} (per row), eps held fixed:
 * {@code dL/du = dA (1 - a^2) + dLp * 2a} (the derivative of {@code -log(1 - tanh^2 u)} is
 * {@code 2 tanh u}), {@code dL/dloc = sum dL/du} and {@code dL/dscale = sum (dL/du * eps - dLp / scale)},
 * reduced to each parameter's shape in {@link NormalRsample}'s fixed order, so the gradients are
 * bit-identical across backends and vector widths. {@code a = tanh(u)} is recomputed from the noise, or
 * read from the forward pass's actions where the caller keeps them (the same bits): with the noise stored
 * too, the backward pass computes no transcendental function.
 *
 * <h2>Errors</h2>
 * Everything is checked before anything is written; messages name the parameter, index and value.
 */
public final class TanhNormalRsample {
    /** {@code log 2}, rounded to float. */
    static final float LN2 = 0.6931472f;
    /** {@code log(2 pi) / 2}, rounded to float. */
    static final float HALF_LOG_2PI = 0.9189385f;
    /** Columns per product of the squashing factors {@code 1 + e}: each product stays below {@code 2^64}. */
    static final int SQUASH_BLOCK = 64;

    private static final ThreadLocal<GradTerms> GRAD_TERMS = new ThreadLocal<>() {
        @Override
        protected GradTerms initialValue() {
            return new GradTerms();
        }
    };

    private TanhNormalRsample() {}

    /**
     * One element's float share of its row's log-probability, all of {@code log N(u) - log(1 - tanh(u)^2)}
     * but the {@code 2 log(1 + e)} that the row adds from its product ({@link #rowLogProb}):
     * {@code fma(-eps/2, eps, -(c + (w + w)))} with {@code c = log(scale) + log(2 pi)/2} and
     * {@code w = log 2 - |u|}, in float.
     *
     * @param eps the element's noise
     * @param scale its scale
     * @param u its pre-squash value {@code fma(eps, scale, loc)}
     * @return {@code log N(u) - 2 (log 2 - |u|)}
     */
    static float logProbTerm(float eps, float scale, float u) {
        return logProbTermOf(eps, logNorm(scale), u);
    }

    /** {@code c = log(scale) + log(2 pi)/2} in float, the per-scale constant of {@link #logProbTerm}. */
    static float logNorm(float scale) {
        return Elementary.log(scale) + HALF_LOG_2PI;
    }

    /** {@link #logProbTerm} given its constant {@code c = logNorm(scale)}: the same bits. */
    static float logProbTermOf(float eps, float c, float u) {
        float w = LN2 - Math.abs(u);
        return Math.fma(-0.5f * eps, eps, -(c + (w + w)));
    }

    /**
     * The squashing factor of an element, {@code e = exp(-2|u|)} in {@code [0, 1]}:
     * {@code 1 - tanh(u)^2 = 4e / (1 + e)^2}, so its row adds {@code 2 log(1 + e)}. It is computed as
     * {@code 1 / E} from the exponential {@code E = exp(2|u|)} that {@link Elementary#tanh} takes anyway, so
     * an element costs one exp for both; 0 where E overflows ({@code |u| > 44.36}, where the true value is
     * below 3e-39).
     *
     * @param u the pre-squash value
     * @return {@code 1 / exp(2|u|)}, with {@link Elementary#exp} of {@code |u| + |u|}
     */
    static float squash(float u) {
        float a = Math.abs(u);
        return 1f / Elementary.exp(a + a);
    }

    /**
     * {@code dL/du = fma(dA, fma(-a, a, 1), dLp * (a + a))} with {@code a = tanh(u)}.
     *
     * @param dA the upstream gradient of the action
     * @param dLp the upstream gradient of the row's log-probability
     * @param u the pre-squash value
     * @return dL/du
     */
    static float gradU(float dA, float dLp, float u) {
        return gradUOfAction(dA, dLp, Elementary.tanh(u));
    }

    /** {@link #gradU} given the action {@code a = tanh(u)}: {@code fma(dA, fma(-a, a, 1), dLp * (a + a))}. */
    static float gradUOfAction(float dA, float dLp, float a) {
        return Math.fma(dA, Math.fma(-a, a, 1f), dLp * (a + a));
    }

    /**
     * The element's term of dL/dscale: {@code fma(g, eps, -(dLp / scale))}.
     *
     * @param g dL/du
     * @param eps the element's noise
     * @param dLp the upstream gradient of the row's log-probability
     * @param scale the element's scale
     * @return the term
     */
    static float scaleTerm(float g, float eps, float dLp, float scale) {
        return Math.fma(g, eps, -(dLp / scale));
    }

    /**
     * Forward pass: the actions {@code a = tanh(fma(eps, scale, loc))} of the {@code batch * features}
     * elements and, if {@code logProb} is not null, each row's log-probability.
     *
     * @param rng the stream
     * @param index the normal variate of element 0, {@code >= 0}
     * @param batch rows, {@code >= 0}
     * @param features columns (the action dimension), {@code >= 1}
     * @param loc 1, {@code features} or {@code batch * features} finite locations
     * @param scale 1, {@code features} or {@code batch * features} scales, each {@code > 0} and finite
     * @param action receives the actions, {@code batch * features} elements from {@code actionFrom}
     * @param actionFrom first element of {@code action} written
     * @param logProb receives one log-probability per row from {@code logProbFrom}, or null
     * @param logProbFrom first element of {@code logProb} written
     * @param eps where to store the noise, or null to keep none
     * @param epsFrom first element of {@code eps} written
     * @throws NullPointerException if {@code rng}, {@code loc}, {@code scale} or {@code action} is null
     * @throws IllegalArgumentException for a bad shape, parameter length or value, output arrays that
     *     are the same array, {@code index < 0} or variates past the stream's end
     * @throws IndexOutOfBoundsException if an output range is not inside its array
     */
    public static void forward(Philox4x32 rng, long index, int batch, int features, float[] loc, float[] scale,
            float[] action, int actionFrom, float[] logProb, int logProbFrom, float[] eps, int epsFrom) {
        forward(SmallCalls.provider(batch, features), SmallCalls.fitsTanh(batch, features), rng, index, batch, features, loc, scale, action,
                actionFrom, logProb, logProbFrom, eps, epsFrom);
    }

    /**
     * {@link #forward(Philox4x32, long, int, int, float[], float[], float[], int, float[], int, float[], int)}
     * with parameters checked once ({@link LocScale}): the same values, without the per-call check of the
     * parameters' values; everything else is checked as for the array call.
     *
     * @param rng the stream
     * @param index the normal variate of element 0, {@code >= 0}
     * @param batch rows, {@code >= 0}
     * @param params the locations and scales of u, {@code D = params.features()} action dimensions
     * @param action receives the actions, {@code batch * D} elements from {@code actionFrom}
     * @param actionFrom first element of {@code action} written
     * @param logProb receives one log-probability per row from {@code logProbFrom}, or null
     * @param logProbFrom first element of {@code logProb} written
     * @param eps where to store the noise, or null to keep none
     * @param epsFrom first element of {@code eps} written
     * @throws NullPointerException if {@code rng}, {@code params} or {@code action} is null
     * @throws IllegalArgumentException for a bad batch, output arrays that are the same array,
     *     {@code index < 0} or variates past the stream's end
     * @throws IndexOutOfBoundsException if an output range is not inside its array
     */
    public static void forward(Philox4x32 rng, long index, int batch, LocScale params, float[] action, int actionFrom,
            float[] logProb, int logProbFrom, float[] eps, int epsFrom) {
        int features = Objects.requireNonNull(params, "params").features();
        forward(SmallCalls.provider(batch, features), SmallCalls.fitsTanh(batch, features), true, rng, index, batch,
                features, params.loc, params.scale, params.logNorm, action, actionFrom, logProb, logProbFrom, eps,
                epsFrom);
    }

    /** The forward pass checking the parameters. */
    static void forward(KernelProvider p, boolean small, Philox4x32 rng, long index, int batch, int features,
            float[] loc, float[] scale, float[] action, int actionFrom, float[] logProb, int logProbFrom,
            float[] eps, int epsFrom) {
        forward(p, small, false, rng, index, batch, features, loc, scale, null, action, actionFrom, logProb,
                logProbFrom, eps, epsFrom);
    }

    /**
     * The forward pass on {@code p}, or on the small-call path ({@link SmallCalls}) with {@code small};
     * {@code checked}: the parameters' values are known good ({@link LocScale}); {@code logNorm}: their
     * {@link LocScale#logNorm} (one per scale value), or null.
     */
    static void forward(KernelProvider p, boolean small, boolean checked, Philox4x32 rng, long index, int batch,
            int features, float[] loc, float[] scale, float[] logNorm, float[] action, int actionFrom,
            float[] logProb, int logProbFrom, float[] eps, int epsFrom) {
        int modes = NormalRsample.checkForward(rng, index, 1, batch, features, loc, loc == null ? 0 : loc.length,
                scale, scale == null ? 0 : scale.length, action, actionFrom, action == null ? 0 : action.length,
                eps, epsFrom, eps == null ? 0 : eps.length);
        if (logProb != null) {
            if (logProb == action || logProb == eps) {
                throw new IllegalArgumentException("logProb must not be the array " + (logProb == action ? "action"
                        : "eps"));
            }
            Checks.inside("logProb", logProbFrom, batch, logProb.length);
        }
        if (!checked) {
            NormalRsample.checkParams(small ? ScalarKernelProvider.INSTANCE : p, loc, scale);
        }
        int locMode = NormalRsample.locMode(modes);
        int scaleMode = NormalRsample.scaleMode(modes);
        if (small && SmallCalls.tanhRow(batch, features, locMode, scaleMode)) {
            SmallCalls.tanhForwardRow(p, rng.key(), rng.streamId(), index, features, loc, scale, logNorm, action,
                    actionFrom, logProb, logProbFrom, eps, epsFrom);
            return;
        }
        if (small && SmallCalls.fits(batch, features)) {
            SmallCalls.tanhForward(rng.key(), rng.streamId(), index, batch, features, loc, locMode, scale, scaleMode,
                    logNorm, action, actionFrom, logProb, logProbFrom, eps, epsFrom);
            return;
        }
        RsampleScratch s = RsampleScratch.get();
        RsampleLayout l = s.layout.set(batch, features);
        float[] locs = l.tile(loc, locMode, s.locF);
        float[] scales = l.tile(scale, scaleMode, s.scaleF);
        float[] norms = logNorm == null ? null : l.tile(logNorm, scaleMode, s.logNormF);
        RowAccumulator acc = s.rowLogProb;
        RsampleLayout.Pieces pc = s.pieces.start(l, 0, batch);
        while (pc.next()) {
            float[] e = eps != null ? eps : s.epsF;
            int eo = eps != null ? epsFrom + pc.e : 0;
            p.normalFloats(rng.key(), rng.streamId(), index + pc.e, e, eo, pc.n);
            p.tanhForward(e, eo, locs, l.paramOffset(locMode, pc.e, pc.column), scales,
                    l.paramOffset(scaleMode, pc.e, pc.column), norms, action, actionFrom + pc.e, s.termsF,
                    s.squashF, pc.n);
            if (logProb == null) {
                continue;
            }
            float[] t = s.termsF;
            float[] q = s.squashF;
            int row = pc.e / features;
            int col = pc.column;
            int j = 0;
            if (col == 0 && features <= SQUASH_BLOCK) {
                // whole rows of one block each: their products first, then their logs in one provider pass
                // (the same bits as blockLog), then the values; the order of each row's sums is the general one
                int rows = pc.n / features;
                double[] rowT = s.rowTermsD;
                float[] rowL = s.rowLogsF;
                for (int r = 0; r < rows; r++, j += features) {
                    rowT[r] = rowTerms(t, j, features);
                    rowL[r] = (float) rowProduct(q, j, features);
                }
                p.logOfProducts(rowL, rows);
                for (int r = 0; r < rows; r++) {
                    logProb[logProbFrom + row++] = rowValue(rowT[r], rowL[r]);
                }
            } else if (col == 0) {  // whole rows of several blocks: each as rowLogProb defines it
                for (; j + features <= pc.n; j += features) {
                    logProb[logProbFrom + row++] = rowLogProb(t, q, j, features);
                }
            }
            for (; j < pc.n; j++) {
                acc.add(col, features, t[j], q[j]);
                if (++col == features) {
                    logProb[logProbFrom + row++] = acc.finish();
                    col = 0;
                }
            }
        }
    }

    /**
     * One whole row's log-probability from its terms {@code t[from .. from + features)} and squashing
     * factors {@code e[from ..]}, as the class comment defines it: term {@code c} into partial
     * {@code c mod 4}, the factors {@code 1 + e} multiplied per block of {@value #SQUASH_BLOCK} columns and
     * the blocks' logs added, then {@code ((p0 + p1) + (p2 + p3)) + 2 L} rounded to float once.
     */
    static float rowLogProb(float[] t, float[] e, int from, int features) {
        double logs = 0;
        for (int b = 0; b < features; b += SQUASH_BLOCK) {
            logs += blockLog(rowProduct(e, from + b, Math.min(SQUASH_BLOCK, features - b)));
        }
        return rowValue(rowTerms(t, from, features), logs);
    }

    /**
     * {@code T} of a row: its terms {@code t[from .. from + features)}, term {@code c} into double partial
     * {@code c mod 4} in increasing {@code c}, then {@code (p0 + p1) + (p2 + p3)}.
     */
    static double rowTerms(float[] t, int from, int features) {
        double p0 = 0;
        double p1 = 0;
        double p2 = 0;
        double p3 = 0;
        int c = 0;
        for (; c + 4 <= features; c += 4) {
            p0 += t[from + c];
            p1 += t[from + c + 1];
            p2 += t[from + c + 2];
            p3 += t[from + c + 3];
        }
        if (c < features) {
            p0 += t[from + c];
        }
        if (c + 1 < features) {
            p1 += t[from + c + 1];
        }
        if (c + 2 < features) {
            p2 += t[from + c + 2];
        }
        return (p0 + p1) + (p2 + p3);
    }

    /** The product of {@code 1 + e[from + k]}, {@code k < n <= SQUASH_BLOCK}, in double, in increasing k. */
    static double rowProduct(float[] e, int from, int n) {
        double prod = 1;
        for (int k = 0; k < n; k++) {
            prod *= 1.0 + e[from + k];
        }
        return prod;
    }

    /** A row's log-probability from {@code T} and the sum {@code L} of its blocks' logs: {@code T + 2 L}, rounded once. */
    static float rowValue(double terms, double logs) {
        return (float) (terms + 2 * logs);
    }

    /**
     * The log of one block's product of squashing factors, in {@code [1, 2^64)}: {@link Elementary#log} of
     * the product rounded to float (exact in double).
     */
    static double blockLog(double prod) {
        return Elementary.log((float) prod);
    }


    /**
     * The running log-probability of a row that spans pieces of the bulk forward pass, in the order of
     * {@link #rowLogProb}; one per thread ({@link RsampleScratch}), left cleared between rows.
     */
    static final class RowAccumulator {
        private final double[] partials = new double[4];
        private double prod = 1;
        private double logs;

        /** Adds column {@code column}'s term {@code t} and factor {@code e} of a row of {@code features}. */
        void add(int column, int features, float t, float e) {
            partials[column & 3] += t;
            prod *= 1.0 + e;
            if (column % SQUASH_BLOCK == SQUASH_BLOCK - 1 || column == features - 1) {
                logs += blockLog(prod);
                prod = 1;
            }
        }

        /** @return the finished row's log-probability; clears the accumulator for the next row */
        float finish() {
            float v = rowValue((partials[0] + partials[1]) + (partials[2] + partials[3]), logs);
            Arrays.fill(partials, 0.0);
            logs = 0;
            return v;
        }
    }

    /**
     * Backward pass: the gradients of a loss L with respect to {@code loc} and {@code scale}, given
     * {@code dL/daction} and {@code dL/dlogProb} of a forward pass with the same stream, index, shape and
     * parameters. See the class comment for the formulas and the reduction order.
     *
     * @param rng the stream of the forward pass
     * @param index the index of the forward pass
     * @param batch rows
     * @param features columns
     * @param loc the locations of the forward pass
     * @param scale the scales of the forward pass
     * @param dAction {@code dL/da}, {@code batch * features} elements from {@code dActionFrom}, or null for 0
     * @param dActionFrom first element of {@code dAction} read
     * @param dLogProb {@code dL/dlogProb}, {@code batch} values from {@code dLogProbFrom}, or null for 0
     * @param dLogProbFrom first element of {@code dLogProb} read
     * @param eps the noise stored by the forward pass, or null to recompute it
     * @param epsFrom first element of {@code eps} read
     * @param gradLoc receives {@code dL/dloc} (the length of {@code loc}), or null
     * @param gradScale receives {@code dL/dscale} (the length of {@code scale}), or null
     * @param accumulate add to what the gradient buffers hold instead of overwriting it
     * @throws NullPointerException if {@code rng}, {@code loc} or {@code scale} is null
     * @throws IllegalArgumentException for a bad shape, parameter length or value, a gradient buffer of
     *     another length than its parameter or that is an input array, {@code index < 0} or variates
     *     past the stream's end
     * @throws IndexOutOfBoundsException if an input range is not inside its array
     */
    public static void backward(Philox4x32 rng, long index, int batch, int features, float[] loc, float[] scale,
            float[] dAction, int dActionFrom, float[] dLogProb, int dLogProbFrom, float[] eps, int epsFrom,
            float[] gradLoc, float[] gradScale, boolean accumulate) {
        backward(SmallCalls.provider(batch, features), SmallCalls.fitsTanh(batch, features), rng, index, batch, features, loc, scale,
                dAction, dActionFrom, dLogProb, dLogProbFrom, eps, epsFrom, gradLoc, gradScale, accumulate);
    }

    /**
     * {@link #backward(Philox4x32, long, int, int, float[], float[], float[], int, float[], int, float[], int,
     * float[], float[], boolean)} with parameters checked once ({@link LocScale}): the same gradients,
     * without the per-call check of the parameters' values; everything else is checked as for the array
     * call.
     *
     * @param rng the stream of the forward pass
     * @param index the index of the forward pass
     * @param batch rows
     * @param params the parameters of the forward pass
     * @param dAction {@code dL/da}, {@code batch * D} values from {@code dActionFrom}, or null for 0
     * @param dActionFrom first element of {@code dAction} read
     * @param dLogProb {@code dL/dlogProb}, {@code batch} values from {@code dLogProbFrom}, or null for 0
     * @param dLogProbFrom first element of {@code dLogProb} read
     * @param eps the stored noise, or null to recompute it
     * @param epsFrom first element of {@code eps} read
     * @param gradLoc receives {@code dL/dloc} ({@code D} values), or null
     * @param gradScale receives {@code dL/dscale} ({@code D} values), or null
     * @param accumulate add to the gradient buffers instead of overwriting them
     * @throws NullPointerException if {@code rng} or {@code params} is null
     * @throws IllegalArgumentException for a bad batch, a gradient buffer of another length than
     *     {@code D} or that is an input array, {@code index < 0} or variates past the stream's end
     * @throws IndexOutOfBoundsException if an input range is not inside its array
     */
    public static void backward(Philox4x32 rng, long index, int batch, LocScale params, float[] dAction,
            int dActionFrom, float[] dLogProb, int dLogProbFrom, float[] eps, int epsFrom, float[] gradLoc,
            float[] gradScale, boolean accumulate) {
        backward(rng, index, batch, params, dAction, dActionFrom, dLogProb, dLogProbFrom, eps, epsFrom, null, 0,
                gradLoc, gradScale, accumulate);
    }

    /**
     * {@link #backward(Philox4x32, long, int, LocScale, float[], int, float[], int, float[], int, float[],
     * float[], boolean)} reading the actions the forward pass wrote instead of recomputing
     * {@code tanh(u)} for each element: the same gradients, without a transcendental per element when the
     * noise is stored too. The actions are used as given: they must be the forward pass's own (a copy kept
     * where the caller cannot change it, as {@code TanhNormal}'s samples keep one).
     *
     * @param rng the stream of the forward pass
     * @param index the index of the forward pass
     * @param batch rows
     * @param params the parameters of the forward pass
     * @param dAction {@code dL/da}, {@code batch * D} values from {@code dActionFrom}, or null for 0
     * @param dActionFrom first element of {@code dAction} read
     * @param dLogProb {@code dL/dlogProb}, {@code batch} values from {@code dLogProbFrom}, or null for 0
     * @param dLogProbFrom first element of {@code dLogProb} read
     * @param eps the stored noise, or null to recompute it
     * @param epsFrom first element of {@code eps} read
     * @param action the actions of the forward pass, {@code batch * D} values from {@code actionFrom}, or
     *     null to recompute them
     * @param actionFrom first element of {@code action} read
     * @param gradLoc receives {@code dL/dloc} ({@code D} values), or null
     * @param gradScale receives {@code dL/dscale} ({@code D} values), or null
     * @param accumulate add to the gradient buffers instead of overwriting them
     * @throws NullPointerException if {@code rng} or {@code params} is null
     * @throws IllegalArgumentException for a bad batch, a gradient buffer of another length than
     *     {@code D} or that is an input array, {@code index < 0} or variates past the stream's end
     * @throws IndexOutOfBoundsException if an input range is not inside its array
     */
    public static void backward(Philox4x32 rng, long index, int batch, LocScale params, float[] dAction,
            int dActionFrom, float[] dLogProb, int dLogProbFrom, float[] eps, int epsFrom, float[] action,
            int actionFrom, float[] gradLoc, float[] gradScale, boolean accumulate) {
        int features = Objects.requireNonNull(params, "params").features();
        backward(SmallCalls.provider(batch, features), SmallCalls.fitsTanh(batch, features), true, rng, index, batch,
                features, params.loc, params.scale, dAction, dActionFrom, dLogProb, dLogProbFrom, eps, epsFrom,
                action, actionFrom, gradLoc, gradScale, accumulate);
    }

    /** The backward pass checking the parameters. */
    static void backward(KernelProvider p, boolean small, Philox4x32 rng, long index, int batch, int features,
            float[] loc, float[] scale, float[] dAction, int dActionFrom, float[] dLogProb, int dLogProbFrom,
            float[] eps, int epsFrom, float[] gradLoc, float[] gradScale, boolean accumulate) {
        backward(p, small, false, rng, index, batch, features, loc, scale, dAction, dActionFrom, dLogProb,
                dLogProbFrom, eps, epsFrom, null, 0, gradLoc, gradScale, accumulate);
    }

    /**
     * The backward pass on {@code p}, or on the small-call path ({@link SmallCalls}) with {@code small};
     * {@code checked}: the parameters' values are known good ({@link LocScale}); {@code action}: the
     * forward pass's actions, read instead of recomputed, or null.
     */
    static void backward(KernelProvider p, boolean small, boolean checked, Philox4x32 rng, long index, int batch,
            int features, float[] loc, float[] scale, float[] dAction, int dActionFrom, float[] dLogProb,
            int dLogProbFrom, float[] eps, int epsFrom, float[] action, int actionFrom, float[] gradLoc,
            float[] gradScale, boolean accumulate) {
        int modes = NormalRsample.checkModel(rng, index, 1, batch, features, loc, loc == null ? 0 : loc.length,
                scale, scale == null ? 0 : scale.length);
        int size = batch * features;
        if (eps != null) {
            Checks.inside("eps", epsFrom, size, eps.length);
        }
        if (dAction != null) {
            Checks.inside("dAction", dActionFrom, size, dAction.length);
        }
        if (dLogProb != null) {
            Checks.inside("dLogProb", dLogProbFrom, batch, dLogProb.length);
        }
        if (action != null) {
            Checks.inside("action", actionFrom, size, action.length);
        }
        checkGrad("gradLoc", gradLoc, "loc", loc.length, dAction, dLogProb, eps, action);
        checkGrad("gradScale", gradScale, "scale", scale.length, dAction, dLogProb, eps, action);
        if (gradLoc != null && gradLoc == gradScale) {
            throw new IllegalArgumentException("gradLoc and gradScale must be different arrays");
        }
        if (!checked) {
            NormalRsample.checkParams(small ? ScalarKernelProvider.INSTANCE : p, loc, scale);
        }
        int locMode = NormalRsample.locMode(modes);
        int scaleMode = NormalRsample.scaleMode(modes);
        if (small && SmallCalls.tanhRow(batch, features, locMode, scaleMode)) {
            SmallCalls.tanhBackwardRow(p, rng.key(), rng.streamId(), index, features, loc, locMode, scale, scaleMode,
                    dAction, dActionFrom, dLogProb, dLogProbFrom, eps, epsFrom, action, actionFrom, gradLoc,
                    gradScale, accumulate);
            return;
        }
        if (small && SmallCalls.fits(batch, features)) {
            SmallCalls.tanhBackward(rng.key(), rng.streamId(), index, batch, features, loc, locMode, scale,
                    scaleMode, dAction, dActionFrom, dLogProb, dLogProbFrom, eps, epsFrom, action, actionFrom, gradLoc,
                    gradScale, accumulate);
            return;
        }
        RsampleLayout l = RsampleScratch.get().layout.set(batch, features);
        GradTerms t = GRAD_TERMS.get();
        t.set(rng, index, l, loc, locMode, scale, scaleMode, dAction, dActionFrom, dLogProb, dLogProbFrom, eps,
                epsFrom, action, actionFrom);
        RsampleReduction.run(p, l, locMode, gradLoc, scaleMode, gradScale, accumulate, t);
    }

    /** The terms of the backward pass, for one call at a time per thread. */
    private static final class GradTerms extends RsampleReduction.Terms {
        private Philox4x32 rng;
        private long index;
        private int features;
        private float[] locs;
        private int locMode;
        private float[] scales;
        private int scaleMode;
        private float[] dAction;
        private int dActionFrom;
        private float[] dLogProb;
        private int dLogProbFrom;
        private float[] eps;
        private int epsFrom;
        private float[] action;
        private int actionFrom;
        private RsampleLayout layout;

        void set(Philox4x32 rng, long index, RsampleLayout l, float[] loc, int locMode, float[] scale, int scaleMode,
                float[] dAction, int dActionFrom, float[] dLogProb, int dLogProbFrom, float[] eps, int epsFrom,
                float[] action, int actionFrom) {
            RsampleScratch s = RsampleScratch.get();
            this.rng = rng;
            this.index = index;
            this.layout = l;
            this.features = l.features;
            this.locs = l.tile(loc, locMode, s.locF);
            this.locMode = locMode;
            this.scales = l.tile(scale, scaleMode, s.scaleF);
            this.scaleMode = scaleMode;
            this.dAction = dAction;
            this.dActionFrom = dActionFrom;
            this.dLogProb = dLogProb;
            this.dLogProbFrom = dLogProbFrom;
            this.eps = eps;
            this.epsFrom = epsFrom;
            this.action = action;
            this.actionFrom = actionFrom;
        }

        @Override
        void terms(KernelProvider p, RsampleLayout.Pieces pc, float[] termLoc, float[] termScale) {
            RsampleScratch s = RsampleScratch.get();
            float[] e = eps != null ? eps : s.epsF;
            int eo = eps != null ? epsFrom + pc.e : 0;
            if (eps == null) {
                p.normalFloats(rng.key(), rng.streamId(), index + pc.e, e, eo, pc.n);
            }
            float[] dLp = dLogProb == null ? RsampleScratch.ZEROS
                    : rowTile(dLogProb, dLogProbFrom + pc.e / features, pc, features, s.rowTileF);
            p.tanhGradTerms(e, eo, locs, layout.paramOffset(locMode, pc.e, pc.column), scales,
                    layout.paramOffset(scaleMode, pc.e, pc.column), action, action != null ? actionFrom + pc.e : 0,
                    dAction != null ? dAction : RsampleScratch.ZEROS, dAction != null ? dActionFrom + pc.e : 0, dLp, 0,
                    termLoc, termScale, pc.n);
        }
    }

    /**
     * The per-row values {@code v[first ..]} broadcast over the elements of piece {@code pc} (whole rows
     * from column 0, or part of one row) into {@code tile}.
     */
    private static float[] rowTile(float[] v, int first, RsampleLayout.Pieces pc, int features, float[] tile) {
        if (pc.column != 0 || pc.n < features) {
            Arrays.fill(tile, 0, pc.n, v[first]);
        } else {
            for (int r = 0, k = 0; k < pc.n; r++) {
                float x = v[first + r];
                for (int end = k + features; k < end; k++) {
                    tile[k] = x;
                }
            }
        }
        return tile;
    }

    private static void checkGrad(String name, float[] grad, String param, int paramLength, float[] in1,
            float[] in2, float[] in3, float[] in4) {
        if (grad == null) {
            return;
        }
        if (grad.length != paramLength) {
            throw new IllegalArgumentException(name + ".length must equal " + param + ".length (" + paramLength
                    + "), was " + grad.length);
        }
        if (grad == in1 || grad == in2 || grad == in3 || grad == in4) {
            throw new IllegalArgumentException(name + " must not be an input array");
        }
    }

    /**
     * The same kernels on a given backend. <b>Internal:</b> for the tests and benchmarks that compare
     * backends. Each method is its static namesake, argument for argument.
     *
     * @param provider the backend the kernels run on
     */
    public record On(KernelProvider provider) {
        /**
         * @param provider the backend the kernels run on
         * @throws NullPointerException if {@code provider} is null
         */
        public On {
            Objects.requireNonNull(provider, "provider");
        }

        /**
         * {@link TanhNormalRsample#forward(Philox4x32, long, int, int, float[], float[], float[], int, float[],
         * int, float[], int)}.
         *
         * @param rng the stream
         * @param index the normal variate of element 0
         * @param batch rows
         * @param features columns
         * @param loc the locations
         * @param scale the scales
         * @param action receives the actions
         * @param actionFrom first element of {@code action} written
         * @param logProb receives the row log-probabilities, or null
         * @param logProbFrom first element of {@code logProb} written
         * @param eps where to store the noise, or null
         * @param epsFrom first element of {@code eps} written
         */
        public void forward(Philox4x32 rng, long index, int batch, int features, float[] loc, float[] scale,
                float[] action, int actionFrom, float[] logProb, int logProbFrom, float[] eps, int epsFrom) {
            TanhNormalRsample.forward(provider, false, rng, index, batch, features, loc, scale, action, actionFrom,
                    logProb, logProbFrom, eps, epsFrom);
        }

        /**
         * {@link TanhNormalRsample#backward(Philox4x32, long, int, int, float[], float[], float[], int,
         * float[], int, float[], int, float[], float[], boolean)}.
         *
         * @param rng the stream of the forward pass
         * @param index the index of the forward pass
         * @param batch rows
         * @param features columns
         * @param loc the locations
         * @param scale the scales
         * @param dAction {@code dL/da}, or null
         * @param dActionFrom first element of {@code dAction} read
         * @param dLogProb {@code dL/dlogProb}, or null
         * @param dLogProbFrom first element of {@code dLogProb} read
         * @param eps the stored noise, or null
         * @param epsFrom first element of {@code eps} read
         * @param gradLoc receives {@code dL/dloc}, or null
         * @param gradScale receives {@code dL/dscale}, or null
         * @param accumulate add to the gradient buffers
         */
        public void backward(Philox4x32 rng, long index, int batch, int features, float[] loc, float[] scale,
                float[] dAction, int dActionFrom, float[] dLogProb, int dLogProbFrom, float[] eps, int epsFrom,
                float[] gradLoc, float[] gradScale, boolean accumulate) {
            TanhNormalRsample.backward(provider, false, rng, index, batch, features, loc, scale, dAction, dActionFrom,
                    dLogProb, dLogProbFrom, eps, epsFrom, gradLoc, gradScale, accumulate);
        }
    }
}
