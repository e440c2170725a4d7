package io.simdist.bindings;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.simdist.kernels.KernelProvider;
import io.simdist.kernels.ScalarKernelProvider;
import java.util.Arrays;

/**
 * Shared by the tests that need the native library: loading it, and comparing a native kernel with
 * the scalar reference over a destination with unwritten cells around the range.
 */
final class NativeTesting {
    /** Unwritten cells after the range. */
    static final int TAIL = 3;
    /** Held by unwritten cells: a NaN as a float, never a variate. */
    static final int SENTINEL = 0x7fc0dead;
    /** Held by unwritten byte cells: never a Bernoulli draw (0 or 1). */
    static final byte BYTE_SENTINEL = (byte) SENTINEL;
    /** Held by unwritten long (and double) cells: a NaN as a double. */
    static final long LONG_SENTINEL = 0x7ff8_0000_0000_0000L | SENTINEL;

    private NativeTesting() {}

    /** A float kernel of {@link KernelProvider}, such as {@code KernelProvider::uniformFloats}. */
    @FunctionalInterface
    interface FloatKernel {
        void fill(KernelProvider p, long key, long stream, long index, float[] dst, int from, int len);
    }

    /** A double kernel of {@link KernelProvider}, such as {@code KernelProvider::uniformDoubles}. */
    @FunctionalInterface
    interface DoubleKernel {
        void fill(KernelProvider p, long key, long stream, long index, double[] dst, int from, int len);
    }

    /** A byte kernel, such as a Bernoulli fill with its thresholds bound. */
    @FunctionalInterface
    interface ByteKernel {
        void fill(KernelProvider p, long key, long stream, long index, byte[] dst, int from, int len);
    }

    /** A long kernel, such as packed Bernoulli draws with the threshold bound ({@code len} longs). */
    @FunctionalInterface
    interface LongKernel {
        void fill(KernelProvider p, long key, long stream, long index, long[] dst, int from, int len);
    }

    /**
     * Skips the calling test when native-rng was built with {@code -Dsimdist.native.skip=true}
     * (the pom passes the property on), because then there is no library to test.
     */
    static void assumeLibraryBuilt() {
        assumeFalse(Boolean.getBoolean("simdist.native.skip"),
                "native-rng was built with -Dsimdist.native.skip=true: no native library to test");
    }

    /** @return a freshly loaded native provider, the test skipped if no library was built */
    static KernelProvider provider() {
        assumeLibraryBuilt();
        return new NativeKernelProviderFactory().create();
    }

    /** Words {@code offset ..} from {@code nat} and the reference, compared cell by cell. */
    static void checkInts(KernelProvider nat, long key, long stream, long offset, int len) {
        int from = from(offset, len);
        int[] expected = new int[from + len + TAIL];
        Arrays.fill(expected, SENTINEL);
        int[] actual = expected.clone();
        ScalarKernelProvider.INSTANCE.philoxInts(key, stream, offset, expected, from, len);
        nat.philoxInts(key, stream, offset, actual, from, len);
        assertSameBits("philoxInts", key, stream, offset, from, len, expected, actual);
    }

    /** Float variates {@code index ..} of {@code kernel} from {@code nat} and the reference, bit for bit. */
    static void checkFloats(String name, FloatKernel kernel, KernelProvider nat, long key, long stream,
            long index, int len) {
        int from = from(index, len);
        float[] expected = new float[from + len + TAIL];
        Arrays.fill(expected, Float.intBitsToFloat(SENTINEL));
        float[] actual = expected.clone();
        kernel.fill(ScalarKernelProvider.INSTANCE, key, stream, index, expected, from, len);
        kernel.fill(nat, key, stream, index, actual, from, len);
        int[] e = new int[expected.length];
        int[] a = new int[actual.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Float.floatToRawIntBits(expected[i]);
            a[i] = Float.floatToRawIntBits(actual[i]);
        }
        assertSameBits(name, key, stream, index, from, len, e, a);
    }

