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
        Objects.requireNonNull(gradValues, "gradValues");
        Params.sameLength("gradValues", gradValues.length, "values", values.length);
        NormalF64.Grad g = new NormalF64.Grad(new double[draw.features()], new double[draw.features()]);
        NormalRsample.backward(draw.rng(), draw.index(), draw.batch(), draw.features(), gradValues, 0, eps, 0, g.loc(), g.scale(), false);
        return g;
    }
}
