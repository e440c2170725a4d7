package io.simdist.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simdist.kernels.KernelProvider;
import io.simdist.kernels.ScalarKernelProvider;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native provider inherits the Bernoulli gradient kernels' scalar defaults but draws their
 * uniforms from the native RNG: relaxed and straight-through forward and the backward pass give
 * exactly the scalar reference's bits, on the streams of {@link NativeMatchesScalarTest}, over shapes
 * around the 1024-element chunk, at small and far stream positions, and write nothing past their range.
 */
class NativeBernoulliGradientsMatchScalarTest {
    private static final KernelProvider SCALAR = ScalarKernelProvider.INSTANCE;
    /** {batch, D}. */
    private static final int[][] SHAPES = {{1, 1}, {3, 13}, {7, 17}, {2, 1025}, {300, 5}, {1, 4099}};
    private static final long[] INDICES = {0, 3, (1L << 32) - 5, Long.MAX_VALUE - 5_000};

    private static KernelProvider nativeProvider;

    @BeforeAll
    static void loadNative() {
        nativeProvider = NativeTesting.provider();
    }

    private static float[] logits(SplittableRandom r, int d) {
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = (float) (r.nextGaussian() * (i % 5 == 0 ? 40 : 2));
        }
        return v;
    }

    private static float[] dest(int n) {
        float[] a = new float[n + NativeTesting.TAIL];
        Arrays.fill(a, Float.intBitsToFloat(NativeTesting.SENTINEL));
        return a;
    }

    private static void assertSameBits(String what, float[] want, float[] got) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                    what + ": position " + i + ", scalar " + want[i] + ", native " + got[i]);
        }
    }

    @ParameterizedTest
    @MethodSource("io.simdist.bindings.NativeMatchesScalarTest#streams")
    void relaxedForwardAndBackwardMatchScalar(long key, long stream) {
        SplittableRandom r = new SplittableRandom(key ^ stream);
        for (int[] shape : SHAPES) {
            int n = shape[0] * shape[1];
            float[] logits = logits(r, shape[1]);
            float[] gradY = new float[n];
            for (int i = 0; i < n; i++) {
                gradY[i] = (float) r.nextGaussian();
            }
            for (long index : INDICES) {
                String what = NativeTesting.where("relaxed Bernoulli", key, stream, index) + " shape "
                        + Arrays.toString(shape);
                float[] wantNoise = dest(n);
                float[] gotNoise = dest(n);
                for (boolean hard : new boolean[] {false, true}) {
                    float[] want = dest(n);
                    float[] got = dest(n);
                    SCALAR.relaxedBernoulliForward(key, stream, index, logits, 0.4f, shape[0], want, hard, wantNoise);
                    nativeProvider.relaxedBernoulliForward(key, stream, index, logits, 0.4f, shape[0], got, hard,
                            gotNoise);
                    assertSameBits(what + " forward hard=" + hard, want, got);
                    assertSameBits(what + " stored noise hard=" + hard, wantNoise, gotNoise);
                }
                for (float[] noise : new float[][] {null, gotNoise}) {
                    float[] want = dest(shape[1]);
                    float[] got = dest(shape[1]);
                    float wantT = SCALAR.relaxedBernoulliBackward(key, stream, index, logits, 0.4f, shape[0], gradY,
                            null, want, false);
                    float gotT = nativeProvider.relaxedBernoulliBackward(key, stream, index, logits, 0.4f, shape[0],
                            gradY, noise, got, false);
                    String how = noise == null ? " recomputed" : " stored";
                    assertSameBits(what + " dL/dlogits" + how, want, got);
                    assertEquals(Float.floatToRawIntBits(wantT), Float.floatToRawIntBits(gotT), what + " dL/dT" + how);
                }
            }
        }
    }
}
