package io.simdist.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.rng.Philox4x32;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The public {@link Normals} API: the index to word mapping, golden values, segments, validation. */
class NormalsTest {
    private static final Philox4x32 RNG = Philox4x32.of(0x0123_4567_89AB_CDEFL).stream(42);

    @Test
    void floatVariateIUsesWordIAndDoubleVariateIUsesWords2iAnd2iPlus1() {
        for (long index : new long[] {0, 1, 3, 1L << 40, Long.MAX_VALUE - 40}) {
            float[] f = new float[37];
            Normals.fill(RNG, index, f, 0, f.length);
            for (int j = 0; j < f.length; j++) {
                assertEquals(NormalTransforms.f32(RNG.word(index + j)), f[j], "float variate " + (index + j));
            }
        }
        for (long index : new long[] {0, 1, 3, 1L << 40, (1L << 62) - 37}) {
            double[] d = new double[37];
            Normals.fill(RNG, index, d, 0, d.length);
            for (int j = 0; j < d.length; j++) {
                long v = index + j;
                assertEquals(NormalTransforms.f64(RNG.word(2 * v), RNG.word(2 * v + 1)), d[j], "double variate " + v);
            }
        }
    }

    /** Pins the stream: these values must never change (computed by this version, any backend). */
    @Test
    void goldenValuesArePinned() {
        float[] f = new float[3];
        double[] d = new double[3];
        Normals.fill(RNG, 0, f, 0, 3);
        Normals.fill(RNG, 0, d, 0, 3);
        assertArrayEquals(new float[] {-0x1.74c40ep-1f, 0x1.6c2098p-1f, 0x1.82cc3cp-1f}, f);
        assertArrayEquals(new double[] {0x1.6c2096dbba5d5p-1, 0x1.08a9dbe2781ddp0, -0x1.a12f7d3f2bedbp-6}, d);
        Normals.fill(RNG, 1L << 40, f, 0, 3);
        Normals.fill(RNG, 1L << 40, d, 0, 3);
        assertArrayEquals(new float[] {-0x1.40cp0f, -0x1.d733f4p-3f, 0x1.c0df34p0f}, f);
        assertArrayEquals(new double[] {-0x1.fdd1ff27aa339p-1, -0x1.4e23344602849p-2, -0x1.c36a89132ff26p-1}, d);
    }

    @Test
    void lastVariatesOfTheStreamCanBeDrawn() {
        float[] f = new float[2];
        Normals.fill(RNG, Long.MAX_VALUE - 1, f, 0, 2);
        assertEquals(NormalTransforms.f32(RNG.word(Long.MAX_VALUE)), f[1]);
        double[] d = new double[2];
        Normals.fill(RNG, (1L << 62) - 2, d, 0, 2);
        assertEquals(NormalTransforms.f64(RNG.word(Long.MAX_VALUE - 1), RNG.word(Long.MAX_VALUE)), d[1]);
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
