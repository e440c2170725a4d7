package io.simdist.bindings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.simdist.kernels.KernelProvider;
import io.simdist.kernels.NormalRsample;
import io.simdist.kernels.Normals;
import io.simdist.rng.Philox4x32;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The small-call paths give the bits of the native provider's bulk kernels: the public entry points
 * (scalar loops for small calls) against {@code NormalRsample.On(native)} and the native normal fills,
 * for every length 1..70 at every start index modulo 64. simd-core's {@code SmallCallsTest} does the same
 * against the scalar and vector providers; the native library is only on this module's class path.
 */
class NativeSmallCallsMatchTest {
    private static final Philox4x32 RNG = Philox4x32.of(0x5EED_0A71_5A11L).stream(3);
    private static final long BASE = (1L << 34) + 8;

    @Test
    void smallCallsEqualTheNativeBulkKernels() {
        KernelProvider nat = NativeTesting.provider();
        NormalRsample.On bulk = new NormalRsample.On(nat);
        SplittableRandom r = new SplittableRandom(5);
        float[] fills = new float[70 + 64];
        double[] fillsD = new double[70 + 64];
        nat.normalFloats(RNG.key(), RNG.streamId(), BASE, fills, 0, fills.length);
        nat.normalDoubles(RNG.key(), RNG.streamId(), BASE, fillsD, 0, fillsD.length);
        for (int len = 1; len <= 70; len++) {
            for (int o = 0; o < 64; o++) {
                String what = "len " + len + " offset " + o;
                float[] f = new float[len];
                double[] d = new double[len];
                Normals.fill(RNG, BASE + o, f, 0, len);
                Normals.fill(RNG, BASE + o, d, 0, len);
                assertArrayEquals(Arrays.copyOfRange(fills, o, o + len), f, what);
                assertArrayEquals(Arrays.copyOfRange(fillsD, o, o + len), d, what);
                float[] loc = new float[len];
                float[] scale = new float[len];
                float[] dz = new float[len];
                for (int i = 0; i < len; i++) {
                    loc[i] = (float) r.nextDouble(-2, 2);
                    scale[i] = (float) r.nextDouble(0.1, 3);
                    dz[i] = (float) r.nextDouble(-1, 1);
                }
                float[][] z = {new float[len], new float[len]};
                NormalRsample.forward(RNG, BASE + o, 1, len, loc, scale, z[0], 0, null, 0);
                bulk.forward(RNG, BASE + o, 1, len, loc, scale, z[1], 0, null, 0);
                assertArrayEquals(z[1], z[0], what + " z");
                float[][] gs = {new float[1], new float[1]};
                NormalRsample.backward(RNG, BASE + o, 1, len, dz, 0, null, 0, null, gs[0], false);
                bulk.backward(RNG, BASE + o, 1, len, dz, 0, null, 0, null, gs[1], false);
                assertArrayEquals(gs[1], gs[0], what + " scalar gradScale");
            }
        }
    }
}
