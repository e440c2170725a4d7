package io.simdist.kernels;

import io.simdist.rng.Uniforms;
import java.util.Arrays;

/**
 * The small-call paths of the Bernoulli family, as {@link SmallCalls} is for the normals: calls of at
 * most {@link SmallWords#MAX} elements (one observation of a policy with a few binary actions) run plain
 * scalar loops over {@link SmallWords} instead of the provider's bulk kernels. The public entry points
 * ({@link Bernoullis}, {@link BernoulliGradients}) check the arguments first, exactly as for a bulk
 * call; this class only computes.
 *
 * <p>Each loop gives the bits of the bulk path at the same (key, stream, index) on every backend: a draw
 * is the same unsigned comparison; a relaxed element is the same chain of {@link BernoulliChunks}'
 * element functions on the same uniform ({@link Uniforms#toFloat}); and the gradients are reduced in the
 * order of {@link BernoulliGradientLoops}. A call this small is a single tile and a single chunk there,
 * so that order is: per feature, one double starting from {@code +0.0} adding the float terms of rows 0,
 * 1, ... in order, then scaled by {@code 1/T} and rounded once; for the temperature, the per-feature sums
 * added in feature order (tested for lengths 1 to 70 at every offset modulo 64).
 *
 * <p>An output may be the array of an input where the checks allow it ({@code y} or the noise over the
 * logits of one row, the gradient over the logits or {@code dL/dy}). The bulk path reads a whole chunk
 * before it writes, so these loops read every input of an element before anything overwrites it.
 */
final class SmallBernoulli {
    /**
     * Features reduced together in the backward pass, row after row. Their sums live in registers
     * ({@link Sum}), so the reduction needs no per-thread scratch; each row reads their words from at
     * most two Philox blocks (a feature at a time down the rows would recompute a block for almost every
     * element).
     */
    private static final int GROUP = 4;

    private SmallBernoulli() {}

    /** A Bernoulli draw: 1 iff {@code word}, unsigned, is below {@code threshold}. */
    private static int draw(int word, long threshold) {
        return (word & 0xFFFFFFFFL) < threshold ? 1 : 0;
    }

    // ---- plain draws (Bernoullis) ----

    static void bytes(long key, long streamId, long index, long threshold, byte[] dst, int from, int len) {
        draws(key, streamId, index, threshold, null, dst, null, from, len);
    }

    /** Draw {@code j} compares with {@code thresholds[j % D]}; {@code len} is a multiple of D (whole rows). */
    static void bytes(long key, long streamId, long index, long[] thresholds, byte[] dst, int from, int len) {
        draws(key, streamId, index, 0, thresholds, dst, null, from, len);
    }

    static void floats(long key, long streamId, long index, long threshold, float[] dst, int from, int len) {
        draws(key, streamId, index, threshold, null, null, dst, from, len);
    }

    /** Draw {@code j} compares with {@code thresholds[j % D]}; {@code len} is a multiple of D (whole rows). */
    static void floats(long key, long streamId, long index, long[] thresholds, float[] dst, int from, int len) {
        draws(key, streamId, index, 0, thresholds, null, dst, from, len);
    }

    /**
     * Draws {@code index .. index + len - 1} into {@code bytes} or {@code floats} (the other is null), against
     * {@code thresholds[j % D]} or, without thresholds, {@code threshold}. The words come two Philox blocks at
     * a time, computed side by side ({@link SmallWords#compute2}): a [1 x 6] draw reads two blocks, which one
     * after the other cost about a third more.
     */
    private static void draws(long key, long streamId, long index, long threshold, long[] thresholds, byte[] bytes,
            float[] floats, int from, int len) {
        if (len <= 0) {
            return;
        }
        SmallWords words = new SmallWords(key, streamId);  // does not escape
        int dim = thresholds == null ? 1 : thresholds.length;
        long lastVariate = index + (len - 1);
        int out = from;
        int d = 0;
        for (long b = index >>> 2, last = lastVariate >>> 2; b <= last; b += 2) {
            words.compute2(b);
            long v0 = b << 2;
            for (int j = 0; j < 8; j++) {
                long v = v0 + j;
                if (v < index || v > lastVariate) {
                    continue;
                }
                int x = draw(words.word2(j), thresholds == null ? threshold : thresholds[d]);
                if (bytes != null) {
                    bytes[out++] = (byte) x;
                } else {
                    floats[out++] = x;
                }
                if (++d == dim) {
                    d = 0;
                }
            }
        }
    }

