package io.simdist.dist;

import io.simdist.kernels.NormalRsample;
import io.simdist.kernels.NormalRsample.EpsPolicy;
import io.simdist.kernels.NormalRsamplePlan;
import java.util.Objects;

/**
 * A reparameterised draw of a {@link Normal}: the values {@code z = loc + eps * scale} and the way back
 * from {@code dL/dz} to {@code dL/dloc} and {@code dL/dscale}.
 *
 * <p>The draw keeps the stream and the index it used (captured at {@link Normal#rsample} time), not
 * the generator: the generator may move on, be shared or be discarded, and {@link #backward} still
 * regenerates exactly the noise the forward pass used ({@link EpsPolicy#RECOMPUTE}), or reads the noise
 * it stored ({@link EpsPolicy#STORE}). The gradient depends on the noise and the shape only, not on
 * the parameters' values. {@code backward} may be called any number of times, from any thread.
 *
 * <h2>Reuse</h2>
 * {@link Normal#newRSample} makes an empty sample of a fixed batch, and {@link Normal#rsample(Generator,
 * RSample)} refills it in place per call: the values array (and the stored noise) are the sample's
 * own, and nothing is allocated per call. A reusable sample is mutable: give each thread its own, and
 * call {@code backward} before the next refill (it backpropagates the draw the sample holds now).
 */
public final class RSample {
    /** The draw: its values, its noise (with STORE) and its position in the stream. */
    private final NormalRsamplePlan plan;

    RSample(NormalRsamplePlan plan) {
        this.plan = plan;
    }

    /**
     * The drawn values, row-major {@code [batch x D]}. This is the array itself, not a copy (a draw can
     * be large); the backward pass never reads it, so the caller may overwrite it.
     *
     * @return the values
     */
    public float[] values() {
        return plan.values();
    }

    /** @return the number of rows */
    public int batch() {
        return plan.batch();
    }

    /** @return {@code D}, the number of features */
    public int features() {
        return plan.features();
    }

    /** @return {@link EpsPolicy#STORE} if the noise is kept, else {@link EpsPolicy#RECOMPUTE} */
    public EpsPolicy policy() {
        return plan.policy();
    }

    /** @return the first normal variate (= word) of the stream the draw used; -1 for a reusable sample not drawn yet */
    public long index() {
        return plan.index();
    }

    /**
     * The gradients of a loss L with respect to the distribution's {@code loc} and {@code scale}, given
     * {@code dL/dz}: {@code dL/dloc[d] = sum_r dz[r][d]}, {@code dL/dscale[d] = sum_r dz[r][d] * eps[r][d]},
     * summed in {@link NormalRsample}'s fixed order (the same bits on every backend).
     *
     * @param gradValues {@code dL/dz}, {@code batch * D} values
     * @return the gradients, {@code D} values each, in new arrays
     * @throws NullPointerException if {@code gradValues} is null
     * @throws IllegalArgumentException if {@code gradValues.length != batch * D}
     * @throws IllegalStateException if this is a reusable sample not drawn into yet
     */
    public Normal.Grad backward(float[] gradValues) {
        Objects.requireNonNull(gradValues, "gradValues");
        Normal.Grad g = new Normal.Grad(new float[plan.features()], new float[plan.features()]);
        backward(gradValues, g.loc(), g.scale(), false);
        return g;
    }

    /**
     * {@link #backward(float[])} into the caller's arrays, allocating nothing.
     *
     * @param gradValues {@code dL/dz}, {@code batch * D} values
     * @param gradLoc receives {@code dL/dloc} ({@code D} values), or null if not wanted
     * @param gradScale receives {@code dL/dscale} ({@code D} values), or null if not wanted
     * @param accumulate add to what the gradient arrays hold (as autograd does for a parameter used
     *     more than once) instead of overwriting it
     * @throws NullPointerException if {@code gradValues} is null
     * @throws IllegalArgumentException if {@code gradValues.length != batch * D}, a gradient array's
     *     length is not {@code D}, or two arrays are the same
     * @throws IllegalStateException if this is a reusable sample not drawn into yet
     */
    public void backward(float[] gradValues, float[] gradLoc, float[] gradScale, boolean accumulate) {
        Objects.requireNonNull(gradValues, "gradValues");
        Params.locScaleBackward(gradValues.length, plan.values().length, gradLoc == null ? -1 : gradLoc.length,
                gradScale == null ? -1 : gradScale.length, plan.features());
        if (plan.rng() == null) {
            throw new IllegalStateException("this sample holds no draw yet: fill it with rsample(g, sample) first");
        }
        plan.backward(gradValues, gradLoc, gradScale, accumulate);
    }

    /** @return the plan holding the draw */
    NormalRsamplePlan plan() {
        return plan;
    }
}
