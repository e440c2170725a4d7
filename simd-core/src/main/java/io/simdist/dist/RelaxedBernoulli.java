package io.simdist.dist;

import io.simdist.kernels.BernoulliGradients;
import io.simdist.kernels.Elementary;
import io.simdist.kernels.NormalRsample.EpsPolicy;
import java.util.Objects;

/**
 * The relaxed Bernoulli (Concrete / Gumbel-sigmoid) distribution over {@code D} independent features
 * (C. J. Maddison, A. Mnih, Y. W. Teh, "The Concrete distribution", ICLR 2017; E. Jang, S. Gu, B. Poole,
 * "Categorical reparameterization with Gumbel-softmax", ICLR 2017): a continuous value in {@code [0, 1]}
 * that tends to a Bernoulli draw with {@code P(1) = sigmoid(logit)} as the temperature {@code T} goes
 * to 0. A draw of {@code batch} rows is a row-major {@code [batch x D]} array; element
 * {@code i = r D + d} is
 * <pre>
 *   y = sigmoid((logits[d] + L) / T),   L = log(u / (1 - u))   (logistic noise)
 * </pre>
 * with {@code u} the uniform float of the generator's word {@code position + i}
 * ({@link BernoulliGradients#relaxedRsample}). <b>Every draw, relaxed or straight-through, consumes
 * {@code batch * D} words, one per element.</b>
 *
 * <h2>rsample</h2>
 * The noise does not depend on the parameters, so {@code y} is a smooth function of the logits and the
 * temperature: {@link #rsample} returns the values with a backward pass ({@link Sample#backward}) giving
 * {@code dL/dlogits} and {@code dL/dT}; it recomputes the noise from the stream and index the draw used
 * ({@link BernoulliGradients#relaxedBackward}), storing nothing, or with {@link EpsPolicy#STORE} reads the
 * noise the draw kept (same bits, less work: a relaxed draw also keeps its sigmoid's exponentials, so that
 * pass computes no transcendental function). {@link #sample} draws the same values with no gradient path.
 * A caller drawing the same shape again and again makes one sample with {@link #newSample} and refills it
 * with {@link #rsample(Generator, Sample)}, which allocates nothing.
 *
 * <h2>Straight-through</h2>
 * {@link #straightThrough()} is the same distribution with hard forward values (Jang et al. 2017,
 * section 2.2): element {@code i} is {@code 1f} if {@code logits[d] + L > 0}, else {@code 0f}, from the
 * same words as the relaxed draw ({@link BernoulliGradients#straightThroughRsample}); the sign of the
 * logistic argument decides, so where the relaxed value is not exactly 0.5 the hard value is
 * {@code relaxed > 0.5}. Its backward pass is the relaxed one at the same noise and temperature, a biased
 * but low-variance gradient estimate. The hard values are Bernoulli draws with {@code P(1) =
 * sigmoid(logit)} up to the resolution of {@code u} (2^-24 near 1, finer near 0), but not the same draws
 * as {@link Bernoulli#sample}, which compares the word with a threshold.
 *
 * <h2>Parameters</h2>
 * The logits must be finite (the kernels need a finite logistic argument): {@link #ofProbs} therefore
 * accepts probabilities in the open interval {@code (0, 1)} and converts them in float with
 * {@link Elementary}'s functions, {@code logit = log(p) - log1p(-p)}; p = 0 or 1 (infinite logits, a
 * deterministic value for which no relaxation is needed) are rejected. The temperature must be finite
 * and at least {@link BernoulliGradients#MIN_TEMPERATURE} (so that {@code 1/T} is finite).
 *
 * <p>Immutable and thread-safe; the parameters are copied and checked at construction.
 */
public final class RelaxedBernoulli {
    private final float temperature;
    private final float[] logits;
    private final boolean straightThrough;

    private RelaxedBernoulli(float temperature, float[] logits, boolean straightThrough) {
        this.temperature = temperature;
        this.logits = logits;
        this.straightThrough = straightThrough;
    }

