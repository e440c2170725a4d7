package io.simdist.kernels;

/**
 * Double-precision reference for {@link NormalTransforms#inverseCdf(double)} (the quantile of
 * {@code Normal.icdf}), computed with {@link StrictMath} and independent of the kernel's approximations:
 * relative error about 1e-16, checked against 50-digit mpmath values in {@code normal-golden.csv}.
 * (Normal transform v1, the inverse CDF of stream words, was also checked against it; transform v2,
 * Box-Muller, has its own references in {@link BoxMullerReference}.)
 *
 * <p>The quantile: Wichura's AS 241 PPND16 (Applied Statistics 37(3), 477-484, 1988) as the starting
 * point, then one Halley step on {@code Q(z) = q} with {@code Q(z) = erfc(z / sqrt 2) / 2} from W. J.
 * Cody's rational Chebyshev approximations ("Rational Chebyshev approximations for the error
 * function", Math. Comp. 23, 631-637, 1969; coefficients of his CALERF, 1990). The Halley step has
 * cubic convergence, so the result does not depend on AS 241's error (which the kernel shares), only on
 * Cody's erf/erfc and {@code StrictMath.exp}.
 */
final class InverseNormalReference {
    private static final double SQRT_HALF = 0.70710678118654752440;
    private static final double SQRT_2PI = 2.50662827463100050242;

    private InverseNormalReference() {}

    /** {@code (2m + 1) / 2^65} correctly rounded, for {@code 0 <= m < 2^63}. */
    static double oddOver2to65(long m) {
        return Math.fma((double) (m >>> 31), 0x1p-33, (double) (((m & 0x7fffffffL) << 1) | 1) * 0x1p-65);
    }

    /**
     * The z > 0 with {@code P(Z > z) = q}, given {@code q} and {@code h = 1/2 - q}, each to double
     * precision (h separately so the centre keeps full relative precision).
     */
    static double upperQuantile(double q, double h) {
        double z = ppnd16(q, h);
        double y = z * SQRT_HALF;
        double g;  // Q(z) - q
        if (y <= 0.46875) {
            g = h - 0.5 * erfSmall(y);
        } else {
            g = 0.5 * erfcLarge(y, z) - q;
        }
        double u = g * SQRT_2PI / expMinusHalfSquare(z);  // g / phi(z)
        return z + u / (1 - 0.5 * z * u);
    }

    /** AS 241 PPND16 for the upper tail: q = P(Z > z), h = 1/2 - q. */
    static double ppnd16(double q, double h) {
        if (h <= 0.425) {
            double r = 0.180625 - h * h;
            return h * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r
                    + 67265.770927008700853) * r + 45921.953931549871457) * r
                    + 13731.693765509461125) * r + 1971.5909503065514427) * r
                    + 133.14166789178437745) * r + 3.387132872796366608)
                    / (((((((r * 5226.495278852854561 + 28729.085735721942674) * r
                    + 39307.89580009271061) * r + 21213.794301586595867) * r
                    + 5394.1960214247511077) * r + 687.1870074920579083) * r
                    + 42.313330701600911252) * r + 1.0);
        }
        double r = StrictMath.sqrt(-StrictMath.log(q));
        if (r <= 5.0) {
            r -= 1.6;
            return (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r
                    + 0.24178072517745061177) * r + 1.27045825245236838258) * r
                    + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                    + 4.6303378461565452959) * r + 1.42343711074968357734)
                    / (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r
                    + 0.0151986665636164571966) * r + 0.14810397642748007459) * r
                    + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                    + 2.05319162663775882187) * r + 1.0);
        }
        r -= 5.0;
        return (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r
                + 0.0012426609473880784386) * r + 0.026532189526576123093) * r
                + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                + 5.4637849111641143699) * r + 6.6579046435011037772)
                / (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r
                + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r
                + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                + 0.59983220655588793769) * r + 1.0);
    }

    /** erf(y) for {@code 0 <= y <= 0.46875}: Cody's first interval. */
    static double erfSmall(double y) {
        double ysq = y * y;
        double num = 0.185777706184603153 * ysq;
        double den = ysq;
        num = (num + 3.1611237438705656) * ysq;
        den = (den + 23.6012909523441209) * ysq;
        num = (num + 113.864154151050156) * ysq;
        den = (den + 244.024637934444173) * ysq;
        num = (num + 377.485237685302021) * ysq;
        den = (den + 1282.61652607737228) * ysq;
        return y * (num + 3209.37758913846947) / (den + 2844.23683343917062);
    }

    /**
     * erfc(y) for {@code y > 0.46875}, with {@code z = y sqrt 2} passed too so the Gaussian factor
     * {@code exp(-y^2) = exp(-z^2 / 2)} is taken from the unrounded z: Cody's second and third
     * intervals.
     */
    static double erfcLarge(double y, double z) {
        double ratio;
        if (y <= 4.0) {
            double num = 2.15311535474403846e-8 * y;
            double den = y;
            double[] c = {0.564188496988670089, 8.88314979438837594, 66.1191906371416295,
                    298.635138197400131, 881.95222124176909, 1712.04761263407058, 2051.07837782607147};
            double[] d = {15.7449261107098347, 117.693950891312499, 537.181101862009858,
                    1621.38957456669019, 3290.79923573345963, 4362.61909014324716, 3439.36767414372164};
            for (int i = 0; i < 7; i++) {
                num = (num + c[i]) * y;
                den = (den + d[i]) * y;
            }
            ratio = (num + 1230.33935479799725) / (den + 1230.33935480374942);
        } else {
            double ysq = 1.0 / (y * y);
            double num = 0.0163153871373020978 * ysq;
            double den = ysq;
            double[] p = {0.305326634961232344, 0.360344899949804439, 0.125781726111229246,
                    0.0160837851487422766};
            double[] qq = {2.56852019228982242, 1.87295284992346047, 0.527905102951428412,
                    0.0605183413124413191};
            for (int i = 0; i < 4; i++) {
                num = (num + p[i]) * ysq;
                den = (den + qq[i]) * ysq;
            }
            double r = ysq * (num + 6.58749161529837803e-4) / (den + 0.00233520497626869185);
            ratio = (0.56418958354775628695 - r) / y;
        }
        return ratio * expMinusHalfSquare(z);
    }

    /** {@code exp(-z^2 / 2)} with z^2 split exactly into hi + lo, so only exp's own error remains. */
    static double expMinusHalfSquare(double z) {
        double hi = z * z;
        double lo = Math.fma(z, z, -hi);
        return StrictMath.exp(-0.5 * hi) * (1.0 - 0.5 * lo);
    }
}
