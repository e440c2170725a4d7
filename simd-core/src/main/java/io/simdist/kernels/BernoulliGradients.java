package io.simdist.kernels;

import io.simdist.rng.Checks;
import io.simdist.rng.Philox4x32;
import io.simdist.simd.Backends;
import java.util.Objects;

/**
 * Gradients for Bernoulli variables: the score function (REINFORCE, R. J. Williams, "Simple
 * statistical gradient-following algorithms for connectionist reinforcement learning", Machine
 * Learning 8, 1992), {@code log p}, the entropy, and the relaxed Bernoulli (Concrete / Gumbel-sigmoid:
 * C. J. Maddison, A. Mnih, Y. W. Teh, "The Concrete distribution", ICLR 2017; E. Jang, S. Gu,
 * B. Poole, "Categorical reparameterization with Gumbel-softmax", ICLR 2017) with its straight-through
 * variant. {@link Bernoullis} draws plain Bernoulli samples.
 *
 * <h2>Shapes</h2>
 * {@code logits} holds D log-odds, one per feature; samples and per-element values are row-major
 * {@code [batch x D]} blocks, element {@code i = b D + d} belonging to feature {@code d}. Per-element
 * logits are {@code batch = 1}. Block arrays must have exactly {@code batch * D} elements; output
 * arrays at least as many as are written.
 *
 * <h2>Bits</h2>
 * Every backend gives the same bits: the transcendentals are {@link Elementary}'s, and a gradient
 * reduced over the batch is summed per feature in double, rows in increasing order (then, for the
 * temperature, features in increasing order), independent of vector width, chunking and backend.
 *
 * <p>Small relaxed calls ({@code batch * D} up to 8, and up to 64 unless the Vector API backend runs),
 * such as one observation, run a scalar loop instead of the provider's bulk kernels, with the same bits
 * and the same checks.
 *
 * <h2>Errors</h2>
 * Every check runs before anything is written. Null arrays or {@code rng}: {@link NullPointerException}.
 * A non-finite logit, a {@code temperature} that is not finite or below {@code 2^-126}, a sample outside
 * {@code [0, 1]}, a negative {@code batch}, a block array of the wrong length, {@code batch * D} above
 * {@link Integer#MAX_VALUE}, or a stream range past its end: {@link IllegalArgumentException}. An output
 * array too short: {@link IndexOutOfBoundsException}. Messages name the parameter, the index and the
 * value, e.g. {@code logits[3] must be finite, was NaN}.
 */
public final class BernoulliGradients {
    /** Smallest temperature: {@code 1 / T} must be finite. */
    public static final float MIN_TEMPERATURE = Float.MIN_NORMAL;

    private BernoulliGradients() {}

    /**
     * The score {@code d log p(x) / d logit = x - sigmoid(logit)}, per element:
     * {@code dst[b D + d] = x[b D + d] - sigmoid(logits[d])}.
     *
     * @param x the samples, {@code [batch x D]}, each in {@code [0, 1]} (usually 0 or 1)
     * @param logits the log-odds, D of them, finite
     * @param batch the rows, {@code >= 0}
     * @param dst the scores, at least {@code batch * D} long
     * @throws NullPointerException if a required argument is null
     * @throws IllegalArgumentException if an argument is invalid (see Errors above)
     * @throws IndexOutOfBoundsException if an output array is too short
     */
    public static void score(float[] x, float[] logits, int batch, float[] dst) {
        int n = block(logits, batch);
        samples("x", x, n);
        output("dst", dst, n);
        Backends.current().bernoulliScore(x, logits, batch, dst);
    }

