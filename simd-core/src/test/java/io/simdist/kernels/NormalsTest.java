package io.simdist.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.TestProviders;
import io.simdist.rng.Philox4x32;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The public {@link Normals} API: the index to word mapping of normal transform v2 (Box-Muller), golden
 * values, the end of the stream, segments, validation.
 */
class NormalsTest {
    private static final Philox4x32 RNG = Philox4x32.of(0x0123_4567_89AB_CDEFL).stream(42);

    /** f32 variate i by hand (normal transform v2): its pair's radius word {@code i & ~1}, angle word {@code i | 1}. */
    static float f32ByHand(Philox4x32 rng, long i) {
        return NormalTransforms.f32(rng.word(i & ~1L), rng.word(i | 1L), (int) (i & 1));
    }

    /** f64 variate i by hand: the four words of Philox block {@code i >> 1}, radius then angle. */
    static double f64ByHand(Philox4x32 rng, long i) {
        long w = 4 * (i >> 1);
        return NormalTransforms.f64(rng.word(w), rng.word(w + 1), rng.word(w + 2), rng.word(w + 3), (int) (i & 1));
    }

    /**
     * The index to word mapping of normal transform v2: f32 variate i reads words {@code i & ~1} (radius)
     * and {@code i | 1} (angle); f64 variate i reads Philox block {@code i >> 1} (words {@code 4(i >> 1)}
     * to {@code 4(i >> 1) + 3}). Through the facade (small and bulk paths) and every provider, at even and
     * odd starts, for lengths that start or end inside a pair and cross blocks.
     */
    @Test
    void floatVariateIUsesWordsIAndNot1AndIOr1AndDoubleVariateIUsesBlockIOver2() {
        for (long index : new long[] {0, 1, 3, 1L << 40, (1L << 40) + 1, Long.MAX_VALUE - 400}) {
            for (int len : new int[] {1, 2, 3, 37, 301}) {
                float[] f = new float[len];
                Normals.fill(RNG, index, f, 0, len);
                for (int j = 0; j < len; j++) {
                    assertEquals(f32ByHand(RNG, index + j), f[j], "float variate " + (index + j) + ", len " + len);
                }
                for (KernelProvider p : TestProviders.all()) {
                    float[] g = new float[len + 1];
                    p.normalFloats(RNG.key(), RNG.streamId(), index, g, 1, len);
                    assertArrayEquals(f, Arrays.copyOfRange(g, 1, len + 1), p.name() + " float, index " + index);
                }
            }
        }
        for (long index : new long[] {0, 1, 3, 1L << 40, (1L << 40) + 1, (1L << 62) - 401}) {
            for (int len : new int[] {1, 2, 3, 37, 301}) {
                double[] d = new double[len];
                Normals.fill(RNG, index, d, 0, len);
                for (int j = 0; j < len; j++) {
                    assertEquals(f64ByHand(RNG, index + j), d[j], "double variate " + (index + j) + ", len " + len);
                }
                for (KernelProvider p : TestProviders.all()) {
                    double[] g = new double[len + 1];
                    p.normalDoubles(RNG.key(), RNG.streamId(), index, g, 1, len);
                    assertArrayEquals(d, Arrays.copyOfRange(g, 1, len + 1), p.name() + " double, index " + index);
                }
            }
        }
    }

