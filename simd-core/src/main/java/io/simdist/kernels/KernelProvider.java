package io.simdist.kernels;

/**
 * The bulk kernels, one implementation per backend. <b>Internal SPI:</b> public only so that the
 * optional native bindings can implement it; applications call {@link io.simdist.rng.Philox4x32} and
 * the samplers, which validate their arguments and pick the provider.
 *
 * <p>Every provider computes exactly the same bits as {@link ScalarKernelProvider}, the readable
 * reference. Callers have validated the arguments: the stream position and {@code [from, from + len)}
 * are in range and arrays are non-null.
 */
public interface KernelProvider extends ReparamKernels, BernoulliGradientKernels {
    /** @return the backend name: {@code scalar}, {@code vector} or {@code native} */
    String name();

    /** @return the vector width in bits this provider computes with, 0 if it does not use the Vector API */
    default int vectorBits() {
        return 0;
    }

    /** @return a one-line description for the info report, such as {@code vector (512-bit)} */
    String description();

    /**
     * Words {@code wordOffset ..} of stream {@code (key, streamId)} into {@code dst[from ..]}.
     *
     * @param key the 64-bit key
     * @param streamId the stream id
     * @param wordOffset first word index
     * @param dst destination
     * @param from first position written
     * @param len number of words
     */
    void philoxInts(long key, long streamId, long wordOffset, int[] dst, int from, int len);

    /**
     * Uniform floats, variate {@code i} from word {@code i} (see {@code Uniforms.toFloat}).
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
     * Uniform doubles, variate {@code i} from words {@code 2i, 2i + 1} (see {@code Uniforms.toDouble}).
     *
     * @param key the 64-bit key
     * @param streamId the stream id
     * @param index first variate index
     * @param dst destination
     * @param from first position written
     * @param len number of variates
     */
    void uniformDoubles(long key, long streamId, long index, double[] dst, int from, int len);

    /**
     * Standard normal floats, variate {@code i} the half {@code i & 1} of the pair of words {@code i & ~1},
     * {@code i | 1} (see {@link NormalTransforms#f32}).
     *
     * @param key the 64-bit key
     * @param streamId the stream id
     * @param index first variate index
     * @param dst destination
     * @param from first position written
     * @param len number of variates
     */
    void normalFloats(long key, long streamId, long index, float[] dst, int from, int len);

    /**
     * Standard normal doubles, variate {@code i} the half {@code i & 1} of the pair of Philox block
     * {@code i >> 1} (see {@link NormalTransforms#f64}).
     *
     * @param key the 64-bit key
     * @param streamId the stream id
     * @param index first variate index
     * @param dst destination
     * @param from first position written
     * @param len number of variates
     */
    void normalDoubles(long key, long streamId, long index, double[] dst, int from, int len);

    /**
     * Bernoulli draws with one threshold: {@code dst[from + j] = 1} iff stream word
     * {@code index + j}, read as unsigned, is below {@code threshold}, else 0 (see {@link Bernoullis}).
     *
     * @param key the 64-bit key
     * @param streamId the stream id
     * @param index first draw index (= its word index)
     * @param threshold in {@code [0, 2^32]}: 0 never gives 1, {@code 2^32} always does
     * @param dst destination
     * @param from first position written
     * @param len number of draws
     */
    void bernoulliBytes(long key, long streamId, long index, long threshold, byte[] dst, int from, int len);

    /**
     * {@link #bernoulliBytes(long, long, long, long, byte[], int, int)} as {@code 0.0f} / {@code 1.0f}.
     *
     * @param key the 64-bit key
     * @param streamId the stream id
     * @param index first draw index
     * @param threshold in {@code [0, 2^32]}
     * @param dst destination
     * @param from first position written
     * @param len number of draws
     */
    void bernoulliFloats(long key, long streamId, long index, long threshold, float[] dst, int from, int len);

    /**
     * Bernoulli draws packed 64 to a long: bit {@code j} of {@code dst[from + k]} is draw
     * {@code index + 64k + j}, as in {@link #bernoulliBytes(long, long, long, long, byte[], int, int)}.
     *
     * @param key the 64-bit key
     * @param streamId the stream id
     * @param index first draw index
     * @param threshold in {@code [0, 2^32]}
     * @param dst destination
     * @param from first long written
     * @param longs number of longs ({@code 64 * longs} draws)
     */
    void bernoulliPacked(long key, long streamId, long index, long threshold, long[] dst, int from, int longs);

    /**
     * Bernoulli draws with a threshold per draw: {@code dst[from + j] = 1} iff word {@code index + j}
     * is below {@code thresholds[tFrom + j]}.
     *
     * @param key the 64-bit key
     * @param streamId the stream id
     * @param index first draw index
     * @param thresholds each in {@code [0, 2^32]}
     * @param tFrom position of the first draw's threshold
     * @param dst destination
     * @param from first position written
     * @param len number of draws
     */
    void bernoulliBytes(long key, long streamId, long index, long[] thresholds, int tFrom, byte[] dst, int from,
            int len);

    /**
     * {@link #bernoulliBytes(long, long, long, long[], int, byte[], int, int)} as {@code 0.0f} /
     * {@code 1.0f}.
     *
     * @param key the 64-bit key
     * @param streamId the stream id
     * @param index first draw index
     * @param thresholds each in {@code [0, 2^32]}
     * @param tFrom position of the first draw's threshold
     * @param dst destination
     * @param from first position written
     * @param len number of draws
     */
    void bernoulliFloats(long key, long streamId, long index, long[] thresholds, int tFrom, float[] dst, int from,
            int len);
}
