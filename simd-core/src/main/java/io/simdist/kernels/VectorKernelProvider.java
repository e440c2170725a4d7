package io.simdist.kernels;

import static io.simdist.kernels.VectorConstants.DOUBLES;
import static io.simdist.kernels.VectorConstants.FLOATS;
import static io.simdist.kernels.VectorConstants.INTS;
import static io.simdist.kernels.VectorConstants.LONGS;

import io.simdist.rng.Philox4x32;
import io.simdist.rng.Uniforms;
import io.simdist.simd.Backends;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;

/**
 * The Java Vector API provider. Loaded by name (see {@link Providers}) so that a JVM without
 * {@code --add-modules jdk.incubator.vector} never links it.
 *
 * <h2>Philox layout</h2>
 * One {@code LongVector} lane per Philox block ("structure of arrays"): counter word {@code j} of
 * {@code n} consecutive blocks sits in the low 32 bits of the lanes of vector {@code cj}. The 32x32 to
 * 64-bit products are written {@code x.and(0xFFFFFFFF).mul(m)} with {@code m < 2^32}, which C2 turns
 * into {@code vpmuludq}; the high half is a shift. The upper 32 bits of a lane may hold garbage between
 * rounds: every use masks or shifts it away. After the rounds a two-level transpose (two-vector
 * {@code selectFrom}) brings the words into stream order.
 *
 * <h2>Uniforms</h2>
 * Float and double fills generate the words of each 4 KiB chunk into a per-thread scratch buffer
 * (L1-resident) and convert them in a second small loop. A double is the pair of words
 * {@code 2i, 2i+1}, read as one long lane (low word first). Only shifts, or, int-to-float conversion,
 * mul and min are used, which round the same at every width, so the bits equal
 * {@link ScalarKernelProvider}'s.
 */
final class VectorKernelProvider implements KernelProvider {
    private static final int N = LONGS.length(); // blocks per step
    private static final int WORDS_PER_STEP = 4 * N;
    private static final int INT_LANES = INTS.length(); // = 2N
    private static final long MASK32 = 0xFFFFFFFFL;
    private static final long M0 = Philox4x32.M0 & MASK32;
    private static final long M1 = Philox4x32.M1 & MASK32;
    private static final int W0 = Philox4x32.W0;
    private static final int W1 = Philox4x32.W1;
    /** Words generated per conversion pass: 4 KiB, well inside L1. */
    private static final int SCRATCH_WORDS = 1024;
    /** Per-thread buffer for the words behind float and double fills (no allocation per call). */
    private static final ThreadLocal<int[]> SCRATCH = ThreadLocal.withInitial(() -> new int[SCRATCH_WORDS]);

    /** Pairs counter words j and j+1: lane 2l from a, lane 2l+1 from b (lane l of each). */
    private static final IntVector ZIP_PAIRS = IntVector.zero(INTS).addIndex(1)
            .lanewise(VectorOperators.AND, ~1)
            .add(IntVector.zero(INTS).addIndex(1).lanewise(VectorOperators.AND, 1)
                    .mul(INT_LANES));
    /** First half of the 64-bit interleave of (c0,c1) pairs with (c2,c3) pairs. */
    private static final LongVector ZIP_LO = zip64(0);
    /** Second half of the 64-bit interleave. */
    private static final LongVector ZIP_HI = zip64(N / 2);

