package io.simdist.rng;

/**
 * The word-to-uniform conversions, as the scalar reference every backend matches bit for bit.
 *
 * <p>Both conversions read the word(s) as an unsigned integer {@code x}, keep its top bits, force the
 * lowest kept bit to 1 (so the value is odd, never 0), convert to floating point with
 * round-to-nearest-even and scale by a power of two; a result that rounded up to exactly 1 is
 * replaced by the largest value below 1. So the result is the float (double) nearest to a point of a
 * fine uniform grid in (0, 1): spacing 2^-24 (2^-53) just below 1, down to 2^-31 (2^-63) near 0, never
 * 0 and never 1. Only add, mul, shifts and an int-to-float conversion are used, which every backend
 * rounds the same way.
 */
public final class Uniforms {
    /** The largest float below 1, {@code 1 - 2^-24}. */
    public static final float FLOAT_BELOW_ONE = 0x1.fffffep-1f;
    /** The largest double below 1, {@code 1 - 2^-53}. */
    public static final double DOUBLE_BELOW_ONE = 0x1.fffffffffffffp-1;

    private Uniforms() {}

    /**
     * Uniform float in (0, 1) from one 32-bit word: {@code min(float((w >>> 1) | 1) * 2^-31,
     * 1 - 2^-24)}. The smallest value is {@code 2^-31}; the largest {@code 1 - 2^-24}, taken by the
     * 384 words that round to or above it ({@code P = 1.5 * 2^-24}).
     *
     * @param word the word, read as unsigned
     * @return the uniform, in (0, 1)
     */
    public static float toFloat(int word) {
        return Math.min((float) ((word >>> 1) | 1) * 0x1p-31f, FLOAT_BELOW_ONE);
    }

    /**
     * Uniform double in (0, 1) from two 32-bit words: with {@code x = (hi << 32) | lo} unsigned,
     * {@code min(double((x >>> 1) | 1) * 2^-63, 1 - 2^-53)}. The smallest value is {@code 2^-63}; the
     * largest {@code 1 - 2^-53}.
     *
     * @param lo the low word (for variate {@code i}, stream word {@code 2i})
     * @param hi the high word (stream word {@code 2i + 1})
     * @return the uniform, in (0, 1)
     */
    public static double toDouble(int lo, int hi) {
        long x = ((long) hi << 32) | (lo & 0xFFFFFFFFL);
        return Math.min((double) ((x >>> 1) | 1L) * 0x1p-63, DOUBLE_BELOW_ONE);
    }
}
