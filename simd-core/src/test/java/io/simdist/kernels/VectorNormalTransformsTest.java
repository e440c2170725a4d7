package io.simdist.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.simdist.simd.Backends;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Vector API normal transform v2 kernels ({@link VectorKernelProvider#normalFloatsFromWords} and
 * {@link VectorKernelProvider#normalDoublesFromWords}) on chosen words, not only on stream words: every
 * result must have exactly the bits of the scalar reference {@link NormalTransforms}. The adversarial
 * words (radius words giving the largest and smallest radii, u on both sides of sqrt(1/2), where the
 * exact-complement branch switches, and of every other switch of the log's exponent; angle words at
 * every quadrant boundary; all ones) occur about once in 2^30 stream words or never, so stream fills
 * alone would not reach them. Each is checked at every lane position, for every pair count up to three
 * vector steps (the vector loop and the scalar tail) and destination offsets 0 to 3, with guards: no
 * element outside {@code [at, at + n)} is written, and no word past {@code n} (f32) or {@code 2n} (f64)
 * is read. Runs at each forced width (the {@code providers} tag); skipped without the Vector API module.
 */
@Tag("providers")
class VectorNormalTransformsTest {
    private static final int GUARD = 5;
    private static final int FLOAT_GUARD_BITS = 0x7fc0dead;
    private static final long DOUBLE_GUARD_BITS = 0x7ff8_0000_dead_beefL;

    @BeforeEach
    void needsVectorProvider() {
        assumeTrue(Backends.vector().isPresent(), "no vector provider in this JVM");
    }

    /** Float (int) lanes of the vector width in use; a vector step of the f32 kernel takes 2 of these words. */
    private static int floatLanes() {
        return Backends.vector().orElseThrow().vectorBits() / 32;
    }

    /** Double (long) lanes; a vector step of the f64 kernel takes 2 of these blocks. */
    private static int doubleLanes() {
        return Backends.vector().orElseThrow().vectorBits() / 64;
    }

    /** Checks the f32 kernel on {@code words[0 .. n)} (n even) written at {@code at}, bit for bit. */
    private static void checkF32(int[] words, int n, int at) {
        int[] exact = Arrays.copyOf(words, n);  // a read past n throws
        float[] got = new float[at + n + GUARD];
        Arrays.fill(got, Float.intBitsToFloat(FLOAT_GUARD_BITS));
        VectorKernelProvider.normalFloatsFromWords(exact, n, got, at);
        for (int j = 0; j < got.length; j++) {
            int bits = Float.floatToRawIntBits(got[j]);
            if (j < at || j >= at + n) {
                if (bits != FLOAT_GUARD_BITS) {
                    throw new AssertionError("f32: position " + j + " written, outside [" + at + ", " + (at + n) + ")");
                }
                continue;
            }
            int i = j - at;
            int rw = exact[i & ~1];
            int aw = exact[i | 1];
            float want = NormalTransforms.f32(rw, aw, i);
            if (bits != Float.floatToRawIntBits(want)) {
                throw new AssertionError("f32 words " + Integer.toHexString(rw) + ", " + Integer.toHexString(aw)
                        + " half " + (i & 1) + " at position " + i + " of n = " + n + ", at = " + at + ": vector "
                        + got[j] + " (" + Integer.toHexString(bits) + "), reference " + want + " ("
                        + Integer.toHexString(Float.floatToRawIntBits(want)) + ")");
            }
        }
    }

    /** Checks the f64 kernel on the blocks of {@code words[0 .. 2n)} (n even variates) at {@code at}. */
    private static void checkF64(int[] words, int n, int at) {
        int[] exact = Arrays.copyOf(words, 2 * n);
        double[] got = new double[at + n + GUARD];
        Arrays.fill(got, Double.longBitsToDouble(DOUBLE_GUARD_BITS));
        VectorKernelProvider.normalDoublesFromWords(exact, n, got, at);
        for (int j = 0; j < got.length; j++) {
            long bits = Double.doubleToRawLongBits(got[j]);
            if (j < at || j >= at + n) {
                if (bits != DOUBLE_GUARD_BITS) {
                    throw new AssertionError("f64: position " + j + " written, outside [" + at + ", " + (at + n) + ")");
                }
                continue;
            }
            int i = j - at;
            int w = 2 * (i & ~1);
            double want = NormalTransforms.f64(exact[w], exact[w + 1], exact[w + 2], exact[w + 3], i);
            if (bits != Double.doubleToRawLongBits(want)) {
                throw new AssertionError("f64 block " + Integer.toHexString(exact[w]) + " "
                        + Integer.toHexString(exact[w + 1]) + " " + Integer.toHexString(exact[w + 2]) + " "
                        + Integer.toHexString(exact[w + 3]) + " half " + (i & 1) + " at position " + i + " of n = "
                        + n + ", at = " + at + ": vector " + got[j] + ", reference " + want);
            }
        }
    }

    // ---- adversarial words ----

    /** The f32 magnitude m whose float u = fma(float(m), 2^-31, 2^-32) first has bits >= {@code bits}. */
    private static long firstF32MagnitudeWithUBitsAtLeast(int bits) {
        long lo = 0;
        long hi = 1L << 31;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (Float.floatToRawIntBits(Math.fma((float) mid, 0x1p-31f, 0x1p-32f)) >= bits) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The first f64 magnitude (unsigned) whose double u has bits >= {@code bits}. */
    private static long firstF64MagnitudeWithUBitsAtLeast(long bits) {
        long lo = 0;
        long hi = -1L;
        while (Long.compareUnsigned(lo, hi) < 0) {
            long mid = (lo >>> 1) + (hi >>> 1) + (lo & hi & 1);
            double u = Math.fma((double) (mid >>> 32), 0x1p-32, Math.fma((double) (mid & 0xFFFFFFFFL), 0x1p-64, 0x1p-65));
            if (Double.doubleToRawLongBits(u) >= bits) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * f32 radius words: both ends, the sign bit, u on both sides of sqrt(1/2) (the complement branch)
     * and of each other switch of the log's exponent, where float(m) starts rounding, and the pins.
     */
    static List<Integer> f32RadiusWords() {
        List<Integer> w = new ArrayList<>(List.of(0, 1, 2, 3, 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0x80000000, 0x80000001,
                0x7FFFFFFF, 0x7FFFFFFE, 0x40000000, 66, 64, 1 << 24, (1 << 24) - 2, (1 << 24) + 2));
        for (int k = 0; k <= 30; k++) {  // k = 0: u >= sqrt(1/2), the exact complement
            long m = firstF32MagnitudeWithUBitsAtLeast(0x3f3504f3 - (k << 23));
            for (long d = k == 0 ? -3 : -1; d <= (k == 0 ? 3 : 1); d++) {
                if (m + d >= 0 && m + d < 1L << 31) {
                    w.add((int) ((m + d) << 1));
                    if (k == 0) {
                        w.add((int) ((m + d) << 1 | 1));
                    }
                }
            }
        }
        for (int[] p : NormalTransformsTest.F32_PINS) {
            w.add(p[0]);
        }
        return w;
    }

    /** f32 angle words at every quadrant boundary (extreme codes, with and without the low bits), all ones. */
    static List<Integer> f32AngleWords() {
        List<Integer> w = new ArrayList<>(NormalTransformsTest.f32BoundaryAngleWords());
        w.addAll(List.of(0xFFFFFFFF, 0x3FFFFFFF, 0x7FFFFFFF, 0xBFFFFFFF, 0x40000000, 0x80000000, 0xC0000000, 0x0000003F));
        for (int[] p : NormalTransformsTest.F32_PINS) {
            w.add(p[1]);
        }
        return w;
    }

    /** f64 radius values, as {@link #f32RadiusWords()}. */
    static List<Long> f64RadiusValues() {
        List<Long> v = new ArrayList<>(List.of(0L, 1L, 2L, -1L, -2L, -3L, Long.MIN_VALUE, Long.MIN_VALUE + 1,
                Long.MAX_VALUE, 233_612L, 233_613L, 1L << 53, (1L << 53) - 1, (1L << 53) + 1, 0xFFFFFFFFL, 1L << 32));
        for (int k = 0; k <= 63; k++) {
            long m = firstF64MagnitudeWithUBitsAtLeast(0x3FE6A09E667F3BCDL - ((long) k << 52));
            for (long d = k == 0 ? -3 : -1; d <= (k == 0 ? 3 : 1); d++) {
                v.add(m + d);
            }
        }
        for (long[] p : NormalTransformsTest.F64_PINS) {
            v.add(p[1] << 32 | p[0] & 0xFFFFFFFFL);
        }
        return v;
    }

    /** f64 angle values, as {@link #f32AngleWords()}. */
    static List<Long> f64AngleValues() {
        List<Long> v = new ArrayList<>(NormalTransformsTest.f64BoundaryAngleValues());
        v.addAll(List.of(-1L, 0L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 62, 3L << 62, (1L << 62) - 1, 0x1ffL));
        for (long[] p : NormalTransformsTest.F64_PINS) {
            v.add(p[3] << 32 | p[2] & 0xFFFFFFFFL);
        }
        return v;
    }

    /** Every adversarial radius word with every adversarial angle word: pairs {@code (rw, aw)} in sequence. */
    private static int[] f32AdversarialWords() {
        List<Integer> radii = f32RadiusWords();
        List<Integer> angles = f32AngleWords();
        int[] words = new int[2 * radii.size() * angles.size()];
        int n = 0;
        for (int aw : angles) {
            for (int rw : radii) {
                words[n++] = rw;
                words[n++] = aw;
            }
        }
        return words;
    }

    /** Every adversarial radius value with every adversarial angle value: Philox blocks in sequence. */
    private static int[] f64AdversarialWords() {
        List<Long> radii = f64RadiusValues();
        List<Long> angles = f64AngleValues();
        int[] words = new int[4 * radii.size() * angles.size()];
        int n = 0;
        for (long av : angles) {
            for (long rv : radii) {
                words[n++] = (int) rv;
                words[n++] = (int) (rv >>> 32);
                words[n++] = (int) av;
                words[n++] = (int) (av >>> 32);
            }
        }
        return words;
    }

    // ---- tests ----

    /** Every even n up to three vector steps and two more, every offset 0..3, over all adversarial pairs. */
    @Test
    void f32MatchesReferenceOnAdversarialWordsForEveryCountAndOffset() {
        int[] words = f32AdversarialWords();
        int maxN = 3 * 2 * floatLanes() + 2;
        for (int n = 0; n <= maxN; n += 2) {
            for (int at = 0; at <= 3; at++) {
                if (n == 0) {
                    checkF32(new int[0], 0, at);
                    continue;
                }
                // consecutive windows of n words (whole pairs): over the n's, each pair in every lane
                int start = 0;
                do {
                    int len = Math.min(n, words.length - start);
                    checkF32(Arrays.copyOfRange(words, start, start + len), len, at);
                    start += n;
                } while (start < words.length);
            }
        }
    }

    @Test
    void f64MatchesReferenceOnAdversarialWordsForEveryCountAndOffset() {
        int[] words = f64AdversarialWords();
        int maxN = 3 * 2 * doubleLanes() + 2;
        for (int n = 0; n <= maxN; n += 2) {
            for (int at = 0; at <= 3; at++) {
                if (n == 0) {
                    checkF64(new int[0], 0, at);
                    continue;
                }
                int start = 0;  // in words: n variates take 2n words
                do {
                    int len = Math.min(2 * n, words.length - start);
                    checkF64(Arrays.copyOfRange(words, start, start + len), len / 2, at);
                    start += 2 * n;
                } while (start < words.length);
            }
        }
    }

    /** One adversarial pair at each pair position among random ones, for n of two vector steps and a tail. */
    @Test
    void adversarialPairAtEveryPairPositionAmongRandomPairs() {
        SplittableRandom random = new SplittableRandom(21);
        int n32 = 2 * 2 * floatLanes() + 2;
        List<Integer> radii = f32RadiusWords();
        List<Integer> angles = f32AngleWords();
        for (int i = 0; i < radii.size(); i++) {
            for (int pos = 0; pos < n32; pos += 2) {
                int[] words = random.ints(n32).toArray();
                words[pos] = radii.get(i);
                words[pos + 1] = angles.get(i % angles.size());
                checkF32(words, n32, i & 3);
            }
        }
        int n64 = 2 * 2 * doubleLanes() + 2;
        List<Long> radii64 = f64RadiusValues();
        List<Long> angles64 = f64AngleValues();
        for (int i = 0; i < radii64.size(); i++) {
            for (int pos = 0; pos < n64; pos += 2) {
                int[] words = random.ints(2 * n64).toArray();
                long rv = radii64.get(i);
                long av = angles64.get(i % angles64.size());
                int w = 2 * pos;
                words[w] = (int) rv;
                words[w + 1] = (int) (rv >>> 32);
                words[w + 2] = (int) av;
                words[w + 3] = (int) (av >>> 32);
                checkF64(words, n64, i & 3);
            }
        }
    }

    @Test
    void matchesReferenceOnRandomWords() {
        SplittableRandom random = new SplittableRandom(0xF64);
        for (int at = 0; at <= 3; at++) {
            int[] words = random.ints(1 << 16).toArray();
            checkF32(words, words.length, at);
            checkF32(words, words.length - 2 * floatLanes() - 2, at);
            checkF64(words, words.length / 2, at);
            checkF64(words, words.length / 2 - 2 * doubleLanes() - 2, at);
        }
        // the far tail: small radius values (u < 2^-20 / 2^-30 and beyond)
        int[] words = random.ints(1 << 16).toArray();
        for (int i = 0; i < words.length; i += 4) {
            words[i] >>>= 11 + random.nextInt(21);  // f32 radius words of pairs i/2 (and every other f64 lo)
            words[i + 1] = random.nextInt() >>> (11 + random.nextInt(21));  // f64 radius hi
        }
        checkF32(words, words.length, 1);
        checkF64(words, words.length / 2, 2);
    }

    /** The pins of {@link NormalTransformsTest} (scalar reference) are the vector kernels' too. */
    @Test
    void pinnedOutputsAreTheVectorKernelsToo() {
        for (int[] p : NormalTransformsTest.F32_PINS) {
            float[] got = new float[2];
            VectorKernelProvider.normalFloatsFromWords(new int[] {p[0], p[1]}, 2, got, 0);
            assertEquals(p[3], Float.floatToRawIntBits(got[p[2]]), Arrays.toString(p));
            // and inside a whole vector step
            int n = 2 * floatLanes();
            int[] words = new int[n];
            for (int i = 0; i < n; i += 2) {
                words[i] = p[0];
                words[i + 1] = p[1];
            }
            float[] many = new float[n];
            VectorKernelProvider.normalFloatsFromWords(words, n, many, 0);
            for (int i = p[2]; i < n; i += 2) {
                assertEquals(p[3], Float.floatToRawIntBits(many[i]), Arrays.toString(p) + " lane " + i);
            }
        }
        for (long[] p : NormalTransformsTest.F64_PINS) {
            int n = 2 * doubleLanes();
            int[] words = new int[2 * n];
            for (int i = 0; i < 2 * n; i += 4) {
                for (int k = 0; k < 4; k++) {
                    words[i + k] = (int) p[k];
                }
            }
            double[] many = new double[n];
            VectorKernelProvider.normalDoublesFromWords(words, n, many, 0);
            for (int i = (int) p[4]; i < n; i += 2) {
                assertEquals(p[5], Double.doubleToRawLongBits(many[i]), Arrays.toString(p) + " lane " + i);
            }
        }
    }
}
