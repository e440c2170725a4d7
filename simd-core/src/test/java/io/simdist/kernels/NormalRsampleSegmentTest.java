package io.simdist.kernels;

import static io.simdist.kernels.NormalRsampleProvidersTest.doubles;
import static io.simdist.kernels.NormalRsampleProvidersTest.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simdist.rng.Philox4x32;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The memory-segment overloads of {@link NormalRsample} give the bits of the array overloads, off and
 * on the heap, in either byte order, for shapes that span several copy runs and reduction blocks, and
 * check their segments before writing anything.
 */
class NormalRsampleSegmentTest {
    private static final Philox4x32 RNG = Philox4x32.of(0x5E6_5E6L).stream(1);
    private static final int[][] SHAPES = {{1, 1}, {7, 5}, {300, 64}, {2100, 33}, {3, 5000}, {70000, 1}};

    @Test
    void floatSegmentsGiveTheArrayBits() {
        SplittableRandom r = new SplittableRandom(31);
        for (ByteOrder order : new ByteOrder[] {ByteOrder.nativeOrder(), ByteOrder.BIG_ENDIAN}) {
            ValueLayout.OfFloat layout = ValueLayout.JAVA_FLOAT.withOrder(order);
            for (int[] shape : SHAPES) {
                int batch = shape[0];
                int features = shape[1];
                int n = batch * features;
                float[] loc = floats(r, features, -1, 1);
                float[] scale = floats(r, 1, 0.5, 2);
                float[] z = new float[n];
                float[] eps = new float[n];
                NormalRsample.forward(RNG, 17, batch, features, loc, scale, z, 0, eps, 0);
                float[] dz = floats(r, n, -1, 1);
                float[] gl = new float[features];
                float[] gs = new float[1];
                NormalRsample.backward(RNG, 17, batch, features, dz, 0, null, 0, gl, gs, false);
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment zs = arena.allocate(layout, n);
                    MemorySegment es = arena.allocate(layout, n);
                    NormalRsample.forward(RNG, 17, batch, features, loc, scale, zs, es, layout);
                    assertArrayEquals(z, zs.toArray(layout), batch + "x" + features + " " + order + " z");
                    assertArrayEquals(eps, es.toArray(layout), batch + "x" + features + " " + order + " eps");
                    MemorySegment dzs = arena.allocate(layout, n);
                    MemorySegment.copy(dz, 0, dzs, layout, 0, n);
                    for (MemorySegment stored : new MemorySegment[] {null, es}) {
                        float[] sgl = new float[features];
                        float[] sgs = new float[1];
                        NormalRsample.backward(RNG, 17, batch, features, dzs, stored, layout, sgl, sgs, false);
                        assertArrayEquals(gl, sgl, batch + "x" + features + " gradLoc");
                        assertArrayEquals(gs, sgs, batch + "x" + features + " gradScale");
                    }
                }
            }
        }
    }

    @Test
    void doubleHeapSegmentsGiveTheArrayBits() {
        SplittableRandom r = new SplittableRandom(32);
        for (int[] shape : SHAPES) {
            int batch = shape[0];
            int features = shape[1];
            int n = batch * features;
            double[] loc = doubles(r, 1, -1, 1);
            double[] scale = doubles(r, n, 0.5, 2);
            double[] z = new double[n];
            NormalRsample.forward(RNG, 3, batch, features, loc, scale, z, 0, null, 0);
            double[] dz = doubles(r, n, -1, 1);
            double[] gl = new double[1];
            double[] gs = new double[n];
            NormalRsample.backward(RNG, 3, batch, features, dz, 0, null, 0, gl, gs, false);
            double[] zh = new double[n];
            NormalRsample.forward(RNG, 3, batch, features, loc, scale, MemorySegment.ofArray(zh), null,
                    ValueLayout.JAVA_DOUBLE);
            assertArrayEquals(z, zh);
            double[] sgl = new double[1];
            double[] sgs = new double[n];
            NormalRsample.backward(RNG, 3, batch, features, MemorySegment.ofArray(dz), null, ValueLayout.JAVA_DOUBLE,
                    sgl, sgs, false);
            assertArrayEquals(gl, sgl);
            assertArrayEquals(gs, sgs);
        }
    }

    @Test
    void badSegmentsThrowBeforeAnythingIsWritten() {
        float[] loc = {0f};
        float[] scale = {1f};
        float[] backing = new float[12];
        java.util.Arrays.fill(backing, 5f);
        MemorySegment z = MemorySegment.ofArray(backing);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NormalRsample.forward(RNG, 0,
                2, 3, loc, scale, z.asReadOnly(), null, ValueLayout.JAVA_FLOAT));
        assertEquals("z must be writable, was a read-only segment", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> NormalRsample.forward(RNG, 0, 4, 4, loc, scale, z, null,
                ValueLayout.JAVA_FLOAT));
        e = assertThrows(IllegalArgumentException.class, () -> NormalRsample.forward(RNG, 0, 2, 3, loc, scale, z,
                z.asSlice(8), ValueLayout.JAVA_FLOAT));
        assertEquals("eps must not overlap z", e.getMessage());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment raw = arena.allocate(64, 8);
            e = assertThrows(IllegalArgumentException.class, () -> NormalRsample.forward(RNG, 0, 2, 3, loc, scale,
                    raw.asSlice(1), null, ValueLayout.JAVA_FLOAT));
            assertEquals("z at element 0 must be aligned to 4 bytes for f4, was not; use the _UNALIGNED layout "
                    + "for unaligned memory", e.getMessage());
        }
        e = assertThrows(IllegalArgumentException.class, () -> NormalRsample.forward(RNG, 0, 2, 3, loc,
                new float[] {-1f}, z, null, ValueLayout.JAVA_FLOAT));
        assertEquals("scale[0] must be > 0 and finite, was -1.0", e.getMessage());
        for (float v : backing) {
            assertEquals(5f, v);
        }
        float[] gl = {9f};
        assertThrows(IndexOutOfBoundsException.class, () -> NormalRsample.backward(RNG, 0, 4, 4, z, null,
                ValueLayout.JAVA_FLOAT, gl, null, false));
        assertEquals(9f, gl[0]);
    }
}