    /**
     * The score-function gradient fused with its batch reduction:
     * {@code gradLogits[d] (+)= sum over b of w[b D + d] (x[b D + d] - sigmoid(logits[d]))}.
     *
     * <p>With {@code weights} = {@code f(x)} and x drawn with these logits (for example by
     * {@link Bernoullis#fill(Philox4x32, long, Bernoullis.Thresholds, float[], int, int)}), the result
     * divided by {@code batch} is an unbiased estimate of {@code d E[f(x)] / d logits} (Williams 1992).
     * With {@code weights = dL/dlogProb} it is the backward pass of {@link #logProb}.
     *
     * @param x the samples, {@code [batch x D]}, each in {@code [0, 1]}
     * @param weights the per-element weights, {@code [batch x D]}, or null for all ones
     * @param logits the log-odds, D of them, finite
     * @param batch the rows, {@code >= 0}
     * @param gradLogits the gradient, {@code [D]}: overwritten, or added to if {@code accumulate}
     * @param accumulate add the reduced sum to {@code gradLogits} (in double, then rounded once)
     * @throws NullPointerException if a required argument is null
     * @throws IllegalArgumentException if an argument is invalid (see Errors above)
     * @throws IndexOutOfBoundsException if an output array is too short
     */
    public static void scoreGradient(float[] x, float[] weights, float[] logits, int batch, float[] gradLogits,
            boolean accumulate) {
        int n = block(logits, batch);
        samples("x", x, n);
        if (weights != null) {
            shape("weights", weights, n);
        }
        output("gradLogits", gradLogits, logits.length);
        Backends.current().bernoulliScoreGrad(x, weights, logits, batch, gradLogits, accumulate);
    }

    /**
     * {@code log p(x) = x logit - softplus(logit)} per element (the negated binary cross-entropy with
     * logits); its gradient w.r.t. the logits is {@link #score}, reduced by {@link #scoreGradient}.
     * Exact cancellation for {@code x} in {0, 1}: {@code log p(1)} for a large logit is {@code -e^-logit},
     * not 0.
     *
     * @param x the samples, {@code [batch x D]}, each in {@code [0, 1]}
     * @param logits the log-odds, D of them, finite
     * @param batch the rows, {@code >= 0}
     * @param dst the log-probabilities, at least {@code batch * D} long, each {@code <= 0}
     * @throws NullPointerException if a required argument is null
     * @throws IllegalArgumentException if an argument is invalid (see Errors above)
     * @throws IndexOutOfBoundsException if an output array is too short
     */
    public static void logProb(float[] x, float[] logits, int batch, float[] dst) {
        int n = block(logits, batch);
        samples("x", x, n);
        output("dst", dst, n);
        Backends.current().bernoulliLogProb(x, logits, batch, dst);
    }

    /**
     * The entropy {@code H = -p ln p - (1 - p) ln(1 - p)} (nats, in {@code [0, ln 2]}) of each logit, and
     * optionally {@code dH/dlogit = -logit sigmoid(logit) sigmoid(-logit)}. Computed without cancellation
     * as {@code log1p(e) + |logit| e / (1 + e)}, {@code e = exp(-|logit|)}.
     *
     * @param logits the log-odds, finite
     * @param entropy the entropies, at least {@code logits.length} long
     * @param gradLogits the derivatives, at least {@code logits.length} long, or null for none
     * @throws NullPointerException if a required argument is null
     * @throws IllegalArgumentException if an argument is invalid (see Errors above)
     * @throws IndexOutOfBoundsException if an output array is too short
     */
    public static void entropy(float[] logits, float[] entropy, float[] gradLogits) {
        logits(logits);
        output("entropy", entropy, logits.length);
        if (gradLogits != null) {
            output("gradLogits", gradLogits, logits.length);
        }
        Backends.current().bernoulliEntropy(logits, entropy, gradLogits);
    }