    VectorKernelProvider() {
        if (VectorConstants.PREFERRED_BITS < 128) {
            throw new UnsupportedOperationException("the JVM's preferred vector size is "
                    + VectorConstants.PREFERRED_BITS + " bits; the vector backend needs at least 128");
        }
        int requested = Backends.requestedVectorBits();
        if (requested > VectorConstants.PREFERRED_BITS) {
            throw new UnsupportedOperationException(Backends.VECTOR_BITS_PROPERTY + "=" + requested
                    + " cannot be honoured: this CPU and JVM run at most "
                    + VectorConstants.PREFERRED_BITS + "-bit vectors");
        }
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("the vector backend needs a little-endian CPU");
        }
    }

    private static LongVector zip64(int start) {
        long[] idx = new long[N];
        for (int l = 0; l < N; l++) {
            idx[l] = (l & 1) == 0 ? start + l / 2 : N + start + l / 2;
        }
        return LongVector.fromArray(LONGS, idx, 0);
    }

    @Override
    public int vectorBits() {
        return VectorConstants.BITS;
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String description() {
        return "vector (Java Vector API, " + VectorConstants.BITS + "-bit, preferred "
                + VectorShape.preferredShape().vectorBitSize() + "-bit)";
    }

    @Override
    public void philoxInts(long key, long streamId, long wordOffset, int[] dst, int from, int len) {
        words(key, streamId, wordOffset, dst, from, len);
    }

    @Override
    public void uniformFloats(long key, long streamId, long index, float[] dst, int from, int len) {
        int[] buf = SCRATCH.get();
        for (int done = 0; done < len; done += SCRATCH_WORDS) {
            int n = Math.min(SCRATCH_WORDS, len - done);
            words(key, streamId, index + done, buf, 0, n);
            floatsFromWords(buf, n, dst, from + done);
        }
    }

    @Override
    public void uniformDoubles(long key, long streamId, long index, double[] dst, int from, int len) {
        int[] buf = SCRATCH.get();
        int perChunk = SCRATCH_WORDS / 2;
        for (int done = 0; done < len; done += perChunk) {
            int n = Math.min(perChunk, len - done);
            words(key, streamId, 2 * (index + done), buf, 0, 2 * n);
            doublesFromWords(buf, n, dst, from + done);
        }
    }

    /** {@link Uniforms#toFloat(int)} of {@code words[0 .. n)} into {@code dst[at ..]}. */
    private static void floatsFromWords(int[] words, int n, float[] dst, int at) {
        int i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += FLOATS.length()) {
            IntVector w = IntVector.fromArray(INTS, words, i);
            ((FloatVector) w.lanewise(VectorOperators.LSHR, 1).lanewise(VectorOperators.OR, 1)
                    .convert(VectorOperators.I2F, 0))
                    .mul(0x1p-31f).min(Uniforms.FLOAT_BELOW_ONE).intoArray(dst, at + i);
        }
        for (; i < n; i++) {
            dst[at + i] = Uniforms.toFloat(words[i]);
        }
    }

    /**
     * {@link Uniforms#toDouble(int, int)} of word pairs {@code (words[2i], words[2i+1])}, i < n, into
     * {@code dst[at ..]}: an int pair read as a long lane is {@code hi << 32 | lo}.
     */
    private static void doublesFromWords(int[] words, int n, double[] dst, int at) {
        int i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += DOUBLES.length()) {
            LongVector x = IntVector.fromArray(INTS, words, 2 * i).reinterpretAsLongs();
            ((DoubleVector) x.lanewise(VectorOperators.LSHR, 1).lanewise(VectorOperators.OR, 1L)
                    .convert(VectorOperators.L2D, 0))
                    .mul(0x1p-63).min(Uniforms.DOUBLE_BELOW_ONE).intoArray(dst, at + i);
        }
        for (; i < n; i++) {
            dst[at + i] = Uniforms.toDouble(words[2 * i], words[2 * i + 1]);
        }
    }

    /** Words {@code w ..} of the stream into {@code dst[pos .. pos + count)}. */
    private static void words(long key, long streamId, long w, int[] dst, int pos, int count) {
        // head: the words before the first block boundary, by the scalar reference
        int head = (int) Math.min(count, (4 - (w & 3)) & 3);
        if (head > 0) {
            ScalarKernelProvider.INSTANCE.philoxInts(key, streamId, w, dst, pos, head);
            w += head;
            pos += head;
            count -= head;
        }
        long block = w >>> 2;
        for (; count >= WORDS_PER_STEP; count -= WORDS_PER_STEP) {
            step(key, streamId, block, dst, pos, WORDS_PER_STEP);
            block += N;
            pos += WORDS_PER_STEP;
        }
        if (count > 0) {
            step(key, streamId, block, dst, pos, count);
        }
    }

    /**
     * Computes the N blocks from {@code block} and writes the first {@code count <= 4N} of their
     * words at {@code dst[pos ..]}. Only ever writes ints, so that its compiled code serves every
     * kernel (one method shared by several output types was seen to deoptimise over and over).
     */
    private static void step(long key, long streamId, long block, int[] dst, int pos, int count) {
        int k0 = (int) key;
        int k1 = (int) (key >>> 32);
        long s0 = streamId & MASK32;
        long s1 = streamId >>> 32;

        LongVector ctr = LongVector.zero(LONGS).addIndex(1).add(block);
        // round 0: counter words 2 and 3 are the same in every lane, so their product is a scalar
        long q1 = s0 * M1;
        LongVector p0 = ctr.and(MASK32).mul(M0);
        LongVector c0 = ctr.lanewise(VectorOperators.LSHR, 32)
                .lanewise(VectorOperators.XOR, ((q1 >>> 32) ^ (k0 & MASK32)));
        LongVector c1 = LongVector.broadcast(LONGS, q1 & MASK32);
        LongVector c2 = p0.lanewise(VectorOperators.LSHR, 32)
                .lanewise(VectorOperators.XOR, s1 ^ (k1 & MASK32));
        LongVector c3 = p0;
        for (int r = 1; r < Philox4x32.ROUNDS; r++) {
            k0 += W0;
            k1 += W1;
            LongVector a = c0.and(MASK32).mul(M0);
            LongVector b = c2.and(MASK32).mul(M1);
            c0 = b.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c1)
                    .lanewise(VectorOperators.XOR, k0 & MASK32);
            c1 = b;
            c2 = a.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c3)
                    .lanewise(VectorOperators.XOR, k1 & MASK32);
            c3 = a;
        }
        // transpose: (c0,c1) and (c2,c3) pairs per block, then interleave the pairs by block
        LongVector ab = ZIP_PAIRS.selectFrom(c0.reinterpretAsInts(), c1.reinterpretAsInts())
                .reinterpretAsLongs();
        LongVector cd = ZIP_PAIRS.selectFrom(c2.reinterpretAsInts(), c3.reinterpretAsInts())
                .reinterpretAsLongs();
        IntVector out0 = ZIP_LO.selectFrom(ab, cd).reinterpretAsInts();
        IntVector out1 = ZIP_HI.selectFrom(ab, cd).reinterpretAsInts();
        if (count == WORDS_PER_STEP) {
            out0.intoArray(dst, pos);
            out1.intoArray(dst, pos + INT_LANES);
        } else {
            out0.intoArray(dst, pos, INTS.indexInRange(0, count));
            out1.intoArray(dst, pos + INT_LANES, INTS.indexInRange(INT_LANES, count));
        }
    }
}
