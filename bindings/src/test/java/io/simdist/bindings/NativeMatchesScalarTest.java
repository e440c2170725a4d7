package io.simdist.bindings;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.simdist.kernels.KernelProvider;
import io.simdist.kernels.ScalarKernelProvider;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native provider gives exactly the bits of the scalar reference (Lucene's
 * {@code BaseVectorizationTestCase}: every kernel on both providers, awkward sizes, exact equality),
 * and writes nothing outside {@code [from, from + len)}.
 *
 * <p>Every destination has unwritten cells before {@code from} and after the range, all holding a
 * sentinel; the whole array is compared, so a stray write fails like a wrong value.
 */
class NativeMatchesScalarTest {
    private static final KernelProvider SCALAR = ScalarKernelProvider.INSTANCE;

    /** The last word of a stream; also the last float variate. */
    private static final long LAST_WORD = Long.MAX_VALUE;
    /** The last double variate of a stream (it uses the last two words). */
    private static final long LAST_DOUBLE = Long.MAX_VALUE / 2;
    /** Word offsets where the block counter crosses 2^30, 2^32 (into counter word 1) and 2^60. */
    private static final long[] FAR_WORDS = {1L << 32, 1L << 34, 1L << 62};
    /** Around the C batch (64 words), vector widths and blocks (4 words). */
    private static final int[] AWKWARD_LENGTHS =
            {0, 1, 2, 3, 4, 5, 6, 7, 8, 13, 16, 25, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 207, 300};
    /** More than {@link NativeKernelProvider#CHUNK}, so one fill takes several downcalls. */
    private static final int LONG_LENGTH = 100_003;
    private static final int MAX_SMALL_OFFSET = 67;
    private static final int MAX_SMALL_LENGTH = 300;
    /** Unwritten cells after the range. */
    private static final int TAIL = 3;
    /** Held by unwritten cells: a NaN as a float, never a uniform. */
    private static final int SENTINEL = 0x7fc0dead;

    private static KernelProvider nativeProvider;

    @BeforeAll
    static void loadNative() {
        nativeProvider = NativeTesting.provider();
    }

    /** Edge keys and stream ids (all bits 0 or 1, one 32-bit half set), then random ones. */
    static Stream<Arguments> streams() {
        SplittableRandom random = new SplittableRandom(0x5EED_2025_1123L);
        Stream<Arguments> edges = Stream.of(arguments(0L, 0L), arguments(-1L, -1L),
                arguments(Long.MIN_VALUE, Long.MAX_VALUE), arguments(0xFFFF_FFFFL, 0xFFFF_FFFF_0000_0000L));
        Stream<Arguments> randoms = Stream.generate(() -> arguments(random.nextLong(), random.nextLong()))
                .limit(8);
        return Stream.concat(edges, randoms);
    }

