package io.simdist.dist;

import io.simdist.kernels.LocScale;
import io.simdist.kernels.NormalRsample.EpsPolicy;
import io.simdist.kernels.TanhNormalPlan;
import io.simdist.kernels.TanhNormalRsample;
import java.lang.invoke.MethodHandles;
import java.util.Objects;

/**
 * The tanh-squashed Gaussian policy of Soft Actor-Critic over {@code D} action dimensions, in float:
 * {@code u = loc + eps * scale}, action {@code a = tanh(u)} in (-1, 1), and per row the log-density
 * {@code sum_d [log N(u_d; loc_d, scale_d) - log(1 - tanh(u_d)^2)]} ({@link TanhNormalRsample}: one
 * fused forward, one fused backward, the same bits on every backend). A draw of {@code batch} rows
 * consumes the words of {@code batch * D} normals ({@link Generator}: whole pairs); its {@code u} are exactly
 * the values {@link Normal#sample} of the
 * same parameters draws at the same generator position.
 *
 * <p>Immutable and thread-safe; parameters checked at construction as {@link Normal}'s.
 */
public final class TanhNormal {
    static {
        // the draw's classes (TanhNormalPlan initialises the small-call loops') load with this class, at
        // start-up, rather than in the first request: about 3 ms in a fresh JVM on the dev machine
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            for (Class<?> c : new Class<?>[] {TanhNormalPlan.class, Sample.class, Normal.Grad.class, EpsPolicy.class}) {
                lookup.ensureInitialized(c);
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /** The parameters, checked once (the facade's messages first), so a draw does not check them again. */
    private final LocScale params;

    private TanhNormal(float[] loc, float[] scale) {
        this.params = LocScale.of(loc, scale);
    }

    /**
     * One action dimension.
     *
     * @param loc the mean of u, finite
     * @param scale the standard deviation of u, {@code > 0} and finite
     * @return the distribution, {@code D = 1}
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public static TanhNormal of(float loc, float scale) {
        return of(new float[] {loc}, new float[] {scale});
    }

    /**
     * {@code D} independent action dimensions.
     *
     * @param loc the means of u, {@code D >= 1} finite values (copied)
     * @param scale the standard deviations of u, {@code D} values, each {@code > 0} and finite (copied)
     * @return the distribution
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if an array is empty, the lengths differ or a value is out of range
     */
    public static TanhNormal of(float[] loc, float[] scale) {
        float[][] p = Params.locScale(loc, scale);
        return new TanhNormal(p[0], p[1]);
    }

    /** @return {@code D}, the number of action dimensions */
    public int features() {
        return params.features();
    }

    /** @return {@code true} */
    public boolean hasRsample() {
        return true;
    }

    /**
     * Draws {@code batch} rows of actions with no gradient path and no log-density (acting). Consumes
     * the words of {@code batch * D} normals ({@link Generator}: whole pairs).
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @return a new {@code [batch x D]} row-major array of actions in {@code [-1, 1]}
     * @throws NullPointerException if {@code g} is null
     * @throws IllegalArgumentException if {@code batch < 0}
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public float[] sample(Generator g, int batch) {
        Objects.requireNonNull(g, "g");
        int n = Params.size(batch, features());
        long first = g.firstNormal(1, n);
        float[] a = new float[n];
        TanhNormalRsample.forward(g.rng(), first, batch, params, a, 0, null, 0, null, 0);
        g.consumedNormal(1, first, n);
        return a;
    }

    /**
     * Draws {@code batch} rows with their log-densities and a gradient path. The noise is kept for the
     * backward pass ({@link EpsPolicy#STORE}) when the draw has at most 1024 elements, and regenerated
     * by it ({@link EpsPolicy#RECOMPUTE}) above: a small draw saves the backward pass drawing its noise
     * again, a large one the second array ({@code policy()} says which). The same bits either way.
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @return the actions, the row log-densities and the backward pass
     * @throws NullPointerException if {@code g} is null
     * @throws IllegalArgumentException if {@code batch < 0}
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public Sample rsample(Generator g, int batch) {
        return rsample(g, batch, Params.defaultPolicy(batch, features()));
    }

    /**
     * {@link #rsample(Generator, int)} with a choice of eps policy (see {@link Normal#rsample(Generator,
     * int, EpsPolicy)}); the actions are those of {@link #sample} at the same position.
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @param policy what the backward pass reads
     * @return the actions, the row log-densities and the backward pass
     * @throws NullPointerException if {@code g} or {@code policy} is null
     * @throws IllegalArgumentException if {@code batch < 0}
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public Sample rsample(Generator g, int batch, EpsPolicy policy) {
        Objects.requireNonNull(g, "g");
        Objects.requireNonNull(policy, "policy");
        int n = Params.size(batch, features());
        long first = g.firstNormal(1, n);
        TanhNormalPlan plan = TanhNormalPlan.of(params, batch, policy);
        plan.forward(g.rng(), first);
        g.consumedNormal(1, first, n);
        return new Sample(plan);
    }

    /**
     * An empty reusable sample of {@code batch} rows bound to this distribution, for
     * {@link #rsample(Generator, Sample)}: its actions, log-densities (and, with {@link EpsPolicy#STORE},
     * noise) are allocated here, once. A SAC policy serving one observation per request makes one and
     * refills it per request.
     *
     * @param batch rows, {@code >= 0}
     * @param policy what the backward pass reads
     * @return a sample holding no draw yet
     * @throws NullPointerException if {@code policy} is null
     * @throws IllegalArgumentException if {@code batch < 0} or {@code batch * D} does not fit an array
     */
    public Sample newSample(int batch, EpsPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        Params.size(batch, features());
        return new Sample(TanhNormalPlan.of(params, batch, policy));
    }

    /**
     * {@link #rsample(Generator, int, EpsPolicy)} into a reusable sample, allocating nothing: draws
     * {@code into}'s batch from the generator's position into its arrays (the same actions,
     * log-densities, noise and words consumed as {@code rsample(g, batch, policy)}) and points its
     * backward pass at this draw. Any earlier draw the sample held is overwritten.
     *
     * @param g the generator, moved past the draw
     * @param into a sample made by this distribution's {@link #newSample}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code into} belongs to another distribution
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public void rsample(Generator g, Sample into) {
        Objects.requireNonNull(g, "g");
        Objects.requireNonNull(into, "into");
        if (into.owner() != this) {
            throw new IllegalArgumentException("into must be a sample of this distribution (" + this
                    + "), was one of " + into.owner());
        }
        TanhNormalPlan plan = into.plan;
        int n = plan.actions().length;
        long first = g.firstNormal(1, n);
        plan.forward(g.rng(), first);
        g.consumedNormal(1, first, n);
    }

    @Override
    public String toString() {
        return "TanhNormal[D=" + params.features() + "]";
    }

    /**
     * A reparameterised draw of a {@link TanhNormal}: actions, one log-density per row, and the way back
     * to the gradients of {@code loc} and {@code scale}. It keeps the stream and index of its draw (and
     * the distribution's parameters), so {@link #backward} regenerates exactly its noise whatever the
     * generator did since; it may be called any number of times.
     *
     * <p>With {@link EpsPolicy#STORE} a sample keeps its noise and a private copy of its actions, so its
     * backward pass computes no transcendental function: it reads {@code tanh(u)} instead of recomputing it
     * (the same gradients). With {@link EpsPolicy#RECOMPUTE} it keeps neither.
     *
     * <p>A reusable sample ({@link #newSample}) is refilled in place by {@link #rsample(Generator, Sample)}:
     * it is mutable, so give each thread its own, and call {@code backward} before the next refill.
     */
    public final class Sample {
        /** The draw: its arrays, its noise (with STORE) and its position in the stream. */
        private final TanhNormalPlan plan;

        private Sample(TanhNormalPlan plan) {
            this.plan = plan;
        }

        /** @return the actions, row-major {@code [batch x D]}: the array itself, which backward never reads */
        public float[] actions() {
            return plan.actions();
        }

        /** @return the log-density of each row's action: the array itself, which backward never reads */
        public float[] logProb() {
            return plan.logProb();
        }

        /** @return {@link EpsPolicy#STORE} if the noise is kept, else {@link EpsPolicy#RECOMPUTE} */
        public EpsPolicy policy() {
            return plan.policy();
        }

        /**
         * The gradients of a loss L with respect to {@code loc} and {@code scale} given
         * {@code dL/daction} and {@code dL/dlogProb} (either may be null for 0). See
         * {@link TanhNormalRsample} for the formulas and the fixed reduction order.
         *
         * @param dActions {@code dL/da}, {@code batch * D} values, or null
         * @param dLogProb {@code dL/dlogProb}, {@code batch} values, or null
         * @return the gradients, {@code D} values each
         * @throws IllegalArgumentException if a length is wrong
         * @throws IllegalStateException if this is a reusable sample not drawn into yet
         */
        public Normal.Grad backward(float[] dActions, float[] dLogProb) {
            Normal.Grad g = new Normal.Grad(new float[features()], new float[features()]);
            backward(dActions, dLogProb, g.loc(), g.scale(), false);
            return g;
        }

        /**
         * {@link #backward(float[], float[])} into the caller's arrays, allocating nothing.
         *
         * @param dActions {@code dL/da}, {@code batch * D} values, or null
         * @param dLogProb {@code dL/dlogProb}, {@code batch} values, or null
         * @param gradLoc receives {@code dL/dloc} ({@code D} values), or null if not wanted
         * @param gradScale receives {@code dL/dscale} ({@code D} values), or null if not wanted
         * @param accumulate add to what the gradient arrays hold instead of overwriting it
         * @throws IllegalArgumentException if a length is wrong or two arrays are the same
         * @throws IllegalStateException if this is a reusable sample not drawn into yet
         */
        public void backward(float[] dActions, float[] dLogProb, float[] gradLoc, float[] gradScale,
                boolean accumulate) {
            if (plan.rng() == null) {
                throw new IllegalStateException("this sample holds no draw yet: fill it with rsample(g, sample) first");
            }
            if (dActions != null) {
                Params.sameLength("dActions", dActions.length, "actions", plan.actions().length);
            }
            if (dLogProb != null) {
                Params.sameLength("dLogProb", dLogProb.length, "logProb", plan.logProb().length);
            }
            plan.backward(dActions, dLogProb, gradLoc, gradScale, accumulate);
        }

        private TanhNormal owner() {
            return TanhNormal.this;
        }
    }
}