    /**
     * One feature with log-odds {@code logit}.
     *
     * @param temperature T, finite and {@code >= MIN_TEMPERATURE}
     * @param logit the log-odds, finite
     * @return the distribution, {@code D = 1}
     * @throws IllegalArgumentException if a parameter is out of range (the message names it and its value)
     */
    public static RelaxedBernoulli ofLogits(float temperature, float logit) {
        return ofLogits(temperature, new float[] {logit});
    }

    /**
     * {@code D} independent features with the given log-odds.
     *
     * @param temperature T, finite and {@code >= MIN_TEMPERATURE}
     * @param logits the log-odds, {@code D >= 1} finite values (copied)
     * @return the distribution
     * @throws NullPointerException if {@code logits} is null
     * @throws IllegalArgumentException if the temperature is out of range, {@code logits} is empty or a
     *     value is not finite, such as {@code logits[1] must be finite, was Infinity}
     */
    public static RelaxedBernoulli ofLogits(float temperature, float[] logits) {
        float[] l = Params.copyNonEmpty("logits", logits);
        checkTemperature(temperature);
        Params.finite("logits", l);
        return new RelaxedBernoulli(temperature, l, false);
    }

    /**
     * One feature with probability {@code p} (the limit as {@code T -> 0}).
     *
     * @param temperature T, finite and {@code >= MIN_TEMPERATURE}
     * @param p the probability, in {@code (0, 1)}
     * @return the distribution, {@code D = 1}
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public static RelaxedBernoulli ofProbs(float temperature, float p) {
        return ofProbs(temperature, new float[] {p});
    }

    /**
     * {@code D} independent features with the given probabilities, converted to logits
     * {@code log(p) - log1p(-p)} in float.
     *
     * @param temperature T, finite and {@code >= MIN_TEMPERATURE}
     * @param probs the probabilities, {@code D >= 1} values in the open interval {@code (0, 1)} (copied)
     * @return the distribution
     * @throws NullPointerException if {@code probs} is null
     * @throws IllegalArgumentException if the temperature is out of range, {@code probs} is empty or a
     *     value is NaN or outside {@code (0, 1)}, such as {@code probs[2] must be in (0, 1), was 1.0}
     */
    public static RelaxedBernoulli ofProbs(float temperature, float[] probs) {
        float[] p = Params.copyNonEmpty("probs", probs);
        checkTemperature(temperature);
        for (int d = 0; d < p.length; d++) {
            if (!(p[d] > 0 && p[d] < 1)) {
                throw new IllegalArgumentException("probs[" + d + "] must be in (0, 1), was " + p[d]);
            }
        }
        float[] l = new float[p.length];
        for (int d = 0; d < p.length; d++) {
            l[d] = Elementary.log(p[d]) - Elementary.log1p(-p[d]);
        }
        return new RelaxedBernoulli(temperature, l, false);
    }

    private static void checkTemperature(float t) {
        if (!(t >= BernoulliGradients.MIN_TEMPERATURE && t <= Float.MAX_VALUE)) {
            throw new IllegalArgumentException("temperature must be finite and >= "
                    + BernoulliGradients.MIN_TEMPERATURE + ", was " + t);
        }
    }

    /**
     * The straight-through variant: the same parameters, hard {@code 0f}/{@code 1f} forward values, the
     * relaxed backward pass (see the class comment). Idempotent.
     *
     * @return the straight-through distribution
     */
    public RelaxedBernoulli straightThrough() {
        return straightThrough ? this : new RelaxedBernoulli(temperature, logits, true);
    }

    /** @return whether draws are hard (straight-through) rather than relaxed */
    public boolean isStraightThrough() {
        return straightThrough;
    }

    /** @return {@code D}, the number of features */
    public int features() {
        return logits.length;
    }

    /** @return the temperature T */
    public float temperature() {
        return temperature;
    }

    /** @return a copy of the log-odds */
    public float[] logits() {
        return logits.clone();
    }

