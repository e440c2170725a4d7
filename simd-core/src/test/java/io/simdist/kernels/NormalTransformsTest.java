package io.simdist.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.simdist.kernels.BoxMullerReference.DD;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
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
 * {@link NormalTransforms}: normal transform v2 (Box-Muller, 2026-12-06), which replaced v1 (the
 * inverse CDF, one word per f32 variate), piece by piece against high-precision references
 * ({@link BoxMullerReference}), its quadrant and sign logic, its range, and pinned outputs; and the
 * inverse CDF, which stays as the quantile of {@code Normal.icdf}, against {@link InverseNormalReference}
 * and 50-digit mpmath values.
 *
 * <p>Bounds and the worst errors measured (the bounds leave margin; "exhaustive" is over every input):
 * <ul>
 *   <li>f32 radius, error / max(1, r): bound 3e-7, measured 1.805e-7 exhaustively (at m = 1300356161);
 *       error / r: bound 4e-7, measured 2.82e-7 (m = 1893674055). Non-increasing in m: no reversal over
 *       all 2^31 magnitudes. The sweep here: every 128th magnitude, both ends, every switch of the log's
 *       exponent and the two worst magnitudes. All 2^31 take about 80 s on two cores: run them with
 *       {@code -Dsimdist.test.exhaustive=true}.</li>
 *   <li>f64 radius (its log polynomial by Estrin's scheme), error / r: bound 1e-15, measured 4.75e-16
 *       over 10^6 random values (4.6e-16 in the sample here); no reversal.</li>
 *   <li>f32 sin / cos, exhaustive over the 2^24 angle codes: abs. error bound 1e-7, measured 4.4e-8
 *       (sin) and 7.4e-8 (cos); sin rel. error bound 2^-23, measured 7.05e-8.</li>
 *   <li>f64 sin / cos against double-double: abs. bound 2e-16, measured 7.7e-17 (sin) and 1.37e-16
 *       (cos); sin rel. bound 2.5e-16, measured 1.24e-16 (over 10^6 angles; 10^5 here). Against
 *       StrictMath (whose own error is up to an ulp): bound 2.5e-16, measured 1.11e-16.</li>
 *   <li>Pair identity {@code z0^2 + z1^2 = r^2}: f32 rel. bound 4e-7, measured 2.44e-7
 *       ({@code |sin^2 + cos^2 - 1|} alone is up to 1.63e-7); f64 1e-15, measured 4.9e-16.</li>
 *   <li>Whole transform against exact Box-Muller of its own u and angle, error / max(1, |z|): the
 *       documented f32 3e-7 (measured 2.53e-7: little margin, a change of the f32 pieces may need the
 *       documented bound revised) and f64 2e-15 (measured 4.4e-16).</li>
 *   <li>Quadrant logic against {@code r cos} / {@code r sin} of the full angle in double: f32 bound
 *       2e-7 r, measured 1.12e-7 r; f64 bound 2e-15 r, measured 6.7e-16 r.</li>
 * </ul>
 */
class NormalTransformsTest {
    private static final long F32_MAGNITUDES = 1L << 31;

    /** The two f32 magnitudes with the largest radius errors over all 2^31 (absolute and relative). */
    private static final long[] F32_WORST_MAGNITUDES = {1300356161L, 1893674055L};

    private static final double F32_RADIUS_BOUND = 3e-7;
    private static final double F32_RADIUS_REL_BOUND = 4e-7;
    private static final double F64_RADIUS_BOUND = 1e-15;
    private static final double F32_SINCOS_BOUND = 1e-7;
    private static final double F32_SIN_REL_BOUND = 0x1p-23;
    private static final double F64_SINCOS_BOUND = 2e-16;
    private static final double F64_SIN_REL_BOUND = 2.5e-16;
    private static final double F64_SINCOS_STRICT_BOUND = 2.5e-16;

    // ---- helpers ----

    /** Radius word of f32 magnitude m (bit 0, which is not used, clear). */
    private static int radiusWord(long m) {
        return (int) (m << 1);
    }

    /** Angle word of quadrant q and signed 24-bit code c, with the 6 unused low bits {@code low}. */
    static int angleWord(int q, int c, int low) {
        return q << 30 | (c << 6) & 0x3fffffc0 | low & 0x3f;
    }

    /** Angle value of quadrant q and signed 53-bit code c, with the 9 unused low bits {@code low}. */
    static long angleValue(int q, long c, int low) {
        return (long) q << 62 | (c << 9) & 0x3fff_ffff_ffff_fe00L | low & 0x1ff;
    }

    private static double f64Radius(long m) {
        return NormalTransforms.f64Radius((int) m, (int) (m >>> 32));
    }

    private static double f64(long radius, long angle, int half) {
        return NormalTransforms.f64((int) radius, (int) (radius >>> 32), (int) angle, (int) (angle >>> 32), half);
    }

    /** The f32 magnitude m whose u = (2m + 1) 2^-32 is nearest to u. */
    private static long f32MagnitudeAt(double u) {
        return Math.round((u * 0x1p32 - 1) / 2);
    }

    /** Magnitude ranges [from, to) in which every f32 magnitude is checked. */
    private static List<long[]> f32Windows() {
        List<long[]> w = new ArrayList<>();
        w.add(new long[] {0, 100_000});                                  // the far tail
        w.add(new long[] {F32_MAGNITUDES - 100_000, F32_MAGNITUDES});    // u near 1: the smallest radii
        for (int k = 0; k >= -31; k--) {  // u = 2^k sqrt(1/2): the log's exponent switches (k = 0: 1 - u)
            long m = f32MagnitudeAt(StrictMath.scalb(StrictMath.sqrt(0.5), k));
            w.add(new long[] {Math.max(0, m - 2_000), Math.min(F32_MAGNITUDES, m + 2_000)});
        }
        for (int j = 22; j <= 30; j++) {  // float(m) exact below 2^23, then rounding to 2^(j - 23)
            w.add(new long[] {(1L << j) - 2_000, (1L << j) + 2_000});
        }
        for (long m : F32_WORST_MAGNITUDES) {
            w.add(new long[] {m - 1_000, m + 1_000});
        }
        return w;
    }

    /** Every 128th magnitude, each with other low bits: 2^24 magnitudes, increasing. */
    private static void forEachStridedF32Magnitude(LongConsumer action) {
        for (long j = 0; j < F32_MAGNITUDES / 128; j++) {
            action.accept(128 * j + (37 * j) % 128);
        }
    }

    /** Worst error / bound seen, and where. */
    private static final class Worst {
        double ratio;
        String where = "nothing checked";

        void offer(double ratio, java.util.function.Supplier<String> where) {
            if (ratio > this.ratio || Double.isNaN(ratio)) {
                this.ratio = ratio;
                this.where = where.get();
            }
        }

        void check(String what) {
            assertTrue(ratio <= 1.0, what + ": error / bound = " + ratio + " at " + where);
        }
    }

    // ---- radius ----

    /** Checks the f32 radius of magnitude m against the double reference; returns the radius. */
    private static float checkF32Radius(long m, Worst abs, Worst rel) {
        int w = radiusWord(m);
        float r = NormalTransforms.f32Radius(w);
        if (Float.floatToRawIntBits(NormalTransforms.f32Radius(w | 1)) != Float.floatToRawIntBits(r)) {
            fail("bit 0 of the radius word changes the radius at m = " + m);
        }
        double ref = BoxMullerReference.f32Radius(w);
        double e = Math.abs(r - ref);
        abs.offer(e / (F32_RADIUS_BOUND * Math.max(1, ref)), () -> "m = " + m + ": " + r + " vs " + ref);
        rel.offer(e / (F32_RADIUS_REL_BOUND * ref), () -> "m = " + m + ": " + r + " vs " + ref);
        return r;
    }

    @Test
    void f32RadiusIsWithinBoundOfSqrtMinus2LnUOverDenseSweep() {
        Worst abs = new Worst();
        Worst rel = new Worst();
        for (long[] r : f32Windows()) {
            for (long m = r[0]; m < r[1]; m++) {
                checkF32Radius(m, abs, rel);
            }
        }
        forEachStridedF32Magnitude(m -> checkF32Radius(m, abs, rel));
        abs.check("f32 radius, error / (3e-7 max(1, r))");
        rel.check("f32 radius, error / (4e-7 r)");
    }

    @Test
    void f32RadiusNeverGrowsWithTheMagnitude() {
        for (long[] r : f32Windows()) {
            float prev = NormalTransforms.f32Radius(radiusWord(r[0]));
            for (long m = r[0] + 1; m < r[1]; m++) {
                float z = NormalTransforms.f32Radius(radiusWord(m));
                if (z > prev) {
                    fail("f32 radius grows at m = " + m + ": " + prev + " -> " + z);
                }
                prev = z;
            }
        }
        float[] prev = {Float.POSITIVE_INFINITY};
        forEachStridedF32Magnitude(m -> {
            float z = NormalTransforms.f32Radius(radiusWord(m));
            if (z > prev[0]) {
                fail("f32 radius grows at m = " + m + ": " + prev[0] + " -> " + z);
            }
            prev[0] = z;
        });
    }

    @Test
    @EnabledIfSystemProperty(named = "simdist.test.exhaustive", matches = "true")
    void f32RadiusIsWithinBoundAndMonotoneOverAllMagnitudes() {
        int chunks = 1 << 10;
        long per = F32_MAGNITUDES / chunks;
        double[][] results = IntStream.range(0, chunks).parallel().mapToObj(c -> {
            Worst abs = new Worst();
            Worst rel = new Worst();
            float prev = c == 0 ? Float.POSITIVE_INFINITY : NormalTransforms.f32Radius(radiusWord(c * per - 1));
            for (long m = c * per; m < (c + 1) * per; m++) {
                float r = checkF32Radius(m, abs, rel);
                if (r > prev) {
                    fail("f32 radius grows at m = " + m);
                }
                prev = r;
            }
            abs.check("f32 radius, error / (3e-7 max(1, r))");
            rel.check("f32 radius, error / (4e-7 r)");
            return new double[] {abs.ratio, rel.ratio};
        }).toArray(double[][]::new);
        assertTrue(Arrays.stream(results).allMatch(r -> r[0] <= 1 && r[1] <= 1));
    }

    /**
     * Magnitudes next to each switch of the f64 radius's log, {@code u = 2^-j sqrt(1/2)} (j = 0: the
     * complement branch for u >= sqrt(1/2)): for the 17 doubles nearest the switch point, the magnitudes
     * whose u rounds to them and their neighbours. Increasing (unsigned) within each j.
     */
    static List<Long> f64SwitchMagnitudes() {
        List<Long> ms = new ArrayList<>();
        BigDecimal two65 = new BigDecimal(BigInteger.ONE.shiftLeft(65));
        for (int j = 0; j <= 64; j++) {
            double x = StrictMath.scalb(StrictMath.sqrt(0.5), -j);
            for (int i = -8; i <= 8; i++) {
                double d = x + i * Math.ulp(x);
                // m = ((d 2^65) - 1) / 2, floor
                BigInteger m = new BigDecimal(d).multiply(two65).subtract(BigDecimal.ONE)
                        .divide(BigDecimal.valueOf(2)).toBigInteger();
                for (int e = -1; e <= 1; e++) {
                    BigInteger v = m.add(BigInteger.valueOf(e));
                    if (v.signum() >= 0 && v.bitLength() <= 64) {
                        ms.add(v.longValue());
                    }
                }
            }
        }
        return ms;
    }

    /** Random f64 radius values over every scale of u and of 1 - u, plus both ends and the switches. */
    static long[] f64RadiusValues(int randomCount, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Long> ms = new ArrayList<>(f64SwitchMagnitudes());
        for (long m = 0; m < 1_000; m++) {
            ms.add(m);
            ms.add(-1 - m);  // 2^64 - 1 - m
        }
        for (int i = 0; i < randomCount; i++) {
            long m = random.nextLong();
            ms.add(switch (i & 3) {
                case 0 -> m;
                case 1 -> m >>> random.nextInt(64);     // small u: the tail
                case 2 -> ~(m >>> random.nextInt(64));  // u near 1: small radii
                default -> m >>> 1 | Long.MIN_VALUE;     // u in [1/2, 1)
            });
        }
        return ms.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void f64RadiusIsWithinBoundOfDoubleDoubleReference() {
        Worst worst = new Worst();
        for (long m : f64RadiusValues(200_000, 0x5EED_0F_6AL)) {
            int lo = (int) m;
            int hi = (int) (m >>> 32);
            double r = NormalTransforms.f64Radius(lo, hi);
            DD ref = BoxMullerReference.f64Radius(lo, hi);
            worst.offer(Math.abs(ref.minus(r)) / (F64_RADIUS_BOUND * ref.hi()),
                    () -> "m = " + Long.toUnsignedString(m) + ": " + r + " vs " + ref);
        }
        worst.check("f64 radius, error / (1e-15 r)");
    }

    @Test
    void f64RadiusNeverGrowsWithTheMagnitude() {
        long[] sorted = f64RadiusValues(200_000, 7);
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] ^= Long.MIN_VALUE;  // unsigned order as signed
        }
        Arrays.sort(sorted);
        double prev = Double.POSITIVE_INFINITY;
        for (long s : sorted) {
            long m = s ^ Long.MIN_VALUE;
            double r = f64Radius(m);
            assertTrue(r <= prev, "f64 radius grows at m = " + Long.toUnsignedString(m) + ": " + prev + " -> " + r);
            prev = r;
        }
        for (long m = 1; m < 100_000; m++) {  // the far tail: u is exact and the steps are wide
            assertTrue(f64Radius(m) < f64Radius(m - 1), "f64 radius does not fall at m = " + m);
        }
    }

    /** The double-double references agree with 40-digit BigDecimal ones to 1e-30. */
    @Test
    void doubleDoubleReferencesAgreeWithBigDecimal() {
        SplittableRandom random = new SplittableRandom(3);
        MathContext mc = MathContext.DECIMAL64;
        long[] ms = f64RadiusValues(60, 3);
        for (int i = 0; i < ms.length; i += Math.max(1, ms.length / 150)) {
            long m = ms[i];
            DD u = BoxMullerReference.f64U((int) m, (int) (m >>> 32));
            assertEquals(0, u.big().compareTo(BoxMullerReference.bigU(m)), "u exact, m = " + Long.toUnsignedString(m));
            DD dd = BoxMullerReference.negLn(u);
            BigDecimal big = BoxMullerReference.bigNegLn(BoxMullerReference.bigU(m));
            double rel = dd.big().subtract(big).abs().divide(big, mc).doubleValue();
            assertTrue(rel < 1e-30, "-ln u at m = " + Long.toUnsignedString(m) + ": relative difference " + rel);
        }
        for (int i = 0; i < 300; i++) {
            double a = i < 4 ? new double[] {NormalTransforms.F64_ANGLE_STEP / 2, -Math.PI / 4, Math.PI / 4, 0.5}[i]
                    : (random.nextDouble() - 0.5) * Math.PI / 2 * Math.pow(2, -random.nextInt(40));
            for (int p = 0; p <= 1; p++) {
                DD dd = p == 1 ? BoxMullerReference.sin(a) : BoxMullerReference.cos(a);
                BigDecimal big = BoxMullerReference.bigSinCos(a, p);
                double rel = dd.big().subtract(big).abs().divide(big.abs(), mc).doubleValue();
                assertTrue(rel < 1e-30, (p == 1 ? "sin " : "cos ") + a + ": relative difference " + rel);
            }
        }
    }

    // ---- angle ----

    @Test
    void f32AngleIsTheExactlyRoundedMidpointOfItsArcSymmetricAndStrictlyInside() {
        assertEquals((float) (Math.PI / 2) * 0x1p-24f, NormalTransforms.F32_ANGLE_STEP);
        assertEquals(Math.PI / 2 * 0x1p-24, NormalTransforms.F32_ANGLE_STEP, 0x1p-24 * Math.ulp((float) (Math.PI / 2)));
        double step = NormalTransforms.F32_ANGLE_STEP;
        float prev = Float.NEGATIVE_INFINITY;
        for (int c = -(1 << 23); c < 1 << 23; c++) {  // every code, in increasing order
            float a = NormalTransforms.f32Angle(angleWord(0, c, 0));
            if (a != (float) ((c + 0.5) * step)) {  // (c + 1/2) step is exact in double: one rounding
                fail("f32 angle of code " + c + " is " + a + ", not (c + 1/2) step rounded once");
            }
            if (NormalTransforms.f32Angle(angleWord(0, -1 - c, 0)) != -a) {
                fail("f32 angles of codes " + c + " and " + (-1 - c) + " are not opposite");
            }
            if (!(a > prev)) {
                fail("f32 angle does not increase at code " + c);
            }
            prev = a;
        }
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 100_000; i++) {  // the quadrant and the 6 low bits do not change a
            int w = random.nextInt();
            assertEquals(NormalTransforms.f32Angle(w & 0x3fffffc0), NormalTransforms.f32Angle(w), Integer.toHexString(w));
        }
        float max = NormalTransforms.f32Angle(angleWord(0, (1 << 23) - 1, 0));
        float min = NormalTransforms.f32Angle(angleWord(0, -(1 << 23), 0));
        assertEquals(-max, min);
        assertEquals(0x1.921fb4p-1f, max);  // pi/4 - 6e-8 (float(pi/4) = 0x1.921fb6p-1 is above pi/4)
        assertTrue(new BigDecimal(max).compareTo(BoxMullerReference.BIG_PI_OVER_4) < 0, "below pi/4");
        assertEquals((float) (0.5 * step), NormalTransforms.f32Angle(0));
        assertEquals((float) (-0.5 * step), NormalTransforms.f32Angle(0x3fffffc0));
    }

    @Test
    void f64AngleIsTheExactlyRoundedMidpointOfItsArcSymmetricAndStrictlyInside() {
        assertEquals(Math.PI / 2 * 0x1p-53, NormalTransforms.F64_ANGLE_STEP);
        BigDecimal step = new BigDecimal(NormalTransforms.F64_ANGLE_STEP);
        SplittableRandom random = new SplittableRandom(10);
        long top = (1L << 52) - 1;
        List<Long> codes = new ArrayList<>();
        for (long d = 0; d < 2_000; d++) {
            codes.addAll(List.of(d, -1 - d, top - d, -top - 1 + d));
        }
        for (int i = 0; i < 100_000; i++) {
            codes.add(random.nextLong() >> (11 + random.nextInt(53)));
        }
        for (long c : codes) {
            double a = NormalTransforms.f64Angle(angleValue(0, c, 0));
            double exact = new BigDecimal(c).add(new BigDecimal("0.5")).multiply(step).doubleValue();
            if (a != exact) {
                fail("f64 angle of code " + c + " is " + a + ", not (c + 1/2) step rounded once (" + exact + ")");
            }
            if (NormalTransforms.f64Angle(angleValue(0, -1 - c, 0)) != -a) {
                fail("f64 angles of codes " + c + " and " + (-1 - c) + " are not opposite");
            }
            long v = random.nextLong();  // the quadrant and the 9 low bits do not change a
            assertEquals(a, NormalTransforms.f64Angle(angleValue((int) (v >>> 62), c, (int) v)), "code " + c);
        }
        for (long[] range : new long[][] {{-top - 1, -top + 2_000}, {-2_000, 2_000}, {top - 2_000, top}}) {
            double prev = NormalTransforms.f64Angle(angleValue(0, range[0], 0));
            for (long c = range[0] + 1; c <= range[1]; c++) {
                double a = NormalTransforms.f64Angle(angleValue(0, c, 0));
                assertTrue(a > prev, "f64 angle does not increase at code " + c);
                prev = a;
            }
        }
        double max = NormalTransforms.f64Angle(angleValue(0, top, 0));
        assertEquals(-max, NormalTransforms.f64Angle(angleValue(0, -top - 1, 0)));
        assertEquals(Math.nextDown(Math.PI / 4), max);
        assertTrue(new BigDecimal(max).compareTo(BoxMullerReference.BIG_PI_OVER_4) < 0, "below pi/4");
        assertEquals(NormalTransforms.F64_ANGLE_STEP / 2, NormalTransforms.f64Angle(0));
        assertEquals(-NormalTransforms.F64_ANGLE_STEP / 2, NormalTransforms.f64Angle(0x3fff_ffff_ffff_fe00L));
    }

    // ---- sin and cos ----

    @Test
    void f32SinAndCosAreWithinBoundOverAllAngleCodes() {
        Worst sinAbs = new Worst();
        Worst sinRel = new Worst();
        Worst cosAbs = new Worst();
        for (int c = -(1 << 23); c < 1 << 23; c++) {
            float a = NormalTransforms.f32Angle(angleWord(0, c, 0));
            float s = NormalTransforms.f32Sin(a);
            float co = NormalTransforms.f32Cos(a);
            double rs = Math.sin(a);
            double rc = Math.cos(a);
            int code = c;
            sinAbs.offer(Math.abs(s - rs) / F32_SINCOS_BOUND, () -> "code " + code + ": sin " + s + " vs " + rs);
            sinRel.offer(Math.abs(s - rs) / (F32_SIN_REL_BOUND * Math.abs(rs)), () -> "code " + code + ": sin " + s);
            cosAbs.offer(Math.abs(co - rc) / F32_SINCOS_BOUND, () -> "code " + code + ": cos " + co + " vs " + rc);
            if (!(Math.abs(s) <= 1f && co <= 1f && co > 0.7f && Math.signum(s) == Math.signum(a))) {
                fail("f32 sin/cos out of range at code " + c + ": " + s + ", " + co);
            }
        }
        sinAbs.check("f32 sin, abs. error / 1e-7");
        sinRel.check("f32 sin, rel. error / 2^-23");
        cosAbs.check("f32 cos, abs. error / 1e-7");
    }

    /** Angles for the f64 sin and cos tests: random codes at every scale, and the ends of the range. */
    private static double[] f64Angles(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long top = (1L << 52) - 1;
        double[] a = new double[count];
        long[] ends = {0, -1, 1, -2, top, -top - 1, top - 1, -top};
        for (int i = 0; i < count; i++) {
            long c = i < ends.length ? ends[i] : random.nextLong() >> (11 + ((i & 1) == 0 ? 0 : random.nextInt(53)));
            a[i] = NormalTransforms.f64Angle(angleValue(0, c, 0));
        }
        return a;
    }

    @Test
    void f64SinAndCosAreWithinBoundOfDoubleDoubleAndStrictMath() {
        Worst sinAbs = new Worst();
        Worst sinRel = new Worst();
        Worst cosAbs = new Worst();
        for (double a : f64Angles(100_000, 12)) {
            double s = NormalTransforms.f64Sin(a);
            double c = NormalTransforms.f64Cos(a);
            DD rs = BoxMullerReference.sin(a);
            DD rc = BoxMullerReference.cos(a);
            sinAbs.offer(Math.abs(rs.minus(s)) / F64_SINCOS_BOUND, () -> "sin " + a + " = " + s);
            sinRel.offer(Math.abs(rs.minus(s)) / (F64_SIN_REL_BOUND * Math.abs(rs.hi())), () -> "sin " + a + " = " + s);
            cosAbs.offer(Math.abs(rc.minus(c)) / F64_SINCOS_BOUND, () -> "cos " + a + " = " + c);
        }
        sinAbs.check("f64 sin against double-double, abs. error / 2e-16");
        sinRel.check("f64 sin against double-double, rel. error / 2.5e-16");
        cosAbs.check("f64 cos against double-double, abs. error / 2e-16");
        Worst strict = new Worst();
        for (double a : f64Angles(1_000_000, 13)) {
            double s = NormalTransforms.f64Sin(a);
            double c = NormalTransforms.f64Cos(a);
            strict.offer(Math.abs(s - StrictMath.sin(a)) / F64_SINCOS_STRICT_BOUND, () -> "sin " + a + " = " + s);
            strict.offer(Math.abs(c - StrictMath.cos(a)) / F64_SINCOS_STRICT_BOUND, () -> "cos " + a + " = " + c);
            if (!(Math.abs(s) <= 1 && c <= 1 && c > 0.7 && Math.signum(s) == Math.signum(a))) {
                fail("f64 sin/cos out of range at " + a + ": " + s + ", " + c);
            }
        }
        strict.check("f64 sin/cos against StrictMath, abs. error / 2.5e-16");
    }

    // ---- quadrants, signs, halves ----

    /** Angle words at every quadrant boundary: the extreme codes of each quadrant, with 0 and 1 low bits. */
    static List<Integer> f32BoundaryAngleWords() {
        List<Integer> w = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            for (int c : new int[] {0, -1, 1, -2, (1 << 23) - 1, -(1 << 23), (1 << 23) - 2, -(1 << 23) + 1}) {
                w.add(angleWord(q, c, 0));
                w.add(angleWord(q, c, 0x3f));
            }
        }
        return w;
    }

    /** Angle values at every quadrant boundary, as {@link #f32BoundaryAngleWords()}. */
    static List<Long> f64BoundaryAngleValues() {
        List<Long> w = new ArrayList<>();
        long top = (1L << 52) - 1;
        for (int q = 0; q < 4; q++) {
            for (long c : new long[] {0, -1, 1, -2, top, -top - 1, top - 1, -top}) {
                w.add(angleValue(q, c, 0));
                w.add(angleValue(q, c, 0x1ff));
            }
        }
        return w;
    }

    @Test
    void f32HalvesAreRCosAndRSinOfTheFullAngleInEveryQuadrant() {
        SplittableRandom random = new SplittableRandom(14);
        List<Integer> angles = f32BoundaryAngleWords();
        for (int i = 0; i < 200_000; i++) {
            angles.add(random.nextInt());
        }
        Worst worst = new Worst();
        for (int i = 0; i < angles.size(); i++) {
            int aw = angles.get(i);
            int rw = (i & 1) == 0 ? random.nextInt() : random.nextInt() >>> random.nextInt(32);
            float r = NormalTransforms.f32Radius(rw);
            double theta = (aw >>> 30) * (Math.PI / 2) + NormalTransforms.f32Angle(aw);
            float z0 = NormalTransforms.f32(rw, aw, 0);
            float z1 = NormalTransforms.f32(rw, aw, 1);
            // cos/sin errors up to 7.4e-8, and the product's rounding: 1.17e-7 r measured
            worst.offer(Math.abs(z0 - r * Math.cos(theta)) / (2e-7 * r), () -> "cos half at " + Integer.toHexString(rw)
                    + ", " + Integer.toHexString(aw) + ": " + z0 + " vs r cos theta = " + r * Math.cos(theta));
            worst.offer(Math.abs(z1 - r * Math.sin(theta)) / (2e-7 * r), () -> "sin half at " + Integer.toHexString(rw)
                    + ", " + Integer.toHexString(aw) + ": " + z1 + " vs r sin theta = " + r * Math.sin(theta));
            // the pieces path (SmallWords) gives the same bits
            float a = NormalTransforms.f32Angle(aw);
            assertEquals(Float.floatToRawIntBits(z0), Float.floatToRawIntBits(NormalTransforms.f32(r, a, aw, 0)));
            assertEquals(Float.floatToRawIntBits(z1), Float.floatToRawIntBits(NormalTransforms.f32(r, a, aw, 1)));
        }
        worst.check("f32 halves against r cos / r sin of q pi/2 + a, error / (2e-7 r)");
    }

    @Test
    void f64HalvesAreRCosAndRSinOfTheFullAngleInEveryQuadrant() {
        SplittableRandom random = new SplittableRandom(15);
        List<Long> angles = f64BoundaryAngleValues();
        for (int i = 0; i < 200_000; i++) {
            angles.add(random.nextLong());
        }
        Worst worst = new Worst();
        for (int i = 0; i < angles.size(); i++) {
            long av = angles.get(i);
            long rv = (i & 1) == 0 ? random.nextLong() : random.nextLong() >>> random.nextInt(64);
            double r = f64Radius(rv);
            // theta rounded to double (error up to 4.4e-16), StrictMath within an ulp
            double theta = (av >>> 62) * (Math.PI / 2) + NormalTransforms.f64Angle(av);
            double z0 = f64(rv, av, 0);
            double z1 = f64(rv, av, 1);
            worst.offer(Math.abs(z0 - r * StrictMath.cos(theta)) / (2e-15 * r), () -> "cos half at "
                    + Long.toHexString(rv) + ", " + Long.toHexString(av) + ": " + z0);
            worst.offer(Math.abs(z1 - r * StrictMath.sin(theta)) / (2e-15 * r), () -> "sin half at "
                    + Long.toHexString(rv) + ", " + Long.toHexString(av) + ": " + z1);
            double a = NormalTransforms.f64Angle(av);
            assertEquals(Double.doubleToRawLongBits(z0), Double.doubleToRawLongBits(NormalTransforms.f64(r, a, av, 0)));
            assertEquals(Double.doubleToRawLongBits(z1), Double.doubleToRawLongBits(NormalTransforms.f64(r, a, av, 1)));
        }
        worst.check("f64 halves against r cos / r sin of q pi/2 + a, error / (2e-15 r)");
    }

    /**
     * Exact identities: the next quadrant rotates the pair by pi/2 ({@code (z0, z1) -> (-z1, z0)}, bit for
     * bit), the opposite one negates it, only the parity of {@code half} counts, and the unused bits
     * (bit 0 of the f32 radius word, the 6 (f32) or 9 (f64) low angle bits) change nothing.
     */
    @Test
    void quadrantsRotateThePairExactlyAndUnusedBitsAreIgnored() {
        SplittableRandom random = new SplittableRandom(16);
        List<Integer> boundary32 = f32BoundaryAngleWords();
        for (int i = 0; i < 200_000; i++) {
            int rw = random.nextInt();
            int aw = i < boundary32.size() ? boundary32.get(i) : random.nextInt();
            int z0 = Float.floatToRawIntBits(NormalTransforms.f32(rw, aw, 0));
            int z1 = Float.floatToRawIntBits(NormalTransforms.f32(rw, aw, 1));
            int next = aw + 0x40000000;
            assertEquals(z1 ^ 0x80000000, Float.floatToRawIntBits(NormalTransforms.f32(rw, next, 0)), "rotated cos half");
            assertEquals(z0, Float.floatToRawIntBits(NormalTransforms.f32(rw, next, 1)), "rotated sin half");
            assertEquals(z0 ^ 0x80000000, Float.floatToRawIntBits(NormalTransforms.f32(rw, aw ^ 0x80000000, 0)));
            assertEquals(z1 ^ 0x80000000, Float.floatToRawIntBits(NormalTransforms.f32(rw, aw ^ 0x80000000, 1)));
            int half = random.nextInt();
            assertEquals((half & 1) == 0 ? z0 : z1, Float.floatToRawIntBits(NormalTransforms.f32(rw, aw, half)));
            int other = random.nextInt();
            assertEquals(z0, Float.floatToRawIntBits(NormalTransforms.f32(rw ^ (other & 1), aw ^ (other & 0x3f), 0)));
            assertEquals(z1, Float.floatToRawIntBits(NormalTransforms.f32(rw ^ (other & 1), aw ^ (other & 0x3f), 1)));
        }
        List<Long> boundary = f64BoundaryAngleValues();
        for (int i = 0; i < 200_000; i++) {
            long rv = random.nextLong();
            long av = i < boundary.size() ? boundary.get(i) : random.nextLong();
            long z0 = Double.doubleToRawLongBits(f64(rv, av, 0));
            long z1 = Double.doubleToRawLongBits(f64(rv, av, 1));
            long next = av + (1L << 62);
            assertEquals(z1 ^ Long.MIN_VALUE, Double.doubleToRawLongBits(f64(rv, next, 0)), "rotated cos half");
            assertEquals(z0, Double.doubleToRawLongBits(f64(rv, next, 1)), "rotated sin half");
            assertEquals(z0 ^ Long.MIN_VALUE, Double.doubleToRawLongBits(f64(rv, av ^ Long.MIN_VALUE, 0)));
            assertEquals(z1 ^ Long.MIN_VALUE, Double.doubleToRawLongBits(f64(rv, av ^ Long.MIN_VALUE, 1)));
            int half = random.nextInt();
            assertEquals((half & 1) == 0 ? z0 : z1, Double.doubleToRawLongBits(f64(rv, av, half)));
            long other = random.nextLong() & 0x1ff;
            assertEquals(z0, Double.doubleToRawLongBits(f64(rv, av ^ other, 0)));
            assertEquals(z1, Double.doubleToRawLongBits(f64(rv, av ^ other, 1)));
        }
    }

    @Test
    void pairSharesItsRadiusZ0SquaredPlusZ1SquaredIsRSquared() {
        SplittableRandom random = new SplittableRandom(17);
        Worst f32 = new Worst();
        Worst f64 = new Worst();
        for (int i = 0; i < 1_000_000; i++) {
            int rw = (i & 1) == 0 ? random.nextInt() : random.nextInt() >>> random.nextInt(32);
            int aw = random.nextInt();
            double z0 = NormalTransforms.f32(rw, aw, 0);
            double z1 = NormalTransforms.f32(rw, aw, 1);
            double r = NormalTransforms.f32Radius(rw);
            f32.offer(Math.abs(z0 * z0 + z1 * z1 - r * r) / (4e-7 * r * r), () -> Integer.toHexString(rw) + ", "
                    + Integer.toHexString(aw));
        }
        for (int i = 0; i < 300_000; i++) {
            long rv = (i & 1) == 0 ? random.nextLong() : random.nextLong() >>> random.nextInt(64);
            long av = random.nextLong();
            DD z0 = DD.of(f64(rv, av, 0));
            DD z1 = DD.of(f64(rv, av, 1));
            DD r = DD.of(f64Radius(rv));
            DD r2 = r.mul(r);
            double e = Math.abs(z0.mul(z0).add(z1.mul(z1)).sub(r2).hi());
            f64.offer(e / (1e-15 * r2.hi()), () -> Long.toHexString(rv) + ", " + Long.toHexString(av));
        }
        f32.check("f32 |z0^2 + z1^2 - r^2| / (4e-7 r^2)");
        f64.check("f64 |z0^2 + z1^2 - r^2| / (1e-15 r^2)");
    }

    /**
     * The documented accuracy (class Javadoc of NormalTransforms): against exact Box-Muller of the
     * transform's own u and angle, f32 within {@code 3e-7 max(1, |z|)}, f64 within {@code 2e-15 max(1, |z|)}.
     */
    @Test
    void wholeTransformIsWithinTheDocumentedBoundOfExactBoxMuller() {
        SplittableRandom random = new SplittableRandom(18);
        Worst f32 = new Worst();
        List<Integer> boundary = f32BoundaryAngleWords();
        for (int i = 0; i < 2_000_000; i++) {
            int rw = (i & 3) == 0 ? random.nextInt() >>> random.nextInt(32) : random.nextInt();
            int aw = i < boundary.size() ? boundary.get(i) : random.nextInt();
            double r = BoxMullerReference.f32Radius(rw);
            double theta = (aw >>> 30) * (Math.PI / 2) + NormalTransforms.f32Angle(aw);
            for (int h = 0; h <= 1; h++) {
                double ref = h == 0 ? r * Math.cos(theta) : r * Math.sin(theta);
                float z = NormalTransforms.f32(rw, aw, h);
                f32.offer(Math.abs(z - ref) / (3e-7 * Math.max(1, Math.abs(ref))), () -> Integer.toHexString(rw) + ", "
                        + Integer.toHexString(aw) + ": " + z + " vs " + ref);
            }
        }
        f32.check("f32 error / (3e-7 max(1, |z|))");
        Worst f64 = new Worst();
        List<Long> boundary64 = f64BoundaryAngleValues();
        for (int i = 0; i < 100_000; i++) {
            long rv = (i & 3) == 0 ? random.nextLong() >>> random.nextInt(64) : random.nextLong();
            long av = i < boundary64.size() ? boundary64.get(i) : random.nextLong();
            DD r = BoxMullerReference.f64Radius((int) rv, (int) (rv >>> 32));
            double a = NormalTransforms.f64Angle(av);
            DD c = BoxMullerReference.cos(a);
            DD s = BoxMullerReference.sin(a);
            // cos and sin of q pi/2 + a
            DD[] cq = {c, s.negate(), c.negate(), s};
            DD[] sq = {s, c, s.negate(), c.negate()};
            int q = (int) (av >>> 62);
            for (int h = 0; h <= 1; h++) {
                DD ref = r.mul(h == 0 ? cq[q] : sq[q]);
                double z = f64(rv, av, h);
                f64.offer(Math.abs(ref.minus(z)) / (2e-15 * Math.max(1, Math.abs(ref.hi()))), () -> Long.toHexString(rv)
                        + ", " + Long.toHexString(av) + ": " + z + " vs " + ref.hi());
            }
        }
        f64.check("f64 error / (2e-15 max(1, |z|))");
    }

    // ---- range ----

    @Test
    void f32TailsReachSixAndStopAtTheDocumentedMaximum() {
        assertEquals(NormalTransforms.F32_MAX_ABS, NormalTransforms.f32Radius(0));
        assertEquals(NormalTransforms.F32_MAX_ABS, NormalTransforms.f32Radius(1));
        assertEquals((float) Math.sqrt(64 * Math.log(2)), NormalTransforms.F32_MAX_ABS);  // u = 2^-32
        assertTrue(NormalTransforms.F32_MAX_ABS >= 6f);
        // reached: cos of the smallest angle rounds to 1
        assertEquals(NormalTransforms.F32_MAX_ABS, NormalTransforms.f32(0, 0, 0));
        assertEquals(-NormalTransforms.F32_MAX_ABS, NormalTransforms.f32(1, 0x80000000, 0));
        assertEquals(NormalTransforms.F32_MAX_ABS, NormalTransforms.f32(0, 0x40000000, 1));
        // never exceeded: the largest radius at every angle word (the radius never grows with m, above)
        for (int q = 0; q < 4; q++) {
            for (int c = -(1 << 23); c < 1 << 23; c++) {
                int aw = angleWord(q, c, 0);
                float z0 = NormalTransforms.f32(0, aw, 0);
                float z1 = NormalTransforms.f32(0, aw, 1);
                if (!(Math.abs(z0) <= NormalTransforms.F32_MAX_ABS && Math.abs(z1) <= NormalTransforms.F32_MAX_ABS)) {
                    fail("|z| above F32_MAX_ABS at angle word " + Integer.toHexString(aw) + ": " + z0 + ", " + z1);
                }
            }
        }
        // the tail keeps its probability cells: r >= 6 iff u <= e^-18 iff m <= 32, P = 33 / 2^31 = 1.537e-8
        // against P(R >= 6) = e^-18 = 1.523e-8
        assertEquals(32, (long) ((0x1p32 * StrictMath.exp(-18) - 1) / 2));
        assertTrue(NormalTransforms.f32Radius(radiusWord(32)) >= 6f);
        assertTrue(NormalTransforms.f32Radius(radiusWord(32) | 1) >= 6f);
        assertTrue(NormalTransforms.f32Radius(radiusWord(33)) < 6f);
    }

    @Test
    void f64TailsReachEightAndStopAtTheDocumentedMaximum() {
        assertEquals(NormalTransforms.F64_MAX_ABS, f64Radius(0));
        DD exact = BoxMullerReference.f64Radius(0, 0);  // sqrt(130 ln 2)
        assertTrue(Math.abs(exact.minus(NormalTransforms.F64_MAX_ABS)) <= Math.ulp(NormalTransforms.F64_MAX_ABS) / 2,
                "F64_MAX_ABS correctly rounded");
        assertTrue(NormalTransforms.F64_MAX_ABS >= 8.0);
        assertEquals(NormalTransforms.F64_MAX_ABS, f64(0, 0, 0));
        assertEquals(-NormalTransforms.F64_MAX_ABS, f64(0, Long.MIN_VALUE, 0));
        SplittableRandom random = new SplittableRandom(19);
        List<Long> angles = f64BoundaryAngleValues();
        for (int i = 0; i < 1_000_000; i++) {
            angles.add(i % 2 == 0 ? random.nextLong()
                    : angleValue(random.nextInt(4), random.nextLong() >> random.nextInt(64), 0));
        }
        for (long av : angles) {
            for (long rv = 0; rv <= 1; rv++) {
                double z0 = f64(rv, av, 0);
                double z1 = f64(rv, av, 1);
                if (!(Math.abs(z0) <= NormalTransforms.F64_MAX_ABS && Math.abs(z1) <= NormalTransforms.F64_MAX_ABS)) {
                    fail("|z| above F64_MAX_ABS at angle " + Long.toHexString(av) + ": " + z0 + ", " + z1);
                }
            }
        }
        // r >= 8 iff u <= e^-32 iff m <= 233612
        assertEquals(233_612, (long) ((0x1p65 * StrictMath.exp(-32) - 1) / 2));
        assertTrue(f64Radius(233_612) >= 8.0);
        assertTrue(f64Radius(233_613) < 8.0);
    }

    /**
     * Zero is never returned: the radius is at least its value at the last radius word (the radius never
     * grows with m, above), {@code sqrt(2 * 2^-32)} (f32, with 1 - u exact) or {@code 2^-32} (f64), and
     * |sin| and |cos| are at least sin of the half step. So P(z = 0) = 0, and the smallest |z| are
     * f32 1.0101945e-12 and f64 2.030206668428513e-26 (sine half, quadrant 0, code 0 or -1).
     */
    @Test
    void zeroIsNeverReturnedAndTheSmallestMagnitudesArePinned() {
        float rMin32 = NormalTransforms.f32Radius(0xFFFFFFFF);
        assertEquals(rMin32, NormalTransforms.f32Radius(0xFFFFFFFE));
        assertEquals((float) Math.sqrt(2 * 0x1p-32), rMin32, Math.ulp(rMin32));
        float vMin32 = Float.POSITIVE_INFINITY;
        for (int c = -(1 << 23); c < 1 << 23; c++) {
            float a = NormalTransforms.f32Angle(angleWord(0, c, 0));
            vMin32 = Math.min(vMin32, Math.min(Math.abs(NormalTransforms.f32Sin(a)), NormalTransforms.f32Cos(a)));
        }
        assertEquals(NormalTransforms.f32Sin(NormalTransforms.f32Angle(0)), vMin32);
        float zMin32 = NormalTransforms.f32(0xFFFFFFFF, 0, 1);
        assertEquals(rMin32 * vMin32, zMin32);
        assertEquals(0x2b8e2c18, Float.floatToRawIntBits(zMin32));  // 1.0101945e-12
        assertEquals(-zMin32, NormalTransforms.f32(0xFFFFFFFF, 0x3fffffc0, 1));
        assertEquals(zMin32, NormalTransforms.f32(0xFFFFFFFF, 0x40000000, 0) * -1f);

        double rMin64 = f64Radius(-1);
        assertEquals(0x1p-32, rMin64);  // 1 - u = 2^-65 exactly
        double vMin64 = NormalTransforms.f64Sin(NormalTransforms.f64Angle(0));
        assertEquals(NormalTransforms.F64_ANGLE_STEP / 2, vMin64);  // sin x = x this close to 0
        for (double a : f64Angles(100_000, 20)) {
            assertTrue(Math.abs(NormalTransforms.f64Sin(a)) >= vMin64 && NormalTransforms.f64Cos(a) >= vMin64);
        }
        double zMin64 = f64(-1, 0, 1);
        assertEquals(rMin64 * vMin64, zMin64);
        assertEquals(0x3a9921fb54442d18L, Double.doubleToRawLongBits(zMin64));  // 2.030206668428513e-26
    }

    // ---- pinned outputs ----

    /**
     * Exact f32 outputs {radius word, angle word, half, float bits}, computed by the scalar reference of
     * normal transform v2 (Box-Muller, 2026-12-06), which replaced v1 (inverse CDF): every v1 pin changed.
     * {@code VectorNormalTransformsTest} checks the vector kernels give them too.
     */
    static final int[][] F32_PINS = {
        {0x00000000, 0x00000000, 0, 0x40d5224d}, // 6.660437 = F32_MAX_ABS
        {0x00000000, 0x00000000, 1, 0x34a76522}, // 3.1179758E-7
        {0x00000001, 0x40000000, 0, 0xb4a76522}, // -3.1179758E-7
        {0x00000001, 0x40000000, 1, 0x40d5224d}, // 6.660437
        {0x12345678, 0x9abcdef0, 0, 0xbfe92f38}, // -1.8217535
        {0x12345678, 0x9abcdef0, 1, 0xbfb39380}, // -1.4029388
        {0xdeadbeef, 0xcafebabe, 0, 0x3e102b5c}, // 0.1407904
        {0xdeadbeef, 0xcafebabe, 1, 0xbf024d53}, // -0.5089924
        {0xffffffff, 0x3fffffff, 0, 0x37b504f2}, // 2.1579184E-5, the smallest radius
        {0xffffffff, 0x3fffffff, 1, 0xab8e2c18}, // -1.0101945E-12
        {0x80000000, 0xc000003f, 0, 0x336cbb7a}, // 5.511854E-8
        {0x80000000, 0xc000003f, 1, 0xbf96b55f}, // -1.17741
        {0xb504f334, 0x7fffffc0, 0, 0x33276522}, // 3.8974697E-8, u just above sqrt(1/2)
        {0xb504f334, 0x7fffffc0, 1, 0x3f55224d}, // 0.83255464
        {0x0000002a, 0x1fffffc0, 0, 0x40895665}, // 4.291796, the angle just below pi/4
        {0x0000002a, 0x1fffffc0, 1, 0x40895664}, // 4.2917957
    };

    /** Exact f64 outputs {w0, w1, w2, w3, half, double bits}, as {@link #F32_PINS}. */
    static final long[][] F64_PINS = {
        {0x00000000, 0x00000000, 0x00000000, 0x00000000, 0, 0x4022fc33d95c1fdfL}, // 9.492583076949755 = F64_MAX_ABS
        {0x00000000, 0x00000000, 0x00000000, 0x00000000, 1, 0x3ccdd26366fa9737L}, // 8.277220369705725E-16
        {0x89abcdef, 0x01234567, 0xdeadbeef, 0xcafebabe, 0, 0x3fec13e1885dc5c9L}, // 0.8774268783001214
        {0x89abcdef, 0x01234567, 0xdeadbeef, 0xcafebabe, 1, 0xc009607e99190a6cL}, // -3.1721164665953463
        {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0, 0xba9921fb54442d18L}, // -2.030206668428513E-26: min |z|
        {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 1, 0xbdf0000000000000L}, // -2.3283064365386963E-10
        {0x12345678, 0x9abcdef0, 0x0badf00d, 0x7fffffff, 0, 0x3e181190cf62c748L}, // 1.4009778316124061E-9
        {0x12345678, 0x9abcdef0, 0x0badf00d, 0x7fffffff, 1, 0x3ff00e16b0a1ea0bL}, // 1.0034396075922156
        {0x00000000, 0x80000000, 0xfffffe00, 0x5fffffff, 0, 0xbfeaa4499161cd47L}, // -0.8325546111576977
        {0x00000000, 0x80000000, 0xfffffe00, 0x5fffffff, 1, 0x3feaa4499161cd49L}, // 0.8325546111576979
        {0x667f3bcd, 0xb504f333, 0x00000000, 0x40000000, 0, 0xbc94eca42453f8deL}, // -7.259602504807154E-17, u < sqrt(1/2)
        {0x667f3bcd, 0xb504f333, 0x00000000, 0x40000000, 1, 0x3feaa449918117e6L}, // 0.8325546113853732
    };

    @Test
    void outputsArePinned() {
        for (int[] p : F32_PINS) {
            assertEquals(p[3], Float.floatToRawIntBits(NormalTransforms.f32(p[0], p[1], p[2])),
                    Integer.toHexString(p[0]) + " " + Integer.toHexString(p[1]) + " half " + p[2]);
        }
        for (long[] p : F64_PINS) {
            assertEquals(p[5], Double.doubleToRawLongBits(NormalTransforms.f64((int) p[0], (int) p[1], (int) p[2],
                    (int) p[3], (int) p[4])), Arrays.toString(p));
        }
    }

    // ---- the inverse CDF (Normal.icdf), unchanged by transform v2 ----

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

    /**
     * The inverse CDF and the reference quantile against 50-digit mpmath quantiles. The rows of
     * {@code normal-golden.csv} were made for transform v1's word mapping, whose variate was the
     * quantile at a tail probability of its word; they serve here as quantiles at those probabilities:
     * {@code q = (2m + 1) 2^-33} (f32 rows, exact in double) and {@code (2m + 1) 2^-65} (f64 rows,
     * rounded once), m the word(s) without the sign bit, {@code |z| = PhiInverse(1 - q)}.
     */
    @Test
    void inverseCdfAndReferenceMatchMpmathQuantiles() throws IOException {
        int rows = 0;
        try (InputStream in = NormalTransformsTest.class.getResourceAsStream("normal-golden.csv");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                double z = Math.abs(Double.parseDouble(f[3]));
                int w0 = Integer.parseUnsignedInt(f[1].substring(2), 16);
                double q;
                double h;
                if (f[0].equals("f32")) {
                    int m = w0 & 0x7fffffff;
                    q = (2.0 * m + 1) * 0x1p-33;
                    h = (2.0 * (m ^ 0x7fffffff) + 1) * 0x1p-33;
                    // 1 - q is exact here: the upper quantile too
                    assertEquals(z, NormalTransforms.inverseCdf(1 - q), 1e-14 * Math.max(1, z), line + ": upper");
                } else {
                    int w1 = Integer.parseUnsignedInt(f[2].substring(2), 16);
                    long m = ((long) w1 << 32 | (w0 & 0xFFFFFFFFL)) & Long.MAX_VALUE;
                    q = InverseNormalReference.oddOver2to65(m);
                    h = InverseNormalReference.oddOver2to65(m ^ Long.MAX_VALUE);
                }
                assertEquals(-z, NormalTransforms.inverseCdf(q), 1e-14 * Math.max(1, z), line + ": inverseCdf");
                assertEquals(z, InverseNormalReference.upperQuantile(q, h), 1e-15 * Math.max(1, z), line + ": reference");
                rows++;
            }
        }
        assertTrue(rows > 2_000, rows + " rows");
    }
}
