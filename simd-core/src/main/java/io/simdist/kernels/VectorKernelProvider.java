package io.simdist.kernels;

import static io.simdist.kernels.VectorConstants.BYTES;
import static io.simdist.kernels.VectorConstants.DOUBLES;
import static io.simdist.kernels.VectorConstants.FLOATS;
import static io.simdist.kernels.VectorConstants.INTS;
import static io.simdist.kernels.VectorConstants.LONGS;

import io.simdist.rng.Philox4x32;
import io.simdist.rng.Uniforms;
import io.simdist.simd.Backends;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
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
 * <h2>Uniforms</h2>
 * Float and double fills generate the words of each 4 KiB chunk into a per-thread scratch buffer
 * (L1-resident) and convert them in a second small loop. A double is the pair of words
 * {@code 2i, 2i+1}, read as one long lane (low word first). Only shifts, or, int-to-float conversion,
 * mul and min are used, which round the same at every width, so the bits equal
 * {@link ScalarKernelProvider}'s.
 *
 * <h2>Normals</h2>
 * The same scratch words feed {@link NormalTransforms} written lane by lane with the same operations in
 * the same order (fma, sqrt and division are correctly rounded in every lane at every width), so the
 * bits equal the scalar reference's. Where the reference computes every branch and selects, the vector
 * code skips a branch that no lane of a vector needs (f32) or packs the lanes that need it (f64); a
 * lane's value does not change.
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
    /** Variate kinds for {@code floatFill} and {@code doubleFill}. */
    private static final int UNIFORM = 0;
    private static final int NORMAL = 1;
    /** Per-thread buffer for the words behind float and double fills (no allocation per call). */
    private static final ThreadLocal<int[]> SCRATCH = ThreadLocal.withInitial(() -> new int[SCRATCH_WORDS]);
    /** Per-thread Bernoulli draws of one scratch chunk as bits, 64 to a long. */
    private static final ThreadLocal<long[]> BITS = ThreadLocal.withInitial(() -> new long[SCRATCH_WORDS / 64]);

    /** Pairs counter words j and j+1: lane 2l from a, lane 2l+1 from b (lane l of each). */
    private static final IntVector ZIP_PAIRS = IntVector.zero(INTS).addIndex(1)
            .lanewise(VectorOperators.AND, ~1)
            .add(IntVector.zero(INTS).addIndex(1).lanewise(VectorOperators.AND, 1)
                    .mul(INT_LANES));
    /** First half of the 64-bit interleave of (c0,c1) pairs with (c2,c3) pairs. */
    private static final LongVector ZIP_LO = zip64(0);
    /** Second half of the 64-bit interleave. */
    private static final LongVector ZIP_HI = zip64(N / 2);

    /** Lanes 0, 2, 4, ... of a two-vector {@code selectFrom}: the even ints of a pair of vectors. */
    private static final IntVector EVEN_INTS = IntVector.zero(INTS).addIndex(2);
    /** Lanes 1, 3, 5, ...: the odd ints of a pair of vectors. */
    private static final IntVector ODD_INTS = EVEN_INTS.add(1);
    /** First half of the int interleave of two vectors (lane 2l from a, 2l + 1 from b, lane l of each). */
    private static final IntVector ZIP_INTS_LO = zip32(0);
    /** Second half of the int interleave. */
    private static final IntVector ZIP_INTS_HI = zip32(INT_LANES / 2);
    /** The even longs of a pair of vectors. */
    private static final LongVector EVEN_LONGS = LongVector.zero(LONGS).addIndex(2);
    /** The odd longs of a pair of vectors. */
    private static final LongVector ODD_LONGS = EVEN_LONGS.add(1);

    /*
     * The coefficients of the normal transform as broadcast vectors, named after their values (M for
     * minus), so each Horner step reads like its scalar twin in NormalTransforms. Constants in static
     * final fields keep the kernel bodies small enough for C2 to compile them whole: a broadcast call per
     * step made it give up inlining (NodeCountInliningCutoff) and box vectors.
     */
    private static final FloatVector F_0_17382811 = FloatVector.broadcast(FLOATS, 0.17382811f);
    private static final FloatVector F_M0_19874363 = FloatVector.broadcast(FLOATS, -0.19874363f);
    private static final FloatVector F_0_24955392 = FloatVector.broadcast(FLOATS, 0.24955392f);
    private static final FloatVector F_M0_3333609 = FloatVector.broadcast(FLOATS, -0.3333609f);
    private static final FloatVector F_0_5000075 = FloatVector.broadcast(FLOATS, 0.5000075f);
    private static final FloatVector F_M0_9999998 = FloatVector.broadcast(FLOATS, -0.9999998f);
    private static final FloatVector F_M0_6931472 = FloatVector.broadcast(FLOATS, -0.6931472f);
    private static final FloatVector F_M2_POW_M31 = FloatVector.broadcast(FLOATS, -0x1p-31f);
    private static final FloatVector F_M2_POW_M32 = FloatVector.broadcast(FLOATS, -0x1p-32f);
    private static final FloatVector F_ANGLE_STEP = FloatVector.broadcast(FLOATS, NormalTransforms.F32_ANGLE_STEP);
    private static final FloatVector F_HALF_ANGLE_STEP =
            FloatVector.broadcast(FLOATS, NormalTransforms.F32_ANGLE_STEP * 0.5f);
    private static final FloatVector F_M0_16666654611 = FloatVector.broadcast(FLOATS, -1.6666654611e-1f);
    private static final FloatVector F_0_04166664568 = FloatVector.broadcast(FLOATS, 4.166664568298827e-2f);
    private static final FloatVector F_M0_5 = FloatVector.broadcast(FLOATS, -0.5f);
    private static final FloatVector F_1 = FloatVector.broadcast(FLOATS, 1f);
    private static final DoubleVector D_2_POW_M32 = DoubleVector.broadcast(DOUBLES, 0x1p-32);
    /** {@code 2^32 - 1}: a 32-bit half of {@code ~m} is this minus the half of {@code m}, exactly in double. */
    private static final DoubleVector D_2_POW_32_M1 = DoubleVector.broadcast(DOUBLES, 0x1p32 - 1);
    /** The coefficients c0 .. c18 of the f64 log polynomial (NormalTransforms.radiusNegLog). */
    private static final DoubleVector D_LOG0 = DoubleVector.broadcast(DOUBLES, -1.0);
    private static final DoubleVector D_LOG1 = DoubleVector.broadcast(DOUBLES, 0.4999999999999845);
    private static final DoubleVector D_LOG2 = DoubleVector.broadcast(DOUBLES, -0.33333333333337173);
    private static final DoubleVector D_LOG3 = DoubleVector.broadcast(DOUBLES, 0.2500000000076956);
    private static final DoubleVector D_LOG4 = DoubleVector.broadcast(DOUBLES, -0.19999999999909318);
    private static final DoubleVector D_LOG5 = DoubleVector.broadcast(DOUBLES, 0.1666666655489462);
    private static final DoubleVector D_LOG6 = DoubleVector.broadcast(DOUBLES, -0.14285714173578096);
    private static final DoubleVector D_LOG7 = DoubleVector.broadcast(DOUBLES, 0.1250000725329438);
    private static final DoubleVector D_LOG8 = DoubleVector.broadcast(DOUBLES, -0.11111124270511763);
    private static final DoubleVector D_LOG9 = DoubleVector.broadcast(DOUBLES, 0.09999754859995885);
    private static final DoubleVector D_LOG10 = DoubleVector.broadcast(DOUBLES, -0.0909028658518164);
    private static final DoubleVector D_LOG11 = DoubleVector.broadcast(DOUBLES, 0.08337810610043331);
    private static final DoubleVector D_LOG12 = DoubleVector.broadcast(DOUBLES, -0.07707347824005895);
    private static final DoubleVector D_LOG13 = DoubleVector.broadcast(DOUBLES, 0.0710242204207069);
    private static final DoubleVector D_LOG14 = DoubleVector.broadcast(DOUBLES, -0.06473376882671202);
    private static final DoubleVector D_LOG15 = DoubleVector.broadcast(DOUBLES, 0.06339266227186052);
    private static final DoubleVector D_LOG16 = DoubleVector.broadcast(DOUBLES, -0.07092012090709178);
    private static final DoubleVector D_LOG17 = DoubleVector.broadcast(DOUBLES, 0.06606377274291697);
    private static final DoubleVector D_LOG18 = DoubleVector.broadcast(DOUBLES, -0.029914714370611543);
    private static final DoubleVector D_M_LN2 = DoubleVector.broadcast(DOUBLES, -0x1.62e42fefa39efp-1);
    private static final DoubleVector D_ANGLE_STEP = DoubleVector.broadcast(DOUBLES, NormalTransforms.F64_ANGLE_STEP);
    private static final DoubleVector D_HALF_ANGLE_STEP =
            DoubleVector.broadcast(DOUBLES, NormalTransforms.F64_ANGLE_STEP * 0.5);
    private static final DoubleVector D_2_75573136213857245213EM6 = DoubleVector.broadcast(DOUBLES, 2.75573136213857245213E-6);
    private static final DoubleVector D_M1_98412698295895385996EM4 = DoubleVector.broadcast(DOUBLES, -1.98412698295895385996E-4);
    private static final DoubleVector D_8_33333333332211858878EM3 = DoubleVector.broadcast(DOUBLES, 8.33333333332211858878E-3);
    private static final DoubleVector D_M1_66666666666666307295EM1 = DoubleVector.broadcast(DOUBLES, -1.66666666666666307295E-1);
    private static final DoubleVector D_M2_75573141792967388112EM7 = DoubleVector.broadcast(DOUBLES, -2.75573141792967388112E-7);
    private static final DoubleVector D_2_48015872888517045348EM5 = DoubleVector.broadcast(DOUBLES, 2.48015872888517045348E-5);
    private static final DoubleVector D_M1_38888888888730564116EM3 = DoubleVector.broadcast(DOUBLES, -1.38888888888730564116E-3);
    private static final DoubleVector D_4_16666666666665929218EM2 = DoubleVector.broadcast(DOUBLES, 4.16666666666665929218E-2);
    private static final DoubleVector D_M0_5 = DoubleVector.broadcast(DOUBLES, -0.5);
    private static final DoubleVector D_1 = DoubleVector.broadcast(DOUBLES, 1.0);

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

    private static IntVector zip32(int start) {
        int[] idx = new int[INT_LANES];
        for (int l = 0; l < INT_LANES; l++) {
            idx[l] = (l & 1) == 0 ? start + l / 2 : INT_LANES + start + l / 2;
        }
        return IntVector.fromArray(INTS, idx, 0);
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
        floatFill(UNIFORM, key, streamId, index, dst, from, len);
    }

    @Override
    public void uniformDoubles(long key, long streamId, long index, double[] dst, int from, int len) {
        doubleFill(UNIFORM, key, streamId, index, dst, from, len);
    }

    @Override
    public void normalFloats(long key, long streamId, long index, float[] dst, int from, int len) {
        floatFill(NORMAL, key, streamId, index, dst, from, len);
    }

    @Override
    public void normalDoubles(long key, long streamId, long index, double[] dst, int from, int len) {
        doubleFill(NORMAL, key, streamId, index, dst, from, len);
    }

    @Override
    public void bernoulliBytes(long key, long streamId, long index, long threshold, byte[] dst, int from,
            int len) {
        if (threshold == 0 || threshold == Bernoullis.ALWAYS) {  // no word can change the outcome
            Arrays.fill(dst, from, from + len, (byte) (threshold == 0 ? 0 : 1));
        } else {
            bernoulliFill(key, streamId, index, (int) threshold, null, 0, dst, null, from, len);
        }
    }

    @Override
    public void bernoulliFloats(long key, long streamId, long index, long threshold, float[] dst, int from,
            int len) {
        if (threshold == 0 || threshold == Bernoullis.ALWAYS) {
            Arrays.fill(dst, from, from + len, threshold == 0 ? 0f : 1f);
        } else {
            bernoulliFill(key, streamId, index, (int) threshold, null, 0, null, dst, from, len);
        }
    }

    @Override
    public void bernoulliPacked(long key, long streamId, long index, long threshold, long[] dst, int from,
            int longs) {
        if (threshold == 0 || threshold == Bernoullis.ALWAYS) {
            Arrays.fill(dst, from, from + longs, threshold == 0 ? 0L : -1L);
            return;
        }
        int[] buf = SCRATCH.get();
        long[] bits = BITS.get();
        int perChunk = SCRATCH_WORDS / 64;
        for (int done = 0; done < longs; done += perChunk) {
            int n = Math.min(perChunk, longs - done);
            words(key, streamId, index + 64L * done, buf, 0, 64 * n);
            drawBits(buf, 64 * n, (int) threshold, bits);
            System.arraycopy(bits, 0, dst, from + done, n);
        }
    }

    @Override
    public void bernoulliBytes(long key, long streamId, long index, long[] thresholds, int tFrom, byte[] dst,
            int from, int len) {
        bernoulliFill(key, streamId, index, 0, thresholds, tFrom, dst, null, from, len);
    }

    @Override
    public void bernoulliFloats(long key, long streamId, long index, long[] thresholds, int tFrom, float[] dst,
            int from, int len) {
        bernoulliFill(key, streamId, index, 0, thresholds, tFrom, null, dst, from, len);
    }

    @Override
    public boolean paramsValid(float[] loc, float[] scale) {
        return VectorReparam.paramsValid(loc, scale);
    }

    @Override
    public void affine(float[] eps, int eo, float[] loc, int lo, float[] scale, int so, float[] z, int zo, int n) {
        VectorReparam.affine(eps, eo, loc, lo, scale, so, z, zo, n);
    }

    @Override
    public void affine(double[] eps, int eo, double[] loc, int lo, double[] scale, int so, double[] z, int zo,
            int n) {
        VectorReparam.affine(eps, eo, loc, lo, scale, so, z, zo, n);
    }

    @Override
    public void accumulate(float[] dz, int dzo, float[] eps, int eo, double[] accLoc, double[] accScale, int ao,
            int n) {
        VectorReparam.accumulate(dz, dzo, eps, eo, accLoc, accScale, ao, n);
    }

    @Override
    public void accumulate(double[] dz, int dzo, double[] eps, int eo, double[] accLoc, double[] accScale, int ao,
            int n) {
        VectorReparam.accumulate(dz, dzo, eps, eo, accLoc, accScale, ao, n);
    }

    @Override
    public void roundGradient(double[] total, float[] g, int n, boolean add) {
        VectorReparam.roundGradient(total, g, n, add);
    }

    @Override
    public void elementGrad(float[] dz, int dzo, float[] eps, int eo, float[] gLoc, int glo, float[] gScale,
            int gso, boolean add, int n) {
        VectorReparam.elementGrad(dz, dzo, eps, eo, gLoc, glo, gScale, gso, add, n);
    }

    @Override
    public void elementGrad(double[] dz, int dzo, double[] eps, int eo, double[] gLoc, int glo, double[] gScale,
            int gso, boolean add, int n) {
        VectorReparam.elementGrad(dz, dzo, eps, eo, gLoc, glo, gScale, gso, add, n);
    }

    @Override
    public void logOfProducts(float[] x, int n) {
        VectorElementary.logPositiveNormal(x, x, n);
    }

    @Override
    public void tanhForward(float[] eps, int eo, float[] loc, int lo, float[] scale, int so, float[] logNorm,
            float[] a, int ao, float[] terms, float[] squash, int n) {
        VectorReparam.tanhForward(eps, eo, loc, lo, scale, so, logNorm, a, ao, terms, squash, n);
    }

    @Override
    public void tanhGradTerms(float[] eps, int eo, float[] loc, int lo, float[] scale, int so, float[] a, int ao,
            float[] dA, int dao, float[] dLp, int dlo, float[] termLoc, float[] termScale, int n) {
        VectorReparam.tanhGradTerms(eps, eo, loc, lo, scale, so, a, ao, dA, dao, dLp, dlo, termLoc, termScale, n);
    }

    // The Bernoulli gradient kernels: VectorBernoulliGradients, with this provider's uniforms.

    @Override
    public void bernoulliScore(float[] x, float[] logits, int batch, float[] dst) {
        VectorBernoulliGradients.score(x, logits, batch, dst);
    }

    @Override
    public void bernoulliScoreGrad(float[] x, float[] weights, float[] logits, int batch, float[] grad,
            boolean accumulate) {
        VectorBernoulliGradients.scoreGrad(x, weights, logits, batch, grad, accumulate);
    }

    @Override
    public void bernoulliLogProb(float[] x, float[] logits, int batch, float[] dst) {
        VectorBernoulliGradients.logProb(x, logits, batch, dst);
    }

    @Override
    public void bernoulliEntropy(float[] logits, float[] entropy, float[] grad) {
        VectorBernoulliGradients.entropy(logits, entropy, grad);
    }

    @Override
    public void relaxedBernoulliForward(long key, long streamId, long index, float[] logits, float temperature,
            int batch, float[] y, boolean hard, float[] noise, float[] squash) {
        VectorBernoulliGradients.relaxedForward(this, key, streamId, index, logits, temperature, batch, y, hard,
                noise, hard ? null : squash);
    }

    @Override
    public float relaxedBernoulliBackward(long key, long streamId, long index, float[] logits, float temperature,
            int batch, float[] gradY, float[] noise, float[] squash, float[] gradLogits, boolean accumulate) {
        return VectorBernoulliGradients.relaxedBackward(this, key, streamId, index, logits, temperature, batch,
                gradY, noise, squash, gradLogits, accumulate);
    }

    /**
     * Bernoulli draws {@code index ..}: the words of each chunk into the scratch buffer, compared into
     * bits (against {@code threshold} in {@code (0, 2^32)}, or {@code thresholds[tFrom ..]} when not
     * null), then written as {@code bytes} or, when that is null, {@code floats}.
     */
    private static void bernoulliFill(long key, long streamId, long index, int threshold, long[] thresholds,
            int tFrom, byte[] bytes, float[] floats, int from, int len) {
        int[] buf = SCRATCH.get();
        long[] bits = BITS.get();
        for (int done = 0; done < len; done += SCRATCH_WORDS) {
            int n = Math.min(SCRATCH_WORDS, len - done);
            words(key, streamId, index + done, buf, 0, n);
            if (thresholds == null) {
                drawBits(buf, n, threshold, bits);
            } else {
                drawBits(buf, n, thresholds, tFrom + done, bits);
            }
            if (bytes != null) {
                bytesFromBits(bits, n, bytes, from + done);
            } else {
                floatsFromBits(bits, n, floats, from + done);
            }
        }
    }

    /**
     * The draws of {@code words[0 .. n)} against one threshold {@code t} in {@code (0, 2^32)}, as bits:
     * bit {@code i & 63} of {@code bits[i >> 6]} is draw {@code i}. Unsigned comparison by flipping the
     * sign bits; a vector's {@code INT_LANES} bits (4, 8 or 16) never straddle two longs.
     */
    private static void drawBits(int[] words, int n, int t, long[] bits) {
        Arrays.fill(bits, 0, (n + 63) >> 6, 0L);
        int flipped = t ^ Integer.MIN_VALUE;
        int i = 0;
        for (int bound = INTS.loopBound(n); i < bound; i += INT_LANES) {
            long m = IntVector.fromArray(INTS, words, i).lanewise(VectorOperators.XOR, Integer.MIN_VALUE)
                    .compare(VectorOperators.LT, flipped).toLong();
            bits[i >> 6] |= m << (i & 63);
        }
        for (; i < n; i++) {
            if ((words[i] ^ Integer.MIN_VALUE) < flipped) {
                bits[i >> 6] |= 1L << (i & 63);
            }
        }
    }

    /**
     * The draws of {@code words[0 .. n)} against {@code thresholds[tFrom ..]}, as bits. Each word is
     * widened to a long lane (unsigned) and compared with its threshold in {@code [0, 2^32]}.
     */
    private static void drawBits(int[] words, int n, long[] thresholds, int tFrom, long[] bits) {
        Arrays.fill(bits, 0, (n + 63) >> 6, 0L);
        int i = 0;
        for (int bound = INTS.loopBound(n); i < bound; i += INT_LANES) {
            IntVector w = IntVector.fromArray(INTS, words, i);
            long lo = ((LongVector) w.convertShape(VectorOperators.ZERO_EXTEND_I2L, LONGS, 0))
                    .compare(VectorOperators.LT, LongVector.fromArray(LONGS, thresholds, tFrom + i)).toLong();
            long hi = ((LongVector) w.convertShape(VectorOperators.ZERO_EXTEND_I2L, LONGS, 1))
                    .compare(VectorOperators.LT, LongVector.fromArray(LONGS, thresholds, tFrom + i + N))
                    .toLong();
            bits[i >> 6] |= (lo | hi << N) << (i & 63);
        }
        for (; i < n; i++) {
            if ((words[i] & MASK32) < thresholds[tFrom + i]) {
                bits[i >> 6] |= 1L << (i & 63);
            }
        }
    }

    /** Draws {@code 0 .. n)} of {@code bits} as bytes 0/1 into {@code dst[at ..]}. */
    private static void bytesFromBits(long[] bits, int n, byte[] dst, int at) {
        int lanes = BYTES.length();  // 16, 32 or 64: divides 64
        int i = 0;
        for (int bound = BYTES.loopBound(n); i < bound; i += lanes) {
            long m = bits[i >> 6] >>> (i & 63);
            ByteVector.zero(BYTES).blend((byte) 1, VectorMask.fromLong(BYTES, m)).intoArray(dst, at + i);
        }
        for (; i < n; i++) {
            dst[at + i] = (byte) ((bits[i >> 6] >>> (i & 63)) & 1);
        }
    }

    /** Draws {@code 0 .. n)} of {@code bits} as floats 0/1 into {@code dst[at ..]}. */
    private static void floatsFromBits(long[] bits, int n, float[] dst, int at) {
        int i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += INT_LANES) {
            long m = bits[i >> 6] >>> (i & 63);
            FloatVector.zero(FLOATS).blend(1f, VectorMask.fromLong(FLOATS, m)).intoArray(dst, at + i);
        }
        for (; i < n; i++) {
            dst[at + i] = (bits[i >> 6] >>> (i & 63)) & 1;
        }
    }

    /**
     * Float variates {@code index ..} (one word each) of the given kind: the words of each chunk into
     * the scratch buffer, then one conversion loop over it. {@code kind} is a constant at every call
     * site, so each caller inlines only its own conversion.
     */
    private static void floatFill(int kind, long key, long streamId, long index, float[] dst, int from,
            int len) {
        if (kind == NORMAL) {
            normalFloatFill(key, streamId, index, dst, from, len);
            return;
        }
        int[] buf = SCRATCH.get();
        for (int done = 0; done < len; done += SCRATCH_WORDS) {
            int n = Math.min(SCRATCH_WORDS, len - done);
            words(key, streamId, index + done, buf, 0, n);
            floatsFromWords(buf, n, dst, from + done);
        }
    }

    /**
     * f32 normals {@code index ..}: whole pairs (words {@code 2k, 2k + 1}) from the scratch words; a
     * fill that starts at the second half of a pair takes that half from the scalar reference, and one
     * that ends at the first half of a pair computes the pair and keeps its first half.
     */
    private static void normalFloatFill(long key, long streamId, long index, float[] dst, int from, int len) {
        if (len > 0 && (index & 1) != 0) {  // the sine half of the pair of words index - 1, index
            int[] hb = headBlock(key, streamId, index >>> 2);
            int k = (int) index & 3;
            dst[from] = NormalTransforms.f32(hb[k - 1], hb[k], 1);
            index++;
            from++;
            len--;
        }
        // whole pairs of words, the last one possibly half used (its angle word is inside the stream:
        // the stream's last word is odd)
        int pairWords = len + (len & 1);
        int[] buf = SCRATCH.get();
        for (int done = 0; done < pairWords; done += SCRATCH_WORDS) {
            int n = Math.min(SCRATCH_WORDS, pairWords - done);
            words(key, streamId, index + done, buf, 0, n);
            normalFloatsFromWords(buf, n, dst, from + done, Math.min(n, len - done));
        }
    }

    /**
     * f64 normals {@code index ..}: whole pairs (Philox block {@code k} for pair {@code k}) from the
     * scratch words, the ends as in {@link #normalFloatFill}.
     */
    private static void normalDoubleFill(long key, long streamId, long index, double[] dst, int from, int len) {
        if (len > 0 && (index & 1) != 0) {  // the second half of the pair of Philox block index >>> 1
            int[] hb = headBlock(key, streamId, index >>> 1);
            dst[from] = NormalTransforms.f64(hb[0], hb[1], hb[2], hb[3], 1);
            index++;
            from++;
            len--;
        }
        int pairVariates = len + (len & 1);
        int[] buf = SCRATCH.get();
        int perChunk = SCRATCH_WORDS / 2;
        for (int done = 0; done < pairVariates; done += perChunk) {
            int n = Math.min(perChunk, pairVariates - done);
            words(key, streamId, 2 * (index + done), buf, 0, 2 * n);
            normalDoublesFromWords(buf, n, dst, from + done, Math.min(n, len - done));
        }
    }

    /** Double variates {@code index ..} (words {@code 2i, 2i + 1} each) of the given kind. */
    private static void doubleFill(int kind, long key, long streamId, long index, double[] dst, int from,
            int len) {
        if (kind == NORMAL) {
            normalDoubleFill(key, streamId, index, dst, from, len);
            return;
        }
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
            FloatVector u = ((FloatVector) w.lanewise(VectorOperators.LSHR, 1).lanewise(VectorOperators.OR, 1)
                    .convert(VectorOperators.I2F, 0)).mul(0x1p-31f);
            // min(FLOAT_BELOW_ONE) as compare and blend (same bits, u is never NaN): fewer instructions
            // than C2's Java-semantics min
            u.blend(Uniforms.FLOAT_BELOW_ONE, u.compare(VectorOperators.GT, Uniforms.FLOAT_BELOW_ONE))
                    .intoArray(dst, at + i);
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

    /**
     * The f32 normal pairs of {@code words[0 .. n)} ({@code n} even, word 0 a pair's radius word) into
     * {@code dst[at .. at + n)}, lane by lane as {@link NormalTransforms#f32(int, int, int)}: the same
     * operations in the same order. Two vectors of words are split into their radius words (even) and
     * angle words (odd), a lane computes its pair's radius, angle, sine and cosine, and the two halves
     * are interleaved back. Where the reference computes only the sine or the cosine, a lane computes
     * both and blends; its values do not change. The transform is written out in the loop, not called: a
     * method this size is not inlined, and a vector returned from a call that is not inlined is boxed.
     */
    static void normalFloatsFromWords(int[] words, int n, float[] dst, int at) {
        normalFloatsFromWords(words, n, dst, at, n);
    }

    /**
     * {@link #normalFloatsFromWords(int[], int, float[], int)} writing only the first {@code count} of
     * the {@code n} variates ({@code count} is {@code n} or {@code n - 1}). The words after the last whole
     * vector step (fewer than two vectors) go through one more vector step on a zero-padded copy, so a
     * fill shorter than two vectors (a [1 x 17] call) is one vector step, not a scalar loop.
     */
    static void normalFloatsFromWords(int[] words, int n, float[] dst, int at, int count) {
        int whole = count - count % (2 * INT_LANES);
        floatSteps(words, whole, dst, at);
        if (whole < n) {
            Pad pad = PAD.get();
            Arrays.fill(pad.words, 0);
            System.arraycopy(words, whole, pad.words, 0, n - whole);
            floatSteps(pad.words, 2 * INT_LANES, pad.floats, 0);
            System.arraycopy(pad.floats, 0, dst, at + whole, count - whole);
        }
    }

    /**
     * The vector steps of {@link #normalFloatsFromWords}: pairs {@code words[0 .. n)} ({@code n} a
     * multiple of two vectors) into {@code dst[at ..]}.
     */
    private static void floatSteps(int[] words, int n, float[] dst, int at) {
        for (int i = 0; i + 2 * INT_LANES <= n; i += 2 * INT_LANES) {
            IntVector a = IntVector.fromArray(INTS, words, i);
            IntVector b = IntVector.fromArray(INTS, words, i + INT_LANES);
            IntVector rw = EVEN_INTS.selectFrom(a, b);
            IntVector aw = ODD_INTS.selectFrom(a, b);

            IntVector m = rw.lanewise(VectorOperators.LSHR, 1);
            FloatVector u = ((FloatVector) m.convert(VectorOperators.I2F, 0)).fma(0x1p-31f, 0x1p-32f);
            IntVector bits = u.reinterpretAsInts();
            IntVector k = bits.sub(0x3f3504f3).lanewise(VectorOperators.ASHR, 23);
            FloatVector tSplit = bits.sub(k.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats().sub(1f);
            FloatVector tNear = ((FloatVector) m.lanewise(VectorOperators.XOR, 0x7fffffff)
                    .convert(VectorOperators.I2F, 0)).fma(F_M2_POW_M31, F_M2_POW_M32);
            FloatVector t = tSplit.blend(tNear, k.compare(VectorOperators.EQ, 0).cast(FLOATS));
            FloatVector l = t.fma(0.099442184f, -0.16422483f);
            l = l.fma(t, F_0_17382811);
            l = l.fma(t, F_M0_19874363);
            l = l.fma(t, F_0_24955392);
            l = l.fma(t, F_M0_3333609);
            l = l.fma(t, F_0_5000075);
            l = l.fma(t, F_M0_9999998);
            FloatVector w = ((FloatVector) k.convert(VectorOperators.I2F, 0)).fma(F_M0_6931472, l.mul(t));
            FloatVector r = w.add(w).sqrt();

            FloatVector ang = ((FloatVector) aw.lanewise(VectorOperators.LSHL, 2).lanewise(VectorOperators.ASHR, 8)
                    .convert(VectorOperators.I2F, 0)).fma(F_ANGLE_STEP, F_HALF_ANGLE_STEP);
            FloatVector z = ang.mul(ang);
            FloatVector sp = z.fma(-1.9515295891e-4f, 8.3321608736e-3f).fma(z, F_M0_16666654611);
            FloatVector sin = ang.mul(z).fma(sp, ang);
            FloatVector cq = z.fma(2.443315711809948e-5f, -1.388731625493765e-3f).fma(z, F_0_04166664568);
            FloatVector cos = z.mul(z).fma(cq, z.fma(F_M0_5, F_1));
            VectorMask<Float> swap = aw.lanewise(VectorOperators.LSHL, 1).compare(VectorOperators.LT, 0).cast(FLOATS);
            IntVector zc = r.mul(cos.blend(sin, swap)).reinterpretAsInts().lanewise(VectorOperators.XOR,
                    aw.lanewise(VectorOperators.XOR, aw.lanewise(VectorOperators.LSHL, 1)).and(0x80000000));
            IntVector zs = r.mul(sin.blend(cos, swap)).reinterpretAsInts().lanewise(VectorOperators.XOR,
                    aw.and(0x80000000));
            ZIP_INTS_LO.selectFrom(zc, zs).reinterpretAsFloats().intoArray(dst, at + i);
            ZIP_INTS_HI.selectFrom(zc, zs).reinterpretAsFloats().intoArray(dst, at + i + INT_LANES);
        }
    }

    /**
     * The f64 normal pairs of the Philox blocks in {@code words[0 .. 2n)} ({@code n} even: pair
     * {@code j / 2} from words {@code 2j .. 2j + 3}) into {@code dst[at .. at + n)}, lane by lane as
     * {@link NormalTransforms#f64(int, int, int, int, int)}. A block read as two long lanes is the
     * radius value and the angle value; two vectors are split into radius (even) and angle (odd) lanes,
     * as in {@link #normalFloatsFromWords}.
     */
    static void normalDoublesFromWords(int[] words, int n, double[] dst, int at) {
        normalDoublesFromWords(words, n, dst, at, n);
    }

    /**
     * {@link #normalDoublesFromWords(int[], int, double[], int)} writing only the first {@code count} of
     * the {@code n} variates, the words after the last whole vector step through a zero-padded copy as
     * in {@link #normalFloatsFromWords(int[], int, float[], int, int)}.
     */
    static void normalDoublesFromWords(int[] words, int n, double[] dst, int at, int count) {
        int step = 2 * DOUBLES.length();
        int whole = count - count % step;
        doubleSteps(words, whole, dst, at);
        if (whole < n) {
            Pad pad = PAD.get();
            Arrays.fill(pad.words, 0);
            System.arraycopy(words, 2 * whole, pad.words, 0, 2 * (n - whole));
            doubleSteps(pad.words, step, pad.doubles, 0);
            System.arraycopy(pad.doubles, 0, dst, at + whole, count - whole);
        }
    }

    /** The vector steps of {@link #normalDoublesFromWords}: {@code n} variates, a multiple of two vectors. */
    private static void doubleSteps(int[] words, int n, double[] dst, int at) {
        int lanes = DOUBLES.length();
        for (int i = 0; i + 2 * lanes <= n; i += 2 * lanes) {
            LongVector a = IntVector.fromArray(INTS, words, 2 * i).reinterpretAsLongs();
            LongVector b = IntVector.fromArray(INTS, words, 2 * i + INT_LANES).reinterpretAsLongs();
            LongVector rv = EVEN_LONGS.selectFrom(a, b);
            LongVector av = ODD_LONGS.selectFrom(a, b);

            // u = (2m + 1) 2^-65 from the two 32-bit halves of m, and the complement's value from the halves
            // of ~m, which are 2^32 - 1 minus them: exact in double, so no second pair of conversions
            DoubleVector hi = (DoubleVector) rv.lanewise(VectorOperators.LSHR, 32).convert(VectorOperators.L2D, 0);
            DoubleVector lo = (DoubleVector) rv.and(MASK32).convert(VectorOperators.L2D, 0);
            DoubleVector u = hi.fma(D_2_POW_M32, lo.fma(0x1p-64, 0x1p-65));
            DoubleVector uc = D_2_POW_32_M1.sub(hi).fma(D_2_POW_M32, D_2_POW_32_M1.sub(lo).fma(0x1p-64, 0x1p-65));
            LongVector bits = u.reinterpretAsLongs();
            LongVector k = bits.sub(0x3FE6A09E667F3BCDL).lanewise(VectorOperators.ASHR, 52);
            DoubleVector tSplit = bits.sub(k.lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles().sub(1.0);
            DoubleVector t = tSplit.blend(uc.neg(), k.compare(VectorOperators.EQ, 0L).cast(DOUBLES));
            // Estrin's scheme, operation for operation as NormalTransforms.radiusNegLog
            DoubleVector p0 = t.fma(D_LOG1, D_LOG0);
            DoubleVector p1 = t.fma(D_LOG3, D_LOG2);
            DoubleVector p2 = t.fma(D_LOG5, D_LOG4);
            DoubleVector p3 = t.fma(D_LOG7, D_LOG6);
            DoubleVector p4 = t.fma(D_LOG9, D_LOG8);
            DoubleVector p5 = t.fma(D_LOG11, D_LOG10);
            DoubleVector p6 = t.fma(D_LOG13, D_LOG12);
            DoubleVector p7 = t.fma(D_LOG15, D_LOG14);
            DoubleVector p8 = t.fma(D_LOG17, D_LOG16);
            DoubleVector t2 = t.mul(t);
            DoubleVector q0 = p1.fma(t2, p0);
            DoubleVector q1 = p3.fma(t2, p2);
            DoubleVector q2 = p5.fma(t2, p4);
            DoubleVector q3 = p7.fma(t2, p6);
            DoubleVector q4 = t2.fma(D_LOG18, p8);
            DoubleVector t4 = t2.mul(t2);
            DoubleVector o0 = q1.fma(t4, q0);
            DoubleVector o1 = q3.fma(t4, q2);
            DoubleVector t8 = t4.mul(t4);
            DoubleVector l = q4.fma(t8.mul(t8), o1.fma(t8, o0));
            DoubleVector w = ((DoubleVector) k.convert(VectorOperators.L2D, 0)).fma(D_M_LN2, l.mul(t));
            DoubleVector r = w.add(w).sqrt();

            DoubleVector ang = ((DoubleVector) av.lanewise(VectorOperators.LSHL, 2).lanewise(VectorOperators.ASHR, 11)
                    .convert(VectorOperators.L2D, 0)).fma(D_ANGLE_STEP, D_HALF_ANGLE_STEP);
            DoubleVector z = ang.mul(ang);
            DoubleVector sp = z.fma(1.58962301576546568060E-10, -2.50507477628578072866E-8);
            sp = sp.fma(z, D_2_75573136213857245213EM6);
            sp = sp.fma(z, D_M1_98412698295895385996EM4);
            sp = sp.fma(z, D_8_33333333332211858878EM3);
            sp = sp.fma(z, D_M1_66666666666666307295EM1);
            DoubleVector sin = ang.mul(z).fma(sp, ang);
            DoubleVector cq = z.fma(-1.13585365213876817300E-11, 2.08757008419747316778E-9);
            cq = cq.fma(z, D_M2_75573141792967388112EM7);
            cq = cq.fma(z, D_2_48015872888517045348EM5);
            cq = cq.fma(z, D_M1_38888888888730564116EM3);
            cq = cq.fma(z, D_4_16666666666665929218EM2);
            DoubleVector cos = z.mul(z).fma(cq, z.fma(D_M0_5, D_1));
            VectorMask<Double> swap = av.lanewise(VectorOperators.LSHL, 1).compare(VectorOperators.LT, 0L)
                    .cast(DOUBLES);
            LongVector zc = r.mul(cos.blend(sin, swap)).reinterpretAsLongs().lanewise(VectorOperators.XOR,
                    av.lanewise(VectorOperators.XOR, av.lanewise(VectorOperators.LSHL, 1)).and(Long.MIN_VALUE));
            LongVector zs = r.mul(sin.blend(cos, swap)).reinterpretAsLongs().lanewise(VectorOperators.XOR,
                    av.and(Long.MIN_VALUE));
            ZIP_LO.selectFrom(zc, zs).reinterpretAsDoubles().intoArray(dst, at + i);
            ZIP_HI.selectFrom(zc, zs).reinterpretAsDoubles().intoArray(dst, at + i + lanes);
        }
    }

    /**
     * The four words of Philox block {@code b} into this thread's {@link Pad#words} (its first four), by the
     * scalar reference {@link Philox4x32#block}: the head of a fill that starts inside a block. Static and
     * object-free on purpose: a head read through a {@code SmallWords} allocated it (56 B per call) in the
     * JMH forks where C2 compiled its word method on its own and then did not inline it.
     */
    private static int[] headBlock(long key, long streamId, long b) {
        int[] w = PAD.get().words;
        Philox4x32.block((int) b, (int) (b >>> 32), (int) streamId, (int) (streamId >>> 32), (int) key,
                (int) (key >>> 32), w);
        return w;
    }

    /** Per-thread zero-padded space for the last, partial vector step of a normal fill. */
    private static final ThreadLocal<Pad> PAD = ThreadLocal.withInitial(Pad::new);

    /** Two vectors of words and their variates. */
    private static final class Pad {
        final int[] words = new int[2 * INT_LANES];
        final float[] floats = new float[2 * INT_LANES];
        final double[] doubles = new double[INT_LANES];
    }

    /** Words {@code w ..} of the stream into {@code dst[pos .. pos + count)}. */
    private static void words(long key, long streamId, long w, int[] dst, int pos, int count) {
        // head: the words before the first block boundary, from the scalar block
        int head = (int) Math.min(count, (4 - (w & 3)) & 3);
        if (head > 0) {
            int[] hb = headBlock(key, streamId, w >>> 2);
            for (int i = 0, k = (int) w & 3; i < head; i++) {
                dst[pos + i] = hb[k + i];
            }
            w += head;
            pos += head;
            count -= head;
        }
        long block = w >>> 2;
        for (; count >= 2 * WORDS_PER_STEP; count -= 2 * WORDS_PER_STEP) {
            stepTwice(key, streamId, block, dst, pos);
            block += 2 * N;
            pos += 2 * WORDS_PER_STEP;
        }
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
     * {@link #step} of blocks {@code block ..} and {@code block + N ..} at once, all {@code 8N} words:
     * two independent sets of counters go through the rounds side by side, so the multiply chains of
     * one set overlap those of the other (each round's chain is latency-bound on its own).
     */
    private static void stepTwice(long key, long streamId, long block, int[] dst, int pos) {
        int k0 = (int) key;
        int k1 = (int) (key >>> 32);
        long s0 = streamId & MASK32;
        long s1 = streamId >>> 32;

        LongVector ctrA = LongVector.zero(LONGS).addIndex(1).add(block);
        LongVector ctrB = ctrA.add(N);
        long q1 = s0 * M1;
        long x0 = (q1 >>> 32) ^ (k0 & MASK32);
        long x2 = s1 ^ (k1 & MASK32);
        LongVector pA = ctrA.and(MASK32).mul(M0);
        LongVector pB = ctrB.and(MASK32).mul(M0);
        LongVector a0 = ctrA.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, x0);
        LongVector b0 = ctrB.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, x0);
        LongVector a1 = LongVector.broadcast(LONGS, q1 & MASK32);
        LongVector b1 = a1;
        LongVector a2 = pA.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, x2);
        LongVector b2 = pB.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, x2);
        LongVector a3 = pA;
        LongVector b3 = pB;
        for (int r = 1; r < Philox4x32.ROUNDS; r++) {
            k0 += W0;
            k1 += W1;
            long kk0 = k0 & MASK32;
            long kk1 = k1 & MASK32;
            LongVector ma = a0.and(MASK32).mul(M0);
            LongVector mb = b0.and(MASK32).mul(M0);
            LongVector na = a2.and(MASK32).mul(M1);
            LongVector nb = b2.and(MASK32).mul(M1);
            a0 = na.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, a1)
                    .lanewise(VectorOperators.XOR, kk0);
            b0 = nb.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, b1)
                    .lanewise(VectorOperators.XOR, kk0);
            a1 = na;
            b1 = nb;
            a2 = ma.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, a3)
                    .lanewise(VectorOperators.XOR, kk1);
            b2 = mb.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, b3)
                    .lanewise(VectorOperators.XOR, kk1);
            a3 = ma;
            b3 = mb;
        }
        LongVector abA = ZIP_PAIRS.selectFrom(a0.reinterpretAsInts(), a1.reinterpretAsInts()).reinterpretAsLongs();
        LongVector cdA = ZIP_PAIRS.selectFrom(a2.reinterpretAsInts(), a3.reinterpretAsInts()).reinterpretAsLongs();
        LongVector abB = ZIP_PAIRS.selectFrom(b0.reinterpretAsInts(), b1.reinterpretAsInts()).reinterpretAsLongs();
        LongVector cdB = ZIP_PAIRS.selectFrom(b2.reinterpretAsInts(), b3.reinterpretAsInts()).reinterpretAsLongs();
        ZIP_LO.selectFrom(abA, cdA).reinterpretAsInts().intoArray(dst, pos);
        ZIP_HI.selectFrom(abA, cdA).reinterpretAsInts().intoArray(dst, pos + INT_LANES);
        ZIP_LO.selectFrom(abB, cdB).reinterpretAsInts().intoArray(dst, pos + 2 * INT_LANES);
        ZIP_HI.selectFrom(abB, cdB).reinterpretAsInts().intoArray(dst, pos + 3 * INT_LANES);
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