    /** @return the probabilities of the limiting Bernoulli, {@code sigmoid(logit)} */
    public float[] probs() {
        float[] p = new float[logits.length];
        for (int d = 0; d < p.length; d++) {
            p[d] = Elementary.sigmoid(logits[d]);
        }
        return p;
    }

    /** @return {@code true}: a relaxed draw has a pathwise gradient (straight-through: the relaxed one) */
    public boolean hasRsample() {
        return true;
    }

    /**
     * Draws {@code batch} rows with no gradient path: relaxed values in {@code [0, 1]}, or {@code 0f}/{@code 1f}
     * for the straight-through variant. Consumes {@code batch * D} words.
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @return a new {@code [batch x D]} row-major array
     * @throws NullPointerException if {@code g} is null
     * @throws IllegalArgumentException if {@code batch < 0} or {@code batch * D} does not fit an array
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public float[] sample(Generator g, int batch) {
        float[] out = new float[Params.size(batch, features())];
        sample(g, batch, out, 0);
        return out;
    }

    /**
     * Draws {@code batch} rows into {@code dst[from ..]}. Allocates nothing when {@code from == 0} and
     * {@code dst} holds exactly {@code batch * D} elements or more; otherwise the draw goes through a
     * temporary array (the kernels write from element 0). Consumes {@code batch * D} words.
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @param dst the destination
     * @param from first element written
     * @throws NullPointerException if {@code g} or {@code dst} is null
     * @throws IllegalArgumentException if {@code batch < 0}
     * @throws IndexOutOfBoundsException if the {@code batch * D} elements are not inside {@code dst}
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public void sample(Generator g, int batch, float[] dst, int from) {
        Objects.requireNonNull(g, "g");
        int n = Params.size(batch, features());
        Objects.requireNonNull(dst, "dst");
        Objects.checkFromIndexSize(from, n, dst.length);
        long first = g.first(1, n);
        if (from == 0) {
            fill(g, first, batch, dst);
        } else {
            float[] tmp = new float[n];
            fill(g, first, batch, tmp);
            System.arraycopy(tmp, 0, dst, from, n);
        }
        g.consumed(1, first, n);
    }

    private void fill(Generator g, long first, int batch, float[] y) {
        fill(g, first, batch, y, null, null);
    }

    /**
     * The draw into {@code y}, its noise into {@code noise} and (relaxed draws) its sigmoid's exponentials
     * into {@code squash}, each unless null.
     */
    private void fill(Generator g, long first, int batch, float[] y, float[] noise, float[] squash) {
        if (straightThrough) {
            BernoulliGradients.straightThroughRsample(g.rng(), first, logits, batch, y, noise);
        } else {
            BernoulliGradients.relaxedRsample(g.rng(), first, logits, temperature, batch, y, noise, squash);
        }
    }

