package io.simdist.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.kernels.KernelProvider;
import io.simdist.kernels.NormalTransforms;
import io.simdist.kernels.ScalarKernelProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native normal transforms ({@code simdist_normal_floats}, {@code simdist_normal_doubles}) give
 * exactly the bits of the scalar reference ({@link NormalTransforms#f32}, {@link NormalTransforms#f64})
 * and write nothing outside {@code [from, from + len)}, in the style of {@link NativeMatchesScalarTest}:
 * every small offset and length, long fills over several downcall chunks, far positions, and the
 * tails, where the words are small and the log and sqrt pieces of the transforms are exercised.
 *
 * <p>The words cannot be chosen, only the positions, so the tails are reached in two ways: by
 * scanning 10^7 words of a few streams for the words with {@code |z| > 4.5}, and through fixed
 * positions of stream (0, 0) whose words were found by an offline scan of its first 2^32 words
 * (the test checks that the words are still those).
 */
class NativeNormalsMatchScalarTest {
    private static final KernelProvider SCALAR = ScalarKernelProvider.INSTANCE;

    /** The last float variate of a stream (the last word). */
    private static final long LAST_FLOAT = Long.MAX_VALUE;
    /** The last double variate of a stream (it uses the last two words). */
    private static final long LAST_DOUBLE = Long.MAX_VALUE / 2;
    private static final int MAX_SMALL_OFFSET = 67;
    private static final int MAX_SMALL_LENGTH = 300;
    /** Around the C batch (64 words), {@link NativeKernelProvider#CHUNK} and beyond. */
    private static final int[] LONG_LENGTHS = {1, 13, 100, 4099, 65_537, 200_003};

    /** Words scanned per stream for tail words. */
    private static final int SCAN_WORDS = 10_000_000;
    /** {@code (word & 0x7fffffff) < 2^12}: {@code p < 2^-19}, {@code |z| > 4.89}. */
    private static final int TAIL_MAGNITUDE = 1 << 12;

    /**
     * Float variates of stream (0, 0) whose words have magnitude {@code m <= 9}, found by an offline
     * scan of its first 2^32 words: {index, word}. 2592375475 has word 0x80000000, the largest
     * negative variate.
     */
    private static final long[][] STREAM0_TAIL_FLOATS = {
        {1_819_059L, 0x80000001L}, {417_066_119L, 0x80000002L}, {653_402_648L, 0x00000009L},
        {2_592_375_475L, 0x80000000L}, {3_304_761_632L, 0x00000002L}, {3_603_732_188L, 0x00000005L},
    };
    /**
     * Double variates of stream (0, 0) whose high word has magnitude {@code <= 8}: {index, lo, hi}.
     * 1296187737 has high word 0x80000000 ({@code |z| = 6.28}).
     */
    private static final long[][] STREAM0_TAIL_DOUBLES = {
        {909_529L, 0x78eab7b0L, 0x80000001L}, {834_311_014L, 0xa49f9636L, 0x00000007L},
        {1_021_613_399L, 0xa47b8531L, 0x00000004L}, {1_296_187_737L, 0xbc7424a8L, 0x80000000L},
        {1_823_988_732L, 0xc45bf082L, 0x00000008L},
    };

    private static KernelProvider nativeProvider;

    @BeforeAll
    static void loadNative() {
        nativeProvider = NativeTesting.provider();
    }

    /** The keys and stream ids of {@link NativeMatchesScalarTest}. */
    static Stream<Arguments> streams() {
        return NativeMatchesScalarTest.streams();
    }

    @ParameterizedTest
    @MethodSource("streams")
    void floatsMatchAtEverySmallIndexAndLength(long key, long stream) {
        for (int index = 0; index <= MAX_SMALL_OFFSET; index++) {
            for (int len = 0; len <= MAX_SMALL_LENGTH; len++) {
                checkFloats(key, stream, index, len);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("streams")
    void doublesMatchAtEverySmallIndexAndLength(long key, long stream) {
        for (int index = 0; index <= MAX_SMALL_OFFSET; index++) {
            for (int len = 0; len <= MAX_SMALL_LENGTH; len++) {
                checkDoubles(key, stream, index, len);
            }
        }
    }

    /**
     * Long fills near index 0, where the block counter crosses 2^32 (into counter word 1), at
     * 2^61 and at the end of the stream.
     */
    @ParameterizedTest
    @MethodSource("streams")
    void longFillsMatchAcrossChunksAndFarPositions(long key, long stream) {
        for (int len : LONG_LENGTHS) {
            // Word 2^34 starts block 2^32; a double variate uses two words.
            for (long index : new long[] {0, 3, (1L << 34) - 5, (1L << 61) + 1, LAST_FLOAT - len + 1}) {
                checkFloats(key, stream, index, len);
            }
            for (long index : new long[] {0, 3, (1L << 33) - 5, (1L << 61) + 1, LAST_DOUBLE - len + 1}) {
                checkDoubles(key, stream, index, len);
            }
        }
    }

    /** Short fills at every offset around the far positions, so each starts at every word of a block. */
    @ParameterizedTest
    @MethodSource("streams")
    void shortFillsMatchAroundFarPositions(long key, long stream) {
        int[] lengths = {1, 7, 64, 65, 129};
        for (int len : lengths) {
            for (int back = 0; back <= 9; back++) {
                checkFloats(key, stream, (1L << 34) - back, len);
                checkFloats(key, stream, LAST_FLOAT - len + 1 - back, len);
                checkDoubles(key, stream, (1L << 33) - back, len);
                checkDoubles(key, stream, LAST_DOUBLE - len + 1 - back, len);
            }
        }
    }

    /**
     * Scans words {@code 0 .. 10^7} of four streams with the scalar provider for small magnitudes
     * ({@code |z| > 4.89}); checks each such float variate, and each double variate whose high word
     * is small, alone and inside a short fill that starts elsewhere in its block.
     */
    @Test
    void tailWordsFoundByScanningMatch() {
        long[][] scanned = {{0L, 0L}, {-1L, -1L}, {0x5EED_2025_1123L, 7L}, {Long.MIN_VALUE, Long.MAX_VALUE}};
        int floats = 0;
        int doubles = 0;
        int[] words = new int[1 << 16];
        for (long[] s : scanned) {
            long key = s[0];
            long stream = s[1];
            for (long base = 0; base < SCAN_WORDS; base += words.length) {
                SCALAR.philoxInts(key, stream, base, words, 0, words.length);
                for (int j = 0; j < words.length; j++) {
                    if ((words[j] & 0x7fffffff) >= TAIL_MAGNITUDE) {
                        continue;
                    }
                    long w = base + j;
                    checkTailFloat(key, stream, w);
                    floats++;
                    if ((w & 1) == 1) {
                        checkTailDouble(key, stream, w >>> 1);
                        doubles++;
                    }
                }
            }
        }
        // About 4 * 10^7 * 2^-19 = 76 and half as many: the scan does reach the tails.
        assertTrue(floats >= 40, "tail floats found: " + floats);
        assertTrue(doubles >= 15, "tail doubles found: " + doubles);
    }

    /** The positions of stream (0, 0) found offline, with |z| >= 5.86 (f32) and >= 5.88 (f64). */
    @Test
    void deepTailPositionsOfStreamZeroMatch() {
        int[] word = new int[2];
        for (long[] t : STREAM0_TAIL_FLOATS) {
            SCALAR.philoxInts(0L, 0L, t[0], word, 0, 1);
            assertEquals((int) t[1], word[0], "word " + t[0] + " of stream (0, 0)");
            checkTailFloat(0L, 0L, t[0]);
        }
        for (long[] t : STREAM0_TAIL_DOUBLES) {
            SCALAR.philoxInts(0L, 0L, 2 * t[0], word, 0, 2);
            assertEquals((int) t[1], word[0], "word " + 2 * t[0] + " of stream (0, 0)");
            assertEquals((int) t[2], word[1], "word " + (2 * t[0] + 1) + " of stream (0, 0)");
            checkTailDouble(0L, 0L, t[0]);
        }
        float[] extreme = new float[1];
        nativeProvider.normalFloats(0L, 0L, 2_592_375_475L, extreme, 0, 1);
        assertEquals(-NormalTransforms.F32_MAX_ABS, extreme[0], "variate of word 0x80000000");
    }

    private static void checkTailFloat(long key, long stream, long index) {
        checkFloats(key, stream, index, 1);
        long start = Math.max(0, index - 3);
        checkFloats(key, stream, start, 7);
        float[] z = new float[1];
        SCALAR.normalFloats(key, stream, index, z, 0, 1);
        assertTrue(Math.abs(z[0]) > 4.5f, () -> NativeTesting.where("normalFloats", key, stream, index) + " not in the tail: "
                + z[0]);
    }

    private static void checkTailDouble(long key, long stream, long index) {
        checkDoubles(key, stream, index, 1);
        long start = Math.max(0, index - 3);
        checkDoubles(key, stream, start, 7);
        double[] z = new double[1];
        SCALAR.normalDoubles(key, stream, index, z, 0, 1);
        assertTrue(Math.abs(z[0]) > 4.5, () -> NativeTesting.where("normalDoubles", key, stream, index) + " not in the tail: "
                + z[0]);
    }

    private static void checkFloats(long key, long stream, long index, int len) {
        NativeTesting.checkFloats("normalFloats", KernelProvider::normalFloats, nativeProvider, key, stream, index, len);
    }

    private static void checkDoubles(long key, long stream, long index, int len) {
        NativeTesting.checkDoubles("normalDoubles", KernelProvider::normalDoubles, nativeProvider, key, stream, index, len);
    }
}
