package io.simdist.kernels;

import io.simdist.kernels.NormalRsample.EpsPolicy;
import io.simdist.rng.Checks;
import io.simdist.rng.Philox4x32;
import io.simdist.simd.Backends;
import java.util.Objects;

/**
 * A {@link TanhNormalRsample} call bound once to its parameters, its batch and its own arrays, and
 * checked then: each {@link #forward} then checks only the stream range, and each {@link #backward}
 * only the upstream gradients and the gradient arrays it is given. It gives exactly the bits of
 * {@link TanhNormalRsample#forward(Philox4x32, long, int, LocScale, float[], int, float[], int, float[],
 * int)} and of its backward pass with the same arguments, at the same {@code (key, stream, index)}.
 *
 * <p>This is what a policy serving one observation per request wants: the shape, the parameters' lengths
 * and the arrays cannot change between calls, so nothing about them is checked again. A call of at most
 * eight elements goes straight to the scalar small-call loops ({@code SmallCalls}), without the kernel
 * API's dispatch; the classes those loops use are initialised with this class, so the first draw of a
 * fresh JVM loads none (about 3 ms that moved from the first request to start-up, on the dev machine).
 * {@code TanhNormal}'s samples are plans.
 *
 * <p>With {@link EpsPolicy#STORE} the plan keeps the noise and a private copy of the actions, so its
 * backward pass computes no transcendental function; with {@link EpsPolicy#RECOMPUTE} it keeps neither
 * and regenerates the noise from the stream.
 *
 * <p>Mutable: give each thread its own. {@link #forward} overwrites the arrays {@link #actions()} and
 * {@link #logProb()} return; {@link #backward} never reads them, so a caller may change them.
 */
public final class TanhNormalPlan {
    static {
        SmallCalls.preload();  // the small-call loops' classes, initialised with this one, not by the first draw
    }

    private final LocScale params;
    private final int batch;
    private final int size;
    private final boolean small;
    /** The parameters' broadcast modes, as the kernel API derives them from their lengths. */
    private final int locMode;
    private final int scaleMode;
    private final float[] actions;
    private final float[] logProb;
    private final float[] eps;
    private final float[] kept;
    private Philox4x32 rng;
    private long index = -1;

    private TanhNormalPlan(LocScale params, int batch, EpsPolicy policy) {
        this.params = params;
        this.batch = batch;
        this.size = batch * params.features();
        this.small = size <= SmallCalls.ALWAYS;
        this.locMode = RsampleLayout.mode("loc", params.loc.length, params.features(), size);
        this.scaleMode = RsampleLayout.mode("scale", params.scale.length, params.features(), size);
        this.actions = new float[size];
        this.logProb = new float[batch];
        this.eps = policy == EpsPolicy.STORE ? new float[size] : null;
        this.kept = policy == EpsPolicy.STORE ? new float[size] : null;
    }

