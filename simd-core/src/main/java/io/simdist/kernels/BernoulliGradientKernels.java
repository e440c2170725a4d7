package io.simdist.kernels;

/**
 * The Bernoulli gradient kernels of a {@link KernelProvider}. <b>Internal SPI</b>, like
 * {@link KernelProvider}: applications call {@link BernoulliGradients}, which validates the arguments.
 *
 * <p>The default methods are the scalar reference. They draw their uniforms through this provider's
 * {@link #uniformFloats}, a chunk of at most 1024 at a time into a per-thread buffer, so a provider that
 * only implements the stream (the native one) inherits them and stays bit-identical; the Vector API
 * provider overrides them with the same operations lane by lane.
 *
 * <p>Shapes: {@code logits} has D = {@code logits.length} entries, one per feature, broadcast over the
 * rows of a row-major {@code [batch x D]} block: element {@code i = b D + d} uses {@code logits[d]}.
 * Per-element logits are the case {@code batch = 1}. Callers have validated the arguments: logits
 * finite and non-empty, arrays long enough, {@code temperature} finite and {@code >= 2^-126}, the
 * stream range in bounds. Reductions over the batch run in the fixed order of
 * {@link BernoulliGradientLoops}.
 */
public interface BernoulliGradientKernels {
    /**
     * Uniform floats, variate {@code i} from word {@code i}; see {@link KernelProvider#uniformFloats}.
     *
     * @param key the 64-bit key
     * @param streamId the stream id
     * @param index first variate index
     * @param dst destination
     * @param from first position written
     * @param len number of variates
     */
    void uniformFloats(long key, long streamId, long index, float[] dst, int from, int len);

    /**
     * The per-element score {@code dst[i] = x[i] - sigmoid(logits[i % D])} for {@code i < batch D}.
     *
     * @param x the samples, {@code [batch x D]}
     * @param logits the logits, D of them
     * @param batch the rows
     * @param dst the scores, {@code [batch x D]}
     */
    default void bernoulliScore(float[] x, float[] logits, int batch, float[] dst) {
        BernoulliGradientLoops.score(BernoulliChunks.SCALAR, x, logits, batch, dst);
    }

    /**
     * The score-function gradient reduced over the batch:
     * {@code grad[d] (+)= sum_b w[b D + d] (x[b D + d] - sigmoid(logits[d]))}, w = 1 when null.
     *
     * @param x the samples, {@code [batch x D]}
     * @param weights the weights, {@code [batch x D]}, or null for 1
     * @param logits the logits, D of them
     * @param batch the rows
     * @param grad the gradient, {@code [D]}
     * @param accumulate add to {@code grad} instead of overwriting it
     */
    default void bernoulliScoreGrad(float[] x, float[] weights, float[] logits, int batch, float[] grad,
            boolean accumulate) {
        BernoulliGradientLoops.scoreGrad(BernoulliChunks.SCALAR, x, weights, logits, batch, grad, accumulate);
    }

    /**
     * {@code dst[i] = log p(x[i]) = x[i] logits[i % D] - softplus(logits[i % D])}.
     *
     * @param x the samples, {@code [batch x D]}
     * @param logits the logits, D of them
     * @param batch the rows
     * @param dst the log-probabilities, {@code [batch x D]}
     */
    default void bernoulliLogProb(float[] x, float[] logits, int batch, float[] dst) {
        BernoulliGradientLoops.logProb(BernoulliChunks.SCALAR, x, logits, batch, dst);
    }

    /**
     * The entropy of each logit and, if {@code grad} is not null, its derivative.
     *
     * @param logits the logits
     * @param entropy the entropies, one per logit
     * @param grad {@code dH/dlogit}, one per logit, or null
     */
    default void bernoulliEntropy(float[] logits, float[] entropy, float[] grad) {
        BernoulliGradientLoops.entropy(BernoulliChunks.SCALAR, logits, entropy, grad);
    }

