package io.simdist.kernels;

import static io.simdist.kernels.VectorConstants.DOUBLES;
import static io.simdist.kernels.VectorConstants.FLOATS;
import static io.simdist.kernels.VectorConstants.INTS;
import static io.simdist.kernels.VectorConstants.LONGS;

import io.simdist.rng.Uniforms;
import io.simdist.simd.Backends;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
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
 * <h2>Uniforms in place</h2>
 * Uniform fills first write the raw words of each cache-sized chunk into the destination's own
 * memory (a float slot holds its word; a double slot its two words, low word first), then convert the
 * chunk in place. Only add, mul, shifts, min and int-to-float conversions are used, which round the
 * same at every width, so the bits equal {@link ScalarKernelProvider}'s.
 */
final class VectorKernelProvider implements KernelProvider {
    private static final int N = LONGS.length(); // blocks per step
    private static final int WORDS_PER_STEP = 4 * N;
    private static final int INT_LANES = INTS.length(); // = 2N
    private static final long MASK32 = 0xFFFFFFFFL;
    private static final long M0 = 0xD2511F53L;
    private static final long M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final ValueLayout.OfInt WORD = ValueLayout.JAVA_INT;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** Words generated before converting: 8 KiB of words, well inside L1. */
    private static final int CHUNK_WORDS = 2048;

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
        words(key, streamId, wordOffset, MemorySegment.ofArray(dst), 4L * from, len);
    }

    @Override
    public void uniformFloats(long key, long streamId, long index, float[] dst, int from, int len) {
        MemorySegment seg = MemorySegment.ofArray(dst);
        for (int done = 0; done < len; done += CHUNK_WORDS) {
            int n = Math.min(CHUNK_WORDS, len - done);
            int at = from + done;
            words(key, streamId, index + done, seg, 4L * at, n);
            floatsInPlace(dst, at, n);
        }
    }

    @Override
    public void uniformDoubles(long key, long streamId, long index, double[] dst, int from, int len) {
        MemorySegment seg = MemorySegment.ofArray(dst);
        int chunk = CHUNK_WORDS / 2;
        for (int done = 0; done < len; done += chunk) {
            int n = Math.min(chunk, len - done);
            int at = from + done;
            words(key, streamId, 2 * (index + done), seg, 8L * at, 2L * n);
            doublesInPlace(dst, at, n);
        }
    }

    private static void floatsInPlace(float[] a, int from, int len) {
        int i = from;
        int end = from + len;
        for (int bound = from + FLOATS.loopBound(len); i < bound; i += FLOATS.length()) {
            IntVector w = FloatVector.fromArray(FLOATS, a, i).reinterpretAsInts();
            FloatVector f = (FloatVector) w.lanewise(VectorOperators.LSHR, 1)
                    .lanewise(VectorOperators.OR, 1)
                    .convert(VectorOperators.I2F, 0);
            f.mul(0x1p-31f).min(Uniforms.FLOAT_BELOW_ONE).intoArray(a, i);
        }
        for (; i < end; i++) {
            a[i] = Uniforms.toFloat(Float.floatToRawIntBits(a[i]));
        }
    }

    private static void doublesInPlace(double[] a, int from, int len) {
        int i = from;
        int end = from + len;
        for (int bound = from + DOUBLES.loopBound(len); i < bound; i += DOUBLES.length()) {
            LongVector x = DoubleVector.fromArray(DOUBLES, a, i).reinterpretAsLongs();
            DoubleVector d = (DoubleVector) x.lanewise(VectorOperators.LSHR, 1)
                    .lanewise(VectorOperators.OR, 1L)
                    .convert(VectorOperators.L2D, 0);
            d.mul(0x1p-63).min(Uniforms.DOUBLE_BELOW_ONE).intoArray(a, i);
        }
        for (; i < end; i++) {
            long x = Double.doubleToRawLongBits(a[i]);
            a[i] = Uniforms.toDouble((int) x, (int) (x >>> 32));
        }
    }

    /**
     * Writes {@code count} words of the stream, from word {@code w}, as little-endian ints at
     * {@code seg[off ..]}.
     */
    static void words(long key, long streamId, long w, MemorySegment seg, long off, long count) {
        // head: up to 3 words to reach a block boundary
        while (count > 0 && (w & 3) != 0) {
            seg.set(WORD, off, ScalarKernelProvider.word(key, streamId, w));
            w++;
            off += 4;
            count--;
        }
        long block = w >>> 2;
        for (; count >= WORDS_PER_STEP; count -= WORDS_PER_STEP) {
            step(key, streamId, block, seg, off, WORDS_PER_STEP);
            block += N;
            off += 4L * WORDS_PER_STEP;
        }
        if (count > 0) {
            step(key, streamId, block, seg, off, (int) count);
        }
    }

    /** N blocks from {@code block}: writes the first {@code count <= 4N} of their words. */
    private static void step(long key, long streamId, long block, MemorySegment seg, long off,
            int count) {
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
        for (int r = 1; r < 10; r++) {
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
            out0.intoMemorySegment(seg, off, ORDER);
            out1.intoMemorySegment(seg, off + 4L * INT_LANES, ORDER);
        } else {
            VectorMask<Integer> m0 = INTS.indexInRange(0, count);
            VectorMask<Integer> m1 = INTS.indexInRange(INT_LANES, count);
            out0.intoMemorySegment(seg, off, ORDER, m0);
            out1.intoMemorySegment(seg, off + 4L * INT_LANES, ORDER, m1);
        }
    }
}
