package io.simdist.kernels;

/**
 * The element math of the Bernoulli gradient kernels over one L1-sized chunk, one implementation per
 * backend: {@link #SCALAR} (the reference, {@link Elementary}) and {@code VectorBernoulliGradients}
 * (the same operations lane by lane). {@link BernoulliGradientLoops} does the chunking, the stream
 * and the fixed-order reductions, shared by every backend. Each method reads
 * {@code [0, n)} of its scratch arrays (the relaxed ones may overwrite their noise {@code l}); the
 * static element functions are the definitions.
 */
interface BernoulliChunks {
    /** Beyond this |z| the relaxed derivative {@code sigmoid'(z)} is exactly 0 in float. */
    float Z_CLAMP = 128f;

    /** The scalar reference. */
    BernoulliChunks SCALAR = new BernoulliChunks() {};

    /** {@code dst[j] = sigmoid(x[j])}. */
    default void sigmoid(float[] x, float[] dst, int n) {
        for (int j = 0; j < n; j++) {
            dst[j] = Elementary.sigmoid(x[j]);
        }
    }

    /** {@code dst[at + j] = logProb(x[at + j], theta[j])}. */
    default void logProb(float[] x, float[] theta, float[] dst, int at, int n) {
        for (int j = 0; j < n; j++) {
            dst[at + j] = logProb(x[at + j], theta[j]);
        }
    }

    /** {@code h[at + j] = entropy(logits[at + j])} and, if {@code dh != null}, its derivative into {@code dh}. */
    default void entropy(float[] logits, float[] h, float[] dh, int at, int n) {
        for (int j = 0; j < n; j++) {
            h[at + j] = entropy(logits[at + j]);
            if (dh != null) {
                dh[at + j] = entropyGrad(logits[at + j]);
            }
        }
    }

    /**
     * {@code acc[j] += src[r w + j]} for {@code j < w} and the rows {@code r < rows} in increasing order,
     * in double: the fixed-order reduction of {@link BernoulliGradientLoops}.
     */
    default void addRows(float[] src, int rows, int w, double[] acc) {
        for (int r = 0; r < rows; r++) {
            int off = r * w;
            for (int j = 0; j < w; j++) {
                acc[j] += src[off + j];
            }
        }
    }

    /** Overwrites {@code u[0, n)}, stream uniforms, with their logistic noise {@link #noise}. */
    default void logisticNoise(float[] u, int n) {
        for (int j = 0; j < n; j++) {
            u[j] = noise(u[j]);
        }
    }

    /**
     * {@code y[at + j]} = the relaxed (or, if {@code hard}, straight-through) sample of the noise
     * {@code l[j]} and {@code theta[j]}, and, for a relaxed sample with {@code squash} not null,
     * {@code squash[at + j]} = its sigmoid's {@code exp(-|z|)} ({@link #squash}); may overwrite {@code l}.
     */
    default void relaxedForward(float[] l, float[] theta, float invT, boolean hard, float[] y, float[] squash,
            int at, int n) {
        for (int j = 0; j < n; j++) {
            if (hard) {
                y[at + j] = hard(l[j], theta[j]);
            } else {
                float x = (theta[j] + l[j]) * invT;
                float e = Elementary.exp(-Math.abs(x));
                y[at + j] = Elementary.sigmoidFromExp(x, e);  // sigmoid((theta + l) * invT)
                if (squash != null) {
                    squash[at + j] = e;
                }
            }
        }
    }

    /**
     * {@code gz[j] = gy[at + j] * sigmoid'(z)} and {@code gzz[j] = gz[j] * z} with
     * {@code z = (theta[j] + l[j]) * invT} for the noise {@code l} (see {@link #relaxedGrad}), from the
     * forward pass's {@code squash[at + j]} instead of an exp where given (the same bits); may overwrite
     * {@code l}.
     */
    default void relaxedBackward(float[] l, float[] theta, float invT, float[] gy, float[] squash, int at,
            float[] gz, float[] gzz, int n) {
        for (int j = 0; j < n; j++) {
            float z = relaxedArgument(l[j], theta[j], invT);
            gz[j] = squash != null ? relaxedGradOf(gy[at + j], squash[at + j]) : relaxedGrad(gy[at + j], z);
            gzz[j] = gz[j] * z;
        }
    }

    /**
     * Standard logistic noise {@code log(u / (1 - u))}, one log of the odds (the same value as
     * {@code log u - log(1 - u)}, at half the cost). For a stream uniform {@code u in [2^-31, 1 - 2^-24]}
     * the odds lie in {@code [2^-31, 2^24 - 1]}, so the noise is in {@code [-21.487, 16.636]}. {@code 1 - u} is
     * exact for {@code u >= 1/2} and rounded once below, and the odds are rounded once: two relative
     * errors of at most {@code 2^-24}, so the noise is within {@code 1.2e-7} plus the log's 2.35 ulp of
     * the exact value at that u.
     */
    static float noise(float u) {
        return Elementary.log(u / (1f - u));
    }

    /** The straight-through (hard) sample: 1 iff {@code theta + l > 0}, independent of temperature. */
    static float hard(float l, float theta) {
        return theta + l > 0f ? 1f : 0f;
    }

    /**
     * The relaxed argument {@code z = (theta + l) * invT} of the noise {@code l}, clamped to
     * {@code [-128, 128]}: the derivative is already exactly 0 there, and the clamp keeps {@code gz * z}
     * finite when z overflows.
     */
    static float relaxedArgument(float l, float theta, float invT) {
        return Math.min(Math.max((theta + l) * invT, -Z_CLAMP), Z_CLAMP);
    }

    /**
     * {@code gy * sigmoid(z) sigmoid(-z)}, the latter as {@code e / (1 + e)^2} with {@code e = exp(-|z|)}:
     * no cancellation where {@code y} is near 0 or 1 (unlike {@code y (1 - y)}).
     */
    static float relaxedGrad(float gy, float z) {
        return relaxedGradOf(gy, Elementary.exp(-Math.abs(z)));
    }

    /**
     * {@link #relaxedGrad} given {@code e = exp(-|z|)}. The forward pass's exponential of the unclamped
     * argument is the same value: where the clamp to {@code [-128, 128]} acts, both arguments are below
     * exp's own clamp at -104, so both give exp(-104).
     */
    static float relaxedGradOf(float gy, float e) {
        float q = 1f + e;
        return gy * (e / (q * q));
    }

    /**
     * {@code log p(x) = x theta - softplus(theta)}, written {@code fma(x, theta, -max(theta, 0)) - log1p(exp(-|theta|))}
     * (as PyTorch's {@code binary_cross_entropy_with_logits}): exact cancellation for {@code x} in {0, 1}.
     */
    static float logProb(float x, float theta) {
        return Math.fma(x, theta, -Math.max(theta, 0f)) - Elementary.log1p(Elementary.exp(-Math.abs(theta)));
    }

    /**
     * Entropy {@code log1p(e) + a e / (1 + e)} with {@code a = |theta|}, {@code e = exp(-a)}: the symmetric
     * form of {@code softplus(theta) - theta sigmoid(theta)}, two non-negative terms, no cancellation.
     */
    static float entropy(float theta) {
        float a = Math.abs(theta);
        float e = Elementary.exp(-a);
        float s = e / (1f + e);
        return Elementary.log1p(e) + a * s;
    }

    /** {@code dH/dtheta = -theta sigmoid(theta) sigmoid(-theta) = -theta e / (1 + e)^2}. */
    static float entropyGrad(float theta) {
        return relaxedGrad(-theta, theta);
    }
}
