package io.simdist.dist;

import io.simdist.kernels.NormalRsample;
import io.simdist.kernels.NormalRsample.EpsPolicy;
import io.simdist.kernels.Segments;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * {@link Normal} in double: the normal distribution N(loc, scale^2) over {@code D} independent features,
 * drawing double standard normal variates (in pairs, one Philox block a pair, see {@link Generator}):
 * a draw of {@code batch} rows first rounds the generator's position up to a multiple of 4, then
 * consumes {@code 2 batch D} words, {@code batch D} rounded up to even. Element {@code (r, d)} is {@code
 * fma(eps, scale[d], loc[d])}.
 *
 * <p>{@link #logProb} and {@link #entropy} are plain double arithmetic with {@link StrictMath#log}
 * (the same bits on every JVM); {@link #cdf} and {@link #icdf} are {@link Normal}'s double algorithms.
 * Immutable and thread-safe; parameters checked at construction as {@link Normal}'s.
 */
public final class NormalF64 {
    /** {@code log(2 pi) / 2}. */
    private static final double HALF_LOG_2PI = 0.91893853320467274178;
    private static final int SEGMENT_CHUNK = 4096;
    private static final ThreadLocal<double[]> SEGMENT_BUFFER = new ThreadLocal<>();

    private final double[] loc;
    private final double[] scale;

    private NormalF64(double[] loc, double[] scale) {
        this.loc = loc;
        this.scale = scale;
    }

    /**
     * One feature: {@code N(loc, scale^2)}.
     *
     * @param loc the mean, finite
     * @param scale the standard deviation, {@code > 0} and finite
     * @return the distribution, {@code D = 1}
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public static NormalF64 of(double loc, double scale) {
        return of(new double[] {loc}, new double[] {scale});
    }

    /**
     * {@code D} independent features.
     *
     * @param loc the means, {@code D >= 1} finite values (copied)
     * @param scale the standard deviations, {@code D} values, each {@code > 0} and finite (copied)
     * @return the distribution
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if an array is empty, the lengths differ or a value is out of range
     */
    public static NormalF64 of(double[] loc, double[] scale) {
        double[][] p = Params.locScale(loc, scale);
        return new NormalF64(p[0], p[1]);
    }

    /** @return {@code D}, the number of features */
    public int features() {
        return loc.length;
    }

    /** @return a copy of the means */
    public double[] loc() {
        return loc.clone();
    }

    /** @return a copy of the standard deviations */
    public double[] scale() {
        return scale.clone();
    }

    /** @return {@code true}: a normal draw has a pathwise gradient */
    public boolean hasRsample() {
        return true;
    }

    /**
     * Draws {@code batch} rows with no gradient path.
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @return a new {@code [batch x D]} row-major array
     * @throws NullPointerException if {@code g} is null
     * @throws IllegalArgumentException if {@code batch < 0}
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public double[] sample(Generator g, int batch) {
        double[] out = new double[Params.size(batch, features())];
        sample(g, batch, out, 0);
        return out;
    }

    /**
     * Draws {@code batch} rows into {@code dst[from ..]}, allocating nothing.
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @param dst the destination
     * @param from first element written
     * @throws NullPointerException if {@code g} or {@code dst} is null
     * @throws IllegalArgumentException if {@code batch < 0}
     * @throws IndexOutOfBoundsException if the elements are not inside {@code dst}
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public void sample(Generator g, int batch, double[] dst, int from) {
        Objects.requireNonNull(g, "g");
        int n = Params.size(batch, features());
        Objects.requireNonNull(dst, "dst");
        Objects.checkFromIndexSize(from, n, dst.length);
        long first = g.firstNormal(2, n);
        NormalRsample.forward(g.rng(), first, batch, features(), loc, scale, dst, from, null, 0);
        g.consumedNormal(2, first, n);
    }

    /**
     * Draws {@code batch} rows into a memory segment (element {@code from + i} at byte offset
     * {@code 8 (from + i)}), through a per-thread heap buffer; see {@link Normal}'s segment overload.
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @param dst the destination segment, writable
     * @param layout the double layout (byte order and alignment)
     * @param from first element written
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code batch < 0}, {@code dst} is read-only or misaligned
     * @throws IndexOutOfBoundsException if the elements are not inside {@code dst}
     * @throws IllegalStateException if the generator's stream has too few words left, or {@code dst}'s
     *     scope is closed or confined to another thread
     */
    public void sample(Generator g, int batch, MemorySegment dst, ValueLayout.OfDouble layout, long from) {
        Objects.requireNonNull(g, "g");
        int d = features();
        int n = Params.size(batch, d);
        MemorySegment target = Segments.writable(dst, layout, from, n);
        long first = g.firstNormal(2, n);
        double[] buf = SEGMENT_BUFFER.get();
        if (buf == null || buf.length < d) {
            buf = new double[Math.max(SEGMENT_CHUNK, d)];
            SEGMENT_BUFFER.set(buf);
        }
        int rowsPerCopy = buf.length / d;
        for (int row = 0; row < batch; row += rowsPerCopy) {
            int rows = Math.min(rowsPerCopy, batch - row);
            NormalRsample.forward(g.rng(), first + (long) row * d, rows, d, loc, scale, buf, 0, null, 0);
            MemorySegment.copy(buf, 0, target, layout, (long) row * d * Double.BYTES, rows * d);
        }
        g.consumedNormal(2, first, n);
    }

    /**
     * Draws {@code batch} rows with a gradient path; the values equal {@link #sample(Generator, int)}'s at
     * the same position. See {@link Normal#rsample(Generator, int, EpsPolicy)}.
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @param policy what the backward pass reads
     * @return the draw and its backward pass
     * @throws NullPointerException if {@code g} or {@code policy} is null
     * @throws IllegalArgumentException if {@code batch < 0}
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public RSampleF64 rsample(Generator g, int batch, EpsPolicy policy) {
        Objects.requireNonNull(g, "g");
        Objects.requireNonNull(policy, "policy");
        int n = Params.size(batch, features());
        long first = g.firstNormal(2, n);
        double[] z = new double[n];
        double[] eps = policy == EpsPolicy.STORE ? new double[n] : null;
        NormalRsample.forward(g.rng(), first, batch, features(), loc, scale, z, 0, eps, 0);
        g.consumedNormal(2, first, n);
        return new RSampleF64(new Draw(g.rng(), first, batch, features()), z, eps);
    }

    /**
     * An empty reusable sample of {@code batch} rows for {@link #rsample(Generator, RSampleF64)}, as
     * {@link Normal#newRSample}: its arrays are allocated here, once.
     *
     * @param batch rows, {@code >= 0}
     * @param policy what the backward pass reads
     * @return a sample holding no draw yet
     * @throws NullPointerException if {@code policy} is null
     * @throws IllegalArgumentException if {@code batch < 0} or {@code batch * D} does not fit an array
     */
    public RSampleF64 newRSample(int batch, EpsPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        int n = Params.size(batch, features());
        return new RSampleF64(Draw.empty(batch, features()), new double[n],
                policy == EpsPolicy.STORE ? new double[n] : null);
    }

    /**
     * {@link #rsample(Generator, int, EpsPolicy)} into a reusable sample, allocating nothing (see
     * {@link Normal#rsample(Generator, RSample)}): the same values, noise and words consumed.
     *
     * @param g the generator, moved past the draw
     * @param into a sample from {@link #newRSample} (of any normal with {@code D} features)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code into} has another number of features
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public void rsample(Generator g, RSampleF64 into) {
        Objects.requireNonNull(g, "g");
        Objects.requireNonNull(into, "into");
        Params.sameFeatures(into.features(), features());
        int batch = into.batch();
        int n = batch * features();
        long first = g.firstNormal(2, n);
        NormalRsample.forward(g.rng(), first, batch, features(), loc, scale, into.values(), 0, into.eps(), 0);
        g.consumedNormal(2, first, n);
        into.draw().set(g.rng(), first);
    }

    /**
     * {@link #rsample(Generator, int, EpsPolicy)} with the policy {@link Normal#rsample(Generator, int)}
     * picks: {@link EpsPolicy#STORE} up to 1024 elements, {@link EpsPolicy#RECOMPUTE} above.
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @return the draw and its backward pass
     */
    public RSampleF64 rsample(Generator g, int batch) {
        return rsample(g, batch, Params.defaultPolicy(batch, features()));
    }

    /** @return a copy of the means (also the modes) */
    public double[] mean() {
        return loc.clone();
    }

    /** @return a copy of the means: the mode of a normal is its mean */
    public double[] mode() {
        return loc.clone();
    }

    /** @return a copy of the standard deviations */
    public double[] stddev() {
        return scale.clone();
    }

    /** @return the variances {@code scale[d]^2} */
    public double[] variance() {
        double[] v = new double[scale.length];
        for (int d = 0; d < v.length; d++) {
            v[d] = scale[d] * scale[d];
        }
        return v;
    }

    /** @return the entropy of each feature in nats, {@code log(scale) + 1/2 + log(2 pi)/2} */
    public double[] entropy() {
        double[] h = new double[scale.length];
        for (int d = 0; d < h.length; d++) {
            h[d] = StrictMath.log(scale[d]) + (0.5 + HALF_LOG_2PI);
        }
        return h;
    }

    /**
     * The log-density of each value of a {@code [rows x D]} block: {@code -eps^2/2 - log(scale) -
     * log(2 pi)/2} with {@code eps = (x - loc) / scale}.
     *
     * @param x the values, a multiple of {@code D} finite doubles
     * @return one log-density per value
     * @throws NullPointerException if {@code x} is null
     * @throws IllegalArgumentException if {@code x.length} is not a multiple of {@code D} or a value is
     *     not finite
     */
    public double[] logProb(double[] x) {
        Objects.requireNonNull(x, "x");
        double[] out = new double[x.length];
        logProb(x, 0, x.length, out, 0);
        return out;
    }

    /**
     * {@link #logProb(double[])} of {@code x[from .. from + len)} into {@code out[outFrom ..]}, allocating
     * nothing. {@code len} is a multiple of {@code D}: whole rows.
     *
     * @param x the values
     * @param from first value read
     * @param len number of values, a multiple of {@code D}, each finite
     * @param out receives the log-densities
     * @param outFrom first element of {@code out} written
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if {@code len} is not a multiple of {@code D} or a value is not finite
     * @throws IndexOutOfBoundsException if a range is not inside its array
     */
    public void logProb(double[] x, int from, int len, double[] out, int outFrom) {
        checkRows("x", x, from, len, out, outFrom);
        Params.finite("x", x, from, len);
        for (int i = 0; i < len; i++) {
            int d = i % loc.length;
            double eps = (x[from + i] - loc[d]) / scale[d];
            out[outFrom + i] = -0.5 * eps * eps - (StrictMath.log(scale[d]) + HALF_LOG_2PI);
        }
    }

    /**
     * The gradient of {@code L = sum_i dLogProb[i] * logProb(x)[i]} with respect to {@code loc} and
     * {@code scale}: with {@code eps = (x - loc[d]) / scale[d]},
     * {@code dL/dloc[d] = sum_r dLogProb[r][d] eps / scale[d]} and
     * {@code dL/dscale[d] = sum_r dLogProb[r][d] (eps^2 - 1) / scale[d]}: the sums over the rows in
     * double, in row order, then divided by {@code scale[d]} once.
     * The float kernel ({@link io.simdist.kernels.NormalLogProb}) has no double version, so this is plain
     * Java with {@link #logProb}'s formulas (the same bits on every JVM). With {@code x} drawn by
     * {@link #sample} and {@code dLogProb[i] = f(x_i) / n} this is the score-function (REINFORCE)
     * estimate of the gradient of {@code E[f(X)]}.
     *
     * @param x the values, a multiple of {@code D} finite doubles
     * @param dLogProb {@code dL/dlogProb}, one per value
     * @return {@code dL/dloc} and {@code dL/dscale}, {@code D} values each
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if a length is wrong or a value of {@code x} is not finite
     */
    public Grad logProbBackward(double[] x, double[] dLogProb) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(dLogProb, "dLogProb");
        Params.rows("x", 0, x.length, x.length, features());
        Params.sameLength("dLogProb", dLogProb.length, "x", x.length);
        Params.finite("x", x, 0, x.length);
        int dims = loc.length;
        Grad g = new Grad(new double[dims], new double[dims]);
        for (int i = 0; i < x.length; i++) {
            int d = i % dims;
            double eps = (x[i] - loc[d]) / scale[d];
            g.loc()[d] += dLogProb[i] * eps;
            g.scale()[d] += dLogProb[i] * (eps * eps - 1);
        }
        for (int d = 0; d < dims; d++) {
            g.loc()[d] /= scale[d];
            g.scale()[d] /= scale[d];
        }
        return g;
    }

    /**
     * The CDF of each value: {@code Phi((x - loc[d]) / scale[d])}; see {@link Normal#cdf(float[])}.
     *
     * @param x the values, a multiple of {@code D}; infinities allowed
     * @return one probability per value
     * @throws NullPointerException if {@code x} is null
     * @throws IllegalArgumentException if {@code x.length} is not a multiple of {@code D} or a value is NaN
     */
    public double[] cdf(double[] x) {
        Objects.requireNonNull(x, "x");
        double[] out = new double[x.length];
        cdf(x, 0, x.length, out, 0);
        return out;
    }

    /**
     * {@link #cdf(double[])} of {@code x[from .. from + len)} into {@code out[outFrom ..]}, allocating nothing.
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
    public void cdf(double[] x, int from, int len, double[] out, int outFrom) {
        transform(false, x, from, len, out, outFrom);
    }

    /**
     * The quantile of each probability: {@code loc[d] + scale[d] PhiInverse(u)}; see {@link Normal#icdf(float[])}.
     *
     * @param u the probabilities, a multiple of {@code D}, each in {@code [0, 1]}
     * @return one quantile per probability
     * @throws NullPointerException if {@code u} is null
     * @throws IllegalArgumentException if {@code u.length} is not a multiple of {@code D} or a value is NaN
     *     or outside {@code [0, 1]}
     */
    public double[] icdf(double[] u) {
        Objects.requireNonNull(u, "u");
        double[] out = new double[u.length];
        icdf(u, 0, u.length, out, 0);
        return out;
    }

    /**
     * {@link #icdf(double[])} of {@code u[from .. from + len)} into {@code out[outFrom ..]}, allocating nothing.
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
    public void icdf(double[] u, int from, int len, double[] out, int outFrom) {
        transform(true, u, from, len, out, outFrom);
    }

    /** The CDF ({@code inverse == false}) or the quantile function of whole rows. */
    private void transform(boolean inverse, double[] in, int from, int len, double[] out, int outFrom) {
        String name = inverse ? "u" : "x";
        checkRows(name, in, from, len, out, outFrom);
        if (inverse) {
            Params.probabilities(name, in, from, len);
        } else {
            Params.notNaN(name, in, from, len);
        }
        for (int i = 0; i < len; i++) {
            int d = i % loc.length;
            double v = in[from + i];
            out[outFrom + i] = inverse ? loc[d] + scale[d] * StandardNormal.quantile(v)
                    : StandardNormal.cdf((v - loc[d]) / scale[d]);
        }
    }

    /** Checks that {@code in[from .. from + len)} is whole rows and {@code out[outFrom ..]} can take them. */
    private void checkRows(String name, double[] in, int from, int len, double[] out, int outFrom) {
        Objects.requireNonNull(in, name);
        Objects.requireNonNull(out, "out");
        Params.rows(name, from, len, in.length, features());
        Objects.checkFromIndexSize(outFrom, len, out.length);
    }

    @Override
    public String toString() {
        return "NormalF64[D=" + loc.length + (loc.length == 1 ? ", loc=" + loc[0] + ", scale=" + scale[0] : "") + "]";
    }

    /**
     * Gradients with respect to a {@link NormalF64}'s parameters, {@code D} values each (the arrays
     * themselves, owned by the caller).
     *
     * @param loc {@code dL/dloc}
     * @param scale {@code dL/dscale}
     */
    public record Grad(double[] loc, double[] scale) {
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
