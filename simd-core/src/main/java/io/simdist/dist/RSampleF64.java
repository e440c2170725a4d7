package io.simdist.dist;

import io.simdist.kernels.NormalRsample;
import io.simdist.kernels.NormalRsample.EpsPolicy;
import java.util.Objects;

/**
 * {@link RSample} in double: a reparameterised draw of a {@link NormalF64}, which keeps the stream and
 * the index its draw used, so {@link #backward} regenerates (or reads) exactly its noise whatever the
 * generator did since.
 */
public final class RSampleF64 {
    private final Draw draw;
    private final double[] values;
    private final double[] eps;

    RSampleF64(Draw draw, double[] values, double[] eps) {
        this.draw = draw;
        this.values = values;
        this.eps = eps;
    }

    /** @return the drawn values, row-major {@code [batch x D]}: the array itself, which backward never reads */
    public double[] values() {
        return values;
    }

    /** @return {@link EpsPolicy#STORE} if the noise is kept, else {@link EpsPolicy#RECOMPUTE} */
    public EpsPolicy policy() {
        return eps != null ? EpsPolicy.STORE : EpsPolicy.RECOMPUTE;
    }

    /** @return the number of rows */
    public int batch() {
        return draw.batch();
    }

    /** @return {@code D}, the number of features */
    public int features() {
        return draw.features();
    }

    /** @return the first double variate of the stream the draw used (words {@code 2 index} on) */
    public long index() {
        return draw.index();
    }

    /**
     * The gradients with respect to {@code loc} and {@code scale} given {@code dL/dz}; see
     * {@link RSample#backward(float[])}.
     *
     * @param gradValues {@code dL/dz}, {@code batch * D} values
     * @return the gradients, {@code D} values each
     * @throws NullPointerException if {@code gradValues} is null
     * @throws IllegalArgumentException if {@code gradValues.length != batch * D}
     */
    public NormalF64.Grad backward(double[] gradValues) {
        NormalF64.Grad g = new NormalF64.Grad(new double[draw.features()], new double[draw.features()]);
        backward(gradValues, g.loc(), g.scale(), false);
        return g;
    }

    /**
     * {@link #backward(double[])} into the caller's arrays, allocating nothing; see
     * {@link RSample#backward(float[], float[], float[], boolean)}.
     *
     * @param gradValues {@code dL/dz}, {@code batch * D} values
     * @param gradLoc receives {@code dL/dloc} ({@code D} values), or null if not wanted
     * @param gradScale receives {@code dL/dscale} ({@code D} values), or null if not wanted
     * @param accumulate add to what the gradient arrays hold instead of overwriting it
     * @throws NullPointerException if {@code gradValues} is null
     * @throws IllegalArgumentException if {@code gradValues.length != batch * D}, a gradient array's
     *     length is not {@code D}, or two arrays are the same
     */
    public void backward(double[] gradValues, double[] gradLoc, double[] gradScale, boolean accumulate) {
        Objects.requireNonNull(gradValues, "gradValues");
        Params.locScaleBackward(gradValues.length, values.length, gradLoc == null ? -1 : gradLoc.length,
                gradScale == null ? -1 : gradScale.length, draw.features());
        NormalRsample.backward(draw.rng(), draw.index(), draw.batch(), draw.features(), gradValues, 0, eps, 0,
                gradLoc, gradScale, accumulate);
    }

    /** @return where the draw took its noise (a reusable sample moves it per refill) */
    Draw draw() {
        return draw;
    }

    /** @return the stored noise, or null ({@link EpsPolicy#RECOMPUTE}) */
    double[] eps() {
        return eps;
    }
}