    @ParameterizedTest
    @MethodSource("streams")
    void wordsMatchAtEverySmallOffsetAndLength(long key, long stream) {
        for (int offset = 0; offset <= MAX_SMALL_OFFSET; offset++) {
            for (int len = 0; len <= MAX_SMALL_LENGTH; len++) {
                checkInts(key, stream, offset, len);
            }
        }
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

    @ParameterizedTest
    @MethodSource("streams")
    void wordsAndFloatsMatchAtFarOffsetsAndStreamEnd(long key, long stream) {
        for (int len : AWKWARD_LENGTHS) {
            for (long far : FAR_WORDS) {
                for (long offset = far - MAX_SMALL_OFFSET; offset <= far + MAX_SMALL_OFFSET; offset++) {
                    checkInts(key, stream, offset, len);
                    checkFloats(key, stream, offset, len);
                }
            }
            long lastStart = LAST_WORD - Math.max(len, 1) + 1;
            for (int back = 0; back <= MAX_SMALL_OFFSET; back++) {
                checkInts(key, stream, lastStart - back, len);
                checkFloats(key, stream, lastStart - back, len);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("streams")
    void doublesMatchAtFarIndicesAndStreamEnd(long key, long stream) {
        for (int len : AWKWARD_LENGTHS) {
            for (long farWord : FAR_WORDS) {
                long far = farWord / 2;
                for (long index = far - MAX_SMALL_OFFSET; index <= far + MAX_SMALL_OFFSET; index++) {
                    checkDoubles(key, stream, index, len);
                }
            }
            long lastStart = LAST_DOUBLE - Math.max(len, 1) + 1;
            for (int back = 0; back <= MAX_SMALL_OFFSET; back++) {
                checkDoubles(key, stream, lastStart - back, len);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("streams")
    void longFillsMatch(long key, long stream) {
        SplittableRandom random = new SplittableRandom(key ^ stream);
        long[] offsets = {0, 5, (1L << 32) - 3, random.nextLong(LAST_DOUBLE - LONG_LENGTH)};
        for (long offset : offsets) {
            checkInts(key, stream, offset, LONG_LENGTH);
            checkFloats(key, stream, offset, LONG_LENGTH);
            checkDoubles(key, stream, offset, LONG_LENGTH);
        }
        checkInts(key, stream, LAST_WORD - LONG_LENGTH + 1, LONG_LENGTH);
        checkDoubles(key, stream, LAST_DOUBLE - LONG_LENGTH + 1, LONG_LENGTH);
    }

    private static void checkInts(long key, long stream, long offset, int len) {
        int from = from(offset, len);
        int[] expected = new int[from + len + TAIL];
        Arrays.fill(expected, SENTINEL);
        int[] actual = expected.clone();
        SCALAR.philoxInts(key, stream, offset, expected, from, len);
        nativeProvider.philoxInts(key, stream, offset, actual, from, len);
        assertSameBits(expected, actual, from, len, () -> where("philoxInts", key, stream, offset));
    }

    private static void checkFloats(long key, long stream, long index, int len) {
        int from = from(index, len);
        float[] expected = new float[from + len + TAIL];
        Arrays.fill(expected, Float.intBitsToFloat(SENTINEL));
        float[] actual = expected.clone();
        SCALAR.uniformFloats(key, stream, index, expected, from, len);
        nativeProvider.uniformFloats(key, stream, index, actual, from, len);
        assertSameBits(bits(expected), bits(actual), from, len,
                () -> where("uniformFloats", key, stream, index));
    }

    private static void checkDoubles(long key, long stream, long index, int len) {
        int from = from(index, len);
        double[] expected = new double[from + len + TAIL];
        Arrays.fill(expected, Double.longBitsToDouble(0x7ff8_0000_0000_0000L | SENTINEL));
        double[] actual = expected.clone();
        SCALAR.uniformDoubles(key, stream, index, expected, from, len);
        nativeProvider.uniformDoubles(key, stream, index, actual, from, len);
        long[] e = new long[expected.length];
        long[] a = new long[actual.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Double.doubleToRawLongBits(expected[i]);
            a[i] = Double.doubleToRawLongBits(actual[i]);
        }
        int i = Arrays.mismatch(e, a);
        if (i >= 0) {
            fail(difference(where("uniformDoubles", key, stream, index), from, len, i,
                    Long.toHexString(e[i]), Long.toHexString(a[i])));
        }
    }

    /** A start position 0..4 that varies with the offset and length, so most starts are unaligned. */
    private static int from(long offset, int len) {
        return (int) ((offset % 5 + len) % 5);
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    private static void assertSameBits(int[] expected, int[] actual, int from, int len,
            Supplier<String> where) {
        int i = Arrays.mismatch(expected, actual);
        if (i >= 0) {
            fail(difference(where.get(), from, len, i, Integer.toHexString(expected[i]),
                    Integer.toHexString(actual[i])));
        }
    }

    private static String where(String kernel, long key, long stream, long offset) {
        return String.format("%s(key=0x%x, stream=0x%x, offset=%d)", kernel, key, stream, offset);
    }

    private static String difference(String where, int from, int len, int i, String scalar,
            String actual) {
        String cell = i < from || i >= from + len ? " (outside the range, must be untouched)" : "";
        return where + " into [" + from + ", " + (from + len) + "): dst[" + i + "]" + cell
                + " scalar 0x" + scalar + ", native 0x" + actual;
    }
}
