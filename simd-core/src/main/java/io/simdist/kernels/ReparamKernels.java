package io.simdist.kernels;

/**
 * The elementwise arithmetic of the fused rsample kernels ({@link NormalRsample}), one implementation
 * per backend. <b>Internal SPI.</b> The default methods are the scalar reference; the Vector API
 * provider overrides them with lanewise code that computes the same bits (the operations are single
 * IEEE roundings: fma, mul, add, float-to-double conversion). The native provider inherits the
 * defaults: its eps come from native code, the arithmetic is this Java reference.
 *
 * <p>Every method works on {@code n} consecutive elements of its arrays, each starting at its own
 * offset. The callers have checked the ranges.
 */
public interface ReparamKernels {
    /**
     * Whether every location is finite and every scale positive and finite: one branch-free integer
     * pass each, an or-reduction whose sign flags a bad value (finite: the exponent field is not all
     * ones, so {@code (bits & 0x7f800000) + 2^23} stays below 2^31; positive and finite: bits in
     * {@code [1, bits(Float.MAX_VALUE)]}). The caller looks for the index only when this is false.
     *
     * @param loc the locations
     * @param scale the scales
     * @return true if all are valid
     */
    default boolean paramsValid(float[] loc, float[] scale) {
        int bad = 0;
        for (float v : loc) {
            bad |= (Float.floatToRawIntBits(v) & 0x7f800000) + 0x00800000;
        }
        for (float v : scale) {
            int m = Float.floatToRawIntBits(v) - 1;
            bad |= m | (0x7f7ffffe - m);
        }
        return bad >= 0;
    }

    /**
     * {@code z[zo + j] = fma(eps[eo + j], scale[so + j], loc[lo + j])}, {@code j < n}.
     *
     * @param eps standard normal noise
     * @param eo first eps
     * @param loc the locations, already broadcast to the elements
     * @param lo first loc
     * @param scale the scales, already broadcast to the elements
     * @param so first scale
     * @param z the output
     * @param zo first z
     * @param n number of elements
     */
    default void affine(float[] eps, int eo, float[] loc, int lo, float[] scale, int so, float[] z, int zo,
            int n) {
        for (int j = 0; j < n; j++) {
            z[zo + j] = Math.fma(eps[eo + j], scale[so + j], loc[lo + j]);
        }
    }

    /**
     * The double twin of {@link #affine(float[], int, float[], int, float[], int, float[], int, int)}.
     *
     * @param eps standard normal noise
     * @param eo first eps
     * @param loc the locations, already broadcast to the elements
     * @param lo first loc
     * @param scale the scales, already broadcast to the elements
     * @param so first scale
     * @param z the output
     * @param zo first z
     * @param n number of elements
     */
    default void affine(double[] eps, int eo, double[] loc, int lo, double[] scale, int so, double[] z, int zo,
            int n) {
        for (int j = 0; j < n; j++) {
            z[zo + j] = Math.fma(eps[eo + j], scale[so + j], loc[lo + j]);
        }
    }

    /**
     * Adds the gradient terms of {@code n} elements into double accumulators, position by position:
     * {@code accLoc[ao + j] += dz[dzo + j]} and {@code accScale[ao + j] += (double) dz[dzo + j] *
     * eps[eo + j]} (the product of two floats is exact in double, so each step rounds once). Either
     * accumulator may be null (that gradient is not wanted).
     *
     * @param dz the upstream gradient dL/dz
     * @param dzo first dz
     * @param eps the noise of the same elements
     * @param eo first eps
     * @param accLoc accumulators of dL/dloc, or null
     * @param accScale accumulators of dL/dscale, or null
     * @param ao first accumulator (of both)
     * @param n number of elements
     */
    default void accumulate(float[] dz, int dzo, float[] eps, int eo, double[] accLoc, double[] accScale, int ao,
            int n) {
        if (accLoc != null) {
            for (int j = 0; j < n; j++) {
                accLoc[ao + j] += dz[dzo + j];
            }
        }
        if (accScale != null) {
            for (int j = 0; j < n; j++) {
                accScale[ao + j] += (double) dz[dzo + j] * eps[eo + j];
            }
        }
    }

