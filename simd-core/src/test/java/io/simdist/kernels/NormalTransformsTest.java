package io.simdist.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@link NormalTransforms} against the exact quantile of its word mapping ({@link
 * InverseNormalReference}, itself checked against 50-digit mpmath values in {@code normal-golden.csv}).
 *
 * <p>The f32 sweep covers every 97th magnitude plus every magnitude in windows at both ends, around the
 * central/tail switch and around each exponent switch of the logarithm. All 2^32 words take ~60 s on
 * two cores: run them with {@code -Dsimdist.test.exhaustive=true}.
 */
class NormalTransformsTest {
    private static final long F32_MAGNITUDES = 1L << 31;
    private static final long F64_TOP = Long.MAX_VALUE;
    /** Adjacent f32 magnitudes where |z| steps up by rounding (documented in NormalTransforms). */
    private static final long F32_DOCUMENTED_REVERSALS = 186;

    private static double f32Bound(double z) {
        return 4e-7 * Math.max(1.0, Math.abs(z));
    }

    private static double f64Bound(double z) {
        return 1e-14 * Math.max(1.0, Math.abs(z));
    }

    private static int lo(long m) {
        return (int) m;
    }

    private static int hi(long m) {
        return (int) (m >>> 32);
    }

    private static double f64(long bits) {
        return NormalTransforms.f64(lo(bits), hi(bits));
    }

    /** The f32 magnitude m whose p = (2m + 1) 2^-32 is nearest to p. */
    private static long f32MagnitudeAt(double p) {
        return Math.round((p * 0x1p32 - 1) / 2);
    }

    /** The f64 magnitude m whose p = (2m + 1) 2^-64 is nearest to p. */
    private static long f64MagnitudeAt(double p) {
        return (long) ((p * 0x1p64 - 1) / 2);
    }

    /** Magnitude ranges [from, to) where every f32 magnitude is checked. */
    private static List<long[]> f32Windows() {
        List<long[]> w = new ArrayList<>();
        w.add(new long[] {0, 2_000_000});  // the whole tail branch (w >= 6.5 ends at m ~ 1.6e6)
        w.add(new long[] {F32_MAGNITUDES - 100_000, F32_MAGNITUDES});
        long split = f32MagnitudeAt(1 - StrictMath.sqrt(1 - StrictMath.exp(-NormalTransforms.F32_SPLIT_W)));
        w.add(new long[] {split - 100_000, split + 100_000});
        for (int k = 0; k >= -31; k--) {  // y = p (2 - p) = 2^k sqrt(1/2): the log's exponent switches
            long m = f32MagnitudeAt(1 - StrictMath.sqrt(1 - StrictMath.scalb(StrictMath.sqrt(0.5), k)));
            w.add(new long[] {Math.max(0, m - 2_000), Math.min(F32_MAGNITUDES, m + 2_000)});
        }
        return w;
    }

    /** Magnitudes checked by the f32 sweep tests: the windows, then every 97th. */
    static void forEachF32Magnitude(LongConsumer action) {
        for (long[] r : f32Windows()) {
            for (long m = r[0]; m < r[1]; m++) {
                action.accept(m);
            }
        }
        for (long m = 0; m < F32_MAGNITUDES; m += 97) {
            action.accept(m);
        }
    }

    /** Worst error / bound seen, and where. */
    private static final class Worst {
        double ratio;
        String where = "nothing checked";

        void offer(double ratio, String where) {
            if (ratio > this.ratio || Double.isNaN(ratio)) {
                this.ratio = ratio;
                this.where = where;
            }
        }
    }

    @Test
    void f32IsWithinBoundOfExactQuantileOverDenseSweep() {
        Worst worst = new Worst();
        forEachF32Magnitude(m -> {
            int word = (int) m;
            float z = NormalTransforms.f32(word);
            double ref = InverseNormalReference.f32Reference(word);
            worst.offer(Math.abs(z - ref) / f32Bound(ref),
                    "word " + Integer.toHexString(word) + ": " + z + " vs " + ref);
        });
        assertTrue(worst.ratio <= 1.0, "error / (4e-7 max(1,|z|)) = " + worst.ratio + " at " + worst.where);
    }

    @Test
    void f32SignBitFlipsOnlyTheSignBit() {
        forEachF32Magnitude(m -> {
            int word = (int) m;
            int plus = Float.floatToRawIntBits(NormalTransforms.f32(word));
            int minus = Float.floatToRawIntBits(NormalTransforms.f32(word | 0x80000000));
            if (minus != (plus ^ 0x80000000)) {
                fail("f32 not symmetric at word " + Integer.toHexString(word));
            }
        });
    }

