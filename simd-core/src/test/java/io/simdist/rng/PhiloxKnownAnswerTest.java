package io.simdist.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.simdist.TestProviders;
import io.simdist.kernels.KernelProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Random123 known-answer vectors ({@code tests/kat_vectors}, philox4x32 with 10 rounds). */
@Tag("providers")
class PhiloxKnownAnswerTest {

    private static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
        int[] out = new int[4];
        Philox4x32.block(c0, c1, c2, c3, k0, k1, out);
        return out;
    }

    @Test
    void zeroCounterAndKeyMatchRandom123() {
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
                block(0, 0, 0, 0, 0, 0));
    }

    @Test
    void allOnesCounterAndKeyMatchRandom123() {
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
                block(-1, -1, -1, -1, -1, -1));
    }

    @Test
    void piDigitsCounterAndKeyMatchRandom123() {
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    @Test
    void streamWordsAreTheBlockOutputsOnEveryProvider() {
        // key 0x299f31d0_a4093822, stream 0x03707344_13198a2e, block 0x05a308d3_243f6a88 (the pi
        // vector with the top bit of counter word 1 cleared, so that the block is inside a stream)
        long key = 0x299f31d0_a4093822L;
        long stream = 0x03707344_13198a2eL;
        long blockIndex = 0x05a308d3_243f6a88L;
        int[] expected = block((int) blockIndex, (int) (blockIndex >>> 32), (int) stream,
                (int) (stream >>> 32), (int) key, (int) (key >>> 32));
        for (KernelProvider p : TestProviders.all()) {
            int[] got = new int[4];
            p.philoxInts(key, stream, 4 * blockIndex, got, 0, 4);
            assertArrayEquals(expected, got, p.name());
            int[] zero = new int[4];
            p.philoxInts(0, 0, 0, zero, 0, 4);
            assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, zero, p.name());
        }
    }

    @Test
    void publicStreamApiReadsTheSameWords() {
        Philox4x32 rng = Philox4x32.of(0x299f31d0_a4093822L).stream(0x03707344_13198a2eL);
        long w = 4 * 0x05a308d3_243f6a88L;
        int[] viaFill = new int[4];
        rng.fillInts(w, viaFill, 0, 4);
        for (int j = 0; j < 4; j++) {
            org.junit.jupiter.api.Assertions.assertEquals(viaFill[j], rng.word(w + j));
        }
    }
}
