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
    /** Per-thread packing space of the f64 normal transform. */
    private static final ThreadLocal<Tail> TAIL = ThreadLocal.withInitial(() -> new Tail(SCRATCH_WORDS / 2));
    /** Lane numbers 0, 1, ..., positions of a vector's lanes. */
    private static final LongVector IOTA = LongVector.zero(LONGS).addIndex(1);

    /** Pairs counter words j and j+1: lane 2l from a, lane 2l+1 from b (lane l of each). */
    private static final IntVector ZIP_PAIRS = IntVector.zero(INTS).addIndex(1)
            .lanewise(VectorOperators.AND, ~1)
            .add(IntVector.zero(INTS).addIndex(1).lanewise(VectorOperators.AND, 1)
                    .mul(INT_LANES));
    /** First half of the 64-bit interleave of (c0,c1) pairs with (c2,c3) pairs. */
    private static final LongVector ZIP_LO = zip64(0);
    /** Second half of the 64-bit interleave. */
    private static final LongVector ZIP_HI = zip64(N / 2);

    /*
     * The coefficients of the normal transforms as broadcast vectors, named after their values (M for
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
    private static final FloatVector F_1_6892312EM07 = FloatVector.broadcast(FLOATS, 1.6892312e-07f);
    private static final FloatVector F_M4_063902EM08 = FloatVector.broadcast(FLOATS, -4.063902e-08f);
    private static final FloatVector F_M7_67058EM06 = FloatVector.broadcast(FLOATS, -7.67058e-06f);
    private static final FloatVector F_3_2867338EM05 = FloatVector.broadcast(FLOATS, 3.2867338e-05f);
    private static final FloatVector F_0_00025141114 = FloatVector.broadcast(FLOATS, 0.00025141114f);
    private static final FloatVector F_M0_0029589664 = FloatVector.broadcast(FLOATS, -0.0029589664f);
    private static final FloatVector F_0_0012440851 = FloatVector.broadcast(FLOATS, 0.0012440851f);
    private static final FloatVector F_0_35406595 = FloatVector.broadcast(FLOATS, 0.35406595f);
    private static final FloatVector F_1_7706857 = FloatVector.broadcast(FLOATS, 1.7706857f);
    private static final FloatVector F_0_0006529819 = FloatVector.broadcast(FLOATS, 0.0006529819f);
    private static final FloatVector F_M0_0009839708 = FloatVector.broadcast(FLOATS, -0.0009839708f);
    private static final FloatVector F_0_0015316815 = FloatVector.broadcast(FLOATS, 0.0015316815f);
    private static final FloatVector F_M0_002911648 = FloatVector.broadcast(FLOATS, -0.002911648f);
    private static final FloatVector F_0_004635686 = FloatVector.broadcast(FLOATS, 0.004635686f);
    private static final FloatVector F_1_4246343 = FloatVector.broadcast(FLOATS, 1.4246343f);
    private static final FloatVector F_4_717089 = FloatVector.broadcast(FLOATS, 4.717089f);
    private static final DoubleVector D_2_POW_M31 = DoubleVector.broadcast(DOUBLES, 0x1p-31);
    private static final DoubleVector D_0_180625 = DoubleVector.broadcast(DOUBLES, 0.180625);
    private static final DoubleVector D_67265_770927008700853 = DoubleVector.broadcast(DOUBLES, 67265.770927008700853);
    private static final DoubleVector D_45921_953931549871457 = DoubleVector.broadcast(DOUBLES, 45921.953931549871457);
    private static final DoubleVector D_13731_693765509461125 = DoubleVector.broadcast(DOUBLES, 13731.693765509461125);
    private static final DoubleVector D_1971_5909503065514427 = DoubleVector.broadcast(DOUBLES, 1971.5909503065514427);
    private static final DoubleVector D_133_14166789178437745 = DoubleVector.broadcast(DOUBLES, 133.14166789178437745);
    private static final DoubleVector D_3_387132872796366608 = DoubleVector.broadcast(DOUBLES, 3.387132872796366608);
    private static final DoubleVector D_39307_89580009271061 = DoubleVector.broadcast(DOUBLES, 39307.89580009271061);
    private static final DoubleVector D_21213_794301586595867 = DoubleVector.broadcast(DOUBLES, 21213.794301586595867);
    private static final DoubleVector D_5394_1960214247511077 = DoubleVector.broadcast(DOUBLES, 5394.1960214247511077);
    private static final DoubleVector D_687_1870074920579083 = DoubleVector.broadcast(DOUBLES, 687.1870074920579083);
    private static final DoubleVector D_42_313330701600911252 = DoubleVector.broadcast(DOUBLES, 42.313330701600911252);
    private static final DoubleVector D_1_0 = DoubleVector.broadcast(DOUBLES, 1.0);
    private static final DoubleVector D_M0_07092012090709178 = DoubleVector.broadcast(DOUBLES, -0.07092012090709178);
    private static final DoubleVector D_0_06339266227186052 = DoubleVector.broadcast(DOUBLES, 0.06339266227186052);
    private static final DoubleVector D_M0_06473376882671202 = DoubleVector.broadcast(DOUBLES, -0.06473376882671202);
    private static final DoubleVector D_0_0710242204207069 = DoubleVector.broadcast(DOUBLES, 0.0710242204207069);
    private static final DoubleVector D_M0_07707347824005895 = DoubleVector.broadcast(DOUBLES, -0.07707347824005895);
    private static final DoubleVector D_0_08337810610043331 = DoubleVector.broadcast(DOUBLES, 0.08337810610043331);
    private static final DoubleVector D_M0_0909028658518164 = DoubleVector.broadcast(DOUBLES, -0.0909028658518164);
    private static final DoubleVector D_0_09999754859995885 = DoubleVector.broadcast(DOUBLES, 0.09999754859995885);
    private static final DoubleVector D_M0_11111124270511763 = DoubleVector.broadcast(DOUBLES, -0.11111124270511763);
    private static final DoubleVector D_0_1250000725329438 = DoubleVector.broadcast(DOUBLES, 0.1250000725329438);
    private static final DoubleVector D_M0_14285714173578096 = DoubleVector.broadcast(DOUBLES, -0.14285714173578096);
    private static final DoubleVector D_0_1666666655489462 = DoubleVector.broadcast(DOUBLES, 0.1666666655489462);
    private static final DoubleVector D_M0_19999999999909318 = DoubleVector.broadcast(DOUBLES, -0.19999999999909318);
    private static final DoubleVector D_0_2500000000076956 = DoubleVector.broadcast(DOUBLES, 0.2500000000076956);
    private static final DoubleVector D_M0_33333333333337173 = DoubleVector.broadcast(DOUBLES, -0.33333333333337173);
    private static final DoubleVector D_0_4999999999999845 = DoubleVector.broadcast(DOUBLES, 0.4999999999999845);
    private static final DoubleVector D_M1_0 = DoubleVector.broadcast(DOUBLES, -1.0);
    private static final DoubleVector D_M_LN2 = DoubleVector.broadcast(DOUBLES, -0x1.62e42fefa39efp-1);
    private static final DoubleVector D_0_24178072517745061177 = DoubleVector.broadcast(DOUBLES, 0.24178072517745061177);
    private static final DoubleVector D_1_27045825245236838258 = DoubleVector.broadcast(DOUBLES, 1.27045825245236838258);
    private static final DoubleVector D_3_64784832476320460504 = DoubleVector.broadcast(DOUBLES, 3.64784832476320460504);
    private static final DoubleVector D_5_7694972214606914055 = DoubleVector.broadcast(DOUBLES, 5.7694972214606914055);
    private static final DoubleVector D_4_6303378461565452959 = DoubleVector.broadcast(DOUBLES, 4.6303378461565452959);
    private static final DoubleVector D_1_42343711074968357734 = DoubleVector.broadcast(DOUBLES, 1.42343711074968357734);
    private static final DoubleVector D_0_0151986665636164571966 = DoubleVector.broadcast(DOUBLES, 0.0151986665636164571966);
    private static final DoubleVector D_0_14810397642748007459 = DoubleVector.broadcast(DOUBLES, 0.14810397642748007459);
    private static final DoubleVector D_0_68976733498510000455 = DoubleVector.broadcast(DOUBLES, 0.68976733498510000455);
    private static final DoubleVector D_1_6763848301838038494 = DoubleVector.broadcast(DOUBLES, 1.6763848301838038494);
    private static final DoubleVector D_2_05319162663775882187 = DoubleVector.broadcast(DOUBLES, 2.05319162663775882187);
    private static final DoubleVector D_0_0012426609473880784386 = DoubleVector.broadcast(DOUBLES, 0.0012426609473880784386);
    private static final DoubleVector D_0_026532189526576123093 = DoubleVector.broadcast(DOUBLES, 0.026532189526576123093);
    private static final DoubleVector D_0_29656057182850489123 = DoubleVector.broadcast(DOUBLES, 0.29656057182850489123);
    private static final DoubleVector D_1_7848265399172913358 = DoubleVector.broadcast(DOUBLES, 1.7848265399172913358);
    private static final DoubleVector D_5_4637849111641143699 = DoubleVector.broadcast(DOUBLES, 5.4637849111641143699);
    private static final DoubleVector D_6_6579046435011037772 = DoubleVector.broadcast(DOUBLES, 6.6579046435011037772);
    private static final DoubleVector D_1_8463183175100546818EM5 = DoubleVector.broadcast(DOUBLES, 1.8463183175100546818e-5);
    private static final DoubleVector D_7_868691311456132591EM4 = DoubleVector.broadcast(DOUBLES, 7.868691311456132591e-4);
    private static final DoubleVector D_0_0148753612908506148525 = DoubleVector.broadcast(DOUBLES, 0.0148753612908506148525);
    private static final DoubleVector D_0_13692988092273580531 = DoubleVector.broadcast(DOUBLES, 0.13692988092273580531);
    private static final DoubleVector D_0_59983220655588793769 = DoubleVector.broadcast(DOUBLES, 0.59983220655588793769);

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
    public void tanhForward(float[] eps, int eo, float[] loc, int lo, float[] scale, int so, float[] a, int ao,
            float[] terms, int n) {
        VectorReparam.tanhForward(eps, eo, loc, lo, scale, so, a, ao, terms, n);
    }

    @Override
    public void tanhGradTerms(float[] eps, int eo, float[] loc, int lo, float[] scale, int so, float[] dA, int dao,
            float[] dLp, int dlo, float[] termLoc, float[] termScale, int n) {
        VectorReparam.tanhGradTerms(eps, eo, loc, lo, scale, so, dA, dao, dLp, dlo, termLoc, termScale, n);
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
            int batch, float[] y, boolean hard, float[] noise) {
        VectorBernoulliGradients.relaxedForward(this, key, streamId, index, logits, temperature, batch, y, hard,
                noise);
    }

    @Override
    public float relaxedBernoulliBackward(long key, long streamId, long index, float[] logits, float temperature,
            int batch, float[] gradY, float[] noise, float[] gradLogits, boolean accumulate) {
        return VectorBernoulliGradients.relaxedBackward(this, key, streamId, index, logits, temperature, batch,
                gradY, noise, gradLogits, accumulate);
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
        int[] buf = SCRATCH.get();
        for (int done = 0; done < len; done += SCRATCH_WORDS) {
            int n = Math.min(SCRATCH_WORDS, len - done);
            words(key, streamId, index + done, buf, 0, n);
            if (kind == NORMAL) {
                normalFloatsFromWords(buf, n, dst, from + done);
            } else {
                floatsFromWords(buf, n, dst, from + done);
            }
        }
    }

    /** Double variates {@code index ..} (words {@code 2i, 2i + 1} each) of the given kind. */
    private static void doubleFill(int kind, long key, long streamId, long index, double[] dst, int from,
            int len) {
        int[] buf = SCRATCH.get();
        Tail tail = kind == NORMAL ? TAIL.get() : null;
        int perChunk = SCRATCH_WORDS / 2;
        for (int done = 0; done < len; done += perChunk) {
            int n = Math.min(perChunk, len - done);
            words(key, streamId, 2 * (index + done), buf, 0, 2 * n);
            if (kind == NORMAL) {
                normalDoublesFromWords(buf, n, dst, from + done, tail);
            } else {
                doublesFromWords(buf, n, dst, from + done);
            }
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
     * {@link NormalTransforms#f32(int)} of {@code words[0 .. n)} into {@code dst[at ..]}, lane by
     * lane: the same operations in the same order. The tail polynomial (and its square root) is
     * computed only when some lane needs it, about one vector in 80 at 512 bits; a lane's value is the
     * same either way. The transform is written out in the loop, not called: a method this size is not
     * inlined, and a vector returned from a call that is not inlined is boxed.
     */
    static void normalFloatsFromWords(int[] words, int n, float[] dst, int at) {
        int i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += FLOATS.length()) {
            IntVector word = IntVector.fromArray(INTS, words, i);
            FloatVector p = ((FloatVector) word.and(0x7fffffff).convert(VectorOperators.I2F, 0))
                    .fma(0x1p-31f, 0x1p-32f);
            FloatVector x = FloatVector.broadcast(FLOATS, 1f).sub(p);
            FloatVector y = p.fma(x, p);

            IntVector bits = y.reinterpretAsInts();
            IntVector k = bits.sub(0x3f3504f3).lanewise(VectorOperators.ASHR, 23);
            FloatVector t = bits.sub(k.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats().sub(1f);
            FloatVector l = t.fma(0.099442184f, -0.16422483f);
            l = l.fma(t, F_0_17382811);
            l = l.fma(t, F_M0_19874363);
            l = l.fma(t, F_0_24955392);
            l = l.fma(t, F_M0_3333609);
            l = l.fma(t, F_0_5000075);
            l = l.fma(t, F_M0_9999998);
            FloatVector w = ((FloatVector) k.convert(VectorOperators.I2F, 0)).fma(F_M0_6931472, l.mul(t));

            FloatVector v = w.sub(1.5f);
            FloatVector c = v.fma(9.0172053e-10f, -2.1214369e-08f);
            c = c.fma(v, F_1_6892312EM07);
            c = c.fma(v, F_M4_063902EM08);
            c = c.fma(v, F_M7_67058EM06);
            c = c.fma(v, F_3_2867338EM05);
            c = c.fma(v, F_0_00025141114);
            c = c.fma(v, F_M0_0029589664);
            c = c.fma(v, F_0_0012440851);
            c = c.fma(v, F_0_35406595);
            c = c.fma(v, F_1_7706857);

            VectorMask<Float> tail = w.compare(VectorOperators.GE, NormalTransforms.F32_SPLIT_W);
            if (tail.anyTrue()) {
                FloatVector s = w.sqrt().sub(3.5f);
                FloatVector d = s.fma(5.870224e-05f, -0.0002970459f);
                d = d.fma(s, F_0_0006529819);
                d = d.fma(s, F_M0_0009839708);
                d = d.fma(s, F_0_0015316815);
                d = d.fma(s, F_M0_002911648);
                d = d.fma(s, F_0_004635686);
                d = d.fma(s, F_1_4246343);
                d = d.fma(s, F_4_717089);
                c = c.blend(d, tail);
            }
            x.mul(c).reinterpretAsInts().lanewise(VectorOperators.XOR, word.and(0x80000000))
                    .reinterpretAsFloats().intoArray(dst, at + i);
        }
        for (; i < n; i++) {
            dst[at + i] = NormalTransforms.f32(words[i]);
        }
    }

    /**
     * {@link NormalTransforms#f64(int, int)} of word pairs {@code (words[2i], words[2i+1])}, i < n, into
     * {@code dst[at ..]}, lane by lane for lanes {@code hi << 32 | lo}: the same operations in the same
     * order, so the same bits. Two passes, so that each lane computes only the AS 241 region it is in:
     * <ol>
     *   <li>every pair through the central rational (85% of pairs are central); the pairs outside
     *       are packed ({@code compress}) with their positions into {@code tail};</li>
     *   <li>the packed pairs through the log, the square root and the tail rationals (the third region,
     *       {@code r > 5}, probability 3e-11, only for vectors that hold one), written back to their
     *       positions.</li>
     * </ol>
     * Computing every region in every lane, as the scalar reference does, costs twice as much here. The
     * transform is written out in the loops for the reason given at {@link #normalFloatsFromWords}.
     *
     * @param tail packing space for up to {@code n} pairs
     */
    static void normalDoublesFromWords(int[] words, int n, double[] dst, int at, Tail tail) {
        int count = 0;
        int i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += DOUBLES.length()) {
            LongVector b = IntVector.fromArray(INTS, words, 2 * i).reinterpretAsLongs();
            DoubleVector p = probability(b);
            // h = 0.5 (1 - p) as the reference rounds it: 0.5 p is exact, so one fma rounds once, as
            // the reference's 1 - p does before its exact halving
            DoubleVector h = p.fma(-0.5, 0.5);

            DoubleVector r1 = h.neg().fma(h, D_0_180625);
            DoubleVector a = r1.fma(2509.0809287301226727, 33430.575583588128105);
            a = a.fma(r1, D_67265_770927008700853);
            a = a.fma(r1, D_45921_953931549871457);
            a = a.fma(r1, D_13731_693765509461125);
            a = a.fma(r1, D_1971_5909503065514427);
            a = a.fma(r1, D_133_14166789178437745);
            a = a.fma(r1, D_3_387132872796366608).mul(h);
            DoubleVector bb = r1.fma(5226.495278852854561, 28729.085735721942674);
            bb = bb.fma(r1, D_39307_89580009271061);
            bb = bb.fma(r1, D_21213_794301586595867);
            bb = bb.fma(r1, D_5394_1960214247511077);
            bb = bb.fma(r1, D_687_1870074920579083);
            bb = bb.fma(r1, D_42_313330701600911252);
            bb = bb.fma(r1, D_1_0);

            a.div(bb).reinterpretAsLongs().lanewise(VectorOperators.XOR, b.and(Long.MIN_VALUE))
                    .reinterpretAsDoubles().intoArray(dst, at + i);

            VectorMask<Long> outside = h.compare(VectorOperators.GT, NormalTransforms.F64_SPLIT_CENTRAL)
                    .cast(LONGS);
            b.compress(outside).intoArray(tail.bits, count);
            IOTA.add(at + i).compress(outside).intoArray(tail.positions, count);
            count += outside.trueCount();
        }
        tailValues(tail, count);
        for (int j = 0; j < count; j++) {
            dst[(int) tail.positions[j]] = tail.values[j];
        }
        for (; i < n; i++) {
            dst[at + i] = NormalTransforms.f64(words[2 * i], words[2 * i + 1]);
        }
    }

    /**
     * Pass 2 of {@link #normalDoublesFromWords}: {@code tail.values[j]} for the packed pairs
     * {@code tail.bits[0 .. count)}. A method of its own, so that C2 compiles each pass whole: together
     * they exceed its inlining node budget, and a helper left out of line boxes its vectors.
     */
    private static void tailValues(Tail tail, int count) {
        // lanes past count hold stale pairs: computed, never written back
        for (int j = 0; j < count; j += DOUBLES.length()) {
            LongVector b = LongVector.fromArray(LONGS, tail.bits, j);
            DoubleVector p = probability(b);

            DoubleVector q = p.mul(0.5);
            LongVector bits = q.reinterpretAsLongs();
            LongVector k = bits.sub(0x3FE6A09E667F3BCDL).lanewise(VectorOperators.ASHR, 52);
            DoubleVector t = bits.sub(k.lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles().sub(1.0);
            DoubleVector l = t.fma(-0.029914714370611543, 0.06606377274291697);
            l = l.fma(t, D_M0_07092012090709178);
            l = l.fma(t, D_0_06339266227186052);
            l = l.fma(t, D_M0_06473376882671202);
            l = l.fma(t, D_0_0710242204207069);
            l = l.fma(t, D_M0_07707347824005895);
            l = l.fma(t, D_0_08337810610043331);
            l = l.fma(t, D_M0_0909028658518164);
            l = l.fma(t, D_0_09999754859995885);
            l = l.fma(t, D_M0_11111124270511763);
            l = l.fma(t, D_0_1250000725329438);
            l = l.fma(t, D_M0_14285714173578096);
            l = l.fma(t, D_0_1666666655489462);
            l = l.fma(t, D_M0_19999999999909318);
            l = l.fma(t, D_0_2500000000076956);
            l = l.fma(t, D_M0_33333333333337173);
            l = l.fma(t, D_0_4999999999999845);
            l = l.fma(t, D_M1_0);
            DoubleVector negLogQ = ((DoubleVector) k.convert(VectorOperators.L2D, 0))
                    .fma(D_M_LN2, l.mul(t));
            negLogQ.sqrt().intoArray(tail.values, j);
        }
        for (int j = 0; j < count; j += DOUBLES.length()) {
            DoubleVector r = DoubleVector.fromArray(DOUBLES, tail.values, j);

            DoubleVector r2 = r.sub(1.6);
            DoubleVector c = r2.fma(7.7454501427834140764e-4, 0.0227238449892691845833);
            c = c.fma(r2, D_0_24178072517745061177);
            c = c.fma(r2, D_1_27045825245236838258);
            c = c.fma(r2, D_3_64784832476320460504);
            c = c.fma(r2, D_5_7694972214606914055);
            c = c.fma(r2, D_4_6303378461565452959);
            c = c.fma(r2, D_1_42343711074968357734);
            DoubleVector dd = r2.fma(1.05075007164441684324e-9, 5.475938084995344946e-4);
            dd = dd.fma(r2, D_0_0151986665636164571966);
            dd = dd.fma(r2, D_0_14810397642748007459);
            dd = dd.fma(r2, D_0_68976733498510000455);
            dd = dd.fma(r2, D_1_6763848301838038494);
            dd = dd.fma(r2, D_2_05319162663775882187);
            dd = dd.fma(r2, D_1_0);

            VectorMask<Double> far = r.compare(VectorOperators.GT, NormalTransforms.F64_SPLIT_TAIL);
            if (far.anyTrue()) {
                DoubleVector r3 = r.sub(5.0);
                DoubleVector e = r3.fma(2.01033439929228813265e-7, 2.71155556874348757815e-5);
                e = e.fma(r3, D_0_0012426609473880784386);
                e = e.fma(r3, D_0_026532189526576123093);
                e = e.fma(r3, D_0_29656057182850489123);
                e = e.fma(r3, D_1_7848265399172913358);
                e = e.fma(r3, D_5_4637849111641143699);
                e = e.fma(r3, D_6_6579046435011037772);
                DoubleVector f = r3.fma(2.04426310338993978564e-15, 1.4215117583164458887e-7);
                f = f.fma(r3, D_1_8463183175100546818EM5);
                f = f.fma(r3, D_7_868691311456132591EM4);
                f = f.fma(r3, D_0_0148753612908506148525);
                f = f.fma(r3, D_0_13692988092273580531);
                f = f.fma(r3, D_0_59983220655588793769);
                f = f.fma(r3, D_1_0);
                c = c.blend(e, far);
                dd = dd.blend(f, far);
            }
            c.div(dd).reinterpretAsLongs().lanewise(VectorOperators.XOR,
                    LongVector.fromArray(LONGS, tail.bits, j).and(Long.MIN_VALUE))
                    .reinterpretAsDoubles().intoArray(tail.values, j);
        }
    }

    /**
     * {@code p = (2m + 1) 2^-64} of lanes {@code hi << 32 | lo}, as {@link NormalTransforms#f64}
     * computes it. Small enough to be inlined, so the vector is never boxed.
     */
    private static DoubleVector probability(LongVector b) {
        DoubleVector hi = (DoubleVector) b.lanewise(VectorOperators.LSHR, 32).and(0x7fffffffL)
                .convert(VectorOperators.L2D, 0);
        DoubleVector lo = (DoubleVector) b.and(MASK32).convert(VectorOperators.L2D, 0);
        return hi.fma(D_2_POW_M31, lo.fma(0x1p-63, 0x1p-64));
    }

    /** Packing space for the f64 pairs outside AS 241's central region (one per thread). */
    static final class Tail {
        final long[] bits;
        final long[] positions;
        final double[] values;

        /** @param pairs the most pairs one call packs */
        Tail(int pairs) {
            // a packed store writes a whole vector at the count so far
            int size = pairs + LONGS.length();
            bits = new long[size];
            positions = new long[size];
            values = new double[size];
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
