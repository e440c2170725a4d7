package io.simdist.rng;

import java.util.Objects;

/**
 * Argument checks shared by the fills; every message names the parameter and its value.
 * <b>Internal:</b> public only for the samplers in {@code io.simdist.kernels}.
 */
public final class Checks {
    private Checks() {}

    /**
     * @param name the parameter's name, for the message
     * @param value its value
     * @throws IllegalArgumentException if {@code value < 0}
     */
    public static void nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
    }

    /**
     * Checks a fill of {@code len} variates starting at variate {@code index}, each using
     * {@code wordsPerVariate} words, into {@code [from, from + len)} of an array of length
     * {@code length}.
     *
     * @param indexName the name of the index parameter, for messages
     * @param index the first variate
     * @param wordsPerVariate stream words each variate uses
     * @param dst the destination, checked for null
     * @param from first position written
     * @param len number of variates
     * @param length the length of {@code dst}
     * @throws NullPointerException if {@code dst} is null
     * @throws IllegalArgumentException if {@code index < 0} or the variates run past the stream's end
     * @throws IndexOutOfBoundsException if {@code [from, from + len)} is not inside {@code [0, length)}
     */
    public static void fill(String indexName, long index, int wordsPerVariate, Object dst, int from,
            int len, int length) {
        fill(indexName, index, wordsPerVariate, "dst", dst, from, len, length);
    }

    /**
     * {@link #fill(String, long, int, Object, int, int, int)} for an array with another name than
     * {@code dst}, used in the messages.
     *
     * @param indexName the name of the index parameter, for messages
     * @param index the first variate
     * @param wordsPerVariate stream words each variate uses
     * @param name the array's name, for messages
     * @param array the array, checked for null
     * @param from first position
     * @param len number of variates
     * @param length the length of {@code array}
     * @throws NullPointerException if {@code array} is null
     * @throws IllegalArgumentException if {@code index < 0} or the variates run past the stream's end
     * @throws IndexOutOfBoundsException if {@code [from, from + len)} is not inside {@code [0, length)}
     */
    public static void fill(String indexName, long index, int wordsPerVariate, String name, Object array,
            int from, int len, int length) {
        Objects.requireNonNull(array, name);
        nonNegative(indexName, index);
        inside(name, from, len, length);
        stream(indexName, index, wordsPerVariate, len);
    }

    /**
     * @param name the array's (or segment's) name, for the message
     * @param from first position
     * @param len number of positions
     * @param length the number of elements of the array
     * @throws IndexOutOfBoundsException naming {@code name}, the range and the length, if
     *     {@code [from, from + len)} is not inside {@code [0, length)}
     */
    public static void inside(String name, long from, long len, long length) {
        if (from < 0 || len < 0 || from > length - len) {
            throw new IndexOutOfBoundsException(name + ": range [" + from + ", " + from + " + " + len
                    + ") is out of bounds for length " + length);
        }
    }

    /**
     * {@link #fill} for a destination of {@code length} elements addressed by long positions, such as
     * a {@code MemorySegment}; the destination itself is checked by the caller.
     *
     * @param indexName the name of the index parameter, for messages
     * @param index the first variate
     * @param wordsPerVariate stream words each variate uses
     * @param from first position written
     * @param len number of variates
     * @param length the number of elements of the destination
     * @throws IllegalArgumentException if {@code index < 0} or the variates run past the stream's end
     * @throws IndexOutOfBoundsException if {@code [from, from + len)} is not inside {@code [0, length)}
     */
    public static void range(String indexName, long index, int wordsPerVariate, long from, long len,
            long length) {
        nonNegative(indexName, index);
        Objects.checkFromIndexSize(from, len, length);
        stream(indexName, index, wordsPerVariate, len);
    }

    /** Checks that variates {@code [index, index + len)} are inside the stream. */
    private static void stream(String indexName, long index, int wordsPerVariate, long len) {
        long lastVariate = lastVariate(wordsPerVariate);
        if (len > 0 && index > lastVariate - (len - 1)) {
            throw new IllegalArgumentException(indexName + " + len - 1 must be <= " + lastVariate
                    + " (the last variate of a stream), was " + indexName + "=" + index + ", len=" + len);
        }
    }

    /**
     * The last variate of a stream whose variates take {@code wordsPerVariate} words each. One and two
     * words (every variate here) are constants: a 64-bit division costs more than all the other checks
     * of a small call together.
     *
     * @param wordsPerVariate words per variate, {@code >= 1}
     * @return {@code Long.MAX_VALUE / wordsPerVariate}
     */
    public static long lastVariate(int wordsPerVariate) {
        return switch (wordsPerVariate) {
            case 1 -> Long.MAX_VALUE;
            case 2 -> Long.MAX_VALUE / 2;
            default -> Long.MAX_VALUE / wordsPerVariate;
        };
    }
}
