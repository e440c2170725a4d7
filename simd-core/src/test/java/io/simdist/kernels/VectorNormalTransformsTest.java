package io.simdist.kernels;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.simdist.simd.Backends;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The Vector API normal transforms on chosen words, not only on stream words: the far tails (f32
 * words with magnitude 0..3, f64 pairs in AS 241's third region) occur about once in 2^30 and 2^35
 * stream words, so stream fills alone would never reach them. Every result must have exactly the bits
 * of {@link NormalTransforms}. The vector code computes a tail polynomial only when some lane needs
 * it, so tail words are also placed at every lane position among central ones. Runs at each forced
 * width (the {@code providers} tag).
 */
@Tag("providers")
class VectorNormalTransformsTest {
    private static final int BATCH = 4096;

    @BeforeEach
    void needsVectorProvider() {
        assumeTrue(Backends.vector().isPresent(), "no vector provider in this JVM");
    }

    /** Checks a batch of f32 words (all of {@code words[0 .. n)}) bit for bit. */
    private static void checkF32(int[] words, int n) {
        float[] got = new float[n];
        VectorKernelProvider.normalFloatsFromWords(words, n, got, 0);
        for (int i = 0; i < n; i++) {
            float want = NormalTransforms.f32(words[i]);
            if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(want)) {
                throw new AssertionError("word " + Integer.toHexString(words[i]) + " at lane position " + i
                        + ": vector " + got[i] + ", reference " + want);
            }
        }
    }

    /** Checks f64 pairs {@code (lo, hi)} of {@code bits[0 .. n)} bit for bit. */
    private static void checkF64(long[] bits, int n) {
        int[] words = new int[2 * n];
        for (int i = 0; i < n; i++) {
            words[2 * i] = (int) bits[i];
            words[2 * i + 1] = (int) (bits[i] >>> 32);
        }
        double[] got = new double[n];
        VectorKernelProvider.normalDoublesFromWords(words, n, got, 0, new VectorKernelProvider.Tail(n));
        for (int i = 0; i < n; i++) {
            double want = NormalTransforms.f64(words[2 * i], words[2 * i + 1]);
            if (Double.doubleToRawLongBits(got[i]) != Double.doubleToRawLongBits(want)) {
                throw new AssertionError("bits " + Long.toHexString(bits[i]) + " at lane position " + i
                        + ": vector " + got[i] + ", reference " + want);
            }
        }
    }

    @Test
    void f32MatchesReferenceOverTheSweepWithBothSigns() {
        int[] words = new int[BATCH];
        int[] n = {0};
        SplittableRandom signs = new SplittableRandom(11);
        NormalTransformsTest.forEachF32Magnitude(m -> {
            words[n[0]++] = (int) m | (signs.nextBoolean() ? 0x80000000 : 0);
            if (n[0] == BATCH) {
                checkF32(words, BATCH);
                n[0] = 0;
            }
        });
        checkF32(words, n[0]);
    }

    @Test
    void f32TailWordAtEveryLanePositionAmongCentralWords() {
        int[] extremes = {0, 1, 2, 3, 1_000, 1_600_000, 0x80000000, 0x80000001, 0x7fffffff, 0xffffffff};
        for (int extreme : extremes) {
            for (int pos = 0; pos < 67; pos++) {
                int[] words = new int[67];
                for (int i = 0; i < words.length; i++) {
                    words[i] = 0x40000000 + 12_345 * i;  // central: |z| < 1
                }
                words[pos] = extreme;
                checkF32(words, words.length);
            }
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "simdist.test.exhaustive", matches = "true")
    void f32MatchesReferenceForAllWords() {
        int[] words = new int[BATCH];
        for (long start = 0; start < 1L << 32; start += BATCH) {
            for (int i = 0; i < BATCH; i++) {
                words[i] = (int) (start + i);
            }
            checkF32(words, BATCH);
        }
    }

    @Test
    void f64MatchesReferenceOverRandomPairsBoundariesAndAllThreeRegions() {
        long[] bits = new long[BATCH];
        SplittableRandom random = new SplittableRandom(0xF64);
        for (int round = 0; round < 500; round++) {
            for (int i = 0; i < BATCH; i++) {
                long b = random.nextLong();
                // every 4th pair in the far tail: magnitude < 2^36 is p < 2^-27, r > 5 from ~2^28 down
                bits[i] = (i & 3) == 0 ? (b & ((1L << 36) - 1)) | (b & Long.MIN_VALUE) : b;
            }
            checkF64(bits, BATCH);
        }
        for (long m : NormalTransformsTest.f64Boundaries()) {
            int n = 0;
            for (long d = -1_000; d <= 1_000; d++) {
                long b = Math.max(0, m + d);
                bits[n++] = b;
                bits[n++] = b | Long.MIN_VALUE;
            }
            checkF64(bits, n);
        }
        checkF64(new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1, 0xffffffffL}, 6);
    }

    @Test
    void f64TailPairAtEveryLanePositionAmongCentralPairs() {
        long[] extremes = {0, 1, 1L << 30, Long.MIN_VALUE, Long.MIN_VALUE + 12_345, Long.MAX_VALUE, -1};
        for (long extreme : extremes) {
            for (int pos = 0; pos < 37; pos++) {
                long[] bits = new long[37];
                for (int i = 0; i < bits.length; i++) {
                    bits[i] = 0x4000_0000_0000_0000L + 0x1234_5678_9ABCL * i;  // central region
                }
                bits[pos] = extreme;
                checkF64(bits, bits.length);
            }
        }
    }
}
