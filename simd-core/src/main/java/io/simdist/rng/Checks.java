package io.simdist.rng;

import java.util.Objects;

/** Argument checks shared by the fills; every message names the parameter and its value. */
final class Checks {
    private Checks() {}

    static void nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
    }

    /**
     * Checks a fill of {@code len} variates starting at variate {@code index}, each using
     * {@code wordsPerVariate} words, into {@code [from, from + len)} of an array of length
     * {@code length}.
     */
    static void fill(String indexName, long index, int wordsPerVariate, Object dst, int from, int len,
            int length) {
        Objects.requireNonNull(dst, "dst");
        nonNegative(indexName, index);
        Objects.checkFromIndexSize(from, len, length);
        long lastVariate = Long.MAX_VALUE / wordsPerVariate;
        if (len > 0 && index > lastVariate - (len - 1)) {
            throw new IllegalArgumentException(indexName + " + len - 1 must be <= " + lastVariate
                    + " (the last variate of a stream), was " + indexName + "=" + index + ", len=" + len);
        }
    }
}
