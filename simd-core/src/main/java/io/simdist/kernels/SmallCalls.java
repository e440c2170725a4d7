package io.simdist.kernels;

import static io.simdist.kernels.RsampleLayout.ELEMENT;
import static io.simdist.kernels.RsampleLayout.FEATURE;
import static io.simdist.kernels.RsampleLayout.SCALAR;

import io.simdist.rng.Checks;
import io.simdist.simd.Backends;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;

/**
 * The small-call paths: small calls, such as one observation of a policy with a few actions, run here
 * instead of in the bulk kernels (at most {@link #ALWAYS} elements, and up to {@link SmallWords#MAX}
 * unless the Vector API backend runs, whose kernels are faster from about 16 elements on; the
 * reparameterised normal up to {@link SmallWords#MAX} on every backend, {@link #fitsAffine}). Their
 * arguments are checked by the public entry points, exactly as for a bulk call; this class only computes.
 *
 * <p>Each path is one scalar loop that draws the element's word ({@link SmallWords}; the rsample passes
 * above {@link #ALWAYS} elements take their noise from the backend's fill instead, {@link #noise}), applies the
 * scalar reference transform and the element arithmetic of the bulk kernels operation for operation,
 * and reduces gradients in the order {@link RsampleLayout} fixes. A call this small is a single piece
 * of a single block, so that order is: one double accumulator per position starting from {@code +0.0},
 * summed over the rows in increasing order for a per-feature gradient, over all positions in order for
 * a scalar one, then rounded once. So a small call gives exactly the bits of the bulk path at the same
 * (key, stream, index), on every backend (tested for lengths 1 to 70 at every offset modulo 64).
 *
 * <p>What they avoid is what costs at this size: the Vector API (no vector code to compile or box while
 * the JIT warms up, and no scalar tails), the per-thread scratch lookups, the layout and piece
 * bookkeeping, and the provider calls. A row-broadcast gradient over more than one row is the one case
 * that needs scratch (its per-feature accumulators): it takes one per-thread lookup.
 */
final class SmallCalls {
    private SmallCalls() {}

    /**
     * Calls of at most this many elements always take the small path. Up to {@link SmallWords#MAX} they
     * take it unless the Vector API backend runs: measured on a 2-core Xeon (AVX-512), the scalar loop
     * beats the vector kernels' call up to about 8 elements for the normal and tanh passes (12 for plain
     * draws, 8 for the relaxed Bernoulli), and loses from 16 on; the scalar and native backends lose to
     * it up to 64.
     */
    static final int ALWAYS = 8;