    /**
     * Relaxed Bernoulli samples {@code y[i] = sigmoid((logits[i % D] + L_i) / T)}, or with {@code hard}
     * the straight-through draws {@code logits[i % D] + L_i > 0 ? 1 : 0}; {@code L_i} is the logistic
     * noise of uniform {@code index + i}.
     *
     * @param key the 64-bit key
     * @param streamId the stream id
     * @param index the uniform of element 0
     * @param logits the logits, D of them
     * @param temperature T
     * @param batch the rows
     * @param y the samples, {@code [batch x D]}
     * @param hard straight-through draws instead of relaxed ones
     * @param noise receives {@code L_i}, {@code [batch x D]}, for a backward pass that reads it; or null
     */
    default void relaxedBernoulliForward(long key, long streamId, long index, float[] logits, float temperature,
            int batch, float[] y, boolean hard, float[] noise) {
        relaxedBernoulliForward(key, streamId, index, logits, temperature, batch, y, hard, noise, null);
    }

    /**
     * {@link #relaxedBernoulliForward(long, long, long, float[], float, int, float[], boolean, float[])} that
     * also writes each relaxed sample's {@code exp(-|z|)} into {@code squash} (not for hard draws), for a
     * backward pass that reads it instead of computing it again.
     *
     * @param key the 64-bit key
     * @param streamId the stream id
     * @param index the uniform of element 0
     * @param logits the logits, D of them
     * @param temperature T
     * @param batch the rows
     * @param y the samples, {@code [batch x D]}
     * @param hard straight-through draws instead of relaxed ones
     * @param noise receives {@code L_i}, {@code [batch x D]}, or null
     * @param squash receives {@code exp(-|z_i|)}, {@code [batch x D]}, or null (ignored if {@code hard})
     */
    default void relaxedBernoulliForward(long key, long streamId, long index, float[] logits, float temperature,
            int batch, float[] y, boolean hard, float[] noise, float[] squash) {
        BernoulliGradientLoops.relaxedForward(this, BernoulliChunks.SCALAR, key, streamId, index, logits,
                temperature, batch, y, hard, noise, hard ? null : squash);
    }

    /**
     * The backward pass of {@link #relaxedBernoulliForward}: reads the noise the forward pass stored or,
     * if {@code noise} is null, recomputes it from the stream (the same bits either way); writes (or adds)
     * {@code dL/dlogits} reduced over the batch and returns {@code dL/dT}.
     *
     * @param key the 64-bit key
     * @param streamId the stream id
     * @param index the uniform of element 0
     * @param logits the logits, D of them
     * @param temperature T
     * @param batch the rows
     * @param gradY {@code dL/dy}, {@code [batch x D]}
     * @param noise the noise the forward pass stored, {@code [batch x D]}, or null to recompute it
     * @param gradLogits {@code dL/dlogits}, {@code [D]}
     * @param accumulate add to {@code gradLogits} instead of overwriting it
     * @return {@code dL/dT}
     */
    default float relaxedBernoulliBackward(long key, long streamId, long index, float[] logits, float temperature,
            int batch, float[] gradY, float[] noise, float[] gradLogits, boolean accumulate) {
        return relaxedBernoulliBackward(key, streamId, index, logits, temperature, batch, gradY, noise, null,
                gradLogits, accumulate);
    }

    /**
     * {@link #relaxedBernoulliBackward(long, long, long, float[], float, int, float[], float[], float[],
     * boolean)} reading the {@code exp(-|z|)} the relaxed forward pass wrote into {@code squash} instead of
     * computing it (the same bits).
     *
     * @param key the 64-bit key
     * @param streamId the stream id
     * @param index the uniform of element 0
     * @param logits the logits, D of them
     * @param temperature T
     * @param batch the rows
     * @param gradY {@code dL/dy}, {@code [batch x D]}
     * @param noise the noise the forward pass stored, {@code [batch x D]}, or null to recompute it
     * @param squash what the relaxed forward pass wrote there, {@code [batch x D]}, or null to recompute it
     * @param gradLogits {@code dL/dlogits}, {@code [D]}
     * @param accumulate add to {@code gradLogits} instead of overwriting it
     * @return {@code dL/dT}
     */
    default float relaxedBernoulliBackward(long key, long streamId, long index, float[] logits, float temperature,
            int batch, float[] gradY, float[] noise, float[] squash, float[] gradLogits, boolean accumulate) {
        return BernoulliGradientLoops.relaxedBackward(this, BernoulliChunks.SCALAR, key, streamId, index, logits,
                temperature, batch, gradY, noise, squash, gradLogits, accumulate);
    }
}
