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
}