    /**
     * A plan of {@code batch} rows of {@code params}, its arrays allocated here, once.
     *
     * @param params the checked parameters ({@code D} features)
     * @param batch rows, {@code >= 0}
     * @param policy what the backward pass reads: the stored noise and actions, or the stream
     * @return a plan holding no draw yet
     * @throws NullPointerException if {@code params} or {@code policy} is null
     * @throws IllegalArgumentException if {@code batch < 0} or {@code batch * D} does not fit an array
     */
    public static TanhNormalPlan of(LocScale params, int batch, EpsPolicy policy) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(policy, "policy");
        if (batch < 0) {
            throw new IllegalArgumentException("batch must be >= 0, was " + batch);
        }
        if ((long) batch * params.features() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("batch * features must fit in an array, was " + batch + " * "
                    + params.features());
        }
        return new TanhNormalPlan(params, batch, policy);
    }

    /**
     * The forward pass of the {@code batch * D} elements from variate {@code index} of {@code rng}: the
     * actions into {@link #actions()}, each row's log-probability into {@link #logProb()}, and (with
     * {@code STORE}) the noise and a copy of the actions into the plan. Any earlier draw is replaced.
     *
     * @param rng the stream
     * @param index the normal variate of element 0, {@code >= 0}
     * @throws NullPointerException if {@code rng} is null
     * @throws IllegalArgumentException if {@code index < 0} or the variates run past the stream's end
     *     (then nothing is written and the plan keeps its earlier draw)
     */
    public void forward(Philox4x32 rng, long index) {
        Objects.requireNonNull(rng, "rng");
        Checks.range("index", index, 1, 0, size, size);
        if (small && !Backends.selectionForced()) {
            SmallCalls.tanhForward(rng.key(), rng.streamId(), index, batch, params.features(), params.loc, locMode,
                    params.scale, scaleMode, params.logNorm, actions, 0, logProb, 0, eps, 0);
        } else {
            TanhNormalRsample.forward(rng, index, batch, params, actions, 0, logProb, 0, eps, 0);
        }
        if (kept != null) {
            System.arraycopy(actions, 0, kept, 0, size);
        }
        this.rng = rng;
        this.index = index;
    }

    /**
     * The gradients of a loss L with respect to {@code loc} and {@code scale} of the last
     * {@link #forward}, given {@code dL/daction} and {@code dL/dlogProb} (either may be null for 0), as
     * {@link TanhNormalRsample#backward(Philox4x32, long, int, LocScale, float[], int, float[], int,
     * float[], int, float[], int, float[], float[], boolean)} gives them. May be called any number of
     * times per draw.
     *
     * @param dAction {@code dL/da}, {@code batch * D} values, or null
     * @param dLogProb {@code dL/dlogProb}, {@code batch} values, or null
     * @param gradLoc receives {@code dL/dloc} ({@code D} values), or null if not wanted
     * @param gradScale receives {@code dL/dscale} ({@code D} values), or null if not wanted
     * @param accumulate add to what the gradient arrays hold instead of overwriting it
     * @throws IllegalStateException if the plan holds no draw yet
     * @throws IllegalArgumentException if a length is wrong, or a gradient array is an upstream one or
     *     the other gradient (checked before anything is written)
     */
    public void backward(float[] dAction, float[] dLogProb, float[] gradLoc, float[] gradScale,
            boolean accumulate) {
        if (rng == null) {
            throw new IllegalStateException("this plan holds no draw yet: call forward first");
        }
        if (dAction != null && dAction.length != size) {
            throw new IllegalArgumentException("dAction.length must be batch * features (" + size + "), was "
                    + dAction.length);
        }
        if (dLogProb != null && dLogProb.length != batch) {
            throw new IllegalArgumentException("dLogProb.length must be batch (" + batch + "), was "
                    + dLogProb.length);
        }
        checkGrad("gradLoc", gradLoc, dAction, dLogProb);
        checkGrad("gradScale", gradScale, dAction, dLogProb);
        if (gradLoc != null && gradLoc == gradScale) {
            throw new IllegalArgumentException("gradLoc and gradScale must be different arrays");
        }
        if (small && !Backends.selectionForced()) {
            SmallCalls.tanhBackward(rng.key(), rng.streamId(), index, batch, params.features(), params.loc, locMode,
                    params.scale, scaleMode, dAction, 0, dLogProb, 0, eps, 0, kept, 0, gradLoc, gradScale, accumulate);
        } else {
            TanhNormalRsample.backward(rng, index, batch, params, dAction, 0, dLogProb, 0, eps, 0, kept, 0, gradLoc,
                    gradScale, accumulate);
        }
    }

    private void checkGrad(String name, float[] grad, float[] dAction, float[] dLogProb) {
        if (grad == null) {
            return;
        }
        if (grad.length != params.features()) {
            throw new IllegalArgumentException(name + ".length must be features (" + params.features() + "), was "
                    + grad.length);
        }
        if (grad == dAction || grad == dLogProb) {
            throw new IllegalArgumentException(name + " must not be an input array");
        }
    }

    /** @return the actions of the last draw, row-major {@code [batch x D]}: the array itself */
    public float[] actions() {
        return actions;
    }

    /** @return the log-density of each row of the last draw: the array itself */
    public float[] logProb() {
        return logProb;
    }

    /** @return the parameters */
    public LocScale params() {
        return params;
    }

    /** @return rows per draw */
    public int batch() {
        return batch;
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
        return "TanhNormalPlan[batch=" + batch + ", D=" + params.features() + ", " + policy() + "]";
    }
}
