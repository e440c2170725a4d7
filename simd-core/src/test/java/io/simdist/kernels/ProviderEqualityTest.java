package io.simdist.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.simdist.TestProviders;
import io.simdist.rng.Philox4x32;
import io.simdist.simd.Backends;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every provider gives exactly the scalar reference's bits, for every kernel, over awkward sizes,
 * word offsets and destination offsets; and any slice of a fill equals the same slice of one long
 * fill (random access). Runs once per forced vector width (surefire executions vector-128/256/512).
 */
@Tag("providers")
class ProviderEqualityTest {
    private static final KernelProvider REF = Backends.scalar();
    private static final long KEY = 0x0123_4567_89AB_CDEFL;
    private static final long STREAM = 0xFEDC_BA98_7654_3210L;
    private static final int LONG_FILL = 400;
    private static final int GUARD = 9;

    @Test
    void forcedVectorWidthIsHonouredOrRefusedWithReason() {
        int forced = Backends.requestedVectorBits();
        assumeTrue(forced != 0, "no width forced in this JVM");
        assumeTrue(io.simdist.kernels.Providers.vectorModulePresent(), "no Vector API module");
        if (Providers.preferredVectorBits() >= forced) {
            assertEquals(forced, Backends.vector().orElseThrow().vectorBits());
        } else {
            assertFalse(Backends.vector().isPresent());
            assertTrue(Backends.vectorUnavailableReason().contains(Backends.VECTOR_BITS_PROPERTY),
                    Backends.vectorUnavailableReason());
        }
    }

    @Test
    void intsEqualReferenceForEveryOffsetAndLength() {
        int[] ref = new int[LONG_FILL];
        for (long base : new long[] {0, (1L << 32) - 40, (1L << 62) + 1}) {
            REF.philoxInts(KEY, STREAM, base, ref, 0, LONG_FILL);
            for (KernelProvider p : TestProviders.all()) {
                for (int off = 0; off <= 67; off++) {
                    for (int len = 0; len + off <= LONG_FILL && len <= 300; len++) {
                        int from = (off * 7 + len) % 5;
                        int[] got = new int[from + len + GUARD];
                        Arrays.fill(got, 0xDEADBEEF);
                        p.philoxInts(KEY, STREAM, base + off, got, from, len);
                        assertSlice(ref, off, got, from, len, p, base);
                    }
                }
            }
        }
    }

    private static void assertSlice(int[] ref, int off, int[] got, int from, int len, KernelProvider p,
            long base) {
        for (int j = 0; j < got.length; j++) {
            int expected = j >= from && j < from + len ? ref[off + j - from] : 0xDEADBEEF;
            if (got[j] != expected) {
                throw new AssertionError(p.name() + ": base=" + base + " off=" + off + " len=" + len
                        + " from=" + from + ": position " + j + " expected " + expected + " was " + got[j]);
            }
        }
    }

    /** The float kernels: variate i from word i. */
    enum FloatKernel {
        UNIFORM, NORMAL;

        void fill(KernelProvider p, long index, float[] dst, int from, int len) {
            if (this == UNIFORM) {
                p.uniformFloats(KEY, STREAM, index, dst, from, len);
            } else {
                p.normalFloats(KEY, STREAM, index, dst, from, len);
            }
        }
    }

    /** The double kernels: uniform i from words 2i and 2i + 1, normal i from Philox block i >> 1 (v2 pairs). */
    enum DoubleKernel {
        UNIFORM, NORMAL;

