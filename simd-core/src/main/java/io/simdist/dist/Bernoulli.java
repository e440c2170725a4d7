package io.simdist.dist;

import io.simdist.kernels.BernoulliGradients;
import io.simdist.kernels.Bernoullis;
import io.simdist.kernels.Elementary;
import java.util.Arrays;
import java.util.Objects;

/**
 * The Bernoulli distribution over {@code D} independent features: feature {@code d} is 1 with
 * probability {@code probs[d]}. A draw of {@code batch} rows is a row-major {@code [batch x D]} block;
 * draw {@code i} (row {@code i / D}, column {@code i % D}) reads the generator's word
 * {@code position + i} and is 1 iff the word, unsigned, is below {@code ceil(p 2^32)}
 * ({@link Bernoullis}: resolution 2^-32, p = 0 never gives 1, p = 1 always does). A draw of
 * {@code batch} rows consumes {@code batch * D} words, whatever its form (bytes, floats or bits).
 *
 * <h2>No rsample</h2>
 * A discrete draw has no pathwise gradient: {@link #hasRsample()} is false and {@link #rsample} throws.
 * The gradient of {@code E[f(X)]} with respect to the logits is estimated instead by the score function
 * ({@link #logProbBackward}: {@code d log p(x) / d logit = x - sigmoid(logit)}), or the distribution is
 * relaxed ({@link RelaxedBernoulli}, the Concrete distribution, which has an rsample), or a straight-through
 * estimator passes the gradient of the relaxed value through the hard one
 * ({@link RelaxedBernoulli#straightThrough()}).
 *
 * <h2>Precision</h2>
 * The parameters are kept in both forms, in float, with {@link Elementary}'s functions (the same bits
 * on every backend): from probabilities, {@code log p = log(p)}, {@code log(1 - p) = log1p(-p)} and
 * {@code logit = log p - log(1 - p)}; from logits, {@code p = sigmoid(l)}, {@code 1 - p = sigmoid(-l)},
 * {@code log p = logSigmoid(l)}, {@code log(1 - p) = logSigmoid(-l)}. The thresholds of the draws are
 * computed from the given form in double ({@link Bernoullis.Thresholds}).
 *
 * <p>Immutable and thread-safe; the parameters are copied and checked at construction.
 */
public final class Bernoulli {
    /** Draws per byte chunk when packing bits (whole rows; grown to one row if rows are longer). */
    private static final int PACK_CHUNK = 4096;
    private static final ThreadLocal<byte[]> PACK_BUFFER = new ThreadLocal<>();

    private final float[] probs;
    private final float[] complement;
    private final float[] logits;
    private final float[] logP;
    private final float[] logQ;
    private final Bernoullis.Thresholds thresholds;
    /** Whether {@link BernoulliGradients} can take the logits (it rejects infinities). */
    private final boolean finiteLogits;

    private Bernoulli(float[] probs, float[] complement, float[] logits, float[] logP, float[] logQ,
            Bernoullis.Thresholds thresholds) {
        this.probs = probs;
        this.complement = complement;
        this.logits = logits;
        this.logP = logP;
        this.logQ = logQ;
        this.thresholds = thresholds;
        boolean finite = true;
        for (float l : logits) {
            finite &= Float.isFinite(l);
        }
        this.finiteLogits = finite;
    }

    /**
     * One feature with probability {@code p} of 1.
     *
     * @param p the probability, in {@code [0, 1]}
     * @return the distribution, {@code D = 1}
     * @throws IllegalArgumentException if {@code p} is NaN or outside {@code [0, 1]}
     */
    public static Bernoulli ofProbs(float p) {
        return ofProbs(new float[] {p});
    }

    /**
     * {@code D} independent features with the given probabilities of 1.
     *
     * @param probs the probabilities, {@code D >= 1} values in {@code [0, 1]} (copied)
     * @return the distribution
     * @throws NullPointerException if {@code probs} is null
     * @throws IllegalArgumentException if {@code probs} is empty or a value is NaN or outside
     *     {@code [0, 1]}, such as {@code probs[2] must be in [0, 1], was 1.5}
     */
    public static Bernoulli ofProbs(float[] probs) {
        float[] p = Params.copyNonEmpty("probs", probs);
        Params.probabilities("probs", p, 0, p.length);
        int n = p.length;
        float[] q = new float[n];
        float[] l = new float[n];
        float[] lp = new float[n];
        float[] lq = new float[n];
        for (int d = 0; d < n; d++) {
            q[d] = 1f - p[d];
            lp[d] = Elementary.log(p[d]);
            lq[d] = Elementary.log1p(-p[d]);
            l[d] = lp[d] - lq[d];
        }
        return new Bernoulli(p, q, l, lp, lq, Bernoullis.Thresholds.ofProbs(p));
    }

