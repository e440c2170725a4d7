package io.simdist.bindings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.simdist.kernels.KernelProvider;
import io.simdist.rng.Uniforms;
import org.junit.jupiter.api.Test;

/**
 * Random123's known answer through the native library. Only the vector with counter
 * {@code (0, 0, 0, 0)} is reachable through a stream: the other two {@code kat_vectors} entries
 * have counter word 1 at or above 2^29, past the 2^63 words of a stream, and are checked on
 * {@link io.simdist.rng.Philox4x32#block} instead.
 */
class NativeKnownAnswerTest {
    /** Random123 {@code kat_vectors}: philox4x32 10 rounds, ctr 0 0 0 0, key 0 0. */
    private static final int[] ZERO_COUNTER_ZERO_KEY = {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8};

    @Test
    void zeroCounterZeroKeyGivesRandom123Answer() {
        KernelProvider provider = NativeTesting.provider();
        int[] words = new int[4];
        provider.philoxInts(0L, 0L, 0L, words, 0, 4);
        assertArrayEquals(ZERO_COUNTER_ZERO_KEY, words);
    }

    @Test
    void uniformsOfTheKnownAnswerUseTheDocumentedWords() {
        KernelProvider provider = NativeTesting.provider();
        int[] w = ZERO_COUNTER_ZERO_KEY;
        float[] floats = new float[4];
        provider.uniformFloats(0L, 0L, 0L, floats, 0, 4);
        assertArrayEquals(new float[] {Uniforms.toFloat(w[0]), Uniforms.toFloat(w[1]),
                Uniforms.toFloat(w[2]), Uniforms.toFloat(w[3])}, floats);
        double[] doubles = new double[2];
        provider.uniformDoubles(0L, 0L, 0L, doubles, 0, 2);
        assertArrayEquals(new double[] {Uniforms.toDouble(w[0], w[1]), Uniforms.toDouble(w[2], w[3])},
                doubles);
    }
}
