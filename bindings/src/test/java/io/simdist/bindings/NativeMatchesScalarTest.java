package io.simdist.bindings;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.simdist.kernels.KernelProvider;
import java.util.SplittableRandom;
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

    private static void checkFloats(long key, long stream, long index, int len) {
        NativeTesting.checkFloats("uniformFloats", KernelProvider::uniformFloats, nativeProvider, key, stream, index, len);
    }

    private static void checkDoubles(long key, long stream, long index, int len) {
        NativeTesting.checkDoubles("uniformDoubles", KernelProvider::uniformDoubles, nativeProvider, key, stream, index, len);
    }

    private static void checkInts(long key, long stream, long offset, int len) {
        NativeTesting.checkInts(nativeProvider, key, stream, offset, len);
    }
}
