package io.simdist.kernels;

import java.util.Objects;

/**
 * The float parameters of {@code D} location-scale features, checked once: {@code D} finite locations
 * and {@code D} scales, each {@code > 0} and finite, copied at {@link #of}. A kernel call that takes a
 * {@code LocScale} instead of {@code (features, loc, scale)} ({@link NormalRsample#forward(
 * io.simdist.rng.Philox4x32, long, int, LocScale, float[], int, float[], int)},
 * {@link TanhNormalRsample#forward(io.simdist.rng.Philox4x32, long, int, LocScale, float[], int, float[],
 * int, float[], int)} and its backward pass) does not check the parameters' values again: a policy
 * server whose distribution is fixed pays the check once, not per request. Everything that can change
 * per call (the stream range, the batch, the output and gradient ranges) is still checked before
 * anything is written. The values are those of the array call with the same parameters.
 *
 * <p>Immutable and thread-safe: the arrays are private copies, never handed out.
 */
public final class LocScale {
    final float[] loc;
    final float[] scale;
    /**
     * {@code Elementary.log(scale[j]) + log(2 pi) / 2} in float, the constant of each feature's term in
     * {@link TanhNormalRsample}'s log-probability, computed once here so a small call does not take a
     * log per element ({@link TanhNormalRsample#logProbTerm(float, float, float)} gives the same bits).
     */
    final float[] logNorm;

    private LocScale(float[] loc, float[] scale) {
        this.loc = loc;
        this.scale = scale;
        this.logNorm = new float[scale.length];
        for (int j = 0; j < scale.length; j++) {
            logNorm[j] = TanhNormalRsample.logNorm(scale[j]);
        }
    }

    /**
     * Copies and checks the parameters.
     *
     * @param loc the locations, {@code D >= 1} finite values
     * @param scale the scales, {@code D} values, each {@code > 0} and finite
     * @return the checked copies
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if an array is empty, the lengths differ, or a value is out of
     *     range (the message names the parameter, the index and the value, such as
     *     {@code scale[3] must be > 0 and finite, was -0.5})
     */
    public static LocScale of(float[] loc, float[] scale) {
        Objects.requireNonNull(loc, "loc");
        Objects.requireNonNull(scale, "scale");
        if (loc.length == 0) {
            throw new IllegalArgumentException("loc must not be empty");
        }
        if (scale.length != loc.length) {
            throw new IllegalArgumentException("scale must have the " + loc.length + " values of loc, had "
                    + scale.length);
        }
        float[] l = loc.clone();
        float[] s = scale.clone();
        NormalRsample.checkParams(ScalarKernelProvider.INSTANCE, l, s);  // the copies: no later change can pass
        return new LocScale(l, s);
    }

    /** @return {@code D}, the number of features */
    public int features() {
        return loc.length;
    }

    /** @return a copy of the locations */
    public float[] loc() {
        return loc.clone();
    }

    /** @return a copy of the scales */
    public float[] scale() {
        return scale.clone();
    }

    @Override
    public String toString() {
        return "LocScale[D=" + loc.length + "]";
    }
}