    /**
     * Relaxed Bernoulli samples (Maddison et al. 2017, Jang et al. 2017), the reparameterized forward:
     * {@code y[b D + d] = sigmoid((logits[d] + L) / T)} in {@code [0, 1]}, with logistic noise
     * {@code L = ln u - ln(1 - u)} (computed {@code log(u / (1 - u))}, one log of the odds rounded to
     * float) of the uniform float
     * {@code u = Uniforms.toFloat(word(index + i))} of element {@code i = b D + d}: element i uses stream
     * word {@code index + i}, and u is in {@code [2^-31, 1 - 2^-24]}, never 0 or 1, so L is finite, in
     * {@code [-21.49, 16.64]}. {@code / T} is computed as a multiplication by {@code 1/T} rounded to float.
     * As {@code T -> 0} the samples tend to the Bernoulli draws {@code logits[d] + L > 0}.
     *
     * @param rng the stream
     * @param index the uniform of element 0, {@code >= 0}
     * @param logits the log-odds, D of them, finite
     * @param temperature T, finite and {@code >= MIN_TEMPERATURE}
     * @param batch the rows, {@code >= 0}
     * @param y the samples, at least {@code batch * D} long
     * @throws NullPointerException if a required argument is null
     * @throws IllegalArgumentException if an argument is invalid (see Errors above)
     * @throws IndexOutOfBoundsException if an output array is too short
     */
    public static void relaxedRsample(Philox4x32 rng, long index, float[] logits, float temperature, int batch,
            float[] y) {
        relaxedRsample(rng, index, logits, temperature, batch, y, null);
    }

    /**
     * {@link #relaxedRsample(Philox4x32, long, float[], float, int, float[])} that also stores the logistic
     * noise: {@code noise[i] = L} of element i, the same float the samples were computed from. Given to
     * {@link #relaxedBackward(Philox4x32, long, float[], float, int, float[], float[], float[], boolean)},
     * it saves the backward pass the stream and the log (the STORE policy of {@link NormalRsample}); the
     * gradients have the same bits as when the noise is recomputed.
     *
     * @param rng the stream
     * @param index the uniform of element 0, {@code >= 0}
     * @param logits the log-odds, D of them, finite
     * @param temperature T, finite and {@code >= MIN_TEMPERATURE}
     * @param batch the rows, {@code >= 0}
     * @param y the samples, at least {@code batch * D} long
     * @param noise receives the noise, at least {@code batch * D} long and not the array {@code y}; or null
     *     to store nothing
     * @throws NullPointerException if a required argument is null
     * @throws IllegalArgumentException if an argument is invalid (see Errors above) or {@code noise == y}
     * @throws IndexOutOfBoundsException if an output array is too short
     */
    public static void relaxedRsample(Philox4x32 rng, long index, float[] logits, float temperature, int batch,
            float[] y, float[] noise) {
        relaxedRsample(rng, index, logits, temperature, batch, y, noise, null);
    }

    /**
     * {@link #relaxedRsample(Philox4x32, long, float[], float, int, float[], float[])} that also keeps each
     * sample's {@code exp(-|z|)}, the exponential its sigmoid took ({@code z = (logit + L) / T}): given to
     * {@link #relaxedBackward(Philox4x32, long, float[], float, int, float[], float[], float[], float[],
     * boolean)} with the noise, it saves the backward pass its exponentials too, so that pass computes no
     * transcendental function; the gradients keep their bits.
     *
     * @param rng the stream
     * @param index the uniform of element 0, {@code >= 0}
     * @param logits the log-odds, D of them, finite
     * @param temperature T, finite and {@code >= MIN_TEMPERATURE}
     * @param batch the rows, {@code >= 0}
     * @param y the samples, at least {@code batch * D} long
     * @param noise receives the noise, at least {@code batch * D} long and not the array {@code y}; or null
     * @param squash receives the exponentials, at least {@code batch * D} long and neither {@code y} nor
     *     {@code noise}; or null
     * @throws NullPointerException if a required argument is null
     * @throws IllegalArgumentException if an argument is invalid (see Errors above) or two outputs are the
     *     same array
     * @throws IndexOutOfBoundsException if an output array is too short
     */
    public static void relaxedRsample(Philox4x32 rng, long index, float[] logits, float temperature, int batch,
            float[] y, float[] noise, float[] squash) {
        int n = stream(rng, index, logits, temperature, batch);
        output("y", y, n);
        noiseOut(noise, y, n);
        if (squash != null) {
            output("squash", squash, n);
            if (squash == y || squash == noise) {
                throw new IllegalArgumentException("squash must not be the array " + (squash == y ? "y" : "noise"));
            }
        }
        relaxedForward(rng, index, logits, temperature, batch, y, false, noise, squash);
    }

