package io.simdist.kernels;

import io.simdist.rng.Uniforms;

/**
 * The scalar reference provider: plain Java, one Philox block at a time. Every other provider must
 * produce exactly these bits.
 */
public final class ScalarKernelProvider implements KernelProvider {
    /** The shared instance. */
    public static final ScalarKernelProvider INSTANCE = new ScalarKernelProvider();

    private ScalarKernelProvider() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public String description() {
        return "scalar (plain Java reference)";
    }

    @Override
    public void philoxInts(long key, long streamId, long wordOffset, int[] dst, int from, int len) {
        words(key, streamId, wordOffset, dst, from, len);
    }

    @Override
    public void uniformFloats(long key, long streamId, long index, float[] dst, int from, int len) {
        floats(key, streamId, index, dst, from, len, Uniforms::toFloat);
    }

    @Override
    public void uniformDoubles(long key, long streamId, long index, double[] dst, int from, int len) {
        doubles(key, streamId, index, dst, from, len, Uniforms::toDouble);
    }

    @Override
    public void normalFloats(long key, long streamId, long index, float[] dst, int from, int len) {
        // normal transform v2: variate i is half i & 1 of the pair of words i & ~1 and i | 1
        SmallWords.fillF32(key, streamId, index, dst, from, len);
    }

    @Override
    public void normalDoubles(long key, long streamId, long index, double[] dst, int from, int len) {
        // variate i is half i & 1 of the pair of Philox block i >> 1
        SmallWords words = new SmallWords(key, streamId);
        for (int j = 0; j < len; j++) {
            dst[from + j] = words.normalF64(index + j);
        }
    }

    @Override
    public void bernoulliBytes(long key, long streamId, long index, long threshold, byte[] dst, int from,
            int len) {
        SmallWords words = new SmallWords(key, streamId);
        for (int j = 0; j < len; j++) {
            dst[from + j] = (byte) draw(words.at(index + j), threshold);
        }
    }

    @Override
    public void bernoulliFloats(long key, long streamId, long index, long threshold, float[] dst, int from,
            int len) {
        SmallWords words = new SmallWords(key, streamId);
        for (int j = 0; j < len; j++) {
            dst[from + j] = draw(words.at(index + j), threshold);
        }
    }

    @Override
    public void bernoulliPacked(long key, long streamId, long index, long threshold, long[] dst, int from,
            int longs) {
        SmallWords words = new SmallWords(key, streamId);
        for (int k = 0; k < longs; k++) {
            long bits = 0;
            for (int j = 0; j < 64; j++) {
                bits |= (long) draw(words.at(index + 64L * k + j), threshold) << j;
            }
            dst[from + k] = bits;
        }
    }

    @Override
    public void bernoulliBytes(long key, long streamId, long index, long[] thresholds, int tFrom, byte[] dst,
            int from, int len) {
        SmallWords words = new SmallWords(key, streamId);
        for (int j = 0; j < len; j++) {
            dst[from + j] = (byte) draw(words.at(index + j), thresholds[tFrom + j]);
        }
    }

    @Override
    public void bernoulliFloats(long key, long streamId, long index, long[] thresholds, int tFrom, float[] dst,
            int from, int len) {
        SmallWords words = new SmallWords(key, streamId);
        for (int j = 0; j < len; j++) {
            dst[from + j] = draw(words.at(index + j), thresholds[tFrom + j]);
        }
    }

    /** A Bernoulli draw: 1 iff {@code word}, unsigned, is below {@code threshold}. */
    private static int draw(int word, long threshold) {
        return (word & 0xFFFFFFFFL) < threshold ? 1 : 0;
    }

    /** A float variate from its one word. */
    @FunctionalInterface
    private interface FromWord {
        float of(int word);
    }

    /** A double variate from its two words, {@code 2i} and {@code 2i + 1}. */
    @FunctionalInterface
    private interface FromWords {
        double of(int lo, int hi);
    }

    /** Float variates {@code index ..}: variate {@code i} is {@code f(word(i))}. */
    private static void floats(long key, long streamId, long index, float[] dst, int from, int len,
            FromWord f) {
        SmallWords words = new SmallWords(key, streamId);
        for (int j = 0; j < len; j++) {
            dst[from + j] = f.of(words.at(index + j));
        }
    }

    /** Double variates {@code index ..}: variate {@code i} is {@code f(word(2i), word(2i + 1))}. */
    private static void doubles(long key, long streamId, long index, double[] dst, int from, int len,
            FromWords f) {
        SmallWords words = new SmallWords(key, streamId);
        for (int j = 0; j < len; j++) {
            long w = 2 * (index + j);
            dst[from + j] = f.of(words.at(w), words.at(w + 1));
        }
    }

    /** Words {@code wordOffset ..} of the stream into {@code dst[from .. from + len)}. */
    static void words(long key, long streamId, long wordOffset, int[] dst, int from, int len) {
        SmallWords words = new SmallWords(key, streamId);  // its block in registers: nothing allocated
        for (int i = 0; i < len; i++) {
            dst[from + i] = words.at(wordOffset + i);
        }
    }
}
