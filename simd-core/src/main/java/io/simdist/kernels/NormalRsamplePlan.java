package io.simdist.kernels;

import io.simdist.kernels.NormalRsample.EpsPolicy;
import io.simdist.rng.Checks;
import io.simdist.rng.Philox4x32;
import io.simdist.simd.Backends;
import java.util.Objects;

/**
 * A {@link NormalRsample} call, f32, bound once to its shape ({@code [batch x D]}) and its own arrays, and
 * checked then: each {@link #forward} checks only the stream range and that the parameters have
 * {@code D} features, each {@link #backward} only {@code dz} and the gradient arrays it is given. It gives
 * exactly the bits of {@link NormalRsample#forward(Philox4x32, long, int, LocScale, float[], int, float[],
 * int)} and of {@link NormalRsample#backward(Philox4x32, long, int, int, float[], int, float[], int, float[],
 * float[], boolean)} with the same arguments, at the same {@code (key, stream, index)}.
 *
 * <p>The parameters come with each draw (a {@link LocScale}, checked when it was made), because the
 * backward pass does not depend on them: {@code dL/dloc = sum dz} and {@code dL/dscale = sum dz * eps}. A
 * call of at most eight elements goes straight to the scalar small-call loops, without the kernel API's
 * dispatch, and the classes those loops use are initialised with this class, so the first draw of a fresh
 * JVM loads none. {@code Normal}'s {@code RSample}s are plans.
 *
 * <p>Mutable: give each thread its own. {@link #forward} overwrites the array {@link #values()} returns;
 * {@link #backward} never reads it.
 */
public final class NormalRsamplePlan {
    static {
        SmallCalls.preload();  // the small-call loops' classes, initialised with this one, not by the first draw
    }

    private final int batch;
    private final int features;
    private final int size;
    private final boolean small;
    private final float[] values;
    private final float[] eps;
    private Philox4x32 rng;
    private long index = -1;

    private NormalRsamplePlan(int batch, int features, EpsPolicy policy) {
        this.batch = batch;
        this.features = features;
        this.size = batch * features;
        this.small = size <= SmallCalls.ALWAYS;
        this.values = new float[size];
        this.eps = policy == EpsPolicy.STORE ? new float[size] : null;
    }

    /**
     * A plan of {@code batch} rows of {@code features} features, its arrays allocated here, once.
     *
     * @param batch rows, {@code >= 0}
     * @param features columns, {@code >= 1}
     * @param policy what the backward pass reads: the stored noise, or the stream
     * @return a plan holding no draw yet
     * @throws NullPointerException if {@code policy} is null
     * @throws IllegalArgumentException if {@code batch < 0}, {@code features < 1} or {@code batch * features}
     *     does not fit an array
     */
    public static NormalRsamplePlan of(int batch, int features, EpsPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        if (batch < 0) {
            throw new IllegalArgumentException("batch must be >= 0, was " + batch);
        }
        if (features < 1) {
            throw new IllegalArgumentException("features must be >= 1, was " + features);
        }
        if ((long) batch * features > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("batch * features must fit in an array, was " + batch + " * "
                    + features);
        }
        return new NormalRsamplePlan(batch, features, policy);
    }

    /**
     * The forward pass {@code z = loc + eps * scale} of the {@code batch * D} elements from variate
     * {@code index} of {@code rng} into {@link #values()} (and, with {@code STORE}, the noise into the
     * plan). Any earlier draw is replaced.
     *
     * @param rng the stream
     * @param index the normal variate of element 0, {@code >= 0}
     * @param params the parameters, with this plan's number of features
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code params} has another number of features, {@code index < 0}
     *     or the variates run past the stream's end (then nothing is written and the plan keeps its earlier
     *     draw)
     */
    public void forward(Philox4x32 rng, long index, LocScale params) {
        Objects.requireNonNull(rng, "rng");
        Objects.requireNonNull(params, "params");
        if (params.features() != features) {
            throw new IllegalArgumentException("params must have the plan's " + features + " features, had "
                    + params.features());
        }
        Checks.range("index", index, 1, 0, size, size);
        if (small && !Backends.selectionForced()) {
            int mode = RsampleLayout.mode("loc", features, features, size);  // loc and scale: D values each
            SmallCalls.forward(ScalarKernelProvider.INSTANCE, rng.key(), rng.streamId(), index, batch, features,
                    params.loc, mode, params.scale, mode, values, 0, eps, 0);
        } else {
            NormalRsample.forward(rng, index, batch, params, values, 0, eps, 0);
        }
        this.rng = rng;
        this.index = index;
    }