    /**
     * Rounds a reduced float gradient from its double sums: {@code g[k] = (float) total[k]}, or with
     * {@code add} {@code g[k] += (float) total[k]}, for {@code k < n}.
     *
     * @param total the sums
     * @param g the gradient
     * @param n number of values
     * @param add add to {@code g} instead of overwriting it
     */
    default void roundGradient(double[] total, float[] g, int n, boolean add) {
        if (add) {
            for (int k = 0; k < n; k++) {
                g[k] += (float) total[k];
            }
        } else {
            for (int k = 0; k < n; k++) {
                g[k] = (float) total[k];
            }
        }
    }

    /**
     * The double twin of {@link #accumulate(float[], int, float[], int, double[], double[], int, int)}:
     * {@code accScale[ao + j] += dz * eps} with the product rounded, then the sum rounded.
     *
     * @param dz the upstream gradient dL/dz
     * @param dzo first dz
     * @param eps the noise of the same elements
     * @param eo first eps
     * @param accLoc accumulators of dL/dloc, or null
     * @param accScale accumulators of dL/dscale, or null
     * @param ao first accumulator (of both)
     * @param n number of elements
     */
    default void accumulate(double[] dz, int dzo, double[] eps, int eo, double[] accLoc, double[] accScale,
            int ao, int n) {
        if (accLoc != null) {
            for (int j = 0; j < n; j++) {
                accLoc[ao + j] += dz[dzo + j];
            }
        }
        if (accScale != null) {
            for (int j = 0; j < n; j++) {
                accScale[ao + j] += dz[dzo + j] * eps[eo + j];
            }
        }
    }

    /**
     * The gradients of per-element parameters, which need no reduction: {@code gLoc[glo + j] = dz} and
     * {@code gScale[gso + j] = dz * eps} (rounded once), or with {@code add} those values added to what
     * the buffers hold ({@code g + dz}, {@code g + dz * eps}, each operation rounded). Either buffer may
     * be null.
     *
     * @param dz the upstream gradient dL/dz
     * @param dzo first dz
     * @param eps the noise of the same elements
     * @param eo first eps
     * @param gLoc dL/dloc, or null
     * @param glo first gLoc
     * @param gScale dL/dscale, or null
     * @param gso first gScale
     * @param add whether to add to the buffers' contents
     * @param n number of elements
     */
    default void elementGrad(float[] dz, int dzo, float[] eps, int eo, float[] gLoc, int glo, float[] gScale,
            int gso, boolean add, int n) {
        for (int j = 0; j < n; j++) {
            float d = dz[dzo + j];
            if (gLoc != null) {
                gLoc[glo + j] = add ? gLoc[glo + j] + d : d;
            }
            if (gScale != null) {
                float p = d * eps[eo + j];
                gScale[gso + j] = add ? gScale[gso + j] + p : p;
            }
        }
    }

    /**
     * The double twin of
     * {@link #elementGrad(float[], int, float[], int, float[], int, float[], int, boolean, int)}.
     *
     * @param dz the upstream gradient dL/dz
     * @param dzo first dz
     * @param eps the noise of the same elements
     * @param eo first eps
     * @param gLoc dL/dloc, or null
     * @param glo first gLoc
     * @param gScale dL/dscale, or null
     * @param gso first gScale
     * @param add whether to add to the buffers' contents
     * @param n number of elements
     */
    default void elementGrad(double[] dz, int dzo, double[] eps, int eo, double[] gLoc, int glo, double[] gScale,
            int gso, boolean add, int n) {
        for (int j = 0; j < n; j++) {
            double d = dz[dzo + j];
            if (gLoc != null) {
                gLoc[glo + j] = add ? gLoc[glo + j] + d : d;
            }
            if (gScale != null) {
                double p = d * eps[eo + j];
                gScale[gso + j] = add ? gScale[gso + j] + p : p;
            }
        }
    }