    /**
     * One feature with log-odds {@code logit} of 1.
     *
     * @param logit the log-odds; infinities allowed (probability 0 or 1)
     * @return the distribution, {@code D = 1}
     * @throws IllegalArgumentException if {@code logit} is NaN
     */
    public static Bernoulli ofLogits(float logit) {
        return ofLogits(new float[] {logit});
    }

    /**
     * {@code D} independent features with the given log-odds of 1: {@code p = sigmoid(logit)}.
     *
     * @param logits the log-odds, {@code D >= 1} values, infinities allowed (copied)
     * @return the distribution
     * @throws NullPointerException if {@code logits} is null
     * @throws IllegalArgumentException if {@code logits} is empty or a value is NaN
     */
    public static Bernoulli ofLogits(float[] logits) {
        float[] l = Params.copyNonEmpty("logits", logits);
        Params.notNaN("logits", l, 0, l.length);
        int n = l.length;
        float[] p = new float[n];
        float[] q = new float[n];
        float[] lp = new float[n];
        float[] lq = new float[n];
        for (int d = 0; d < n; d++) {
            p[d] = Elementary.sigmoid(l[d]);
            q[d] = Elementary.sigmoid(-l[d]);
            lp[d] = Elementary.logSigmoid(l[d]);
            lq[d] = Elementary.logSigmoid(-l[d]);
        }
        return new Bernoulli(p, q, l, lp, lq, Bernoullis.Thresholds.ofLogits(l));
    }

    /** @return {@code D}, the number of features */
    public int features() {
        return probs.length;
    }

    /** @return a copy of the probabilities of 1 */
    public float[] probs() {
        return probs.clone();
    }

    /** @return a copy of the log-odds of 1 ({@code -inf} for p = 0, {@code +inf} for p = 1) */
    public float[] logits() {
        return logits.clone();
    }

    /** @return {@code false}: a discrete draw has no pathwise (reparameterised) gradient */
    public boolean hasRsample() {
        return false;
    }

    /**
     * Always throws: a Bernoulli draw has no reparameterised sample.
     *
     * @param g ignored
     * @param batch ignored
     * @return never
     * @throws UnsupportedOperationException always, naming the alternatives
     */
    public RSample rsample(Generator g, int batch) {
        throw new UnsupportedOperationException("Bernoulli has no rsample: a discrete draw has no pathwise "
                + "gradient (hasRsample() is false). Alternatives: the score-function gradient, sample(...) "
                + "then logProbBackward(x, dLogProb) (d log p(x)/d logit = x - sigmoid(logit)); "
                + "RelaxedBernoulli (Concrete / Gumbel-sigmoid), which has an rsample; or a straight-through "
                + "estimator (hard sample forward, the relaxed sample's gradient backward).");
    }

    /**
     * Draws {@code batch} rows as bytes 0 or 1. Consumes {@code batch * D} words.
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @return a new {@code [batch x D]} row-major array
     * @throws NullPointerException if {@code g} is null
     * @throws IllegalArgumentException if {@code batch < 0}
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public byte[] sample(Generator g, int batch) {
        byte[] out = new byte[Params.size(batch, features())];
        sample(g, batch, out, 0);
        return out;
    }

    /**
     * Draws {@code batch} rows as bytes into {@code dst[from ..]}, allocating nothing.
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
    public void sample(Generator g, int batch, byte[] dst, int from) {
        draw(g, batch, dst, from, dst == null ? 0 : dst.length);
    }

    /**
     * Draws {@code batch} rows as floats {@code 0f} or {@code 1f}; the same draws as {@link #sample}.
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @return a new {@code [batch x D]} row-major array
     * @throws NullPointerException if {@code g} is null
     * @throws IllegalArgumentException if {@code batch < 0}
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public float[] sampleFloats(Generator g, int batch) {
        float[] out = new float[Params.size(batch, features())];
        sampleFloats(g, batch, out, 0);
        return out;
    }

    /**
     * Draws {@code batch} rows as floats into {@code dst[from ..]}, allocating nothing.
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
    public void sampleFloats(Generator g, int batch, float[] dst, int from) {
        draw(g, batch, dst, from, dst == null ? 0 : dst.length);
    }

    /** A checked draw of {@code batch} rows into a {@code byte[]} or {@code float[]}. */
    private void draw(Generator g, int batch, Object dst, int from, int dstLength) {
        Objects.requireNonNull(g, "g");
        int n = Params.size(batch, features());
        Objects.requireNonNull(dst, "dst");
        Objects.checkFromIndexSize(from, n, dstLength);
        long first = g.first(1, n);
        if (dst instanceof byte[] b) {
            Bernoullis.fill(g.rng(), first, thresholds, b, from, n);
        } else {
            Bernoullis.fill(g.rng(), first, thresholds, (float[]) dst, from, n);
        }
        g.consumed(1, first, n);
    }

