package io.simdist.bindings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simdist.kernels.Bernoullis;
import io.simdist.kernels.KernelProvider;
import io.simdist.kernels.ScalarKernelProvider;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native Bernoulli kernels ({@code simdist_bernoulli_bytes}, {@code _floats}, {@code _packed},
 * {@code _bytes_t}, {@code _floats_t}) give exactly the draws of the scalar reference and write nothing
 * outside the range, in the style of {@link NativeNormalsMatchScalarTest}: every small offset and length,
 * thresholds at the edges (0, 1, around 2^31 where a signed comparison would differ, 2^32 - 1, 2^32)
 * and random ones, per-draw thresholds read from an unaligned {@code tFrom}, thresholds equal to the
 * words themselves (where {@code <} and {@code <=} differ), long fills over several downcall chunks and
 * far positions up to the last draw of a stream.
 */
class NativeBernoulliMatchScalarTest {
    private static final KernelProvider SCALAR = ScalarKernelProvider.INSTANCE;

    /** The threshold of p = 1. */
    private static final long ALWAYS = Bernoullis.ALWAYS;
    /** Thresholds at the edges: never, the smallest p, around 2^31, a plain one, the largest p below 1, always. */
    private static final long[] EDGE_THRESHOLDS =
            {0, 1, (1L << 31) - 1, 1L << 31, (1L << 31) + 1, 0x1234_5678L, ALWAYS - 1, ALWAYS};
    /** Random thresholds added to the edges, per stream. */
    private static final int RANDOM_THRESHOLDS = 4;

    /** The last draw of a stream (the last word). */
    private static final long LAST = Long.MAX_VALUE;
    private static final int MAX_SMALL_OFFSET = 67;
    private static final int MAX_SMALL_LENGTH = 300;
    private static final int MAX_SMALL_LONGS = 12;
    /** Around the C batch (64 words), {@link NativeKernelProvider#CHUNK} and beyond. */
    private static final int[] LONG_LENGTHS = {1, 13, 100, 4099, 65_537, 200_003};
    /** Packed: around the 1024 longs ({@code CHUNK} draws) of one downcall and beyond. */
    private static final int[] LONG_PACKED = {1, 13, 1023, 1024, 1025, 3001};
    /** Unwritten thresholds around a per-draw slice: as a threshold it means always, whatever the word. */
    private static final long THRESHOLD_GUARD = -1L;

    private static KernelProvider nativeProvider;

    @BeforeAll
    static void loadNative() {
        nativeProvider = NativeTesting.provider();
    }

    /** The keys and stream ids of {@link NativeMatchesScalarTest}. */
    static Stream<Arguments> streams() {
        return NativeMatchesScalarTest.streams();
    }

    /** The edge thresholds, then random ones in {@code [0, 2^32]} that depend on the stream. */
    private static long[] thresholds(long key, long stream) {
        SplittableRandom random = new SplittableRandom(key * 31 + stream);
        return LongStream.concat(LongStream.of(EDGE_THRESHOLDS),
                LongStream.generate(() -> random.nextLong(ALWAYS + 1)).limit(RANDOM_THRESHOLDS)).toArray();
    }