    /**
     * Draws {@code batch} rows with a gradient path: the values equal {@link #sample(Generator, int)}'s at
     * the same generator position; consumes {@code batch * D} words. The logistic noise is kept for the
     * backward pass ({@link EpsPolicy#STORE}) when the draw has at most 1024 elements, and regenerated
     * by it ({@link EpsPolicy#RECOMPUTE}) above: a small draw saves the backward pass drawing its noise
     * again, a large one the second array ({@code policy()} says which). The same bits either way.
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @return the draw and its backward pass
     * @throws NullPointerException if {@code g} is null
     * @throws IllegalArgumentException if {@code batch < 0}
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public Sample rsample(Generator g, int batch) {
        return rsample(g, batch, Params.defaultPolicy(batch, features()));
    }

    /**
     * {@link #rsample(Generator, int)} with a choice of noise policy, as for {@link Normal}:
     * {@link EpsPolicy#STORE} keeps the logistic noise ({@code batch * D} more floats) so the backward
     * pass reads it instead of drawing the stream again and taking logs; {@link EpsPolicy#RECOMPUTE} keeps
     * none. The values and the gradients are the same bits either way.
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @param policy what the backward pass reads
     * @return the draw and its backward pass
     * @throws NullPointerException if {@code g} or {@code policy} is null
     * @throws IllegalArgumentException if {@code batch < 0}
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public Sample rsample(Generator g, int batch, EpsPolicy policy) {
        Objects.requireNonNull(g, "g");
        Objects.requireNonNull(policy, "policy");
        int n = Params.size(batch, features());
        long first = g.first(1, n);
        float[] y = new float[n];
        float[] noise = policy == EpsPolicy.STORE ? new float[n] : null;
        Sample s = new Sample(new Draw(g.rng(), first, batch, features()), y, noise);
        fill(g, first, batch, y, noise, s.squash);
        g.consumed(1, first, n);
        return s;
    }

    /**
     * An empty reusable sample of {@code batch} rows bound to this distribution, for
     * {@link #rsample(Generator, Sample)}: its values (and, with {@link EpsPolicy#STORE}, its noise) are
     * allocated here, once. A policy acting on one observation per request makes one and refills it per
     * request.
     *
     * @param batch rows, {@code >= 0}
     * @param policy what the backward pass reads
     * @return a sample holding no draw yet: its values are 0 and its backward pass throws until it is filled
     * @throws NullPointerException if {@code policy} is null
     * @throws IllegalArgumentException if {@code batch < 0} or {@code batch * D} does not fit an array
     */
    public Sample newSample(int batch, EpsPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        int n = Params.size(batch, features());
        return new Sample(Draw.empty(batch, features()), new float[n], policy == EpsPolicy.STORE ? new float[n] : null);
    }

    /**
     * {@link #rsample(Generator, int, EpsPolicy)} into a reusable sample, allocating nothing: draws
     * {@code into.batch()} rows from the generator's position into {@code into}'s arrays (the same values,
     * noise and words consumed, {@code batch * D}, as {@code rsample(g, into.batch(), into.policy())}) and
     * points its backward pass at this draw. Any earlier draw the sample held is overwritten.
     *
     * @param g the generator, moved past the draw
     * @param into a sample made by this distribution's {@link #newSample} (not by its
     *     {@link #straightThrough()} twin, nor by an equal distribution)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code into} belongs to another distribution
     * @throws IllegalStateException if the generator's stream has too few words left (nothing is written
     *     and the generator does not move)
     */
    public void rsample(Generator g, Sample into) {
        Objects.requireNonNull(g, "g");
        Objects.requireNonNull(into, "into");
        if (into.owner() != this) {
            throw new IllegalArgumentException("into must be a sample of this distribution (" + this
                    + "), was one of " + into.owner());
        }
        Draw d = into.draw;
        int n = into.values.length;
        long first = g.first(1, n);
        fill(g, first, d.batch(), into.values, into.noise, into.squash);
        g.consumed(1, first, n);
        d.set(g.rng(), first);
    }

    @Override
    public String toString() {
        return "RelaxedBernoulli[D=" + logits.length + ", T=" + temperature
                + (logits.length == 1 ? ", logit=" + logits[0] : "") + (straightThrough ? ", straight-through" : "")
                + "]";
    }

    /**
     * A reparameterised draw of a {@link RelaxedBernoulli}: its values and the way back from
     * {@code dL/dy} to {@code dL/dlogits} and {@code dL/dT}. It keeps the stream and index the draw used
     * (not the generator), so the backward pass regenerates exactly its noise whatever the generator did
     * since, or reads the noise it stored ({@link EpsPolicy#STORE}); it may be called any number of times,
     * from any thread.
     *
     * <p>A reusable sample ({@link #newSample}) is refilled in place by {@link #rsample(Generator, Sample)}:
     * its values and noise arrays are its own, and its backward pass always backpropagates the draw it
     * holds now. It is mutable: give each thread its own, and call {@code backward} before the next refill.
     */
    public final class Sample {
        private final Draw draw;
        private final float[] values;
        /** The stored noise, or null: recomputed. */
        private final float[] noise;
        /** With STORE and relaxed draws: each value's sigmoid exponential, kept for the backward pass. */
        private final float[] squash;

