package io.simdist.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.simdist.TestProviders;
import io.simdist.kernels.KernelProvider;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Our stream equals Apache Commons RNG 1.7 {@code Philox4x32}, which increments its 128-bit counter
 * before each block: to read our block {@code b} of stream {@code s} it is seeded with the counter
 * {@code (s << 64 | b) - 1}.
 */
@Tag("providers")
class PhiloxCommonsEquivalenceTest {

    private static org.apache.commons.rng.core.source32.Philox4x32 commonsAt(long key, long stream,
            long block) {
        BigInteger counter = BigInteger.valueOf(stream).and(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE))
                .shiftLeft(64).or(BigInteger.valueOf(block)).subtract(BigInteger.ONE)
                .and(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
        int[] seed = new int[6];
        seed[0] = (int) key;
        seed[1] = (int) (key >>> 32);
        for (int j = 0; j < 4; j++) {
            seed[2 + j] = counter.shiftRight(32 * j).intValue();
        }
        return new org.apache.commons.rng.core.source32.Philox4x32(seed);
    }

    private static int[] commonsWords(long key, long stream, long wordOffset, int len) {
        var c = commonsAt(key, stream, wordOffset >>> 2);
        for (int skip = 0; skip < (wordOffset & 3); skip++) {
            c.nextInt();
        }
        int[] out = new int[len];
        for (int j = 0; j < len; j++) {
            out[j] = c.nextInt();
        }
        return out;
    }

    @Test
    void wordsEqualCommonsRngOverKeysStreamsAndOffsets() {
        SplittableRandom r = new SplittableRandom(0x5EED_0001L);
        long[] offsets = {0, 1, 2, 3, 5, 67, (1L << 32) - 7, (1L << 32), (1L << 34) - 3,
            (1L << 62) - 5, (1L << 62), (1L << 62) + 3, Long.MAX_VALUE - 1000};
        long[] streams = {0, 1, -1, 0xFFFF_FFFFL, 1L << 32};
        for (KernelProvider p : TestProviders.all()) {
            for (int t = 0; t < 40; t++) {
                long key = t < 3 ? new long[] {0, -1, 1}[t] : r.nextLong();
                long stream = t < streams.length ? streams[t] : r.nextLong();
                for (long off : offsets) {
                    int len = 1 + r.nextInt(260);
                    if (off > Long.MAX_VALUE - len) {
                        len = (int) (Long.MAX_VALUE - off) + 1;
                    }
                    int[] got = new int[len];
                    p.philoxInts(key, stream, off, got, 0, len);
                    assertArrayEquals(commonsWords(key, stream, off, len), got,
                            () -> p.name() + " key=" + key + " stream=" + stream + " offset=" + off);
                }
            }
        }
    }

    @Test
    void crossingTheLow32BitsOfTheBlockCounterCarriesIntoWord1() {
        // block 2^32 - 1 -> 2^32: counter word 0 wraps and word 1 increments, as in Commons RNG
        long off = 4 * ((1L << 32) - 2);
        for (KernelProvider p : TestProviders.all()) {
            int[] got = new int[37];
            p.philoxInts(42, 7, off, got, 0, got.length);
            assertArrayEquals(commonsWords(42, 7, off, got.length), got, p.name());
        }
    }
}