    /**
     * Draws {@code batch} rows packed 64 to a long: bit {@code j} of long {@code k} is draw
     * {@code 64k + j} of the row-major block; the bits past draw {@code batch * D - 1} in the last long
     * are 0. The same draws as {@link #sample}; consumes {@code batch * D} words.
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @return {@code ceil(batch * D / 64)} longs
     * @throws NullPointerException if {@code g} is null
     * @throws IllegalArgumentException if {@code batch < 0}
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public long[] samplePacked(Generator g, int batch) {
        long[] out = new long[(Params.size(batch, features()) + 63) / 64];
        samplePacked(g, batch, out, 0);
        return out;
    }

    /**
     * {@link #samplePacked(Generator, int)} into {@code dst[from .. from + ceil(batch * D / 64))}. With one
     * feature the whole longs come straight from the packed kernel; otherwise the draws go through a
     * per-thread byte buffer of 4096 draws (or one row, if rows are longer).
     *
     * @param g the generator, moved past the draw
     * @param batch rows, {@code >= 0}
     * @param dst the destination
     * @param from first long written
     * @throws NullPointerException if {@code g} or {@code dst} is null
     * @throws IllegalArgumentException if {@code batch < 0}
     * @throws IndexOutOfBoundsException if the longs are not inside {@code dst}
     * @throws IllegalStateException if the generator's stream has too few words left
     */
    public void samplePacked(Generator g, int batch, long[] dst, int from) {
        Objects.requireNonNull(g, "g");
        int d = features();
        int n = Params.size(batch, d);
        Objects.requireNonNull(dst, "dst");
        int longs = (n + 63) / 64;
        Objects.checkFromIndexSize(from, longs, dst.length);
        long first = g.first(1, n);
        int done = 0;
        if (d == 1 && n >= 64) {
            Bernoullis.fillPacked(g.rng(), first, thresholds, dst, from, n / 64);
            done = n / 64 * 64;
        }
        if (done < n) {
            Arrays.fill(dst, from + done / 64, from + longs, 0L);
            byte[] buf = packBuffer(d);
            int chunk = buf.length / d * d;
            for (; done < n; done += chunk) {
                int len = Math.min(chunk, n - done);
                Bernoullis.fill(g.rng(), first + done, thresholds, buf, 0, len);
                for (int j = 0; j < len; j++) {
                    int k = done + j;
                    dst[from + (k >>> 6)] |= (long) buf[j] << (k & 63);
                }
            }
        }
        g.consumed(1, first, n);
    }

    private static byte[] packBuffer(int rowLength) {
        byte[] buf = PACK_BUFFER.get();
        if (buf == null || buf.length < rowLength) {
            buf = new byte[Math.max(PACK_CHUNK, rowLength)];
            PACK_BUFFER.set(buf);
        }
        return buf;
    }

    /** @return the mean of each feature, its probability (a copy) */
    public float[] mean() {
        return probs.clone();
    }

    /** @return the variance of each feature, {@code p (1 - p)} */
    public float[] variance() {
        float[] v = new float[probs.length];
        for (int d = 0; d < v.length; d++) {
            v[d] = probs[d] * complement[d];
        }
        return v;
    }

    /**
     * The mode of each feature: 1 if {@code p > 1/2}, 0 if {@code p < 1/2}, NaN at {@code p = 1/2} where
     * both are modes (as PyTorch).
     *
     * @return one mode per feature
     */
    public float[] mode() {
        float[] m = new float[probs.length];
        for (int d = 0; d < m.length; d++) {
            m[d] = probs[d] > complement[d] ? 1f : probs[d] < complement[d] ? 0f : Float.NaN;
        }
        return m;
    }

    /**
     * The entropy of each feature in nats, {@code -(p log p + (1 - p) log(1 - p))}, with
     * {@code 0 log 0 = 0}.
     *
     * @return one entropy per feature
     */
    public float[] entropy() {
        float[] h = new float[probs.length];
        for (int d = 0; d < h.length; d++) {
            float a = probs[d] == 0f ? 0f : probs[d] * logP[d];
            float b = complement[d] == 0f ? 0f : complement[d] * logQ[d];
            h[d] = -(a + b);
        }
        return h;
    }