    /**
     * The tanh-squashed forward pass of {@link TanhNormalRsample}: {@code u = fma(eps, scale, loc)},
     * {@code a[ao + j] = Elementary.tanh(u)}, {@code terms[j] = TanhNormalRsample.logProbTerm(eps,
     * scale, u)} (from the given {@code logNorm} if there is one: the same bits), the element's float share of the row's log-probability, and {@code squash[j] =
     * TanhNormalRsample.squash(u)}, its squashing factor.
     *
     * @param eps standard normal noise
     * @param eo first eps
     * @param loc the locations, already broadcast to the elements
     * @param lo first loc
     * @param scale the scales, already broadcast to the elements
     * @param so first scale
     * @param logNorm the scales' {@code TanhNormalRsample.logNorm}, broadcast as {@code scale} and read from
     *     {@code so}, or null to compute them
     * @param a the actions
     * @param ao first action
     * @param terms the log-probability terms, from 0
     * @param squash the squashing factors, from 0
     * @param n number of elements
     */
    default void tanhForward(float[] eps, int eo, float[] loc, int lo, float[] scale, int so, float[] logNorm,
            float[] a, int ao, float[] terms, float[] squash, int n) {
        for (int j = 0; j < n; j++) {
            float e = eps[eo + j];
            float s = scale[so + j];
            float u = Math.fma(e, s, loc[lo + j]);
            float au = Math.abs(u);
            float e2a = Elementary.exp(au + au);  // one exp for the action and the squashing factor
            a[ao + j] = Elementary.tanhFromExp(u, e2a);
            float c = logNorm != null ? logNorm[so + j] : TanhNormalRsample.logNorm(s);
            terms[j] = TanhNormalRsample.logProbTermOf(e, c, u);
            squash[j] = 1f / e2a;  // TanhNormalRsample.squash(u)
        }
    }

    /**
     * {@code x[j] = Elementary.log(x[j])} for {@code j < n}, in place, for the squashing products of
     * {@link TanhNormalRsample}'s rows (each rounded to float, in {@code [1, 2^64)}: positive and normal).
     * {@code x} must hold {@code n} rounded up to a whole number of vectors (the vector provider reads and
     * writes whole vectors).
     *
     * @param x the products, overwritten with their logs
     * @param n number of products
     */
    default void logOfProducts(float[] x, int n) {
        for (int j = 0; j < n; j++) {
            x[j] = Elementary.log(x[j]);
        }
    }

    /**
     * The per-element gradient terms of {@link TanhNormalRsample}'s backward pass, from the upstream
     * gradients of the action ({@code dA}) and of the element's row log-probability ({@code dLp},
     * broadcast to the elements): {@code termLoc[j] = dL/du} and {@code termScale[j] = dL/du * eps -
     * dLp / scale} as {@link TanhNormalRsample#gradU} and {@link TanhNormalRsample#scaleTerm} compute
     * them; with the forward pass's actions given, {@code a = tanh(u)} is read instead of computed (the
     * same bits).
     *
     * @param eps standard normal noise
     * @param eo first eps
     * @param loc the locations, already broadcast to the elements
     * @param lo first loc
     * @param scale the scales, already broadcast to the elements
     * @param so first scale
     * @param a the actions the forward pass wrote, or null to compute them
     * @param ao first action
     * @param dA dL/da
     * @param dao first dA
     * @param dLp dL/dlogProb of each element's row
     * @param dlo first dLp
     * @param termLoc receives dL/du, from 0
     * @param termScale receives the scale term, from 0
     * @param n number of elements
     */
    default void tanhGradTerms(float[] eps, int eo, float[] loc, int lo, float[] scale, int so, float[] a, int ao,
            float[] dA, int dao, float[] dLp, int dlo, float[] termLoc, float[] termScale, int n) {
        for (int j = 0; j < n; j++) {
            float e = eps[eo + j];
            float s = scale[so + j];
            float lp = dLp[dlo + j];
            float g = a != null ? TanhNormalRsample.gradUOfAction(dA[dao + j], lp, a[ao + j])
                    : TanhNormalRsample.gradU(dA[dao + j], lp, Math.fma(e, s, loc[lo + j]));
            termLoc[j] = g;
            termScale[j] = TanhNormalRsample.scaleTerm(g, e, lp, s);
        }
    }
}
