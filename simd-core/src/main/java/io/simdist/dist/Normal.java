package io.simdist.dist;

import io.simdist.kernels.LocScale;
import io.simdist.kernels.NormalLogProb;
import io.simdist.kernels.NormalRsample;
import io.simdist.kernels.NormalRsample.EpsPolicy;
import io.simdist.kernels.NormalRsamplePlan;
import io.simdist.kernels.Segments;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.util.Objects;

/**
 * The normal distribution N(loc, scale^2) over {@code D} independent features, in float. A draw of
 * {@code batch} rows is a row-major {@code [batch x D]} array; element {@code (r, d)} is
 * {@code fma(eps, scale[d], loc[d])} with {@code eps} the float standard normal variate at the
 * generator's position (see {@link Generator} and {@link io.simdist.kernels.Normals}): a draw of
 * {@code batch} rows consumes the words of {@code batch * D} normals ({@link Generator}: whole pairs).
 *
 * <h2>sample versus rsample</h2>
 * {@link #sample} returns values and nothing else: no gradient flows through them. {@link #rsample}
 * returns the same values (bit for bit, at the same generator position) as an {@link RSample} whose
 * {@link RSample#backward(float[])} gives the gradients with respect to {@code loc} and {@code scale}
 * by the reparameterization trick ({@link NormalRsample}). Which one a caller needs decides the
 * estimator: see the demo's lesson.
 *
 * <h2>Precision</h2>
 * Sampling, {@link #logProb} and {@link #entropy} are the float kernels ({@link NormalRsample},
 * {@link NormalLogProb}): the same bits on every backend. {@link #cdf} and {@link #icdf} are computed in
 * double and rounded once to float (Cody's rational approximations with {@link StrictMath#exp}; Wichura's
 * AS 241 on the library's own log): within about 1 float ulp of the exact values, the same bits on
 * every JVM.
 *
 * <p>Immutable and thread-safe: the parameters are copied at construction and checked there
 * ({@code loc} finite, {@code scale > 0} and finite, equal lengths, at least one feature).
 */