    /** Double variates {@code index ..} of {@code kernel} from {@code nat} and the reference, bit for bit. */
    static void checkDoubles(String name, DoubleKernel kernel, KernelProvider nat, long key, long stream,
            long index, int len) {
        int from = from(index, len);
        double[] expected = new double[from + len + TAIL];
        Arrays.fill(expected, Double.longBitsToDouble(LONG_SENTINEL));
        double[] actual = expected.clone();
        kernel.fill(ScalarKernelProvider.INSTANCE, key, stream, index, expected, from, len);
        kernel.fill(nat, key, stream, index, actual, from, len);
        long[] e = new long[expected.length];
        long[] a = new long[actual.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Double.doubleToRawLongBits(expected[i]);
            a[i] = Double.doubleToRawLongBits(actual[i]);
        }
        assertSameBits(name, key, stream, index, from, len, e, a);
    }

    /** Byte variates {@code index ..} of {@code kernel} from {@code nat} and the reference, cell by cell. */
    static void checkBytes(String name, ByteKernel kernel, KernelProvider nat, long key, long stream, long index,
            int len) {
        int from = from(index, len);
        byte[] expected = new byte[from + len + TAIL];
        Arrays.fill(expected, BYTE_SENTINEL);
        byte[] actual = expected.clone();
        kernel.fill(ScalarKernelProvider.INSTANCE, key, stream, index, expected, from, len);
        kernel.fill(nat, key, stream, index, actual, from, len);
        int i = Arrays.mismatch(expected, actual);
        if (i >= 0) {
            fail(difference(name, key, stream, index, from, len, i, Integer.toHexString(expected[i] & 0xff),
                    Integer.toHexString(actual[i] & 0xff)));
        }
    }

    /** {@code len} longs of {@code kernel} from position {@code index}, from {@code nat} and the reference. */
    static void checkLongs(String name, LongKernel kernel, KernelProvider nat, long key, long stream, long index,
            int len) {
        int from = from(index, len);
        long[] expected = new long[from + len + TAIL];
        Arrays.fill(expected, LONG_SENTINEL);
        long[] actual = expected.clone();
        kernel.fill(ScalarKernelProvider.INSTANCE, key, stream, index, expected, from, len);
        kernel.fill(nat, key, stream, index, actual, from, len);
        assertSameBits(name, key, stream, index, from, len, expected, actual);
    }

    private static void assertSameBits(String name, long key, long stream, long index, int from, int len,
            int[] expected, int[] actual) {
        int i = Arrays.mismatch(expected, actual);
        if (i >= 0) {
            fail(difference(name, key, stream, index, from, len, i, Integer.toHexString(expected[i]),
                    Integer.toHexString(actual[i])));
        }
    }

    private static void assertSameBits(String name, long key, long stream, long index, int from, int len,
            long[] expected, long[] actual) {
        int i = Arrays.mismatch(expected, actual);
        if (i >= 0) {
            fail(difference(name, key, stream, index, from, len, i, Long.toHexString(expected[i]),
                    Long.toHexString(actual[i])));
        }
    }

    /** A start position 0..4 that varies with the index and length, so most starts are unaligned. */
    static int from(long index, int len) {
        return (int) ((index % 5 + len) % 5);
    }

    /** @return the kernel call, for messages */
    static String where(String name, long key, long stream, long index) {
        return String.format("%s(key=0x%x, stream=0x%x, index=%d)", name, key, stream, index);
    }

    private static String difference(String name, long key, long stream, long index, int from, int len, int i,
            String scalar, String actual) {
        String cell = i < from || i >= from + len ? " (outside the range, must be untouched)" : "";
        return where(name, key, stream, index) + " into [" + from + ", " + (from + len) + "): dst[" + i + "]"
                + cell + " scalar 0x" + scalar + ", native 0x" + actual;
    }
}
