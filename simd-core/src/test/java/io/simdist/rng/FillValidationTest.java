package io.simdist.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** Bad input throws a clear exception before anything is written. */
class FillValidationTest {
    private final Philox4x32 rng = Philox4x32.of(1);

    @Test
    void nullDestinationsNameTheParameter() {
        assertEquals("dst", assertThrows(NullPointerException.class,
                () -> rng.fillInts(0, null, 0, 1)).getMessage());
        assertEquals("dst", assertThrows(NullPointerException.class,
                () -> rng.fillFloats(0, null, 0, 1)).getMessage());
        assertEquals("dst", assertThrows(NullPointerException.class,
                () -> rng.fillDoubles(0, null, 0, 1)).getMessage());
        assertEquals("executor", assertThrows(NullPointerException.class,
                () -> rng.fillFloats(0, new float[1], 0, 1, null)).getMessage());
        assertThrows(NullPointerException.class, () -> Philox4x32.block(0, 0, 0, 0, 0, 0, null));
    }

    @Test
    void negativeOffsetsNameTheParameterAndValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> rng.fillInts(-3, new int[4], 0, 4));
        assertEquals("wordOffset must be >= 0, was -3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rng.fillFloats(-1, new float[4], 0, 4));
        assertEquals("index must be >= 0, was -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rng.fillDoubles(Long.MIN_VALUE, new double[4], 0, 4));
        assertTrue(e.getMessage().startsWith("index must be >= 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> rng.word(-1));
    }

    @Test
    void rangesOutsideTheArrayThrowAndWriteNothing() {
        int[] a = new int[10];
        Arrays.fill(a, 5);
        assertThrows(IndexOutOfBoundsException.class, () -> rng.fillInts(0, a, 8, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> rng.fillInts(0, a, -1, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> rng.fillInts(0, a, 0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> rng.fillInts(0, a, 0, 11, ForkJoinPool.commonPool()));
        int[] untouched = new int[10];
        Arrays.fill(untouched, 5);
        assertArrayEquals(untouched, a);
        float[] f = new float[3];
        assertThrows(IndexOutOfBoundsException.class, () -> rng.fillFloats(0, f, 1, 3));
        assertArrayEquals(new float[3], f);
        double[] d = new double[3];
        assertThrows(IndexOutOfBoundsException.class, () -> rng.fillDoubles(0, d, 4, 0));
        assertArrayEquals(new double[3], d);
    }

    @Test
    void fillsPastTheEndOfTheStreamThrowAndWriteNothing() {
        int[] a = new int[4];
        var e = assertThrows(IllegalArgumentException.class, () -> rng.fillInts(Long.MAX_VALUE - 2, a, 0, 4));
        assertTrue(e.getMessage().contains("wordOffset=" + (Long.MAX_VALUE - 2)), e.getMessage());
        assertArrayEquals(new int[4], a);
        rng.fillInts(Long.MAX_VALUE - 3, a, 0, 4); // the last four words are fine
        double[] d = new double[2];
        long lastDouble = Long.MAX_VALUE / 2; // 2^62 - 1
        assertThrows(IllegalArgumentException.class, () -> rng.fillDoubles(lastDouble, d, 0, 2));
        assertArrayEquals(new double[2], d);
        rng.fillDoubles(lastDouble, d, 1, 1);
        assertTrue(d[1] > 0 && d[1] < 1);
        assertThrows(IllegalArgumentException.class, () -> rng.fillFloats(Long.MAX_VALUE, new float[2], 0, 2));
    }

    @Test
    void emptyFillsAreAllowedAnywhereInTheStream() {
        rng.fillInts(Long.MAX_VALUE, new int[0], 0, 0);
        rng.fillFloats(0, new float[0], 0, 0);
        rng.fillDoubles(Long.MAX_VALUE, new double[1], 1, 0);
    }

    @Test
    void blockRejectsAShortOutputArray() {
        var e = assertThrows(IllegalArgumentException.class, () -> Philox4x32.block(0, 0, 0, 0, 0, 0, new int[3]));
        assertEquals("out4.length must be >= 4, was 3", e.getMessage());
    }
}