public final class Normal {
    static {
        // the draws' classes (NormalRsamplePlan initialises the small-call loops') load with this class, at
        // start-up, rather than in the first request
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            for (Class<?> c : new Class<?>[] {NormalRsamplePlan.class, RSample.class, Grad.class, EpsPolicy.class}) {
                lookup.ensureInitialized(c);
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /** Floats per copy when a draw goes to a {@link MemorySegment} (grown to one row if rows are longer). */
    private static final int SEGMENT_CHUNK = 4096;
    private static final ThreadLocal<float[]> SEGMENT_BUFFER = new ThreadLocal<>();

    private final float[] loc;
    private final float[] scale;
    /** The same parameters for the kernels, checked once, so a draw does not check them again. */
    private final LocScale params;

    private Normal(float[] loc, float[] scale) {
        this.loc = loc;
        this.scale = scale;
        this.params = LocScale.of(loc, scale);
    }

    /**
     * One feature: {@code N(loc, scale^2)}.
     *
     * @param loc the mean, finite
     * @param scale the standard deviation, {@code > 0} and finite
     * @return the distribution, {@code D = 1}
     * @throws IllegalArgumentException if a parameter is out of range (the message names it and its value)
     */
    public static Normal of(float loc, float scale) {
        return of(new float[] {loc}, new float[] {scale});
    }

    /**
     * {@code D} independent features, feature {@code d} {@code N(loc[d], scale[d]^2)}.
     *
     * @param loc the means, {@code D >= 1} finite values (copied)
     * @param scale the standard deviations, {@code D} values, each {@code > 0} and finite (copied)
     * @return the distribution
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if an array is empty, the lengths differ or a value is out of range,
     *     such as {@code scale[3] must be > 0 and finite, was -0.5}
     */
    public static Normal of(float[] loc, float[] scale) {
        float[][] p = Params.locScale(loc, scale);
        return new Normal(p[0], p[1]);
    }

    /** @return {@code D}, the number of features (columns of a draw) */
    public int features() {
        return params.features();
    }

    /** @return a copy of the means */
    public float[] loc() {
        return params.loc();
    }

    /** @return a copy of the standard deviations */
    public float[] scale() {
        return params.scale();
    }

    /** @return {@code true}: a normal draw has a pathwise gradient */
    public boolean hasRsample() {
        return true;
    }

    /**
     * Draws {@code batch} rows with no gradient path. Consumes the words of {@code batch * D} normals ({@link
     * Generator}: whole pairs).
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
     * Draws {@code batch} rows into {@code dst[from ..]}, allocating nothing. Consumes the words of
     * {@code batch * D} normals ({@link Generator}: whole pairs).
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @param dst the destination
     * @param from first element written
     * @throws NullPointerException if {@code g} or {@code dst} is null
     * @throws IllegalArgumentException if {@code batch < 0}
     * @throws IndexOutOfBoundsException if the {@code batch * D} elements from {@code from} are not inside {@code dst}
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public void sample(Generator g, int batch, float[] dst, int from) {
        Objects.requireNonNull(g, "g");
        int n = Params.size(batch, features());
        Objects.requireNonNull(dst, "dst");
        Objects.checkFromIndexSize(from, n, dst.length);
        long first = g.firstNormal(1, n);
        NormalRsample.forward(g.rng(), first, batch, params, dst, from, null, 0);
        g.consumedNormal(1, first, n);
    }

    /**
     * Draws {@code batch} rows into a memory segment: element {@code from + i} (byte offset
     * {@code 4 (from + i)}, in {@code layout}'s byte order) is value {@code i} of the draw. The values go
     * through a per-thread heap buffer of 4096 floats (or one row, if rows are longer); nothing is
     * allocated after a thread's first call. Consumes the words of {@code batch * D} normals ({@link
     * Generator}: whole pairs).
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @param dst the destination segment, writable, on or off the heap
     * @param layout the float layout (byte order, alignment; {@link ValueLayout#JAVA_FLOAT_UNALIGNED} for none)
     * @param from first element written
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code batch < 0}, {@code dst} is read-only or misaligned for
     *     {@code layout}
     * @throws IndexOutOfBoundsException if the elements are not inside {@code dst}
     * @throws IllegalStateException if the generator's stream has too few words left, or {@code dst}'s
     *     scope is closed or confined to another thread
     */
    public void sample(Generator g, int batch, MemorySegment dst, ValueLayout.OfFloat layout, long from) {
        Objects.requireNonNull(g, "g");
        int d = features();
        int n = Params.size(batch, d);
        MemorySegment target = Segments.writable(dst, layout, from, n);
        long first = g.firstNormal(1, n);
        float[] buf = segmentBuffer(d);
        int rowsPerCopy = buf.length / d;
        for (int row = 0; row < batch; row += rowsPerCopy) {
            int rows = Math.min(rowsPerCopy, batch - row);
            NormalRsample.forward(g.rng(), first + (long) row * d, rows, params, buf, 0, null, 0);
            MemorySegment.copy(buf, 0, target, layout, (long) row * d * Float.BYTES, rows * d);
        }
        g.consumedNormal(1, first, n);
    }

    private static float[] segmentBuffer(int rowLength) {
        float[] buf = SEGMENT_BUFFER.get();
        if (buf == null || buf.length < rowLength) {
            buf = new float[Math.max(SEGMENT_CHUNK, rowLength)];
            SEGMENT_BUFFER.set(buf);
        }
        return buf;
    }

    /**
     * Draws {@code batch} rows with a gradient path. The values equal those {@link #sample(Generator, int)}
     * draws at the same generator position; consumes the words of {@code batch * D} normals
     * ({@link Generator}: whole pairs). The noise is kept for the
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
    public RSample rsample(Generator g, int batch) {
        return rsample(g, batch, Params.defaultPolicy(batch, features()));
    }

    /**
     * {@link #rsample(Generator, int)} with a choice of eps policy: {@link EpsPolicy#STORE} keeps the noise
     * ({@code batch * D} more floats) so the backward pass reads it, {@link EpsPolicy#RECOMPUTE} keeps
     * none and regenerates it from the stream and index the draw used. Both give the same bits.
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @param policy what the backward pass reads
     * @return the draw and its backward pass
     * @throws NullPointerException if {@code g} or {@code policy} is null
     * @throws IllegalArgumentException if {@code batch < 0}
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public RSample rsample(Generator g, int batch, EpsPolicy policy) {
        Objects.requireNonNull(g, "g");
        Objects.requireNonNull(policy, "policy");
        int n = Params.size(batch, features());
        long first = g.firstNormal(1, n);
        NormalRsamplePlan plan = NormalRsamplePlan.of(batch, features(), policy);
        plan.forward(g.rng(), first, params);
        g.consumedNormal(1, first, n);
        return new RSample(plan);
    }

    /**
     * An empty reusable sample of {@code batch} rows, for {@link #rsample(Generator, RSample)}: its
     * values (and, with {@link EpsPolicy#STORE}, its noise) are allocated here, once.
     *
     * @param batch rows, {@code >= 0}
     * @param policy what the backward pass reads
     * @return a sample holding no draw yet
     * @throws NullPointerException if {@code policy} is null
     * @throws IllegalArgumentException if {@code batch < 0} or {@code batch * D} does not fit an array
     */
    public RSample newRSample(int batch, EpsPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        Params.size(batch, features());
        return new RSample(NormalRsamplePlan.of(batch, features(), policy));
    }

    /**
     * {@link #rsample(Generator, int, EpsPolicy)} into a reusable sample, allocating nothing: draws
     * {@code into.batch()} rows from the generator's position into {@code into}'s arrays (the same values,
     * noise and words consumed as {@code rsample(g, into.batch(), into.policy())}), and points its backward
     * pass at this draw. Any earlier draw the sample held is overwritten.
     *
     * @param g the generator, moved past the draw
     * @param into a sample from {@link #newRSample} (of any normal with {@code D} features)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code into} has another number of features
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public void rsample(Generator g, RSample into) {
        Objects.requireNonNull(g, "g");
        Objects.requireNonNull(into, "into");
        Params.sameFeatures(into.features(), features());
        int batch = into.batch();
        int n = batch * features();
        long first = g.firstNormal(1, n);
        into.plan().forward(g.rng(), first, params);
        g.consumedNormal(1, first, n);
    }

    /** @return a copy of the means */
    public float[] mean() {
        return loc.clone();
    }

    /** @return the mode of each feature, its mean (a copy) */
    public float[] mode() {
        return loc.clone();
    }

    /** @return a copy of the standard deviations */
    public float[] stddev() {
        return scale.clone();
    }

    /** @return the variances {@code scale[d]^2} */
    public float[] variance() {
        float[] v = new float[scale.length];
        for (int d = 0; d < v.length; d++) {
            v[d] = scale[d] * scale[d];
        }
        return v;
    }

    /**
     * The differential entropy of each feature, {@code log(scale) + 1/2 + log(2 pi)/2} in nats
     * ({@link NormalLogProb#entropy}); the entropy of the whole distribution is their sum.
     *
     * @return one entropy per feature
     */
    public float[] entropy() {
        float[] h = new float[scale.length];
        NormalLogProb.entropy(scale, h);
        return h;
    }

    /**
     * The log-density of each value of a {@code [rows x D]} block ({@link NormalLogProb#logProb}).
     *
     * @param x the values, a multiple of {@code D} finite floats
     * @return one log-density per value
     * @throws NullPointerException if {@code x} is null
     * @throws IllegalArgumentException if {@code x.length} is not a multiple of {@code D} or a value is
     *     not finite (the message names its index)
     */
    public float[] logProb(float[] x) {
        Objects.requireNonNull(x, "x");
        float[] out = new float[x.length];
        logProb(x, 0, x.length, out, 0);
        return out;
    }

    /**
     * The log-densities of {@code x[from .. from + len)} into {@code out[outFrom ..]}, allocating
     * nothing. {@code len} is a multiple of {@code D}: whole rows.
     *
     * @param x the values
     * @param from first value read
     * @param len number of values, a multiple of {@code D}
     * @param out receives the log-densities
     * @param outFrom first element of {@code out} written
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if {@code len} is not a multiple of {@code D} or a value is not finite
     * @throws IndexOutOfBoundsException if a range is not inside its array
     */
    public void logProb(float[] x, int from, int len, float[] out, int outFrom) {
        Objects.requireNonNull(x, "x");
        int rows = Params.rows("x", from, len, x.length, features());
        NormalLogProb.logProb(rows, features(), x, from, loc, scale, out, outFrom);
    }

    /**
     * The gradient of {@code L = sum_i dLogProb[i] * logProb(x)[i]} with respect to {@code loc} and
     * {@code scale} ({@link NormalLogProb#logProbBackward}). With {@code x} drawn by {@link #sample} and
     * {@code dLogProb[i] = f(x_i) / n} this is the score-function (REINFORCE) estimate of the gradient of
     * {@code E[f(X)]}.
     *
     * @param x the values, a multiple of {@code D} finite floats
     * @param dLogProb {@code dL/dlogProb}, one per value
     * @return {@code dL/dloc} and {@code dL/dscale}, {@code D} values each
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if a length is wrong or a value of {@code x} is not finite
     */
    public Grad logProbBackward(float[] x, float[] dLogProb) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(dLogProb, "dLogProb");
        int rows = Params.rows("x", 0, x.length, x.length, features());
        Params.sameLength("dLogProb", dLogProb.length, "x", x.length);
        Grad g = new Grad(new float[features()], new float[features()]);
        NormalLogProb.logProbBackward(rows, features(), x, 0, loc, scale, dLogProb, 0, null, 0, g.loc(), g.scale(),
                false);
        return g;
    }

    /**
     * The cumulative distribution function of each value of a {@code [rows x D]} block:
     * {@code Phi((x - loc[d]) / scale[d])}, computed in double and rounded to float.
     *
     * @param x the values, a multiple of {@code D}; infinities allowed
     * @return one probability per value, in {@code [0, 1]}
     * @throws NullPointerException if {@code x} is null
     * @throws IllegalArgumentException if {@code x.length} is not a multiple of {@code D} or a value is NaN
     */
    public float[] cdf(float[] x) {
        Objects.requireNonNull(x, "x");
        float[] out = new float[x.length];
        cdf(x, 0, x.length, out, 0);
        return out;
    }

    /**
     * {@link #cdf(float[])} of {@code x[from .. from + len)} into {@code out[outFrom ..]}, allocating nothing.
     *
     * @param x the values
     * @param from first value read
     * @param len number of values, a multiple of {@code D}
     * @param out receives the probabilities
     * @param outFrom first element of {@code out} written
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if {@code len} is not a multiple of {@code D} or a value is NaN
     * @throws IndexOutOfBoundsException if a range is not inside its array
     */
    public void cdf(float[] x, int from, int len, float[] out, int outFrom) {
        transform(false, x, from, len, out, outFrom);
    }

    /**
     * The quantile function (inverse CDF) of each probability of a {@code [rows x D]} block:
     * {@code loc[d] + scale[d] * PhiInverse(u)}, computed in double and rounded to float.
     *
     * @param u the probabilities, a multiple of {@code D}, each in {@code [0, 1]} (0 and 1 give -inf and +inf)
     * @return one quantile per probability
     * @throws NullPointerException if {@code u} is null
     * @throws IllegalArgumentException if {@code u.length} is not a multiple of {@code D} or a value is
     *     NaN or outside {@code [0, 1]}
     */
    public float[] icdf(float[] u) {
        Objects.requireNonNull(u, "u");
        float[] out = new float[u.length];
        icdf(u, 0, u.length, out, 0);
        return out;
    }

    /**
     * {@link #icdf(float[])} of {@code u[from .. from + len)} into {@code out[outFrom ..]}, allocating nothing.
     *
     * @param u the probabilities
     * @param from first value read
     * @param len number of values, a multiple of {@code D}
     * @param out receives the quantiles
     * @param outFrom first element of {@code out} written
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if {@code len} is not a multiple of {@code D} or a value is NaN or
     *     outside {@code [0, 1]}
     * @throws IndexOutOfBoundsException if a range is not inside its array
     */
    public void icdf(float[] u, int from, int len, float[] out, int outFrom) {
        transform(true, u, from, len, out, outFrom);
    }

    /** The CDF ({@code inverse == false}) or the quantile function of whole rows, in double, rounded once. */
    private void transform(boolean inverse, float[] in, int from, int len, float[] out, int outFrom) {
        String name = inverse ? "u" : "x";
        Objects.requireNonNull(in, name);
        Objects.requireNonNull(out, "out");
        Params.rows(name, from, len, in.length, features());
        Objects.checkFromIndexSize(outFrom, len, out.length);
        if (inverse) {
            Params.probabilities(name, in, from, len);
        } else {
            Params.notNaN(name, in, from, len);
        }
        for (int i = 0; i < len; i++) {
            int f = i % loc.length;
            double v = in[from + i];
            out[outFrom + i] = (float) (inverse ? loc[f] + scale[f] * StandardNormal.quantile(v)
                    : StandardNormal.cdf((v - loc[f]) / scale[f]));
        }
    }

    @Override
    public String toString() {
        return "Normal[D=" + loc.length + (loc.length == 1 ? ", loc=" + loc[0] + ", scale=" + scale[0] : "") + "]";
    }

    /**
     * Gradients with respect to a normal's parameters: {@code D} values each. The record holds the arrays
     * themselves (no copies); they belong to the caller.
     *
     * @param loc {@code dL/dloc}
     * @param scale {@code dL/dscale}
     */
    public record Grad(float[] loc, float[] scale) {
        /**
         * @param loc {@code dL/dloc}
         * @param scale {@code dL/dscale}
         * @throws NullPointerException if an array is null
         */
        public Grad {
            Objects.requireNonNull(loc, "loc");
            Objects.requireNonNull(scale, "scale");
        }
    }
}