    @ParameterizedTest
    @MethodSource("streams")
    void bytesAndFloatsMatchAtEverySmallIndexAndLength(long key, long stream) {
        for (long threshold : thresholds(key, stream)) {
            for (int index = 0; index <= MAX_SMALL_OFFSET; index++) {
                for (int len = 0; len <= MAX_SMALL_LENGTH; len++) {
                    checkBytes(key, stream, index, threshold, len);
                    checkFloats(key, stream, index, threshold, len);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("streams")
    void packedMatchesAtEverySmallIndexAndLength(long key, long stream) {
        for (long threshold : thresholds(key, stream)) {
            for (int index = 0; index <= MAX_SMALL_OFFSET; index++) {
                for (int longs = 0; longs <= MAX_SMALL_LONGS; longs++) {
                    checkPacked(key, stream, index, threshold, longs);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("streams")
    void perDrawThresholdsMatchAtEverySmallIndexAndLength(long key, long stream) {
        SplittableRandom random = new SplittableRandom(key ^ Long.rotateLeft(stream, 17));
        for (int index = 0; index <= MAX_SMALL_OFFSET; index++) {
            for (int len = 0; len <= MAX_SMALL_LENGTH; len++) {
                checkPerDraw(key, stream, index, len, random);
            }
        }
    }

    /**
     * Long fills near index 0, where the block counter crosses 2^32 (into counter word 1), at 2^61 and
     * at the end of the stream, so that one fill takes several downcalls.
     */
    @ParameterizedTest
    @MethodSource("streams")
    void longFillsMatchAcrossChunksAndFarPositions(long key, long stream) {
        long[] thresholds = thresholds(key, stream);
        SplittableRandom random = new SplittableRandom(key + stream);
        int t = 0;
        for (int len : LONG_LENGTHS) {
            for (long index : new long[] {0, 3, 1L << 32, (1L << 34) - 5, 1L << 61, (1L << 61) + 1, LAST - len + 1}) {
                long threshold = thresholds[t++ % thresholds.length];
                checkBytes(key, stream, index, threshold, len);
                checkFloats(key, stream, index, threshold, len);
                checkPerDraw(key, stream, index, len, random);
            }
        }
        for (int longs : LONG_PACKED) {
            long end = LAST - 64L * longs + 1;
            for (long index : new long[] {0, 3, 1L << 32, (1L << 34) - 5, (1L << 61) + 1, end, end - 1, end - 2}) {
                checkPacked(key, stream, index, thresholds[t++ % thresholds.length], longs);
            }
        }
    }

    /** Short fills at every offset around the far positions, so each starts at every word of a block. */
    @ParameterizedTest
    @MethodSource("streams")
    void shortFillsMatchAroundFarPositions(long key, long stream) {
        long[] thresholds = thresholds(key, stream);
        SplittableRandom random = new SplittableRandom(~key - stream);
        int[] lengths = {1, 7, 64, 65, 129};
        for (long threshold : thresholds) {
            for (int len : lengths) {
                for (int back = 0; back <= 9; back++) {
                    for (long index : new long[] {(1L << 32) - back, (1L << 61) - back, LAST - len + 1 - back}) {
                        checkBytes(key, stream, index, threshold, len);
                        checkFloats(key, stream, index, threshold, len);
                    }
                }
            }
            for (int longs = 1; longs <= 3; longs++) {
                for (int back = 0; back <= 9; back++) {
                    checkPacked(key, stream, (1L << 32) - back, threshold, longs);
                    checkPacked(key, stream, LAST - 64L * longs + 1 - back, threshold, longs);
                }
            }
        }
        for (int len : lengths) {
            for (int back = 0; back <= 9; back++) {
                checkPerDraw(key, stream, (1L << 61) - back, len, random);
                checkPerDraw(key, stream, LAST - len + 1 - back, len, random);
            }
        }
    }

    /**
     * A threshold equal to a word gives 0 for that word and one above it gives 1, for every kind; 0 never
     * gives 1 and 2^32 always does.
     */
    @ParameterizedTest
    @MethodSource("streams")
    void thresholdsAtTheWordsSeparateLessFromLessOrEqual(long key, long stream) {
        int len = 200;
        long index = 1_000_003;
        int[] words = new int[len];
        SCALAR.philoxInts(key, stream, index, words, 0, len);
        for (int j = 0; j < len; j += 7) {
            long w = Integer.toUnsignedLong(words[j]);
            for (long threshold : new long[] {w, w + 1}) {
                checkBytes(key, stream, index, threshold, len);
                checkFloats(key, stream, index, threshold, len);
                checkPacked(key, stream, index + j - 64, threshold, 3);
                byte[] b = new byte[len];
                nativeProvider.bernoulliBytes(key, stream, index, threshold, b, 0, len);
                assertEquals(threshold == w ? 0 : 1, b[j],
                        "draw of word 0x" + Long.toHexString(w) + " with threshold 0x" + Long.toHexString(threshold));
            }
        }
        byte[] b = new byte[len];
        nativeProvider.bernoulliBytes(key, stream, index, 0, b, 0, len);
        assertArrayEquals(new byte[len], b, "threshold 0");
        nativeProvider.bernoulliBytes(key, stream, index, ALWAYS, b, 0, len);
        byte[] ones = new byte[len];
        Arrays.fill(ones, (byte) 1);
        assertArrayEquals(ones, b, "threshold 2^32");
        long[] packed = new long[4];
        nativeProvider.bernoulliPacked(key, stream, index, ALWAYS, packed, 0, packed.length);
        assertArrayEquals(new long[] {-1L, -1L, -1L, -1L}, packed, "packed, threshold 2^32");
    }

    private static void checkBytes(long key, long stream, long index, long threshold, int len) {
        NativeTesting.checkBytes("bernoulliBytes(threshold=" + threshold + ")",
                (p, k, s, i, dst, from, n) -> p.bernoulliBytes(k, s, i, threshold, dst, from, n), nativeProvider,
                key, stream, index, len);
    }

    private static void checkFloats(long key, long stream, long index, long threshold, int len) {
        NativeTesting.checkFloats("bernoulliFloats(threshold=" + threshold + ")",
                (p, k, s, i, dst, from, n) -> p.bernoulliFloats(k, s, i, threshold, dst, from, n), nativeProvider,
                key, stream, index, len);
    }

    private static void checkPacked(long key, long stream, long index, long threshold, int longs) {
        NativeTesting.checkLongs("bernoulliPacked(threshold=" + threshold + ")",
                (p, k, s, i, dst, from, n) -> p.bernoulliPacked(k, s, i, threshold, dst, from, n), nativeProvider,
                key, stream, index, longs);
    }

    /**
     * Bytes and floats with a threshold per draw, read from an unaligned {@code tFrom} of an array with
     * guards around the slice; the thresholds are a mix of 0, 2^32, the draw's own word, one above and
     * one below it, edge thresholds and random ones. Also checks that the thresholds are left as they were.
     */
    private static void checkPerDraw(long key, long stream, long index, int len, SplittableRandom random) {
        int tFrom = (int) Math.floorMod(index + 2L * len, 7L);
        long[] thresholds = new long[tFrom + len + NativeTesting.TAIL];
        Arrays.fill(thresholds, THRESHOLD_GUARD);
        int[] words = new int[len];
        SCALAR.philoxInts(key, stream, index, words, 0, len);
        for (int j = 0; j < len; j++) {
            long w = Integer.toUnsignedLong(words[j]);
            thresholds[tFrom + j] = switch (random.nextInt(7)) {
                case 0 -> 0;
                case 1 -> ALWAYS;
                case 2 -> w;
                case 3 -> w + 1;
                case 4 -> Math.max(0, w - 1);
                case 5 -> EDGE_THRESHOLDS[random.nextInt(EDGE_THRESHOLDS.length)];
                default -> random.nextLong(ALWAYS + 1);
            };
        }
        long[] before = thresholds.clone();
        NativeTesting.checkBytes("bernoulliBytes(thresholds, tFrom=" + tFrom + ")",
                (p, k, s, i, dst, from, n) -> p.bernoulliBytes(k, s, i, thresholds, tFrom, dst, from, n),
                nativeProvider, key, stream, index, len);
        NativeTesting.checkFloats("bernoulliFloats(thresholds, tFrom=" + tFrom + ")",
                (p, k, s, i, dst, from, n) -> p.bernoulliFloats(k, s, i, thresholds, tFrom, dst, from, n),
                nativeProvider, key, stream, index, len);
        assertArrayEquals(before, thresholds, "thresholds changed by the fill");
    }
}