    /**
     * Pins the stream: these values must never change. They changed once, when normal transform v2
     * (Box-Muller, 2026-12-06) replaced v1 (inverse CDF); computed by the scalar reference
     * ({@link ScalarKernelProvider#INSTANCE}), and every path must give them: the facade (small calls up
     * to 8 elements, bulk beyond), every provider, and slices of long fills.
     */
    @Test
    void goldenValuesArePinned() {
        assertFloatsPinned(0, new float[] {0x1.923becp-1f, -0x1.d277eap-5f, 0x1.66b76p0f});
        assertDoublesPinned(0, new double[] {0x1.5fa3f477c0a12p0, -0x1.fae3c73649ae6p-1, 0x1.219323f1383a6p-3});
        assertFloatsPinned(1L << 40, new float[] {-0x1.15a8eap-1f, -0x1.af982p-1f, -0x1.5b3f22p-1f});
        assertDoublesPinned(1L << 40, new double[] {0x1.442579f09d5b6p-1, -0x1.5031efd98f901p-1, 0x1.aadab91d88e59p-1});
        // an odd start (the sine half of a pair) and an even end (the cosine half of the next pair),
        // across Philox blocks (f32 words 1000 .. 1009, f64 blocks 500 .. 503)
        assertFloatsPinned(1001, new float[] {-0x1.47a4e4p-2f, 0x1.4542bp-4f, -0x1.6fb4a4p0f, 0x1.18de74p0f,
            -0x1.cf6f2ep-1f, 0x1.1df962p0f, -0x1.6e0e82p1f, -0x1.acd81ep0f});
        assertDoublesPinned(1001, new double[] {0x1.68279e7cdfb56p-3, -0x1.5bba6d5db1e6ep-1, 0x1.1216c81f80494p-1,
            -0x1.dec7cc883d8f7p-1, -0x1.184472911afdbp0, 0x1.475923cded4cp-1});
    }

    private static void assertFloatsPinned(long index, float[] want) {
        int n = want.length;
        float[] ref = new float[n];
        ScalarKernelProvider.INSTANCE.normalFloats(RNG.key(), RNG.streamId(), index, ref, 0, n);
        assertArrayEquals(want, ref, pinned("scalar reference", index, ref));
        float[] f = new float[n];
        Normals.fill(RNG, index, f, 0, n);
        assertArrayEquals(want, f, "Normals.fill at " + index);
        for (KernelProvider p : TestProviders.all()) {
            float[] g = new float[n];
            p.normalFloats(RNG.key(), RNG.streamId(), index, g, 0, n);
            assertArrayEquals(want, g, p.name() + " at " + index);
            float[] big = new float[300];  // the pins inside long (vector) fills, from an odd and an even place
            for (long start : new long[] {Math.max(0, index - 101), Math.max(0, index - 100)}) {
                int off = (int) (index - start);
                p.normalFloats(RNG.key(), RNG.streamId(), start, big, 0, big.length);
                assertArrayEquals(want, Arrays.copyOfRange(big, off, off + n), p.name() + " long fill from " + start);
            }
        }
        float[] big = new float[4099];
        long start = Math.max(0, index - 3);
        Normals.fill(RNG, start, big, 0, big.length);
        assertArrayEquals(want, Arrays.copyOfRange(big, (int) (index - start), (int) (index - start) + n),
                "Normals.fill, 4099 from " + start);
    }

    private static void assertDoublesPinned(long index, double[] want) {
        int n = want.length;
        double[] ref = new double[n];
        ScalarKernelProvider.INSTANCE.normalDoubles(RNG.key(), RNG.streamId(), index, ref, 0, n);
        assertArrayEquals(want, ref, pinned("scalar reference", index, ref));
        double[] d = new double[n];
        Normals.fill(RNG, index, d, 0, n);
        assertArrayEquals(want, d, "Normals.fill at " + index);
        for (KernelProvider p : TestProviders.all()) {
            double[] g = new double[n];
            p.normalDoubles(RNG.key(), RNG.streamId(), index, g, 0, n);
            assertArrayEquals(want, g, p.name() + " at " + index);
            double[] big = new double[300];  // the pins inside long (vector) fills, from an odd and an even place
            for (long start : new long[] {Math.max(0, index - 101), Math.max(0, index - 100)}) {
                int off = (int) (index - start);
                p.normalDoubles(RNG.key(), RNG.streamId(), start, big, 0, big.length);
                assertArrayEquals(want, Arrays.copyOfRange(big, off, off + n), p.name() + " long fill from " + start);
            }
        }
        double[] big = new double[4099];
        long start = Math.max(0, index - 3);
        Normals.fill(RNG, start, big, 0, big.length);
        assertArrayEquals(want, Arrays.copyOfRange(big, (int) (index - start), (int) (index - start) + n),
                "Normals.fill, 4099 from " + start);
    }

    private static String pinned(String what, long index, float[] got) {
        StringBuilder sb = new StringBuilder(what + " at " + index + " gives {");
        for (float v : got) {
            sb.append(Float.toHexString(v)).append("f, ");
        }
        return sb.append('}').toString();
    }