    /**
     * Straight-through relaxed Bernoulli samples (Jang et al. 2017, section 2.2): the hard draws
     * {@code y[i] = 1} if {@code logits[d] + L > 0} (L as in {@link #relaxedRsample}, same stream words),
     * else 0, which is Bernoulli with {@code P(1) = sigmoid(logit)} up to the resolution of u. The sign of
     * the logistic argument decides, not {@code y >= 0.5}: a relaxed sample can round to 0.5 when the
     * argument is slightly negative. The draws do not depend on the temperature; the backward pass is
     * {@link #relaxedBackward} with the chosen temperature (the relaxed gradient at the same noise).
     *
     * @param rng the stream
     * @param index the uniform of element 0, {@code >= 0}
     * @param logits the log-odds, D of them, finite
     * @param batch the rows, {@code >= 0}
     * @param y the draws, {@code 0f} or {@code 1f}, at least {@code batch * D} long
     * @throws NullPointerException if a required argument is null
     * @throws IllegalArgumentException if an argument is invalid (see Errors above)
     * @throws IndexOutOfBoundsException if an output array is too short
     */
    public static void straightThroughRsample(Philox4x32 rng, long index, float[] logits, int batch, float[] y) {
        straightThroughRsample(rng, index, logits, batch, y, null);
    }

    /**
     * {@link #straightThroughRsample(Philox4x32, long, float[], int, float[])} that also stores the logistic
     * noise for the backward pass, as
     * {@link #relaxedRsample(Philox4x32, long, float[], float, int, float[], float[])} does.
     *
     * @param rng the stream
     * @param index the uniform of element 0, {@code >= 0}
     * @param logits the log-odds, D of them, finite
     * @param batch the rows, {@code >= 0}
     * @param y the draws, {@code 0f} or {@code 1f}, at least {@code batch * D} long
     * @param noise receives the noise, at least {@code batch * D} long and not the array {@code y}; or null
     * @throws NullPointerException if a required argument is null
     * @throws IllegalArgumentException if an argument is invalid (see Errors above) or {@code noise == y}
     * @throws IndexOutOfBoundsException if an output array is too short
     */
    public static void straightThroughRsample(Philox4x32 rng, long index, float[] logits, int batch, float[] y,
            float[] noise) {
        int n = stream(rng, index, logits, 1f, batch);
        output("y", y, n);
        noiseOut(noise, y, n);
        relaxedForward(rng, index, logits, 1f, batch, y, true, noise, null);
    }

    /** The checked forward pass: on the small-call path ({@link SmallBernoulli}) if it fits, else the provider's. */
    private static void relaxedForward(Philox4x32 rng, long index, float[] logits, float temperature, int batch,
            float[] y, boolean hard, float[] noise, float[] squash) {
        KernelProvider p = SmallCalls.provider(batch, logits.length);
        if (SmallCalls.fits(batch, logits.length)) {
            SmallBernoulli.relaxedForward(rng.key(), rng.streamId(), index, logits, temperature, batch, y, hard, noise,
                    squash);
        } else {
            p.relaxedBernoulliForward(rng.key(), rng.streamId(), index, logits, temperature, batch, y, hard, noise,
                    squash);
        }
    }