    /** @return draws {@code index .. index + 63} packed into one long, draw {@code index + j} in bit j */
    static long packed(long key, long streamId, long index, long threshold) {
        SmallWords words = new SmallWords(key, streamId);
        long bits = 0;
        for (int j = 0; j < Long.SIZE; j++) {
            bits |= (long) draw(words.at(index + j), threshold) << j;
        }
        return bits;
    }

    // ---- the relaxed Bernoulli (BernoulliGradients) ----

    /** The logistic noise of element {@code i}: of the uniform float of word {@code index + i}. */
    private static float drawNoise(SmallWords words, long index, int i) {
        return BernoulliChunks.noise(Uniforms.toFloat(words.at(index + i)));
    }

    /** The noise of element {@code i}: {@code stored[i]} if the forward pass stored it, else drawn again. */
    private static float noiseOf(SmallWords words, long index, float[] stored, int i) {
        return stored != null ? stored[i] : drawNoise(words, index, i);
    }

    /**
     * The relaxed (or straight-through) forward pass, in two passes as the bulk path splits a chunk into
     * passes: the first draws the noise (a log) and keeps {@code theta + L} in {@code y}, the second takes
     * its sigmoid (an exponential) in place. Each loop body is short enough for the CPU to overlap the
     * dependency chains of several elements, which one body holding both chains does not allow. {@code y[i]}
     * holds the float sum whose sigmoid {@link BernoulliChunks#relaxedForward} takes, so the bits are the
     * same; and the first pass reads each element's logit before it writes, so an output over the logits
     * (allowed for one row) is read before it is overwritten, as in the bulk path.
     *
     * @see BernoulliGradientKernels#relaxedBernoulliForward
     */
    static void relaxedForward(long key, long streamId, long index, float[] logits, float temperature, int batch,
            float[] y, boolean hard, float[] noise, float[] squash) {
        SmallWords words = new SmallWords(key, streamId);
        int dim = logits.length;
        for (int row = 0, i = 0; row < batch; row++) {
            for (int d = 0; d < dim; d++, i++) {
                float theta = logits[d];
                float l = drawNoise(words, index, i);
                if (noise != null) {
                    noise[i] = l;
                }
                y[i] = hard ? BernoulliChunks.hard(l, theta) : theta + l;
            }
        }
        if (!hard) {  // the sigmoid, keeping its exponential where asked
            float invT = 1f / temperature;
            for (int i = 0, n = batch * dim; i < n; i++) {
                float x = y[i] * invT;
                float e = Elementary.exp(-Math.abs(x));
                if (squash != null) {
                    squash[i] = e;
                }
                y[i] = Elementary.sigmoidFromExp(x, e);
            }
        }
    }

