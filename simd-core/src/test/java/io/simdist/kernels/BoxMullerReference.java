package io.simdist.kernels;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * High-precision references for the pieces of {@link NormalTransforms}' normal transform v2 (Box-Muller),
 * independent of its polynomials and of its order of operations:
 * <ul>
 *   <li>f32: the radius {@code sqrt(-2 ln u)} in double, by {@link Math#log} (or {@link Math#log1p} of
 *       the exact complement {@code 1 - u} for {@code u > 1/2}, so small radii keep their relative
 *       precision): error about 2e-16 relative, far below the f32 transform's 1e-7.</li>
 *   <li>f64: the radius, {@code sin} and {@code cos} in double-double arithmetic (the unevaluated sum
 *       {@code hi + lo} of two doubles, about 106 bits): {@code ln} by the {@code atanh} series after an
 *       exact reduction of u to {@code [sqrt(1/2), sqrt 2)}, {@code sin} and {@code cos} by their Taylor
 *       series. Relative error below 1e-30, checked against the 40-digit {@link BigDecimal} versions
 *       below (which are too slow to sweep with: about 100 us a logarithm), so the f64 transform's
 *       errors of about 1e-16 are measured exactly, not blurred by the 1-ulp error of {@code Math.log}
 *       or {@code StrictMath.sin}.</li>
 * </ul>
 * The double-double operations are Dekker's (1971) and Bailey's (QD library) error-free
 * transformations with {@link Math#fma}.
 */
final class BoxMullerReference {
    /** ln 2 as a double-double. */
    static final DD LN2 = new DD(0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56);
    /** 40 significant digits: the precision of the {@link BigDecimal} references. */
    static final MathContext MC = new MathContext(40);
    /** ln 2 to 52 digits. */
    static final BigDecimal BIG_LN2 = new BigDecimal("0.6931471805599453094172321214581765680755001343602552");
    /** pi / 4 to 52 digits. */
    static final BigDecimal BIG_PI_OVER_4 = new BigDecimal("0.7853981633974483096156608458198757210492923498437764");
    private static final BigDecimal BIG_SQRT_HALF = new BigDecimal("0.7071067811865475244008443621048490392848359376884740");
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private BoxMullerReference() {}

    // ---- f32 ----

    /** The f32 radius uniform {@code u = (2m + 1) 2^-32}, {@code m = radiusWord >>> 1}, exactly. */
    static double f32U(int radiusWord) {
        return (2.0 * (radiusWord >>> 1) + 1) * 0x1p-32;
    }

    /** {@code sqrt(-2 ln u)} in double for the f32 radius word. */
    static double f32Radius(int radiusWord) {
        long m = radiusWord >>> 1;
        double u = (2.0 * m + 1) * 0x1p-32;
        if (u <= 0.5) {
            return Math.sqrt(-2 * Math.log(u));
        }
        double complement = (2.0 * (m ^ 0x7fffffffL) + 1) * 0x1p-32;  // 1 - u, exactly
        return Math.sqrt(-2 * Math.log1p(-complement));
    }

    // ---- f64, double-double ----

    /** A double-double {@code hi + lo} with {@code |lo| <= ulp(hi) / 2}. */
    record DD(double hi, double lo) {
        static DD of(double x) {
            return new DD(x, 0);
        }

        DD negate() {
            return new DD(-hi, -lo);
        }

        DD add(DD b) {
            double s = hi + b.hi;
            double bb = s - hi;
            double e = (hi - (s - bb)) + (b.hi - bb);
            return quick(s, e + (lo + b.lo));
        }

        DD sub(DD b) {
            return add(b.negate());
        }

        DD mul(DD b) {
            double p = hi * b.hi;
            double e = Math.fma(hi, b.hi, -p) + (hi * b.lo + lo * b.hi);
            return quick(p, e);
        }

        DD mul(double b) {
            double p = hi * b;
            return quick(p, Math.fma(hi, b, -p) + lo * b);
        }

        DD div(DD b) {
            double q1 = hi / b.hi;
            DD r = sub(b.mul(q1));
            double q2 = r.hi / b.hi;
            r = r.sub(b.mul(q2));
            double q3 = r.hi / b.hi;
            return quick(q1, q2).add(of(q3));
        }

        DD div(double b) {
            return div(of(b));
        }

        DD scalb(int k) {
            return new DD(Math.scalb(hi, k), Math.scalb(lo, k));
        }

        DD sqrt() {
            double r = Math.sqrt(hi);
            return quick(r, (Math.fma(-r, r, hi) + lo) / (2 * r));
        }

        /** {@code this - x} in double, for a double x close to this (x's error). */
        double minus(double x) {
            return (hi - x) + lo;
        }

        BigDecimal big() {
            return new BigDecimal(hi).add(new BigDecimal(lo));
        }

        private static DD quick(double a, double b) {
            double s = a + b;
            return new DD(s, b - (s - a));
        }
    }

    /** {@code -ln x} for a positive double-double x. */
    static DD negLn(DD x) {
        int k = Math.getExponent(x.hi);
        DD f = x.scalb(-k);  // in [1, 2), exactly
        if (f.hi >= Math.sqrt(2)) {
            f = f.scalb(-1);
            k++;
        }
        // ln f = 2 atanh(s), s = (f - 1) / (f + 1), |s| < 0.172; f - 1 is exact (Sterbenz)
        DD one = DD.of(1);
        DD s = f.sub(one).div(f.add(one));
        DD s2 = s.mul(s);
        DD sum = s;
        DD power = s;
        for (int n = 3; power.hi != 0; n += 2) {
            power = power.mul(s2);
            DD term = power.div(n);
            sum = sum.add(term);
            if (Math.abs(term.hi) < 0x1p-120 * Math.abs(sum.hi)) {
                break;
            }
        }
        return sum.mul(2).add(LN2.mul(k)).negate();
    }

    /** The f64 radius uniform {@code u = (2m + 1) 2^-65}, {@code m = hi << 32 | lo} unsigned, exactly. */
    static DD f64U(int lo, int hi) {
        // exact: the first has 32 significant bits, the second 33 bits all below the first's
        return DD.of((hi & 0xFFFFFFFFL) * 0x1p-32).add(DD.of((2.0 * (lo & 0xFFFFFFFFL) + 1) * 0x1p-65));
    }

    /** {@code sqrt(-2 ln u)} for the f64 radius words, in double-double. */
    static DD f64Radius(int lo, int hi) {
        return negLn(f64U(lo, hi)).mul(2).sqrt();
    }

    /** {@code sin a} for {@code |a| <= 1}, in double-double. */
    static DD sin(double a) {
        return taylor(a, DD.of(a), 1);
    }

    /** {@code cos a} for {@code |a| <= 1}, in double-double. */
    static DD cos(double a) {
        return taylor(a, DD.of(1), 0);
    }

    /** {@code sum_n (-1)^n a^(2n + p) / (2n + p)!} from its first term. */
    private static DD taylor(double a, DD first, int p) {
        DD a2 = DD.of(a).mul(DD.of(a));
        DD term = first;
        DD sum = first;
        for (int n = 1; term.hi != 0; n++) {
            term = term.mul(a2).div((2.0 * n + p - 1) * (2 * n + p)).negate();
            sum = sum.add(term);
            if (Math.abs(term.hi) < 0x1p-120 * Math.abs(sum.hi)) {
                break;
            }
        }
        return sum;
    }

    // ---- BigDecimal, to check the double-double references ----

    /** The f64 radius uniform {@code (2m + 1) 2^-65} as an exact BigDecimal. */
    static BigDecimal bigU(long m) {
        BigInteger odd = new BigInteger(Long.toUnsignedString(m)).shiftLeft(1).add(BigInteger.ONE);
        return new BigDecimal(odd).multiply(new BigDecimal(0x1p-65));
    }

    /** {@code -ln x} for a positive BigDecimal, to {@link #MC}. */
    static BigDecimal bigNegLn(BigDecimal x) {
        int k = 0;
        BigDecimal hi = BIG_SQRT_HALF.multiply(TWO);
        while (x.compareTo(BIG_SQRT_HALF) < 0) {
            x = x.multiply(TWO);
            k--;
        }
        while (x.compareTo(hi) >= 0) {
            x = x.divide(TWO);
            k++;
        }
        BigDecimal s = x.subtract(BigDecimal.ONE).divide(x.add(BigDecimal.ONE), MC);
        BigDecimal s2 = s.multiply(s, MC);
        BigDecimal sum = s;
        BigDecimal power = s;
        for (int n = 3; power.signum() != 0; n += 2) {
            power = power.multiply(s2, MC);
            BigDecimal term = power.divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
            if (term.abs().compareTo(sum.abs().movePointLeft(45)) < 0) {
                break;
            }
        }
        return sum.multiply(TWO).add(BIG_LN2.multiply(BigDecimal.valueOf(k))).negate(MC);
    }

    /** {@code sin a} ({@code p = 1}) or {@code cos a} ({@code p = 0}) for a double a, to {@link #MC}. */
    static BigDecimal bigSinCos(double a, int p) {
        BigDecimal x = new BigDecimal(a);
        BigDecimal x2 = x.multiply(x);
        BigDecimal term = p == 1 ? x : BigDecimal.ONE;
        BigDecimal sum = term;
        for (int n = 1; term.signum() != 0; n++) {
            term = term.multiply(x2, MC).divide(BigDecimal.valueOf((2L * n + p - 1) * (2L * n + p)), MC).negate();
            sum = sum.add(term, MC);
            if (term.abs().compareTo(sum.abs().movePointLeft(45)) < 0) {
                break;
            }
        }
        return sum;
    }
}