        private Sample(Draw draw, float[] values, float[] noise) {
            this.draw = draw;
            this.values = values;
            this.noise = noise;
            this.squash = noise != null && !straightThrough ? new float[values.length] : null;
        }

        /** @return the noise policy of the draw */
        public EpsPolicy policy() {
            return noise == null ? EpsPolicy.RECOMPUTE : EpsPolicy.STORE;
        }

        /**
         * The drawn values, row-major {@code [batch x D]}: the array itself, not a copy; the backward pass
         * never reads it.
         *
         * @return the values
         */
        public float[] values() {
            return values;
        }

        /** @return the number of rows */
        public int batch() {
            return draw.batch();
        }

        /** @return {@code D}, the number of features */
        public int features() {
            return draw.features();
        }

        /** @return the word of the stream element 0 used; -1 for a reusable sample not drawn into yet */
        public long index() {
            return draw.index();
        }

        /**
         * The gradients of a loss L given {@code dL/dy}: with {@code z = (logit + L) / T} and
         * {@code s = sigmoid(z) sigmoid(-z)}, {@code dL/dlogit[d] = (1/T) sum_r dy[r][d] s} and
         * {@code dL/dT = -(1/T) sum_d sum_r dy[r][d] s z}, summed in double in
         * {@link BernoulliGradients}' fixed order (the same bits on every backend). For the
         * straight-through variant this is the relaxed gradient at the same noise.
         *
         * @param gradValues {@code dL/dy}, {@code batch * D} values
         * @return the gradients, in new arrays
         * @throws NullPointerException if {@code gradValues} is null
         * @throws IllegalArgumentException if {@code gradValues.length != batch * D}
         * @throws IllegalStateException if this is a reusable sample not drawn into yet
         */
        public Grad backward(float[] gradValues) {
            float[] gl = new float[draw.features()];
            float gt = backward(gradValues, gl, false);
            return new Grad(gl, gt);
        }

        /**
         * {@link #backward(float[])} into the caller's array, allocating nothing.
         *
         * @param gradValues {@code dL/dy}, {@code batch * D} values
         * @param gradLogits receives {@code dL/dlogits}, {@code D} values
         * @param accumulate add to what {@code gradLogits} holds (rounded once) instead of overwriting it
         * @return {@code dL/dT} (never accumulated: the caller adds it)
         * @throws NullPointerException if an array is null
         * @throws IllegalArgumentException if {@code gradValues.length != batch * D} or
         *     {@code gradLogits.length != D}
         * @throws IllegalStateException if this is a reusable sample not drawn into yet
         */
        public float backward(float[] gradValues, float[] gradLogits, boolean accumulate) {
            Objects.requireNonNull(gradValues, "gradValues");
            Objects.requireNonNull(gradLogits, "gradLogits");
            Params.sameLength("gradValues", gradValues.length, "values", values.length);
            Params.sameLength("gradLogits", gradLogits.length, "logits", draw.features());
            return BernoulliGradients.relaxedBackward(draw.rng(), draw.index(), logits, temperature, draw.batch(),
                    gradValues, noise, squash, gradLogits, accumulate);
        }

        /** @return the noise the draw stored ({@link EpsPolicy#STORE}): the array itself; null for RECOMPUTE */
        float[] noise() {
            return noise;
        }

        private RelaxedBernoulli owner() {
            return RelaxedBernoulli.this;
        }
    }

    /**
     * Gradients with respect to a relaxed Bernoulli's parameters. The record holds the array itself (no
     * copy); it belongs to the caller. For a distribution made {@link #ofProbs}, the gradient with respect
     * to {@code p} is {@code dL/dlogit / (p (1 - p))}.
     *
     * @param logits {@code dL/dlogits}, {@code D} values
     * @param temperature {@code dL/dT}
     */
    public record Grad(float[] logits, float temperature) {
        /**
         * @param logits {@code dL/dlogits}
         * @param temperature {@code dL/dT}
         * @throws NullPointerException if {@code logits} is null
         */
        public Grad {
            Objects.requireNonNull(logits, "logits");
        }
    }
}