    /**
     * The relaxed backward pass, a group of {@link #GROUP} features at a time: each row draws (or reads) the
     * group's noise first, then adds its terms to the features' sums. A single row (one observation) has one
     * term per feature, so it writes each gradient as its term comes.
     *
     * @return {@code dL/dT}
     * @see BernoulliGradientKernels#relaxedBernoulliBackward
     */
    static float relaxedBackward(long key, long streamId, long index, float[] logits, float temperature, int batch,
            float[] gradY, float[] noise, float[] squash, float[] gradLogits, boolean accumulate) {
        int dim = logits.length;
        if (batch == 0) {
            // as the bulk loop: no sums at all, so an accumulated -0.0 stays -0.0 and dL/dT is +0
            if (!accumulate) {
                Arrays.fill(gradLogits, 0, dim, 0f);
            }
            return 0f;
        }
        SmallWords words = new SmallWords(key, streamId);
        float invT = 1f / temperature;
        double sumT = 0;
        if (batch == 1) {
            // one row: each feature's sums are its single term, so each gradient is written as it comes (no Sum)
            for (int d = 0; d < dim; d++) {
                float z = BernoulliChunks.relaxedArgument(noiseOf(words, index, noise, d), logits[d], invT);
                float gz = squash != null ? BernoulliChunks.relaxedGradOf(gradY[d], squash[d])
                        : BernoulliChunks.relaxedGrad(gradY[d], z);
                double g = 0.0 + gz;  // the bulk sum starts from +0.0: a -0.0 term leaves +0.0
                gradLogits[d] = (float) ((accumulate ? gradLogits[d] : 0.0) + g * invT);
                sumT += gz * z;
            }
            return (float) (-sumT / temperature);
        }
        for (int d0 = 0; d0 < dim; d0 += GROUP) {
            int w = Math.min(GROUP, dim - d0);
            Sum s0 = new Sum(logits[d0], invT);
            Sum s1 = new Sum(w > 1 ? logits[d0 + 1] : 0f, invT);
            Sum s2 = new Sum(w > 2 ? logits[d0 + 2] : 0f, invT);
            Sum s3 = new Sum(w > 3 ? logits[d0 + 3] : 0f, invT);
            for (int row = 0; row < batch; row++) {
                int i = row * dim + d0;
                // the group's noise first: up to four independent chains (a log each) that the CPU overlaps
                float l0 = noiseOf(words, index, noise, i);
                float l1 = w > 1 ? noiseOf(words, index, noise, i + 1) : 0f;
                float l2 = w > 2 ? noiseOf(words, index, noise, i + 2) : 0f;
                float l3 = w > 3 ? noiseOf(words, index, noise, i + 3) : 0f;
                s0.add(l0, gradY[i], squash, i);
                if (w > 1) {
                    s1.add(l1, gradY[i + 1], squash, i + 1);
                }
                if (w > 2) {
                    s2.add(l2, gradY[i + 2], squash, i + 2);
                }
                if (w > 3) {
                    s3.add(l3, gradY[i + 3], squash, i + 3);
                }
            }
            // every input of these features has been read; an aliased later input lies at another position
            sumT = s0.write(gradLogits, d0, accumulate, sumT);
            if (w > 1) {
                sumT = s1.write(gradLogits, d0 + 1, accumulate, sumT);
            }
            if (w > 2) {
                sumT = s2.write(gradLogits, d0 + 2, accumulate, sumT);
            }
            if (w > 3) {
                sumT = s3.write(gradLogits, d0 + 3, accumulate, sumT);
            }
        }
        return (float) (-sumT / temperature);
    }

    /**
     * One feature's two sums in the backward pass, {@code sum_b gz} and {@code sum_b gz z}, each a double
     * from {@code +0.0} adding the float terms of the rows in order. One per feature of a group, per call;
     * it does not escape, so its fields stay in registers.
     */
    private static final class Sum {
        private final float theta;
        private final float invT;
        private double g;
        private double t;

        Sum(float theta, float invT) {
            this.theta = theta;
            this.invT = invT;
        }

        /**
         * Adds the terms of element {@code i}, with noise {@code l} and {@code dL/dy = gy}, from the kept
         * {@code squash[i]} if there is one.
         */
        void add(float l, float gy, float[] squash, int i) {
            float z = BernoulliChunks.relaxedArgument(l, theta, invT);
            float gz = squash != null ? BernoulliChunks.relaxedGradOf(gy, squash[i])
                    : BernoulliChunks.relaxedGrad(gy, z);
            g += gz;
            t += gz * z;
        }

        /**
         * Writes the feature's gradient into {@code gradLogits[d]} with the bulk loop's rounding
         * ({@code +0.0} standing in for an overwritten value) and returns {@code sumT} plus its
         * temperature sum.
         */
        double write(float[] gradLogits, int d, boolean accumulate, double sumT) {
            gradLogits[d] = (float) ((accumulate ? gradLogits[d] : 0.0) + g * invT);
            return sumT + t;
        }
    }
}