    /**
     * The gradients of a loss L with respect to {@code loc} and {@code scale} of the last {@link #forward},
     * given {@code dL/dz}: {@code dL/dloc[d] = sum_r dz[r][d]}, {@code dL/dscale[d] = sum_r dz[r][d] *
     * eps[r][d]}, in {@link NormalRsample}'s fixed order. May be called any number of times per draw.
     *
     * @param dz {@code dL/dz}, {@code batch * D} values
     * @param gradLoc receives {@code dL/dloc} ({@code D} values), or null if not wanted
     * @param gradScale receives {@code dL/dscale} ({@code D} values), or null if not wanted
     * @param accumulate add to what the gradient arrays hold instead of overwriting it
     * @throws NullPointerException if {@code dz} is null
     * @throws IllegalStateException if the plan holds no draw yet
     * @throws IllegalArgumentException if a length is wrong, or a gradient array is {@code dz} or the other
     *     gradient (checked before anything is written)
     */
    public void backward(float[] dz, float[] gradLoc, float[] gradScale, boolean accumulate) {
        Objects.requireNonNull(dz, "dz");
        if (rng == null) {
            throw new IllegalStateException("this plan holds no draw yet: call forward first");
        }
        if (dz.length != size) {
            throw new IllegalArgumentException("dz.length must be batch * features (" + size + "), was " + dz.length);
        }
        checkGrad("gradLoc", gradLoc, dz);
        checkGrad("gradScale", gradScale, dz);
        if (gradLoc != null && gradLoc == gradScale) {
            throw new IllegalArgumentException("gradLoc and gradScale must be different arrays");
        }
        if (small && !Backends.selectionForced()) {
            int mode = RsampleLayout.mode("grad", features, features, size);  // each gradient: D values
            SmallCalls.backward(ScalarKernelProvider.INSTANCE, rng.key(), rng.streamId(), index, batch, features, dz,
                    0, eps, 0, mode, gradLoc, mode, gradScale, accumulate);
        } else {
            NormalRsample.backward(rng, index, batch, features, dz, 0, eps, 0, gradLoc, gradScale, accumulate);
        }
    }

    private void checkGrad(String name, float[] grad, float[] dz) {
        if (grad == null) {
            return;
        }
        if (grad.length != features) {
            throw new IllegalArgumentException(name + ".length must be features (" + features + "), was "
                    + grad.length);
        }
        if (grad == dz) {
            throw new IllegalArgumentException(name + " must not be the array dz");
        }
    }

    /** @return the values of the last draw, row-major {@code [batch x D]}: the array itself */
    public float[] values() {
        return values;
    }

    /** @return rows per draw */
    public int batch() {
        return batch;
    }

    /** @return {@code D}, the number of features */
    public int features() {
        return features;
    }

    /** @return {@link EpsPolicy#STORE} if the noise is kept, else {@link EpsPolicy#RECOMPUTE} */
    public EpsPolicy policy() {
        return eps != null ? EpsPolicy.STORE : EpsPolicy.RECOMPUTE;
    }

    /** @return the stream of the last draw, or null if there is none yet */
    public Philox4x32 rng() {
        return rng;
    }

    /** @return the normal variate of element 0 of the last draw, or -1 if there is none yet */
    public long index() {
        return index;
    }

    @Override
    public String toString() {
        return "NormalRsamplePlan[batch=" + batch + ", D=" + features + ", " + policy() + "]";
    }
}