    /**
     * The backward pass of {@link #relaxedRsample} (and of {@link #straightThroughRsample}): recomputes
     * the noise from the stream (nothing stored) and, with {@code z = (logit + L) / T} and
     * {@code s = sigmoid(z) sigmoid(-z)} (computed as {@code e / (1 + e)^2}, {@code e = exp(-|z|)}, no
     * cancellation near 0 and 1):
     * <pre>
     *   gradLogits[d] (+)= (1/T) sum_b gradY[b D + d] s
     *   dL/dT            = -(1/T) sum_d sum_b gradY[b D + d] s z
     * </pre>
     * both summed in double in the fixed order of the class comment, then rounded once.
     *
     * @param rng the stream of the forward pass
     * @param index the index of the forward pass
     * @param logits the logits of the forward pass, D of them, finite
     * @param temperature T of the forward pass, finite and {@code >= MIN_TEMPERATURE}
     * @param batch the rows, {@code >= 0}
     * @param gradY {@code dL/dy}, {@code [batch x D]}
     * @param gradLogits {@code dL/dlogits}, {@code [D]}: overwritten, or added to if {@code accumulate}
     * @param accumulate add to {@code gradLogits} instead of overwriting it
     * @return {@code dL/dT}
     * @throws NullPointerException if a required argument is null
     * @throws IllegalArgumentException if an argument is invalid (see Errors above)
     * @throws IndexOutOfBoundsException if an output array is too short
     */
    public static float relaxedBackward(Philox4x32 rng, long index, float[] logits, float temperature, int batch,
            float[] gradY, float[] gradLogits, boolean accumulate) {
        return relaxedBackward(rng, index, logits, temperature, batch, gradY, null, gradLogits, accumulate);
    }

    /**
     * {@link #relaxedBackward(Philox4x32, long, float[], float, int, float[], float[], boolean)} reading the
     * noise that {@link #relaxedRsample(Philox4x32, long, float[], float, int, float[], float[])} (or the
     * straight-through forward) stored, instead of recomputing it: no stream words, no logs; the same bits
     * as the recomputing pass. The noise is used as given: it must be what that forward pass wrote.
     *
     * @param rng the stream of the forward pass
     * @param index the index of the forward pass
     * @param logits the logits of the forward pass, D of them, finite
     * @param temperature T of the forward pass, finite and {@code >= MIN_TEMPERATURE}
     * @param batch the rows, {@code >= 0}
     * @param gradY {@code dL/dy}, {@code [batch x D]}
     * @param noise the stored noise, at least {@code batch * D} long; or null to recompute it
     * @param gradLogits {@code dL/dlogits}, {@code [D]}, not the array {@code noise}: overwritten, or added
     *     to if {@code accumulate}
     * @param accumulate add to {@code gradLogits} instead of overwriting it
     * @return {@code dL/dT}
     * @throws NullPointerException if a required argument is null
     * @throws IllegalArgumentException if an argument is invalid (see Errors above) or
     *     {@code gradLogits == noise}
     * @throws IndexOutOfBoundsException if {@code noise} or {@code gradLogits} is too short
     */
    public static float relaxedBackward(Philox4x32 rng, long index, float[] logits, float temperature, int batch,
            float[] gradY, float[] noise, float[] gradLogits, boolean accumulate) {
        return relaxedBackward(rng, index, logits, temperature, batch, gradY, noise, null, gradLogits, accumulate);
    }

