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
 * The native normal transforms ({@code simdist_normal_floats}, {@code simdist_normal_doubles}, normal
 * transform v2) give exactly the bits of the scalar reference ({@link NormalTransforms#f32},
 * {@link NormalTransforms#f64})
 * and write nothing outside {@code [from, from + len)}, in the style of {@link NativeMatchesScalarTest}:
 * every small offset and length, long fills over several downcall chunks, far positions, and the
 * tails, where the words are small and the log and sqrt pieces of the transforms are exercised.
 *
 * <p>The words cannot be chosen, only the positions, so the tails (small radius words, large radii)
 * are reached in two ways: by scanning 10^7 words of a few streams for the pairs with radius
 * {@code > 5.13}, and through fixed positions of stream (0, 0) whose words were found by an offline
 * scan of its first 2^32 words (the test checks that the words are still those).
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
    /**
     * A radius word with {@code word >>> 1 < 2^12} (f32), or a radius high word below {@code 2^13}
     * (f64): {@code u < 2^-19}, radius {@code > 5.13}.
     */
    private static final int TAIL_MAGNITUDE = 1 << 12;

    /**
     * f32 pairs of stream (0, 0) whose radius word has {@code word >>> 1 <= 9} ({@code r >= 6.2}),
     * found by an offline scan of its first 2^32 words (normal transform v2): {radius word position,
     * word}. The pair is variates {@code position} and {@code position + 1}.
     */
    private static final long[][] STREAM0_TAIL_FLOATS = {
        {653_402_648L, 0x00000009L}, {1_010_326_424L, 0x00000013L}, {1_420_926_420L, 0x0000000cL},
        {2_059_034_058L, 0x0000000fL}, {3_304_761_632L, 0x00000002L}, {3_603_732_188L, 0x00000005L},
    };
    /**
     * f64 pairs of stream (0, 0) whose radius high word is {@code <= 8} ({@code r >= 6.2}): {pair k,
     * word 4k, word 4k + 1}. The pair is variates {@code 2k} and {@code 2k + 1}.
     */
    private static final long[][] STREAM0_TAIL_DOUBLES = {
        {417_155_507L, 0xa49f9636L, 0x00000007L}, {911_994_366L, 0xc45bf082L, 0x00000008L},
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
     * Scans words {@code 0 .. 10^7} of four streams with the scalar provider for tail radii
     * ({@code r > 5.13}); checks both variates of each such f32 and f64 pair, alone and inside a short
     * fill that starts elsewhere in its block.
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
                for (int j = 0; j < words.length; j += 2) {
                    if (words[j] >>> 1 < TAIL_MAGNITUDE) {
                        checkTailFloats(key, stream, base + j);
                        floats++;
                    }
                    if ((j & 3) == 0 && Integer.compareUnsigned(words[j + 1], 2 * TAIL_MAGNITUDE) < 0) {
                        checkTailDoubles(key, stream, (base + j) >>> 1);
                        doubles++;
                    }
                }
            }
        }
        // About 4 * 5 * 10^6 * 2^-19 = 38 f32 pairs and half as many f64 pairs: the scan reaches the tails.
        assertTrue(floats >= 20, "tail float pairs found: " + floats);
        assertTrue(doubles >= 8, "tail double pairs found: " + doubles);
    }

    /** The pairs of stream (0, 0) found offline, with radius {@code >= 6.2} (f32 and f64). */
    @Test
    void deepTailPositionsOfStreamZeroMatch() {
        int[] word = new int[2];
        for (long[] t : STREAM0_TAIL_FLOATS) {
            SCALAR.philoxInts(0L, 0L, t[0], word, 0, 1);
            assertEquals((int) t[1], word[0], "word " + t[0] + " of stream (0, 0)");
            checkTailFloats(0L, 0L, t[0]);
        }
        for (long[] t : STREAM0_TAIL_DOUBLES) {
            SCALAR.philoxInts(0L, 0L, 4 * t[0], word, 0, 2);
            assertEquals((int) t[1], word[0], "word " + 4 * t[0] + " of stream (0, 0)");
            assertEquals((int) t[2], word[1], "word " + (4 * t[0] + 1) + " of stream (0, 0)");
            checkTailDoubles(0L, 0L, 2 * t[0]);
        }
    }

    /** The f32 pair starting at (even) variate {@code index}: both halves, and fills around them. */
    private static void checkTailFloats(long key, long stream, long index) {
        checkFloats(key, stream, index, 1);
        checkFloats(key, stream, index + 1, 1);
        checkFloats(key, stream, index, 2);
        checkFloats(key, stream, Math.max(0, index - 3), 7);
        float[] z = new float[2];
        SCALAR.normalFloats(key, stream, index, z, 0, 2);
        double r = Math.hypot(z[0], z[1]);
        assertTrue(r > 4.5, () -> NativeTesting.where("normalFloats", key, stream, index) + " not in the tail: r = " + r);
    }

    /** The f64 pair starting at (even) variate {@code index}. */
    private static void checkTailDoubles(long key, long stream, long index) {
        checkDoubles(key, stream, index, 1);
        checkDoubles(key, stream, index + 1, 1);
        checkDoubles(key, stream, index, 2);
        checkDoubles(key, stream, Math.max(0, index - 3), 7);
        double[] z = new double[2];
        SCALAR.normalDoubles(key, stream, index, z, 0, 2);
        double r = Math.hypot(z[0], z[1]);
        assertTrue(r > 4.5, () -> NativeTesting.where("normalDoubles", key, stream, index) + " not in the tail: r = " + r);
    }

    private static void checkFloats(long key, long stream, long index, int len) {
        NativeTesting.checkFloats("normalFloats", KernelProvider::normalFloats, nativeProvider, key, stream, index, len);
    }

    private static void checkDoubles(long key, long stream, long index, int len) {
        NativeTesting.checkDoubles("normalDoubles", KernelProvider::normalDoubles, nativeProvider, key, stream, index, len);
    }
}