    private static String pinned(String what, long index, double[] got) {
        StringBuilder sb = new StringBuilder(what + " at " + index + " gives {");
        for (double v : got) {
            sb.append(Double.toHexString(v)).append(", ");
        }
        return sb.append('}').toString();
    }

    /**
     * The last variates: f32 variate {@code Long.MAX_VALUE} (the angle half of the pair with words
     * {@code Long.MAX_VALUE - 1} and {@code Long.MAX_VALUE}) and f64 variate {@code Long.MAX_VALUE / 2 =
     * 2^62 - 1} (the sine half of the last block). Drawable alone, as a pair, and at the end of a long
     * fill on every provider, equal to the reference by hand.
     */
    @Test
    void lastVariatesOfTheStreamCanBeDrawn() {
        long lastF = Long.MAX_VALUE;
        float[] f = new float[2];
        Normals.fill(RNG, lastF - 1, f, 0, 2);
        assertEquals(f32ByHand(RNG, lastF - 1), f[0]);
        assertEquals(f32ByHand(RNG, lastF), f[1]);
        assertEquals(NormalTransforms.f32(RNG.word(Long.MAX_VALUE - 1), RNG.word(Long.MAX_VALUE), 1), f[1]);
        float[] one = new float[1];
        Normals.fill(RNG, lastF, one, 0, 1);
        assertEquals(f[1], one[0]);
        long lastD = Long.MAX_VALUE / 2;
        assertEquals((1L << 62) - 1, lastD);
        double[] d = new double[2];
        Normals.fill(RNG, lastD - 1, d, 0, 2);
        assertEquals(f64ByHand(RNG, lastD - 1), d[0]);
        assertEquals(f64ByHand(RNG, lastD), d[1]);
        assertEquals(NormalTransforms.f64(RNG.word(Long.MAX_VALUE - 3), RNG.word(Long.MAX_VALUE - 2),
                RNG.word(Long.MAX_VALUE - 1), RNG.word(Long.MAX_VALUE), 1), d[1]);
        double[] oneD = new double[1];
        Normals.fill(RNG, lastD, oneD, 0, 1);
        assertEquals(d[1], oneD[0]);
        for (int len : new int[] {1, 2, 3, 300, 4099}) {
            float[] ff = new float[len];
            double[] dd = new double[len];
            Normals.fill(RNG, lastF - len + 1, ff, 0, len);
            Normals.fill(RNG, lastD - len + 1, dd, 0, len);
            assertEquals(f[1], ff[len - 1], "facade float fill of " + len + " ending at the last variate");
            assertEquals(d[1], dd[len - 1], "facade double fill of " + len + " ending at the last variate");
            for (KernelProvider p : TestProviders.all()) {
                float[] pf = new float[len];
                double[] pd = new double[len];
                p.normalFloats(RNG.key(), RNG.streamId(), lastF - len + 1, pf, 0, len);
                p.normalDoubles(RNG.key(), RNG.streamId(), lastD - len + 1, pd, 0, len);
                assertArrayEquals(ff, pf, p.name() + " float fill of " + len + " ending at the last variate");
                assertArrayEquals(dd, pd, p.name() + " double fill of " + len + " ending at the last variate");
            }
            if (len <= 300) {
                for (int j = 0; j < len; j++) {
                    assertEquals(f32ByHand(RNG, lastF - len + 1 + j), ff[j]);
                    assertEquals(f64ByHand(RNG, lastD - len + 1 + j), dd[j]);
                }
            }
        }
    }