    /**
     * {@link #relaxedBackward(Philox4x32, long, float[], float, int, float[], float[], float[], boolean)}
     * reading, besides the noise, the exponentials that
     * {@link #relaxedRsample(Philox4x32, long, float[], float, int, float[], float[], float[])} kept, instead
     * of computing them: the same bits. They are used as given: they must be what that forward pass wrote,
     * at the same temperature (a straight-through forward keeps none).
     *
     * @param rng the stream of the forward pass
     * @param index the index of the forward pass
     * @param logits the logits of the forward pass, D of them, finite
     * @param temperature T of the forward pass, finite and {@code >= MIN_TEMPERATURE}
     * @param batch the rows, {@code >= 0}
     * @param gradY {@code dL/dy}, {@code [batch x D]}
     * @param noise the stored noise, at least {@code batch * D} long; or null to recompute it
     * @param squash the kept exponentials, at least {@code batch * D} long; or null to compute them
     * @param gradLogits {@code dL/dlogits}, {@code [D]}, neither {@code noise} nor {@code squash}: overwritten,
     *     or added to if {@code accumulate}
     * @param accumulate add to {@code gradLogits} instead of overwriting it
     * @return {@code dL/dT}
     * @throws NullPointerException if a required argument is null
     * @throws IllegalArgumentException if an argument is invalid (see Errors above) or {@code gradLogits} is
     *     {@code noise} or {@code squash}
     * @throws IndexOutOfBoundsException if {@code noise}, {@code squash} or {@code gradLogits} is too short
     */
    public static float relaxedBackward(Philox4x32 rng, long index, float[] logits, float temperature, int batch,
            float[] gradY, float[] noise, float[] squash, float[] gradLogits, boolean accumulate) {
        int n = stream(rng, index, logits, temperature, batch);
        shape("gradY", gradY, n);
        if (noise != null) {
            output("noise", noise, n);  // read, not written: the same length rule as an output
        }
        if (squash != null) {
            output("squash", squash, n);
        }
        output("gradLogits", gradLogits, logits.length);
        if (gradLogits == noise) {
            throw new IllegalArgumentException("gradLogits must not be the array noise");
        }
        if (gradLogits == squash) {
            throw new IllegalArgumentException("gradLogits must not be the array squash");
        }
        KernelProvider p = SmallCalls.provider(batch, logits.length);
        if (SmallCalls.fits(batch, logits.length)) {
            return SmallBernoulli.relaxedBackward(rng.key(), rng.streamId(), index, logits, temperature, batch, gradY,
                    noise, squash, gradLogits, accumulate);
        }
        return p.relaxedBernoulliBackward(rng.key(), rng.streamId(), index, logits, temperature, batch, gradY, noise,
                squash, gradLogits, accumulate);
    }

    /** Checks the stream arguments and returns {@code batch * D}. */
    private static int stream(Philox4x32 rng, long index, float[] logits, float temperature, int batch) {
        Objects.requireNonNull(rng, "rng");
        int n = block(logits, batch);
        if (!(temperature >= MIN_TEMPERATURE && temperature <= Float.MAX_VALUE)) {
            throw new IllegalArgumentException("temperature must be finite and >= " + MIN_TEMPERATURE + ", was "
                    + temperature);
        }
        Checks.range("index", index, 1, 0, n, n);
        return n;
    }

    /** Checks the logits and batch and returns {@code batch * D}. */
    private static int block(float[] logits, int batch) {
        logits(logits);
        if (batch < 0) {
            throw new IllegalArgumentException("batch must be >= 0, was " + batch);
        }
        long n = (long) batch * logits.length;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch * logits.length must be <= " + Integer.MAX_VALUE + ", was "
                    + batch + " * " + logits.length);
        }
        return (int) n;
    }

    private static void logits(float[] logits) {
        Objects.requireNonNull(logits, "logits");
        if (logits.length == 0) {
            throw new IllegalArgumentException("logits must not be empty");
        }
        for (int d = 0; d < logits.length; d++) {
            if (!Float.isFinite(logits[d])) {
                throw new IllegalArgumentException("logits[" + d + "] must be finite, was " + logits[d]);
            }
        }
    }

    private static void shape(String name, float[] a, int n) {
        Objects.requireNonNull(a, name);
        if (a.length != n) {
            throw new IllegalArgumentException(name + ".length must be batch * logits.length = " + n + ", was "
                    + a.length);
        }
    }

    private static void samples(String name, float[] x, int n) {
        shape(name, x, n);
        for (int i = 0; i < n; i++) {
            if (!(x[i] >= 0f && x[i] <= 1f)) {
                throw new IllegalArgumentException(name + "[" + i + "] must be in [0, 1], was " + x[i]);
            }
        }
    }

    /** Checks an optional noise output: long enough and not the samples. */
    private static void noiseOut(float[] noise, float[] y, int n) {
        if (noise != null) {
            output("noise", noise, n);
            if (noise == y) {
                throw new IllegalArgumentException("noise must not be the array y");
            }
        }
    }

    private static void output(String name, float[] a, int n) {
        Objects.requireNonNull(a, name);
        if (a.length < n) {
            throw new IndexOutOfBoundsException(name + ".length must be >= " + n + ", was " + a.length);
        }
    }
}
