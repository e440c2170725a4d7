package io.simdist.rng;

import io.simdist.kernels.KernelProvider;
import io.simdist.kernels.Parallel;
import io.simdist.simd.Backends;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The Philox4x32-10 counter-based generator (Salmon, Moraes, Dror and Shaw, "Parallel random
 * numbers: as easy as 1, 2, 3", SC 2011; the Random123 library), as a random-access stream of
 * 32-bit words.
 *
 * <p>An instance is a <em>stream</em>: a 64-bit key and a 64-bit stream id. Its words are indexed by
 * a {@code long} {@code i >= 0}; word {@code i} is output word {@code i % 4} of the Philox block
 * with counter words {@code (low32(i/4), high32(i/4), low32(streamId), high32(streamId))} and key
 * words {@code (low32(key), high32(key))}. Every word, and every variate built from words, is a pure
 * function of (key, stream id, index): nothing depends on the backend, the vector width, the thread
 * count or how a fill is split. That gives O(1) skip-ahead, random access and parallel fills that are
 * bit-identical to serial ones.
 *
 * <p>A stream has {@value #WORDS_PER_STREAM} words (indices {@code 0 .. Long.MAX_VALUE}); a fill that
 * would run past the last word throws. Instances are immutable and thread-safe.
 *
 * <p>Apache Commons RNG's {@code Philox4x32} computes the same function but increments its counter
 * before each block: seeded with counter {@code c} it first outputs block {@code c + 1}.
 */
public final class Philox4x32 {
    /** Number of words in one stream: word indices run from 0 to {@code Long.MAX_VALUE}. */
    public static final long WORDS_PER_STREAM = Long.MAX_VALUE;

    /** Philox multiplier for counter word 0 (Random123 {@code PHILOX_M4x32_0}). */
    public static final int M0 = 0xD2511F53;
    /** Philox multiplier for counter word 2 (Random123 {@code PHILOX_M4x32_1}). */
    public static final int M1 = 0xCD9E8D57;
    /** Key schedule increment for key word 0 (golden ratio, Random123 {@code PHILOX_W32_0}). */
    public static final int W0 = 0x9E3779B9;
    /** Key schedule increment for key word 1 (sqrt(3) - 1, Random123 {@code PHILOX_W32_1}). */
    public static final int W1 = 0xBB67AE85;
    /** Number of rounds. */
    public static final int ROUNDS = 10;

    private final long key;
    private final long streamId;

    private Philox4x32(long key, long streamId) {
        this.key = key;
        this.streamId = streamId;
    }

    /**
     * Returns stream 0 of the given key.
     *
     * @param key the 64-bit key; key word 0 is its low 32 bits, key word 1 its high 32 bits
     * @return the stream
     */
    public static Philox4x32 of(long key) {
        return new Philox4x32(key, 0L);
    }

    /**
     * Returns the stream with the same key and the given stream id. Streams of one key with
     * different ids are disjoint: their blocks differ in counter words 2 and 3.
     *
     * @param id the stream id, any 64-bit value
     * @return the stream
     */
    public Philox4x32 stream(long id) {
        return new Philox4x32(key, id);
    }

    /** @return the 64-bit key */
    public long key() {
        return key;
    }

    /** @return the 64-bit stream id */
    public long streamId() {
        return streamId;
    }

    /**
     * The raw Philox4x32-10 block function exactly as Random123 defines it.
     *
     * @param c0 counter word 0
     * @param c1 counter word 1
     * @param c2 counter word 2
     * @param c3 counter word 3
     * @param k0 key word 0
     * @param k1 key word 1
     * @param out4 receives output words 0..3 in {@code out4[0..3]}
     * @throws NullPointerException if {@code out4} is null
     * @throws IllegalArgumentException if {@code out4.length < 4}
     */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out4) {
        Objects.requireNonNull(out4, "out4");
        if (out4.length < 4) {
            throw new IllegalArgumentException("out4.length must be >= 4, was " + out4.length);
        }
        for (int r = 0; r < ROUNDS; r++) {
            long p0 = (c0 & 0xFFFFFFFFL) * (M0 & 0xFFFFFFFFL);
            long p1 = (c2 & 0xFFFFFFFFL) * (M1 & 0xFFFFFFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c0 = n0;
            c1 = (int) p1;
            c2 = n2;
            c3 = (int) p0;
            k0 += W0;
            k1 += W1;
        }
        out4[0] = c0;
        out4[1] = c1;
        out4[2] = c2;
        out4[3] = c3;
    }

    /**
     * Returns word {@code index} of this stream.
     *
     * @param index the word index, {@code >= 0}
     * @return the word
     * @throws IllegalArgumentException if {@code index < 0}
     */
    public int word(long index) {
        Checks.nonNegative("index", index);
        int[] out = new int[4];
        long b = index >>> 2;
        block((int) b, (int) (b >>> 32), (int) streamId, (int) (streamId >>> 32),
                (int) key, (int) (key >>> 32), out);
        return out[(int) (index & 3)];
    }

    /**
     * Writes words {@code wordOffset .. wordOffset + len - 1} of this stream to
     * {@code dst[from .. from + len - 1]}.
     *
     * @param wordOffset index of the first word, {@code >= 0}
     * @param dst the destination
     * @param from first position written in {@code dst}
     * @param len number of words
     * @throws NullPointerException if {@code dst} is null
     * @throws IllegalArgumentException if {@code wordOffset < 0} or the words run past the end of
     *     the stream
     * @throws IndexOutOfBoundsException if {@code [from, from + len)} is not inside {@code dst}
     */
    public void fillInts(long wordOffset, int[] dst, int from, int len) {
        Checks.fill("wordOffset", wordOffset, 1, dst, from, len, dst == null ? 0 : dst.length);
        provider().philoxInts(key, streamId, wordOffset, dst, from, len);
    }

    /**
     * Writes uniform floats in the open interval (0, 1) to {@code dst[from .. from + len - 1]}:
     * {@code dst[from + j]} is {@link Uniforms#toFloat(int) Uniforms.toFloat(word(index + j))}, so float
     * variate {@code i} uses word {@code i}. See {@link Uniforms#toFloat(int)} for the resolution.
     *
     * @param index index of the first variate (= its word index), {@code >= 0}
     * @param dst the destination
     * @param from first position written in {@code dst}
     * @param len number of variates
     * @throws NullPointerException if {@code dst} is null
     * @throws IllegalArgumentException if {@code index < 0} or the variates run past the end of the
     *     stream
     * @throws IndexOutOfBoundsException if {@code [from, from + len)} is not inside {@code dst}
     */
    public void fillFloats(long index, float[] dst, int from, int len) {
        Checks.fill("index", index, 1, dst, from, len, dst == null ? 0 : dst.length);
        provider().uniformFloats(key, streamId, index, dst, from, len);
    }

    /**
     * Writes uniform doubles in the open interval (0, 1) to {@code dst[from .. from + len - 1]}:
     * double variate {@code i} is {@link Uniforms#toDouble(int, int) Uniforms.toDouble(word(2i),
     * word(2i + 1))}. See {@link Uniforms#toDouble(int, int)} for the resolution. The last double
     * variate of a stream has index {@code 2^62 - 1}.
     *
     * @param index index of the first variate, {@code >= 0}
     * @param dst the destination
     * @param from first position written in {@code dst}
     * @param len number of variates
     * @throws NullPointerException if {@code dst} is null
     * @throws IllegalArgumentException if {@code index < 0} or the variates run past the end of the
     *     stream
     * @throws IndexOutOfBoundsException if {@code [from, from + len)} is not inside {@code dst}
     */
    public void fillDoubles(long index, double[] dst, int from, int len) {
        Checks.fill("index", index, 2, dst, from, len, dst == null ? 0 : dst.length);
        provider().uniformDoubles(key, streamId, index, dst, from, len);
    }

    /**
     * {@link #fillInts} split into fixed chunks run on {@code executor}; the result is bit-identical
     * to the serial fill whatever the executor or its thread count. Returns when every chunk is
     * written.
     *
     * @param wordOffset index of the first word, {@code >= 0}
     * @param dst the destination
     * @param from first position written in {@code dst}
     * @param len number of words
     * @param executor runs the chunks, for example a {@link java.util.concurrent.ForkJoinPool}
     * @throws NullPointerException if {@code dst} or {@code executor} is null
     * @throws IllegalArgumentException as {@link #fillInts}
     * @throws IndexOutOfBoundsException as {@link #fillInts}
     */
    public void fillInts(long wordOffset, int[] dst, int from, int len, Executor executor) {
        Checks.fill("wordOffset", wordOffset, 1, dst, from, len, dst == null ? 0 : dst.length);
        KernelProvider p = provider();
        Parallel.forEachChunk(from, len, executor,
                (f, l) -> p.philoxInts(key, streamId, wordOffset + (f - from), dst, f, l));
    }

    /**
     * {@link #fillFloats} split into fixed chunks run on {@code executor}; bit-identical to the
     * serial fill.
     *
     * @param index index of the first variate, {@code >= 0}
     * @param dst the destination
     * @param from first position written in {@code dst}
     * @param len number of variates
     * @param executor runs the chunks
     * @throws NullPointerException if {@code dst} or {@code executor} is null
     * @throws IllegalArgumentException as {@link #fillFloats}
     * @throws IndexOutOfBoundsException as {@link #fillFloats}
     */
    public void fillFloats(long index, float[] dst, int from, int len, Executor executor) {
        Checks.fill("index", index, 1, dst, from, len, dst == null ? 0 : dst.length);
        KernelProvider p = provider();
        Parallel.forEachChunk(from, len, executor,
                (f, l) -> p.uniformFloats(key, streamId, index + (f - from), dst, f, l));
    }

    /**
     * {@link #fillDoubles} split into fixed chunks run on {@code executor}; bit-identical to the
     * serial fill.
     *
     * @param index index of the first variate, {@code >= 0}
     * @param dst the destination
     * @param from first position written in {@code dst}
     * @param len number of variates
     * @param executor runs the chunks
     * @throws NullPointerException if {@code dst} or {@code executor} is null
     * @throws IllegalArgumentException as {@link #fillDoubles}
     * @throws IndexOutOfBoundsException as {@link #fillDoubles}
     */
    public void fillDoubles(long index, double[] dst, int from, int len, Executor executor) {
        Checks.fill("index", index, 2, dst, from, len, dst == null ? 0 : dst.length);
        KernelProvider p = provider();
        Parallel.forEachChunk(from, len, executor,
                (f, l) -> p.uniformDoubles(key, streamId, index + (f - from), dst, f, l));
    }

    private static KernelProvider provider() {
        return Backends.current();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Philox4x32 p && p.key == key && p.streamId == streamId;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(key) * 31 + Long.hashCode(streamId);
    }

    @Override
    public String toString() {
        return String.format("Philox4x32[key=0x%016x, stream=0x%016x]", key, streamId);
    }
}
