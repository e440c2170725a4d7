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
public interface KernelProvider {
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
     * Standard normal floats, variate {@code i} from word {@code i} (see {@link NormalTransforms#f32}).
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
     * Standard normal doubles, variate {@code i} from words {@code 2i, 2i + 1} (see
     * {@link NormalTransforms#f64}).
     *
     * @param key the 64-bit key
     * @param streamId the stream id
     * @param index first variate index
     * @param dst destination
     * @param from first position written
     * @param len number of variates
     */
    void normalDoubles(long key, long streamId, long index, double[] dst, int from, int len);
}