    /**
     * Initialises the classes the small-call loops use, so that a fresh JVM's first small call loads
     * none (each costs about half a millisecond there: read from the jar, verified and initialised in the
     * interpreter). The plans' static initialisers call it, so a distribution that makes a plan, or
     * initialises its plan class, when it is made moves that cost to start-up.
     */
    static void preload() {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            for (Class<?> c : new Class<?>[] {SmallWords.class, NormalTransforms.class, Elementary.class,
                    Checks.class, RsampleLayout.class, Backends.class}) {
                lookup.ensureInitialized(c);
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        Backends.selectionForced();  // its holder class, read by every call
    }

    /** @return whether a {@code [batch x features]} call is served here */
    static boolean fits(int batch, int features) {
        return batch >= 0 && features >= 1 && fits((long) batch * features);
    }

    /** @return whether a call of {@code len} elements is served here */
    static boolean fits(long len) {
        return len >= 0 && (len <= ALWAYS || len <= SmallWords.MAX && Backends.current().vectorBits() == 0);
    }

    /**
     * The provider a call of {@code len} elements passes on: the scalar reference, without selecting a
     * backend, for a call that always takes the small path while no backend is forced (so a process that
     * only makes small calls never loads the Vector API, which costs about 100 ms at start-up); otherwise
     * {@link Backends#current()}, which also fails as documented when a forced backend cannot run.
     */
    static KernelProvider provider(long len) {
        return len >= 0 && len <= ALWAYS && !Backends.selectionForced() ? ScalarKernelProvider.INSTANCE
                : Backends.current();
    }

    /**
     * Whether a reparameterised-normal call ({@link NormalRsample}, f32 or f64) of {@code [batch x
     * features]} is served here: up to {@link SmallWords#MAX} elements on every backend. Its element
     * math is one fma forward and two sums backward, which a scalar loop does in a few ns; the bulk
     * path's fixed cost (per-thread layout, tiles, accumulators cleared and reduced: about 70 ns forward
     * and 145 ns backward at {@code [1 x 64]} on the dev machine) is what a call of this size would pay
     * there. Above {@link #ALWAYS} elements the noise comes from the backend's own fill
     * ({@link #noise}), so the Vector API still draws it.
     *
     * @return whether the call is served here
     */
    static boolean fitsAffine(int batch, int features) {
        return batch >= 0 && features >= 1 && (long) batch * features <= SmallWords.MAX;
    }

    /**
     * Whether a SAC call ({@link TanhNormalRsample}) of {@code [batch x features]} is served here: as
     * {@link #fits}, and also a single row of up to {@link SmallWords#MAX} actions on the Vector API backend
     * ({@link #tanhForwardRow}), whose per-element math (tanh, exp) is worth the vector kernels
     * from about 16 elements while the bulk path's bookkeeping around them (layout, tiles, reduction
     * accumulators) cost about a third of a {@code [1 x 17]} step on the dev machine.
     *
     * @return whether the call is served here
     */
    static boolean fitsTanh(int batch, int features) {
        return fits(batch, features) || batch == 1 && features >= 1 && features <= SmallWords.MAX;
    }

    /**
     * Whether a call that {@link #fitsTanh} runs the one-row kernel route ({@link #tanhForwardRow},
     * {@link #tanhBackwardRow}) rather than the scalar loop: it is not one {@link #fits} serves, and its
     * parameters are read in place (one value per action, not one shared value: that one takes the bulk path).
     */
    static boolean tanhRow(int batch, int features, int locMode, int scaleMode) {
        return !fits(batch, features) && locMode != SCALAR && scaleMode != SCALAR;
    }

    /**
     * The f32 normals {@code index ..} of a small call into {@code dst}: drawn block by block in
     * registers ({@link SmallWords#fillF32}) up to {@link #ALWAYS} values, by {@code p}'s fill above
     * (the same bits: every provider's fill is the reference's).
     */
    static void noise(KernelProvider p, long key, long streamId, long index, float[] dst, int from, int len) {
        if (len <= ALWAYS) {
            SmallWords.fillF32(key, streamId, index, dst, from, len);
        } else {
            p.normalFloats(key, streamId, index, dst, from, len);
        }
    }

    /** The f64 twin of {@link #noise(KernelProvider, long, long, long, float[], int, int)}. */
    static void noise(KernelProvider p, long key, long streamId, long index, double[] dst, int from, int len) {
        if (len <= ALWAYS) {
            SmallWords words = new SmallWords(key, streamId);
            for (int i = 0; i < len; i++) {
                dst[from + i] = words.normalF64(index + i);
            }
        } else {
            p.normalDoubles(key, streamId, index, dst, from, len);
        }
    }

    /** {@link #provider(long)} of a {@code [batch x features]} call. */
    static KernelProvider provider(int batch, int features) {
        return provider((long) batch * features);
    }

    // ---- standard normals ----

    static void normalFloats(long key, long streamId, long index, float[] dst, int from, int len) {
        SmallWords.fillF32(key, streamId, index, dst, from, len);
    }

    static void normalDoubles(long key, long streamId, long index, double[] dst, int from, int len) {
        SmallWords words = new SmallWords(key, streamId);
        for (int i = 0; i < len; i++) {
            dst[from + i] = words.normalF64(index + i);
        }
    }

    /** Where element {@code i} (in column {@code column}) reads a parameter broadcast with {@code mode}. */
    private static int param(int mode, int i, int column) {
        return mode == ELEMENT ? i : mode == FEATURE ? column : 0;
    }

    // ---- rsample, float ----

    static void forward(KernelProvider p, long key, long streamId, long index, int batch, int features, float[] loc,
            int locMode, float[] scale, int scaleMode, float[] z, int zFrom, float[] eps, int epsFrom) {
        int n = batch * features;
        // the noise into eps (or z), then the affine map into z, in place when there is no eps (the checks
        // refuse a z that is the loc or the scale array, so no parameter is overwritten before it is read)
        float[] e = eps != null ? eps : z;
        int eo = eps != null ? epsFrom : zFrom;
        noise(p, key, streamId, index, e, eo, n);
        if (locMode != SCALAR && scaleMode != SCALAR) {
            // a row's parameters are consecutive: the backend's affine kernel, row by row
            for (int row = 0; row < batch; row++) {
                int at = row * features;
                p.affine(e, eo + at, loc, locMode == ELEMENT ? at : 0, scale, scaleMode == ELEMENT ? at : 0, z,
                        zFrom + at, features);
            }
            return;
        }
        int lr = locMode == ELEMENT ? features : 0;  // how far each parameter moves per row and per column
        int lc = locMode == SCALAR ? 0 : 1;
        int sr = scaleMode == ELEMENT ? features : 0;
        int sc = scaleMode == SCALAR ? 0 : 1;
        for (int row = 0, i = 0; row < batch; row++) {
            for (int column = 0, l = row * lr, s = row * sr; column < features; column++, i++, l += lc, s += sc) {
                z[zFrom + i] = Math.fma(e[eo + i], scale[s], loc[l]);
            }
        }
    }

    static void backward(KernelProvider p, long key, long streamId, long index, int batch, int features, float[] dz,
            int dzFrom, float[] eps, int epsFrom, int locMode, float[] gradLoc, int scaleMode, float[] gradScale,
            boolean add) {
        int n = batch * features;
        if (eps == null && gradScale != null && n > ALWAYS) {
            // regenerate the noise with the backend's fill into the per-thread piece buffer (SmallWords.MAX
            // values fit), then read it as stored noise
            eps = RsampleScratch.get().epsF;
            epsFrom = 0;
            p.normalFloats(key, streamId, index, eps, 0, n);
        }
        if (batch == 1 && locMode != SCALAR && scaleMode != SCALAR && (gradScale == null || eps != null)) {
            // one row, the noise at hand: each gradient is its own term, in two straight loops that C2
            // vectorises (one loop holding both, its branches and the noise draw ran 3 ns per element)
            if (gradLoc != null) {
                rowTerms(locMode, add, dz, dzFrom, null, 0, gradLoc, n);
            }
            if (gradScale != null) {
                rowTerms(scaleMode, add, dz, dzFrom, eps, epsFrom, gradScale, n);
            }
            return;
        }
        SmallWords words = new SmallWords(key, streamId);
        if (batch == 1 && locMode != SCALAR && scaleMode != SCALAR) {
            // one row of at most ALWAYS elements whose noise is drawn here: each gradient element is its own
            // term, written as it comes (no Sums object, so no escape analysis to rely on)
            for (int i = 0; i < n; i++) {
                float d = dz[dzFrom + i];
                if (gradLoc != null) {
                    gradLoc[i] = rowTerm(locMode, add, gradLoc[i], d, d);
                }
                float e = words.normalF32(index + i);
                gradScale[i] = rowTerm(scaleMode, add, gradScale[i], d * e, (double) d * e);
            }
            return;
        }
        Sums sums = Sums.of(batch, features, add, locMode, gradLoc, scaleMode, gradScale);
        for (int row = 0, i = 0; row < batch; row++) {
            for (int column = 0; column < features; column++, i++) {
                float d = dz[dzFrom + i];
                if (gradLoc != null) {
                    sums.loc(gradLoc, i, row, column, d);
                }
                if (gradScale != null) {
                    float e = eps != null ? eps[epsFrom + i] : words.normalF32(index + i);
                    sums.scale(gradScale, i, row, column, d * e, (double) d * e);
                }
            }
        }
        sums.finish(gradLoc, gradScale);
    }

    // ---- rsample, double ----

    static void forward(KernelProvider p, long key, long streamId, long index, int batch, int features,
            double[] loc, int locMode, double[] scale, int scaleMode, double[] z, int zFrom, double[] eps,
            int epsFrom) {
        int n = batch * features;
        double[] e = eps != null ? eps : z;  // as the f32 pass
        int eo = eps != null ? epsFrom : zFrom;
        noise(p, key, streamId, index, e, eo, n);
        if (locMode != SCALAR && scaleMode != SCALAR) {
            for (int row = 0; row < batch; row++) {
                int at = row * features;
                p.affine(e, eo + at, loc, locMode == ELEMENT ? at : 0, scale, scaleMode == ELEMENT ? at : 0, z,
                        zFrom + at, features);
            }
            return;
        }
        int lr = locMode == ELEMENT ? features : 0;
        int lc = locMode == SCALAR ? 0 : 1;
        int sr = scaleMode == ELEMENT ? features : 0;
        int sc = scaleMode == SCALAR ? 0 : 1;
        for (int row = 0, i = 0; row < batch; row++) {
            for (int column = 0, l = row * lr, s = row * sr; column < features; column++, i++, l += lc, s += sc) {
                z[zFrom + i] = Math.fma(e[eo + i], scale[s], loc[l]);
            }
        }
    }

    static void backward(KernelProvider p, long key, long streamId, long index, int batch, int features,
            double[] dz, int dzFrom, double[] eps, int epsFrom, int locMode, double[] gradLoc, int scaleMode,
            double[] gradScale, boolean add) {
        int n = batch * features;
        if (eps == null && gradScale != null && n > ALWAYS) {
            eps = RsampleScratch.get().epsD;
            epsFrom = 0;
            p.normalDoubles(key, streamId, index, eps, 0, n);
        }
        if (batch == 1 && locMode != SCALAR && scaleMode != SCALAR && (gradScale == null || eps != null)) {
            if (gradLoc != null) {  // one row, the noise at hand: straight loops, as the f32 pass
                rowTerms(locMode, add, dz, dzFrom, null, 0, gradLoc, n);
            }
            if (gradScale != null) {
                rowTerms(scaleMode, add, dz, dzFrom, eps, epsFrom, gradScale, n);
            }
            return;
        }
        SmallWords words = new SmallWords(key, streamId);
        if (batch == 1 && locMode != SCALAR && scaleMode != SCALAR) {  // one row, its noise drawn here
            for (int i = 0; i < n; i++) {
                double d = dz[dzFrom + i];
                if (gradLoc != null) {
                    gradLoc[i] = rowTerm(locMode, add, gradLoc[i], d);
                }
                double e = words.normalF64(index + i);
                gradScale[i] = rowTerm(scaleMode, add, gradScale[i], d * e);
            }
            return;
        }
        Sums sums = Sums.of(batch, features, add, locMode, gradLoc, scaleMode, gradScale);
        for (int row = 0, i = 0; row < batch; row++) {
            for (int column = 0; column < features; column++, i++) {
                double d = dz[dzFrom + i];
                if (gradLoc != null) {
                    sums.loc(gradLoc, i, row, column, d);
                }
                if (gradScale != null) {
                    double e = eps != null ? eps[epsFrom + i] : words.normalF64(index + i);
                    sums.scale(gradScale, i, row, column, d * e);
                }
            }
        }
        sums.finish(gradLoc, gradScale);
    }

    // ---- SAC: the tanh-squashed normal ----

    /** {@code logNorm}: {@link TanhNormalRsample#logNorm} of each scale value, or null to compute it per element. */
    static void tanhForward(long key, long streamId, long index, int batch, int features, float[] loc, int locMode,
            float[] scale, int scaleMode, float[] logNorm, float[] action, int actionFrom, float[] logProb,
            int logProbFrom, float[] eps, int epsFrom) {
        // the noise block by block into action first, as the rsample forward pass does into z
        SmallWords.fillF32(key, streamId, index, action, actionFrom, batch * features);
        for (int row = 0, i = 0; row < batch; row++) {
            // the row sum in four interleaved double partials, by column mod 4, as the bulk pass adds them,
            // and the product of the squashing factors (one block: features <= 64 = SQUASH_BLOCK)
            double p0 = 0;
            double p1 = 0;
            double p2 = 0;
            double p3 = 0;
            double prod = 1;
            for (int column = 0; column < features; column++, i++) {
                float e = action[actionFrom + i];
                int sp = param(scaleMode, i, column);
                float s = scale[sp];
                float u = Math.fma(e, s, loc[param(locMode, i, column)]);
                float au = Math.abs(u);
                float e2a = Elementary.exp(au + au);  // one exp for the action and the squashing factor
                action[actionFrom + i] = Elementary.tanhFromExp(u, e2a);
                if (eps != null) {
                    eps[epsFrom + i] = e;
                }
                if (logProb != null) {
                    float c = logNorm != null ? logNorm[sp] : TanhNormalRsample.logNorm(s);
                    float t = TanhNormalRsample.logProbTermOf(e, c, u);
                    switch (column & 3) {
                        case 0 -> p0 += t;
                        case 1 -> p1 += t;
                        case 2 -> p2 += t;
                        default -> p3 += t;
                    }
                    prod *= 1.0 + 1f / e2a;  // TanhNormalRsample.squash(u)
                }
            }
            if (logProb != null) {
                logProb[logProbFrom + row] = TanhNormalRsample.rowValue((p0 + p1) + (p2 + p3),
                        TanhNormalRsample.blockLog(prod));
            }
        }
    }

    static void tanhBackward(long key, long streamId, long index, int batch, int features, float[] loc,
            int locMode, float[] scale, int scaleMode, float[] dAction, int dActionFrom, float[] dLogProb,
            int dLogProbFrom, float[] eps, int epsFrom, float[] action, int actionFrom, float[] gradLoc,
            float[] gradScale, boolean add) {
        SmallWords words = new SmallWords(key, streamId);
        if (batch == 1 && locMode != SCALAR && scaleMode != SCALAR) {
            // one row: each gradient element is its own term, written as it comes (as the rsample pass)
            float lp = dLogProb == null ? 0f : dLogProb[dLogProbFrom];
            for (int i = 0; i < features; i++) {
                float e = eps != null ? eps[epsFrom + i] : words.normalF32(index + i);
                float s = scale[i];
                float dA = dAction == null ? 0f : dAction[dActionFrom + i];
                float g = action != null ? TanhNormalRsample.gradUOfAction(dA, lp, action[actionFrom + i])
                        : TanhNormalRsample.gradU(dA, lp, Math.fma(e, s, loc[i]));
                if (gradLoc != null) {
                    gradLoc[i] = rowTerm(locMode, add, gradLoc[i], g, g);
                }
                if (gradScale != null) {
                    float t = TanhNormalRsample.scaleTerm(g, e, lp, s);
                    gradScale[i] = rowTerm(scaleMode, add, gradScale[i], t, t);
                }
            }
            return;
        }
        Sums sums = Sums.of(batch, features, add, locMode, gradLoc, scaleMode, gradScale);
        for (int row = 0, i = 0; row < batch; row++) {
            float lp = dLogProb == null ? 0f : dLogProb[dLogProbFrom + row];
            for (int column = 0; column < features; column++, i++) {
                float e = eps != null ? eps[epsFrom + i] : words.normalF32(index + i);
                float s = scale[param(scaleMode, i, column)];
                float dA = dAction == null ? 0f : dAction[dActionFrom + i];
                float g = action != null ? TanhNormalRsample.gradUOfAction(dA, lp, action[actionFrom + i])
                        : TanhNormalRsample.gradU(dA, lp, Math.fma(e, s, loc[param(locMode, i, column)]));
                if (gradLoc != null) {
                    sums.loc(gradLoc, i, row, column, g);
                }
                if (gradScale != null) {
                    float t = TanhNormalRsample.scaleTerm(g, e, lp, s);
                    sums.scale(gradScale, i, row, column, t, t);
                }
            }
        }
        sums.finish(gradLoc, gradScale);
    }

    /**
     * The forward pass of one row of {@code n} actions with per-action parameters, on {@code p}'s kernels
     * (its fill and its {@link ReparamKernels#tanhForward}) without the bulk path's layout, tiles and
     * pieces: a one-row call is one piece whose parameters are read in place, so this is what the bulk
     * path computes, with the row's log-probability from {@link TanhNormalRsample#rowLogProb}.
     */
    static void tanhForwardRow(KernelProvider p, long key, long streamId, long index, int n, float[] loc,
            float[] scale, float[] logNorm, float[] action, int actionFrom, float[] logProb, int logProbFrom,
            float[] eps, int epsFrom) {
        RsampleScratch s = RsampleScratch.get();
        float[] e = eps != null ? eps : s.epsF;
        int eo = eps != null ? epsFrom : 0;
        p.normalFloats(key, streamId, index, e, eo, n);
        p.tanhForward(e, eo, loc, 0, scale, 0, logNorm, action, actionFrom, s.termsF, s.squashF, n);
        if (logProb != null) {
            logProb[logProbFrom] = TanhNormalRsample.rowLogProb(s.termsF, s.squashF, 0, n);
        }
    }

    /**
     * The backward pass of {@link #tanhForwardRow}: {@code p}'s {@link ReparamKernels#tanhGradTerms}, then
     * each gradient element is its own term ({@link #rowTerm}), as the bulk path's one-row reduction gives.
     */
    static void tanhBackwardRow(KernelProvider p, long key, long streamId, long index, int n, float[] loc,
            int locMode, float[] scale, int scaleMode, float[] dAction, int dActionFrom, float[] dLogProb,
            int dLogProbFrom, float[] eps, int epsFrom, float[] action, int actionFrom, float[] gradLoc,
            float[] gradScale, boolean add) {
        RsampleScratch s = RsampleScratch.get();
        if (eps == null) {  // u needs the noise for either gradient
            eps = s.epsF;
            epsFrom = 0;
            p.normalFloats(key, streamId, index, eps, 0, n);
        }
        float[] dLp = RsampleScratch.ZEROS;
        if (dLogProb != null) {
            dLp = s.rowTileF;
            Arrays.fill(dLp, 0, n, dLogProb[dLogProbFrom]);
        }
        float[] tl = s.termsF;
        float[] ts = s.termsScaleF;
        p.tanhGradTerms(eps, epsFrom, loc, 0, scale, 0, action, actionFrom,
                dAction != null ? dAction : RsampleScratch.ZEROS, dAction != null ? dActionFrom : 0, dLp, 0, tl, ts,
                n);
        if (gradLoc != null) {
            rowTerms(locMode, add, tl, gradLoc, n);
        }
        if (gradScale != null) {
            rowTerms(scaleMode, add, ts, gradScale, n);
        }
    }

    /**
     * {@link #rowTerm} over a row of float terms, whose double sum from {@code +0.0} rounded once is the term
     * plus {@code +0f} (the same value, {@code -0} becoming {@code +0}).
     */
    private static void rowTerms(int mode, boolean add, float[] terms, float[] grad, int n) {
        float zero = mode == ELEMENT ? -0f : 0f;  // x + -0f is x, -0 included
        for (int i = 0; i < n; i++) {
            float v = terms[i] + zero;
            grad[i] = add ? grad[i] + v : v;
        }
    }

    /**
     * Element {@code i}'s gradient in a one-row call, as {@link Sums} writes it: an element-shaped
     * gradient takes the term as it is; a per-feature one the row's sum, {@code +0.0} plus the exact term
     * rounded once (so a {@code -0} product sums to {@code +0}, as in the bulk path's cleared accumulators).
     */
    private static float rowTerm(int mode, boolean add, float old, float term, double exact) {
        float v = mode == ELEMENT ? term : (float) (0.0 + exact);
        return add ? old + v : v;
    }

    /**
     * {@link #rowTerm} over one row: the term of element {@code i} is {@code dz[dzFrom + i]}, times
     * {@code eps[epsFrom + i]} if {@code eps} is not null, and the row's sum of it, {@code +0.0} plus the
     * exact term rounded once, is the term plus {@code +0f} (a per-feature gradient) or the term itself (an
     * element-shaped one): the exact product of two floats rounds to their float product.
     */
    private static void rowTerms(int mode, boolean add, float[] dz, int dzFrom, float[] eps, int epsFrom,
            float[] grad, int n) {
        float zero = mode == ELEMENT ? -0f : 0f;  // x + -0f is x, -0 included; x + 0f turns -0 into +0
        if (eps == null) {
            for (int i = 0; i < n; i++) {
                float v = dz[dzFrom + i] + zero;
                grad[i] = add ? grad[i] + v : v;
            }
        } else {
            for (int i = 0; i < n; i++) {
                float v = dz[dzFrom + i] * eps[epsFrom + i] + zero;
                grad[i] = add ? grad[i] + v : v;
            }
        }
    }

    /** The double twin of {@link #rowTerms(int, boolean, float[], int, float[], int, float[], int)}. */
    private static void rowTerms(int mode, boolean add, double[] dz, int dzFrom, double[] eps, int epsFrom,
            double[] grad, int n) {
        for (int i = 0; i < n; i++) {
            grad[i] = rowTerm(mode, add, grad[i], eps == null ? dz[dzFrom + i] : dz[dzFrom + i] * eps[epsFrom + i]);
        }
    }

    /** The double twin of {@link #rowTerm(int, boolean, float, float, double)}. */
    private static double rowTerm(int mode, boolean add, double old, double term) {
        double v = mode == ELEMENT ? term : 0.0 + term;
        return add ? old + v : v;
    }

    /**
     * The gradients of a small call, reduced in the fixed order: an element-shaped gradient is written as
     * its terms come; a scalar one is one running sum over the positions in order; a per-feature one is
     * a running sum per feature over the rows in order, written as it comes for a single row and kept in
     * per-thread accumulators for more. Every sum starts from {@code +0.0} as the bulk path's cleared
     * accumulators do, and is rounded once at the end ({@link #finish}). One instance per call; it does
     * not escape, so its fields stay in registers.
     */
    private static final class Sums {
        private final int batch;
        private final int features;
        private final boolean add;
        private final int locMode;
        private final int scaleMode;
        private final double[] locs;
        private final double[] scales;
        private double loc;
        private double scale;

        private Sums(int batch, int features, boolean add, int locMode, int scaleMode) {
            this.batch = batch;
            this.features = features;
            this.add = add;
            this.locMode = locMode;
            this.scaleMode = scaleMode;
            boolean rows = batch > 1 && (locMode == FEATURE || scaleMode == FEATURE);
            RsampleScratch s = rows ? RsampleScratch.get() : null;
            this.locs = rows && locMode == FEATURE ? s.accLoc(features) : null;
            this.scales = rows && scaleMode == FEATURE ? s.accScale(features) : null;
        }

        /** The sums of a call; a gradient that is not wanted (null) counts as element-shaped: no sum. */
        static Sums of(int batch, int features, boolean add, int locMode, Object gradLoc, int scaleMode,
                Object gradScale) {
            return new Sums(batch, features, add, gradLoc == null ? ELEMENT : locMode,
                    gradScale == null ? ELEMENT : scaleMode);
        }

        void loc(float[] g, int i, int row, int column, float term) {
            loc = next(locMode, g, locs, loc, i, row, column, term, term);
        }

        void scale(float[] g, int i, int row, int column, float term, double exact) {
            scale = next(scaleMode, g, scales, scale, i, row, column, term, exact);
        }

        void loc(double[] g, int i, int row, int column, double term) {
            loc = next(locMode, g, locs, loc, i, row, column, term);
        }

        void scale(double[] g, int i, int row, int column, double term) {
            scale = next(scaleMode, g, scales, scale, i, row, column, term);
        }

        /** Takes element {@code i}'s term ({@code sumTerm} where it is summed); returns the scalar sum. */
        private double next(int mode, float[] g, double[] acc, double sum, int i, int row, int column,
                float term, double sumTerm) {
            if (mode == ELEMENT) {
                g[i] = add ? g[i] + term : term;
            } else if (mode == SCALAR) {
                return i == 0 ? 0.0 + sumTerm : sum + (0.0 + sumTerm);
            } else if (acc == null) {
                float v = (float) (0.0 + sumTerm);
                g[column] = add ? g[column] + v : v;
            } else {
                acc[column] = row == 0 ? 0.0 + sumTerm : acc[column] + (0.0 + sumTerm);
            }
            return sum;
        }

        private double next(int mode, double[] g, double[] acc, double sum, int i, int row, int column,
                double term) {
            if (mode == ELEMENT) {
                g[i] = add ? g[i] + term : term;
            } else if (mode == SCALAR) {
                return i == 0 ? 0.0 + term : sum + (0.0 + term);
            } else if (acc == null) {
                double v = 0.0 + term;
                g[column] = add ? g[column] + v : v;
            } else {
                acc[column] = row == 0 ? 0.0 + term : acc[column] + (0.0 + term);
            }
            return sum;
        }

        /** Rounds the reduced gradients into their buffers (no rows: {@code +0}). */
        void finish(float[] gradLoc, float[] gradScale) {
            finish(locMode, gradLoc, locs, loc);
            finish(scaleMode, gradScale, scales, scale);
        }

        void finish(double[] gradLoc, double[] gradScale) {
            finish(locMode, gradLoc, locs, loc);
            finish(scaleMode, gradScale, scales, scale);
        }

        private void finish(int mode, float[] g, double[] acc, double sum) {
            if (mode == ELEMENT || (mode == FEATURE && acc == null && batch > 0)) {
                return;  // written as the terms came
            }
            int n = mode == SCALAR ? 1 : features;
            for (int k = 0; k < n; k++) {
                float v = batch == 0 ? 0f : (float) (mode == SCALAR ? sum : acc[k]);
                g[k] = add ? g[k] + v : v;
            }
        }

        private void finish(int mode, double[] g, double[] acc, double sum) {
            if (mode == ELEMENT || (mode == FEATURE && acc == null && batch > 0)) {
                return;
            }
            int n = mode == SCALAR ? 1 : features;
            for (int k = 0; k < n; k++) {
                double v = batch == 0 ? 0.0 : mode == SCALAR ? sum : acc[k];
                g[k] = add ? g[k] + v : v;
            }
        }
    }
}