    @Test
    void f32MagnitudeDoesNotGrowWithMagnitudeBitsBeyondRounding() {
        for (long[] r : f32Windows()) {
            float prev = NormalTransforms.f32((int) r[0]);
            for (long m = r[0] + 1; m < r[1]; m++) {
                float z = NormalTransforms.f32((int) m);
                assertNoReversal(prev, z, m);
                prev = z;
            }
        }
        float prev = Float.POSITIVE_INFINITY;
        for (long m = 0; m < F32_MAGNITUDES; m += 97) {
            float z = NormalTransforms.f32((int) m);
            assertNoReversal(prev, z, m);
            prev = z;
        }
    }

    /** z grows with m only by rounding: at most 2 ulps, and only in the documented |z| range. */
    private static void assertNoReversal(float prev, float z, long m) {
        if (z > prev) {
            boolean documented = z - prev <= 2 * Math.ulp(prev) && z >= 0.89f && z <= 1.12f;
            assertTrue(documented, "f32 grows at m = " + m + ": " + prev + " -> " + z);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "simdist.test.exhaustive", matches = "true")
    void f32IsWithinBoundAndMonotoneOverAllWords() {
        int chunks = 1 << 10;
        long per = F32_MAGNITUDES / chunks;
        double[][] results = IntStream.range(0, chunks).parallel().mapToObj(c -> {
            double worst = 0;
            long worstWord = 0;
            long reversals = 0;
            float prev = c == 0 ? Float.POSITIVE_INFINITY : NormalTransforms.f32((int) (c * per - 1));
            for (long m = c * per; m < (c + 1) * per; m++) {
                int word = (int) m;
                float z = NormalTransforms.f32(word);
                double ref = InverseNormalReference.f32Reference(word);
                double ratio = Math.abs(z - ref) / f32Bound(ref);
                if (!(ratio <= worst)) {
                    worst = ratio;
                    worstWord = m;
                }
                if (Float.floatToRawIntBits(NormalTransforms.f32(word | 0x80000000))
                        != (Float.floatToRawIntBits(z) ^ 0x80000000)) {
                    fail("f32 not symmetric at word " + Integer.toHexString(word));
                }
                if (z > prev) {
                    assertNoReversal(prev, z, m);
                    reversals++;
                }
                prev = z;
            }
            return new double[] {worst, worstWord, reversals};
        }).toArray(double[][]::new);
        double[] worst = Arrays.stream(results).max((a, b) -> Double.compare(a[0], b[0])).orElseThrow();
        assertTrue(worst[0] <= 1.0, "error / bound = " + worst[0] + " at word " + Long.toHexString((long) worst[1]));
        long reversals = Arrays.stream(results).mapToLong(r -> (long) r[2]).sum();
        assertTrue(reversals <= F32_DOCUMENTED_REVERSALS, reversals + " reversals");
    }

    @Test
    void f32TailsReachSixAndStopAtDocumentedMaximum() {
        assertEquals(NormalTransforms.F32_MAX_ABS, NormalTransforms.f32(0));
        assertEquals(-NormalTransforms.F32_MAX_ABS, NormalTransforms.f32(0x80000000));
        assertTrue(NormalTransforms.F32_MAX_ABS >= 6f);
        for (int m = 0; m <= 3; m++) {
            assertTrue(NormalTransforms.f32(m) >= 6f, "m = " + m);
            assertTrue(NormalTransforms.f32(m | 0x80000000) <= -6f, "m = " + m);
        }
        forEachF32Magnitude(m -> {
            float z = NormalTransforms.f32((int) m);
            if (!(Math.abs(z) <= NormalTransforms.F32_MAX_ABS)) {
                fail("|f32| above the documented maximum at m = " + m + ": " + z);
            }
        });
        // The centre: p rounds to 1 for the top 64 magnitudes, which give +-0; the next is 7.47e-8.
        assertEquals(0f, NormalTransforms.f32(0x7fffffff));
        assertEquals(0f, NormalTransforms.f32(0x7fffffff - 63));
        assertEquals(7.4703344e-8f, NormalTransforms.f32(0x7fffffff - 64));
    }

    @Test
    void f64IsWithinBoundOfExactQuantileOverRandomPairsAndBoundaries() {
        Worst worst = new Worst();
        LongConsumer check = b -> {
            double z = f64(b);
            double ref = InverseNormalReference.f64Reference(lo(b), hi(b));
            worst.offer(Math.abs(z - ref) / f64Bound(ref), "bits " + Long.toHexString(b) + ": " + z + " vs " + ref);
        };
        SplittableRandom random = new SplittableRandom(0x5EED_0F_6AL);
        for (int i = 0; i < 10_000_000; i++) {
            check.accept(random.nextLong());
        }
        for (long m : f64Boundaries()) {
            for (long d = -1_000; d <= 1_000; d++) {
                long b = m + d;
                if (b >= 0) {
                    check.accept(b);
                    check.accept(b | Long.MIN_VALUE);
                }
            }
        }
        for (long b : new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            check.accept(b);
        }
        assertTrue(worst.ratio <= 1.0, "error / (1e-14 max(1,|z|)) = " + worst.ratio + " at " + worst.where);
    }

    /** f64 magnitudes next to which every magnitude is checked. */
    static List<Long> f64Boundaries() {
        List<Long> b = new ArrayList<>();
        b.add(1_000L);
        b.add(F64_TOP - 1_000);
        b.add(f64MagnitudeAt(1 - 2 * NormalTransforms.F64_SPLIT_CENTRAL));  // AS 241 central region
        b.add(f64MagnitudeAt(2 * StrictMath.exp(-NormalTransforms.F64_SPLIT_TAIL * NormalTransforms.F64_SPLIT_TAIL)));
        for (int k = -1; k >= -64; k--) {  // q = p / 2 = 2^k sqrt(1/2): the log's exponent switches
            b.add(f64MagnitudeAt(2 * StrictMath.scalb(StrictMath.sqrt(0.5), k)));
        }
        return b;
    }

    @Test
    void f64SignBitFlipsOnlyTheSignBit() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 1_000_000; i++) {
            long b = random.nextLong() & F64_TOP;
            long plus = Double.doubleToRawLongBits(f64(b));
            long minus = Double.doubleToRawLongBits(f64(b | Long.MIN_VALUE));
            assertEquals(plus ^ Long.MIN_VALUE, minus, "bits " + Long.toHexString(b));
        }
    }

    /**
     * Adjacent 63-bit magnitudes are closer than the rounding noise of a double, so there |z| may step
     * up by a few ulps (3 at most seen over 1.1e8 adjacent pairs); across random gaps it never does.
     */
    @Test
    void f64MagnitudeDoesNotGrowWithMagnitudeBitsBeyondRounding() {
        for (long m0 : f64Boundaries()) {
            double prev = f64(Math.max(0, m0 - 100_000));
            for (long m = Math.max(0, m0 - 100_000) + 1; m < Math.min(m0 + 100_000, F64_TOP); m++) {
                double z = f64(m);
                assertTrue(z <= prev + 3 * Math.ulp(prev), "f64 grows at m = " + m + ": " + prev + " -> " + z);
                prev = z;
            }
        }
        for (long m = 1; m < 100_000; m++) {  // the far tail: p is exact and steps are wide
            assertTrue(f64(m) < f64(m - 1), "f64 does not fall at m = " + m);
        }
        SplittableRandom random = new SplittableRandom(7);
        long[] ms = random.longs(1_000_000, 0, F64_TOP).sorted().toArray();
        for (int i = 1; i < ms.length; i++) {
            assertTrue(f64(ms[i]) <= f64(ms[i - 1]), "f64 grows from m = " + ms[i - 1] + " to " + ms[i]);
        }
    }

    @Test
    void f64TailsReachEightAndStopAtDocumentedMaximum() {
        assertEquals(NormalTransforms.F64_MAX_ABS, f64(0));
        assertEquals(-NormalTransforms.F64_MAX_ABS, f64(Long.MIN_VALUE));
        assertTrue(f64(11_475) >= 8.0);
        assertTrue(f64(11_476 | Long.MIN_VALUE) > -8.0);
        assertTrue(f64(11_475 | Long.MIN_VALUE) <= -8.0);
        assertEquals(0.0, f64(F64_TOP));
        assertEquals(0.0, f64(F64_TOP - 511));
        assertTrue(f64(F64_TOP - 512) > 0.0);
    }

    @Test
    void kernelsAndReferenceMatchMpmathGoldenValues() throws IOException {
        int rows = 0;
        try (InputStream in = NormalTransformsTest.class.getResourceAsStream("normal-golden.csv");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                double z = Double.parseDouble(f[3]);
                int w0 = Integer.parseUnsignedInt(f[1].substring(2), 16);
                double kernel;
                double ref;
                double bound;
                if (f[0].equals("f32")) {
                    kernel = NormalTransforms.f32(w0);
                    ref = InverseNormalReference.f32Reference(w0);
                    bound = f32Bound(z);
                } else {
                    int w1 = Integer.parseUnsignedInt(f[2].substring(2), 16);
                    kernel = NormalTransforms.f64(w0, w1);
                    ref = InverseNormalReference.f64Reference(w0, w1);
                    bound = f64Bound(z);
                }
                assertTrue(Math.abs(kernel - z) <= bound, line + ": kernel gives " + kernel);
                assertTrue(Math.abs(ref - z) <= 1e-15 * Math.max(1, Math.abs(z)), line + ": reference gives " + ref);
                rows++;
            }
        }
        assertTrue(rows > 2_000, rows + " rows");
    }

    /** Exact outputs: the word mapping and the transforms never change silently. */
    @Test
    void outputsArePinned() {
        int[][] f32 = {
            {0x00000000, 0x40cad08d}, // 6.337958
            {0x00000001, 0x40c55364}, // 6.1664295
            {0x80000000, 0xc0cad08d}, // -6.337958
            {0x12345678, 0x3fbbd931}, // 1.4675657
            {0x9abcdef0, 0xbfa0d924}, // -1.2566266
            {0x7fffff00, 0x34206c99}, // 1.4940669E-7
            {0x00189d3f, 0x4057b12b}, // 3.3701885, next to the central/tail switch
            {0xdeadbeef, 0xbeaa20b3}, // -0.33228073
        };
        for (int[] c : f32) {
            assertEquals(c[1], Float.floatToRawIntBits(NormalTransforms.f32(c[0])), Integer.toHexString(c[0]));
        }
        long[][] f64 = {
            {0x00000000, 0x00000000, 0x40224f82aa55eb14L}, // 9.155293772686072
            {0x00000000, 0x80000000, 0xc0224f82aa55eb14L}, // -9.155293772686072
            {0x89abcdef, 0x01234567, 0x4004ee2dc0a9dff7L}, // 2.6162982036439604
            {0xdeadbeef, 0xcafebabe, 0xbfe16ee917886e82L}, // -0.5447888812663708
            {0x12345678, 0x133f2a4d, 0x3ff7030af9a2e719L}, // 1.438242888585995
            {0xffffffff, 0x7ffffffe, 0x3e040d931ff62705L}, // 5.836198745833245E-10
        };
        for (long[] c : f64) {
            assertEquals(c[2], Double.doubleToRawLongBits(NormalTransforms.f64((int) c[0], (int) c[1])),
                    Long.toHexString(c[0]) + " " + Long.toHexString(c[1]));
        }
    }

    @Test
    void inverseCdfMatchesTheReferenceQuantileFromTheFarTailToTheCentre() {
        SplittableRandom r = new SplittableRandom(40);
        for (int k = 0; k < 200_000; k++) {
            double q = Math.pow(10, -300 * Math.pow(r.nextDouble(), 3)) * 0.5;
            double ref = InverseNormalReference.upperQuantile(q, 0.5 - q);
            double tol = 1e-14 * Math.max(1, ref);
            assertEquals(-ref, NormalTransforms.inverseCdf(q), tol, "u = " + q);
            if (q >= 0x1p-53) {
                // u = 1 - q rounds, but its tail 1 - u is exact (Sterbenz): compare with that tail
                double u = 1 - q;
                double exact = 1 - u;
                assertEquals(InverseNormalReference.upperQuantile(exact, 0.5 - exact), NormalTransforms.inverseCdf(u),
                        tol, "u = 1 - " + exact);
            }
        }
        assertEquals(0.0, NormalTransforms.inverseCdf(0.5));
        assertEquals(Double.NEGATIVE_INFINITY, NormalTransforms.inverseCdf(0));
        assertEquals(Double.POSITIVE_INFINITY, NormalTransforms.inverseCdf(1));
        double smallest = NormalTransforms.inverseCdf(Double.MIN_VALUE);
        assertTrue(smallest < NormalTransforms.inverseCdf(Double.MIN_NORMAL) && smallest > -40, "subnormal u: " + smallest);
    }
}
