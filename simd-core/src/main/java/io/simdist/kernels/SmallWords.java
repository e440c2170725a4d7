package io.simdist.kernels;

import io.simdist.rng.Philox4x32;

/**
 * The stream words of a small call, one Philox4x32-10 block at a time, in plain scalar Java: the word
 * source of the small-call paths ({@link SmallCalls}) and of the scalar provider's word loops
 * ({@link ScalarKernelProvider}), which allocate nothing through it either.
 *
 * <p>A call of a few elements is dominated by its fixed costs, not by arithmetic, so these paths avoid
 * everything the bulk kernels amortise over thousands of elements: no Vector API code (nothing to
 * compile or box while the JIT warms up), no {@code ThreadLocal} scratch, no per-call array. The
 * current block lives in four {@code int} fields of an object the caller creates per call and never
 * lets escape, so C2 keeps it in registers (escape analysis; benchmarks check 0 B/op with
 * {@code -prof gc}). Word {@code i} is word {@code i % 4} of the block with counter {@code i / 4}, exactly
 * as {@link Philox4x32} defines the stream, so the small paths give the bits of the bulk ones.
 */
final class SmallWords {
    /** The largest call, in elements, that the small-call paths serve; larger calls take the bulk kernels. */
    static final int MAX = 64;

    private final int k0;
    private final int k1;
    private final int s0;
    private final int s1;
    private long block = -1;
    private int w0;
    private int w1;
    private int w2;
    private int w3;
    /** The words of block {@code block + 1}, after {@link #compute2} only. */
    private int w4;
    private int w5;
    private int w6;
    private int w7;

    SmallWords(long key, long streamId) {
        this.k0 = (int) key;
        this.k1 = (int) (key >>> 32);
        this.s0 = (int) streamId;
        this.s1 = (int) (streamId >>> 32);
    }

    /** The f32 normal pair whose two variates are cached, or -1. */
    private long pair32 = -1;
    private float cos32;
    private float sin32;
    /** The f64 normal pair whose two variates are cached, or -1. */
    private long pair64 = -1;
    private double cos64;
    private double sin64;

    /**
     * @return f32 standard normal variate {@code i} of the stream (normal transform v2), computing both
     *     variates of its pair once ({@link #pairF32(int, int)})
     */
    float normalF32(long i) {
        long k = i >>> 1;
        if (k != pair32) {
            pair32 = k;
            pairF32(at(2 * k), at(2 * k + 1));
        }
        return (i & 1) == 0 ? cos32 : sin32;
    }

    /** @return f64 standard normal variate {@code i} of the stream, as {@link #normalF32(long)} */
    double normalF64(long i) {
        long k = i >>> 1;
        if (k != pair64) {
            pair64 = k;
            long w = 4 * k;
            long angle = (long) at(w + 3) << 32 | (at(w + 2) & 0xFFFFFFFFL);
            double r = NormalTransforms.f64Radius(at(w), at(w + 1));
            double a = NormalTransforms.f64Angle(angle);
            long sin = Double.doubleToRawLongBits(NormalTransforms.f64Sin(a));
            long cos = Double.doubleToRawLongBits(NormalTransforms.f64Cos(a));
            long swap = (angle << 1) >> 63;
            double x = Double.longBitsToDouble((cos & ~swap) | (sin & swap));
            double y = Double.longBitsToDouble((sin & ~swap) | (cos & swap));
            cos64 = Double.longBitsToDouble(Double.doubleToRawLongBits(r * x) ^ ((angle ^ (angle << 1)) & Long.MIN_VALUE));
            sin64 = Double.longBitsToDouble(Double.doubleToRawLongBits(r * y) ^ (angle & Long.MIN_VALUE));
        }
        return (i & 1) == 0 ? cos64 : sin64;
    }

    /**
     * Writes f32 standard normal variates {@code index .. index + len - 1} to {@code dst[from ..]}: the
     * values of {@link #normalF32(long)}, computed two blocks at a time. Variate {@code i} comes from
     * block {@code i >>> 2} (its pair {@code i >>> 1} reads words {@code 2k} and {@code 2k + 1}), so each
     * block is computed once, in registers, and its two pairs transformed straight into {@code dst} (a
     * pair only half inside the range writes that half), with no per-word lookup. The two blocks' rounds
     * run side by side ({@link #compute2}): each block is one chain of ten dependent multiplies, so the
     * second costs little more than the first, and their four pairs are independent of each other (a
     * 6-value call, which touches two blocks, went from 80 to about 60 ns on the dev machine).
     */
    static void fillF32(long key, long streamId, long index, float[] dst, int from, int len) {
        if (len <= 0) {
            return;
        }
        SmallWords words = new SmallWords(key, streamId);  // does not escape: its fields stay in registers
        long lastVariate = index + (len - 1);  // inclusive bounds: index + len may pass Long.MAX_VALUE
        long last = lastVariate >>> 2;
        for (long b = index >>> 2; b <= last; b += 2) {
            words.compute2(b);  // blocks b and b + 1 (a counter past the range is computed, not used)
            long v = b << 2;  // the variate of the block's first cosine; v + 7 does not overflow
            words.emitF32(v, words.w0, words.w1, index, lastVariate, dst, from);
            words.emitF32(v + 2, words.w2, words.w3, index, lastVariate, dst, from);
            words.emitF32(v + 4, words.w4, words.w5, index, lastVariate, dst, from);
            words.emitF32(v + 6, words.w6, words.w7, index, lastVariate, dst, from);
        }
    }