    @Test
    void segmentFillsEqualArrayFillsForEveryLayoutAndPlace() {
        int n = 10_007;  // more than one internal chunk of 4096
        float[] wantF = new float[n];
        double[] wantD = new double[n];
        Normals.fill(RNG, 77, wantF, 0, n);
        Normals.fill(RNG, 77, wantD, 0, n);
        try (Arena arena = Arena.ofConfined()) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                ValueLayout.OfFloat fl = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order);
                ValueLayout.OfDouble dl = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(order);
                // off the heap at an odd address, and on the heap over a byte[]
                MemorySegment offHeap = arena.allocate(8L * (n + 3) + 1).asSlice(1);
                MemorySegment onHeap = MemorySegment.ofArray(new byte[8 * (n + 3)]);
                for (MemorySegment seg : new MemorySegment[] {offHeap, onHeap}) {
                    seg.fill((byte) 0x5A);
                    Normals.fill(RNG, 77, seg, fl, 3, n);
                    for (int j = 0; j < n; j++) {
                        assertEquals(wantF[j], seg.getAtIndex(fl, 3 + j), "float " + j + " " + order);
                    }
                    assertEquals(0x5A5A5A5A, seg.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, 2), "before from");
                    assertEquals(0x5A5A5A5A, seg.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, 3 + n), "after end");
                    Normals.fill(RNG, 77, seg, dl, 2, n);
                    for (int j = 0; j < n; j++) {
                        assertEquals(wantD[j], seg.getAtIndex(dl, 2 + j), "double " + j + " " + order);
                    }
                }
            }
            MemorySegment aligned = arena.allocate(ValueLayout.JAVA_DOUBLE, n);
            Normals.fill(RNG, 77, aligned, ValueLayout.JAVA_DOUBLE, 0, n);
            assertArrayEquals(wantD, aligned.toArray(ValueLayout.JAVA_DOUBLE));
        }
    }

    @Test
    void badArgumentsThrowNamingTheParameterAndWriteNothing() {
        float[] f = new float[8];
        double[] d = new double[8];
        assertThrows(NullPointerException.class, () -> Normals.fill(null, 0, f, 0, 1));
        assertThrows(NullPointerException.class, () -> Normals.fill(RNG, 0, (float[]) null, 0, 1));
        assertThrows(NullPointerException.class, () -> Normals.fill(RNG, 0, f, 0, 1, null));
        assertMessage(IllegalArgumentException.class, "index must be >= 0, was -1", () -> Normals.fill(RNG, -1, f, 0, 1));
        assertMessage(IllegalArgumentException.class, "index + len - 1 must be <= 4611686018427387903",
                () -> Normals.fill(RNG, 1L << 62, d, 0, 1));
        assertMessage(IllegalArgumentException.class, "index + len - 1 must be <= 9223372036854775807",
                () -> Normals.fill(RNG, Long.MAX_VALUE, f, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> Normals.fill(RNG, 0, f, 5, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> Normals.fill(RNG, 0, d, -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> Normals.fill(RNG, 0, d, 0, 9, ForkJoinPool.commonPool()));
        assertTrue(allZero(f) && allZero(d), "a call that throws writes nothing");

        MemorySegment seg = MemorySegment.ofArray(new byte[64]);
        assertThrows(IndexOutOfBoundsException.class,
                () -> Normals.fill(RNG, 0, seg, ValueLayout.JAVA_FLOAT_UNALIGNED, 10, 7));
        assertMessage(IllegalArgumentException.class, "dst must be writable",
                () -> Normals.fill(RNG, 0, seg.asReadOnly(), ValueLayout.JAVA_FLOAT_UNALIGNED, 0, 4));
        assertMessage(IllegalArgumentException.class, "must be aligned to 8 bytes",
                () -> Normals.fill(RNG, 0, seg, ValueLayout.JAVA_DOUBLE, 0, 4));
        assertThrows(NullPointerException.class, () -> Normals.fill(RNG, 0, seg, (ValueLayout.OfFloat) null, 0, 4));
        MemorySegment closed;
        try (Arena arena = Arena.ofConfined()) {
            closed = arena.allocate(64);
        }
        assertThrows(IllegalStateException.class,
                () -> Normals.fill(RNG, 0, closed, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, 4));
        assertTrue(Arrays.equals(new byte[64], seg.toArray(ValueLayout.JAVA_BYTE)), "nothing written to the segment");
    }

    private static void assertMessage(Class<? extends Throwable> type, String part, Executable call) {
        Throwable t = assertThrows(type, call);
        assertTrue(t.getMessage().contains(part), "message '" + t.getMessage() + "' lacks '" + part + "'");
    }

    private static boolean allZero(float[] a) {
        for (float v : a) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(double[] a) {
        for (double v : a) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }
}
