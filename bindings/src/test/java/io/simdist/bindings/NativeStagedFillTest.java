package io.simdist.bindings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simdist.kernels.KernelProvider;
import io.simdist.simd.Backends;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The native normal fills of at most {@link NativeKernelProvider#STAGED} variates run into a per-thread
 * native buffer and are copied out: they give the scalar reference's bits at every length on both sides
 * of that bound, at odd start indices and output offsets, write nothing outside their range, and a long
 * fill after a short one (the same buffer) is unaffected.
 */
class NativeStagedFillTest {
    private static final long KEY = 0x57A6_ED0FL;
    private static final long STREAM = 9;
    /** What the output holds before a fill; no normal variate is this. */
    private static final float SENTINEL = -7f;

    @Test
    void stagedAndDirectFillsGiveTheScalarBits() {
        KernelProvider nat = NativeTesting.provider();
        KernelProvider ref = Backends.scalar();
        int b = NativeKernelProvider.STAGED;
        for (int len : new int[] {1, 2, 9, 17, 64, 65, b - 1, b, b + 1, 3 * b + 5}) {
            for (long index : new long[] {0, 3, (1L << 33) + 5}) {
                for (int from : new int[] {0, 7}) {
                    String what = "len " + len + " index " + index + " from " + from;
                    float[] f = new float[len + from + 2];
                    float[] fr = new float[len];
                    Arrays.fill(f, SENTINEL);
                    nat.normalFloats(KEY, STREAM, index, f, from, len);
                    ref.normalFloats(KEY, STREAM, index, fr, 0, len);
                    checkRange(widen(fr), widen(f), from, len, what + " f32");
                    double[] d = new double[len + from + 2];
                    double[] dr = new double[len];
                    Arrays.fill(d, SENTINEL);
                    nat.normalDoubles(KEY, STREAM, index, d, from, len);
                    ref.normalDoubles(KEY, STREAM, index, dr, 0, len);
                    checkRange(dr, d, from, len, what + " f64");
                }
            }
        }
    }

    /** {@code got[from .. from + len)} is {@code want}, and the elements just outside still hold the sentinel. */
    private static void checkRange(double[] want, double[] got, int from, int len, String what) {
        assertArrayEquals(want, Arrays.copyOfRange(got, from, from + len), what);
        assertEquals(SENTINEL, got[from + len], what + ": wrote past the range");
        assertEquals(SENTINEL, from > 0 ? got[from - 1] : got[from + len + 1], what + ": wrote outside");
    }

    /** The floats as doubles: exact, so equality of the doubles is equality of the floats. */
    private static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