    /** Pair {@code v >>> 1} from its words, the halves inside {@code [index, lastVariate]} into {@code dst}. */
    private void emitF32(long v, int radiusWord, int angleWord, long index, long lastVariate, float[] dst, int from) {
        if (v + 1 < index || v > lastVariate) {
            return;
        }
        pairF32(radiusWord, angleWord);
        int at = from + (int) (v - index);
        if (v >= index) {
            dst[at] = cos32;
        }
        if (v + 1 <= lastVariate) {
            dst[at + 1] = sin32;
        }
    }

    private void pairF32(int radiusWord, int aw) {
        float r = NormalTransforms.f32Radius(radiusWord);
        float a = NormalTransforms.f32Angle(aw);
        int sin = Float.floatToRawIntBits(NormalTransforms.f32Sin(a));
        int cos = Float.floatToRawIntBits(NormalTransforms.f32Cos(a));
        int swap = (aw << 1) >> 31;  // all ones in an odd quadrant
        float x = Float.intBitsToFloat((cos & ~swap) | (sin & swap));
        float y = Float.intBitsToFloat((sin & ~swap) | (cos & swap));
        cos32 = Float.intBitsToFloat(Float.floatToRawIntBits(r * x) ^ ((aw ^ (aw << 1)) & 0x80000000));
        sin32 = Float.intBitsToFloat(Float.floatToRawIntBits(r * y) ^ (aw & 0x80000000));
    }

    /**
     * @param j 0 to 7
     * @return word {@code j} of the two blocks of the last {@link #compute2}: word {@code j & 3} of block
     *     {@code b + (j >>> 2)}
     */
    int word2(int j) {
        return switch (j) {
            case 0 -> w0;
            case 1 -> w1;
            case 2 -> w2;
            case 3 -> w3;
            case 4 -> w4;
            case 5 -> w5;
            case 6 -> w6;
            default -> w7;
        };
    }

    /** @return stream word {@code w}, computing its block if it is not the current one */
    int at(long w) {
        long b = w >>> 2;
        if (b != block) {
            compute(b);
        }
        int k = (int) w & 3;
        return k == 0 ? w0 : k == 1 ? w1 : k == 2 ? w2 : w3;
    }

    /** The words of blocks {@code b} (into {@code w0..w3}) and {@code b + 1} ({@code w4..w7}), round by round together. */
    void compute2(long b) {
        long b1 = b + 1;
        int a0 = (int) b;
        int a1 = (int) (b >>> 32);
        int a2 = s0;
        int a3 = s1;
        int c0 = (int) b1;
        int c1 = (int) (b1 >>> 32);
        int c2 = s0;
        int c3 = s1;
        int key0 = k0;
        int key1 = k1;
        for (int r = 0; r < Philox4x32.ROUNDS; r++) {
            long pa0 = (a0 & 0xFFFFFFFFL) * (Philox4x32.M0 & 0xFFFFFFFFL);
            long pa1 = (a2 & 0xFFFFFFFFL) * (Philox4x32.M1 & 0xFFFFFFFFL);
            long pc0 = (c0 & 0xFFFFFFFFL) * (Philox4x32.M0 & 0xFFFFFFFFL);
            long pc1 = (c2 & 0xFFFFFFFFL) * (Philox4x32.M1 & 0xFFFFFFFFL);
            int na0 = (int) (pa1 >>> 32) ^ a1 ^ key0;
            int na2 = (int) (pa0 >>> 32) ^ a3 ^ key1;
            int nc0 = (int) (pc1 >>> 32) ^ c1 ^ key0;
            int nc2 = (int) (pc0 >>> 32) ^ c3 ^ key1;
            a0 = na0;
            a1 = (int) pa1;
            a2 = na2;
            a3 = (int) pa0;
            c0 = nc0;
            c1 = (int) pc1;
            c2 = nc2;
            c3 = (int) pc0;
            key0 += Philox4x32.W0;
            key1 += Philox4x32.W1;
        }
        w0 = a0;
        w1 = a1;
        w2 = a2;
        w3 = a3;
        w4 = c0;
        w5 = c1;
        w6 = c2;
        w7 = c3;
        block = b;
    }

    private void compute(long b) {
        int c0 = (int) b;
        int c1 = (int) (b >>> 32);
        int c2 = s0;
        int c3 = s1;
        int key0 = k0;
        int key1 = k1;
        for (int r = 0; r < Philox4x32.ROUNDS; r++) {
            long p0 = (c0 & 0xFFFFFFFFL) * (Philox4x32.M0 & 0xFFFFFFFFL);
            long p1 = (c2 & 0xFFFFFFFFL) * (Philox4x32.M1 & 0xFFFFFFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ key0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ key1;
            c0 = n0;
            c1 = (int) p1;
            c2 = n2;
            c3 = (int) p0;
            key0 += Philox4x32.W0;
            key1 += Philox4x32.W1;
        }
        w0 = c0;
        w1 = c1;
        w2 = c2;
        w3 = c3;
        block = b;
    }
}