    /**
     * The log-probability of each value of a {@code [rows x D]} block: {@code log p} for 1,
     * {@code log(1 - p)} for 0.
     *
     * @param x the values, a multiple of {@code D}, each {@code 0f} or {@code 1f}
     * @return one log-probability per value ({@code -inf} for an impossible value)
     * @throws NullPointerException if {@code x} is null
     * @throws IllegalArgumentException if {@code x.length} is not a multiple of {@code D} or a value is
     *     neither 0 nor 1, such as {@code x[3] must be 0 or 1, was 0.5}
     */
    public float[] logProb(float[] x) {
        checkValues(x);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int d = i % probs.length;
            out[i] = x[i] == 1f ? logP[d] : logQ[d];
        }
        return out;
    }

    /**
     * {@link #logProb(float[])} of byte draws, as {@link #sample} returns them.
     *
     * @param x the values, a multiple of {@code D}, each 0 or 1
     * @return one log-probability per value
     * @throws NullPointerException if {@code x} is null
     * @throws IllegalArgumentException if {@code x.length} is not a multiple of {@code D} or a value is
     *     neither 0 nor 1
     */
    public float[] logProb(byte[] x) {
        return logProb(toFloats(x));
    }

    /**
     * The score-function gradient: the gradient of {@code L = sum_i dLogProb[i] * logProb(x)[i]} with
     * respect to the logits, {@code dL/dlogit[d] = sum_r dLogProb[r][d] (x[r][d] - sigmoid(logit[d]))}:
     * each term rounded to float, the terms of a feature summed in double in row order and rounded once.
     * With {@code x} drawn by {@link #sample} and {@code dLogProb[i] = f(x_i) / n} it is the REINFORCE
     * estimate of {@code d E[f(X)] / d logits}.
     *
     * <p>When every logit is finite this is the fused kernel {@link BernoulliGradients#scoreGradient}; a
     * distribution with p = 0 or 1 (an infinite logit, which the kernel rejects) takes a plain loop with
     * the same arithmetic, so the two give the same bits for the same finite logits. {@code sigmoid(logit)}
     * is {@link Elementary#sigmoid}: for a distribution made {@link #ofProbs} it is the probability
     * recovered from the float logit, which can differ from {@code p} by a few ulps.
     *
     * @param x the values, a multiple of {@code D}, each {@code 0f} or {@code 1f}
     * @param dLogProb {@code dL/dlogProb}, one per value
     * @return {@code dL/dlogits}, {@code D} values
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if a length is wrong or a value of {@code x} is neither 0 nor 1
     */
    public float[] logProbBackward(float[] x, float[] dLogProb) {
        checkValues(x);
        Objects.requireNonNull(dLogProb, "dLogProb");
        Params.sameLength("dLogProb", dLogProb.length, "x", x.length);
        int dims = logits.length;
        float[] grad = new float[dims];
        if (finiteLogits) {
            BernoulliGradients.scoreGradient(x, dLogProb, logits, x.length / dims, grad, false);
            return grad;
        }
        double[] sum = new double[dims];
        for (int i = 0; i < x.length; i++) {
            int d = i % dims;
            sum[d] += dLogProb[i] * (x[i] - Elementary.sigmoid(logits[d]));
        }
        for (int d = 0; d < dims; d++) {
            grad[d] = (float) sum[d];
        }
        return grad;
    }

    /**
     * {@link #logProbBackward(float[], float[])} of byte draws.
     *
     * @param x the values, each 0 or 1
     * @param dLogProb {@code dL/dlogProb}, one per value
     * @return {@code dL/dlogits}, {@code D} values
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if a length is wrong or a value of {@code x} is neither 0 nor 1
     */
    public float[] logProbBackward(byte[] x, float[] dLogProb) {
        return logProbBackward(toFloats(x), dLogProb);
    }

    private static float[] toFloats(byte[] x) {
        Objects.requireNonNull(x, "x");
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = x[i];
        }
        return f;
    }

    private void checkValues(float[] x) {
        Objects.requireNonNull(x, "x");
        Params.rows("x", 0, x.length, x.length, features());
        for (int i = 0; i < x.length; i++) {
            if (x[i] != 0f && x[i] != 1f) {
                throw new IllegalArgumentException("x[" + i + "] must be 0 or 1, was " + x[i]);
            }
        }
    }

    @Override
    public String toString() {
        return "Bernoulli[D=" + probs.length + (probs.length == 1 ? ", p=" + probs[0] : "") + "]";
    }
}