        void fill(KernelProvider p, long index, double[] dst, int from, int len) {
            if (this == UNIFORM) {
                p.uniformDoubles(KEY, STREAM, index, dst, from, len);
            } else {
                p.normalDoubles(KEY, STREAM, index, dst, from, len);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(FloatKernel.class)
    void floatsEqualReferenceForEveryOffsetAndLength(FloatKernel kernel) {
        float[] ref = new float[LONG_FILL];
        kernel.fill(REF, 3, ref, 0, LONG_FILL);
        for (KernelProvider p : TestProviders.all()) {
            for (int off = 0; off <= 67; off++) {
                for (int len = 0; len + off <= LONG_FILL && len <= 300; len += 1 + (len >> 5)) {
                    int from = (off + len) % 3;
                    float[] got = new float[from + len + GUARD];
                    Arrays.fill(got, -7f);
                    kernel.fill(p, 3 + off, got, from, len);
                    float[] expected = new float[got.length];
                    Arrays.fill(expected, -7f);
                    System.arraycopy(ref, off, expected, from, len);
                    assertArrayEquals(expected, got, p.name() + " off=" + off + " len=" + len);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DoubleKernel.class)
    void doublesEqualReferenceForEveryOffsetAndLength(DoubleKernel kernel) {
        double[] ref = new double[LONG_FILL];
        kernel.fill(REF, 1, ref, 0, LONG_FILL);
        for (KernelProvider p : TestProviders.all()) {
            for (int off = 0; off <= 67; off++) {
                for (int len = 0; len + off <= LONG_FILL && len <= 300; len += 1 + (len >> 5)) {
                    int from = (off + len) % 3;
                    double[] got = new double[from + len + GUARD];
                    Arrays.fill(got, -7);
                    kernel.fill(p, 1 + off, got, from, len);
                    double[] expected = new double[got.length];
                    Arrays.fill(expected, -7);
                    System.arraycopy(ref, off, expected, from, len);
                    assertArrayEquals(expected, got, p.name() + " off=" + off + " len=" + len);
                }
            }
        }
    }

    /** Thresholds at the edges of the unsigned comparison, and two in between. */
    private static final long[] THRESHOLDS = {0, 1, (1L << 31) - 1, 1L << 31, (1L << 31) + 1, 0x1234_5678L,
        (1L << 32) - 1, Bernoullis.ALWAYS, 1_288_490_189L};

    @Test
    void bernoulliDrawsEqualReferenceForEveryOffsetLengthAndThreshold() {
        for (long t : THRESHOLDS) {
            byte[] refB = new byte[LONG_FILL];
            float[] refF = new float[LONG_FILL];
            REF.bernoulliBytes(KEY, STREAM, 5, t, refB, 0, LONG_FILL);
            REF.bernoulliFloats(KEY, STREAM, 5, t, refF, 0, LONG_FILL);
            for (KernelProvider p : TestProviders.all()) {
                for (int off = 0; off <= 67; off += 1 + off / 16) {
                    for (int len = 0; len + off <= LONG_FILL && len <= 300; len += 1 + (len >> 4)) {
                        int from = (off + len) % 3;
                        byte[] gotB = new byte[from + len + GUARD];
                        Arrays.fill(gotB, (byte) 7);
                        p.bernoulliBytes(KEY, STREAM, 5 + off, t, gotB, from, len);
                        byte[] wantB = new byte[gotB.length];
                        Arrays.fill(wantB, (byte) 7);
                        System.arraycopy(refB, off, wantB, from, len);
                        assertArrayEquals(wantB, gotB, p.name() + " t=" + t + " off=" + off + " len=" + len);
                        float[] gotF = new float[from + len + GUARD];
                        Arrays.fill(gotF, 7f);
                        p.bernoulliFloats(KEY, STREAM, 5 + off, t, gotF, from, len);
                        float[] wantF = new float[gotF.length];
                        Arrays.fill(wantF, 7f);
                        System.arraycopy(refF, off, wantF, from, len);
                        assertArrayEquals(wantF, gotF, p.name() + " t=" + t + " off=" + off + " len=" + len);
                    }
                }
            }
        }
    }

    @Test
    void bernoulliThresholdEqualToAWordGivesZeroThereAndOneAboveIt() {
        int[] words = new int[300];
        REF.philoxInts(KEY, STREAM, 40, words, 0, words.length);
        for (int at : new int[] {0, 1, 15, 16, 17, 63, 64, 299}) {
            long w = words[at] & 0xFFFFFFFFL;
            for (long t : new long[] {w, w + 1}) {
                if (t == 0 || t == Bernoullis.ALWAYS) {
                    continue;
                }
                byte[] want = new byte[words.length];
                REF.bernoulliBytes(KEY, STREAM, 40, t, want, 0, want.length);
                assertEquals(t == w ? 0 : 1, want[at]);
                long[] wantPacked = new long[4];
                REF.bernoulliPacked(KEY, STREAM, 40, t, wantPacked, 0, 4);
                for (KernelProvider p : TestProviders.nonReference()) {
                    byte[] got = new byte[words.length];
                    p.bernoulliBytes(KEY, STREAM, 40, t, got, 0, got.length);
                    assertArrayEquals(want, got, p.name() + " t=" + t);
                    long[] gotPacked = new long[4];
                    p.bernoulliPacked(KEY, STREAM, 40, t, gotPacked, 0, 4);
                    assertArrayEquals(wantPacked, gotPacked, p.name() + " packed t=" + t);
                }
            }
        }
    }

    @Test
    void packedBernoulliDrawsEqualReference() {
        for (long t : THRESHOLDS) {
            for (int off = 0; off <= 67; off += 1 + off / 8) {
                for (int longs = 0; longs <= 40; longs += 1 + longs / 8) {
                    long[] want = new long[longs + 2];
                    Arrays.fill(want, 0x5A5A_5A5A_5A5A_5A5AL);
                    REF.bernoulliPacked(KEY, STREAM, 9 + off, t, want, 1, longs);
                    byte[] bytes = new byte[64 * longs];
                    REF.bernoulliBytes(KEY, STREAM, 9 + off, t, bytes, 0, bytes.length);
                    for (int j = 0; j < bytes.length; j++) {
                        assertEquals(bytes[j], (want[1 + j / 64] >>> (j % 64)) & 1, "bit " + j + " t=" + t);
                    }
                    for (KernelProvider p : TestProviders.nonReference()) {
                        long[] got = new long[longs + 2];
                        Arrays.fill(got, 0x5A5A_5A5A_5A5A_5A5AL);
                        p.bernoulliPacked(KEY, STREAM, 9 + off, t, got, 1, longs);
                        assertArrayEquals(want, got, p.name() + " t=" + t + " off=" + off + " longs=" + longs);
                    }
                }
            }
        }
    }

    @Test
    void perElementBernoulliDrawsEqualReference() {
        SplittableRandom r = new SplittableRandom(17);
        long[] thresholds = new long[LONG_FILL + 8];
        int[] words = new int[thresholds.length];
        REF.philoxInts(KEY, STREAM, 3, words, 0, words.length);
        for (int i = 0; i < thresholds.length; i++) {
            // threshold i belongs to draw 3 + i (tFrom = off below): a third equal to its own word (the
            // draw is 0) or one above it (1), where < and <= differ
            thresholds[i] = switch (i % 6) {
                case 0 -> words[i] & 0xFFFFFFFFL;
                case 1 -> (words[i] & 0xFFFFFFFFL) + 1;
                case 2 -> THRESHOLDS[r.nextInt(THRESHOLDS.length)];
                default -> r.nextLong(Bernoullis.ALWAYS + 1);
            };
        }
        for (KernelProvider p : TestProviders.all()) {
            for (int off = 0; off <= 67; off += 1 + off / 16) {
                for (int len = 0; len + off <= LONG_FILL && len <= 300; len += 1 + (len >> 4)) {
                    int tFrom = off;
                    int from = (off + len) % 3;
                    byte[] wantB = new byte[from + len + GUARD];
                    byte[] gotB = new byte[from + len + GUARD];
                    float[] wantF = new float[from + len + GUARD];
                    float[] gotF = new float[from + len + GUARD];
                    Arrays.fill(gotB, (byte) 7);
                    Arrays.fill(wantB, (byte) 7);
                    Arrays.fill(gotF, 7f);
                    Arrays.fill(wantF, 7f);
                    REF.bernoulliBytes(KEY, STREAM, 3 + off, thresholds, tFrom, wantB, from, len);
                    REF.bernoulliFloats(KEY, STREAM, 3 + off, thresholds, tFrom, wantF, from, len);
                    p.bernoulliBytes(KEY, STREAM, 3 + off, thresholds, tFrom, gotB, from, len);
                    p.bernoulliFloats(KEY, STREAM, 3 + off, thresholds, tFrom, gotF, from, len);
                    assertArrayEquals(wantB, gotB, p.name() + " off=" + off + " len=" + len);
                    assertArrayEquals(wantF, gotF, p.name() + " off=" + off + " len=" + len);
                }
            }
        }
    }

    @Test
    void largeFillsEqualReferenceAcrossChunkBoundaries() {
        SplittableRandom r = new SplittableRandom(7);
        for (int n : new int[] {1, 4, 6, 8, 13, 16, 25, 32, 64, 100, 207, 2047, 2048, 2049, 4099, 100_003}) {
            long index = r.nextLong(1L << 40);
            int from = r.nextInt(3);
            int[] ri = new int[from + n];
            REF.philoxInts(KEY, STREAM, index, ri, from, n);
            for (KernelProvider p : TestProviders.nonReference()) {
                int[] gi = new int[from + n];
                p.philoxInts(KEY, STREAM, index, gi, from, n);
                assertArrayEquals(ri, gi, p.name() + " n=" + n);
            }
            byte[] rb = new byte[from + n];
            REF.bernoulliBytes(KEY, STREAM, index, 1_288_490_189L, rb, from, n);
            for (KernelProvider p : TestProviders.nonReference()) {
                byte[] gb = new byte[from + n];
                p.bernoulliBytes(KEY, STREAM, index, 1_288_490_189L, gb, from, n);
                assertArrayEquals(rb, gb, p.name() + " bernoulli n=" + n);
            }
            for (FloatKernel kernel : FloatKernel.values()) {
                float[] rf = new float[from + n];
                kernel.fill(REF, index, rf, from, n);
                for (KernelProvider p : TestProviders.nonReference()) {
                    float[] gf = new float[from + n];
                    kernel.fill(p, index, gf, from, n);
                    assertArrayEquals(rf, gf, p.name() + " " + kernel + " n=" + n);
                }
            }
            for (DoubleKernel kernel : DoubleKernel.values()) {
                double[] rd = new double[from + n];
                kernel.fill(REF, index, rd, from, n);
                for (KernelProvider p : TestProviders.nonReference()) {
                    double[] gd = new double[from + n];
                    kernel.fill(p, index, gd, from, n);
                    assertArrayEquals(rd, gd, p.name() + " " + kernel + " n=" + n);
                }
            }
        }
    }

    @Test
    void parallelFillsEqualSerialFillsForEveryThreadCount() throws Exception {
        Philox4x32 rng = Philox4x32.of(99).stream(5);
        int n = 3 * Parallel.CHUNK + 12_345;
        int from = 11;
        int[] si = new int[from + n];
        float[] sf = new float[from + n];
        double[] sd = new double[from + n];
        rng.fillInts(17, si, from, n);
        rng.fillFloats(17, sf, from, n);
        rng.fillDoubles(17, sd, from, n);
        float[] snf = new float[from + n];
        double[] snd = new double[from + n];
        Normals.fill(rng, 17, snf, from, n);
        Normals.fill(rng, 17, snd, from, n);
        for (int threads = 1; threads <= 4; threads++) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                int[] pi = new int[from + n];
                float[] pf = new float[from + n];
                double[] pd = new double[from + n];
                rng.fillInts(17, pi, from, n, pool);
                rng.fillFloats(17, pf, from, n, pool);
                rng.fillDoubles(17, pd, from, n, pool);
                float[] pnf = new float[from + n];
                double[] pnd = new double[from + n];
                Normals.fill(rng, 17, pnf, from, n, pool);
                Normals.fill(rng, 17, pnd, from, n, pool);
                assertArrayEquals(snf, pnf, "normal floats, threads=" + threads);
                assertArrayEquals(snd, pnd, "normal doubles, threads=" + threads);
                assertArrayEquals(si, pi, "threads=" + threads);
                assertArrayEquals(sf, pf, "threads=" + threads);
                assertArrayEquals(sd, pd, "threads=" + threads);
            } finally {
                pool.shutdown();
            }
        }
    }
}
