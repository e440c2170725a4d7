package io.simdist.dist;

import io.simdist.kernels.NormalTransforms;

/**
 * The standard normal CDF and quantile in double, the same bits on every JVM.
 *
 * <p>{@link #cdf}: W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev approximations
 * for the error function", Math. Comp. 23, 631-637, 1969; the form of ACM TOMS Algorithm 715, 1993):
 * three ranges of |x| (up to 0.67449, up to sqrt(32), above), the tails as
 * {@code exp(-x^2/2) R(|x|)} with {@code x^2} split so the exponential keeps its accuracy. Relative
 * error about 1e-15 in both tails down to the underflow of the lower one near {@code x = -38.4}.
 * {@code exp} is {@link StrictMath#exp} (fdlibm), pinned on every JVM.
 *
 * <p>{@link #quantile}: {@link NormalTransforms#inverseCdf(double)}, Wichura's AS 241 on the
 * library's own log, the transform behind the f64 normal variates.
 */
final class StandardNormal {
    private static final double[] A = {2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582,
        18154.981253343561249, 0.065682337918207449113};
    private static final double[] B = {47.20258190468824187, 976.09855173777669322, 10260.932208618978205,
        45507.789335026729956};
    private static final double[] C = {0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979,
        597.27027639480026226, 2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124,
        9842.7148383839780218, 1.0765576773720192317e-8};
    private static final double[] D = {22.266688044328115691, 235.38790178262499861, 1519.377599407554805,
        6485.558298266760755, 18615.571640885098091, 34900.952721145977266, 38912.003286093271411,
        19685.429676859990727};
    private static final double[] P = {0.21589853405795699, 0.1274011611602473639, 0.022235277870649807,
        0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303};
    private static final double[] Q = {1.28426009614491121, 0.468238212480865118, 0.0659881378689285515,
        0.00378239633202758244, 7.29751555083966205e-5};
    private static final double INV_SQRT_2PI = 0.398942280401432677939946059934;
    /** Beyond this |x| the tail is below the smallest double. */
    private static final double TAIL_ZERO = 40;

    private StandardNormal() {}

    /**
     * @param x any value but NaN; infinities give 0 and 1
     * @return {@code P(Z <= x)} for a standard normal Z
     */
    static double cdf(double x) {
        double y = Math.abs(x);
        if (y <= 0.67448975) {
            double xsq = x * x;
            double num = A[4] * xsq;
            double den = xsq;
            for (int i = 0; i < 3; i++) {
                num = (num + A[i]) * xsq;
                den = (den + B[i]) * xsq;
            }
            return 0.5 + x * (num + A[3]) / (den + B[3]);
        }
        double tail = 0;
        if (y < TAIL_ZERO) {
            double r;
            if (y <= 5.656854249492380195206754896838) {
                double num = C[8] * y;
                double den = y;
                for (int i = 0; i < 7; i++) {
                    num = (num + C[i]) * y;
                    den = (den + D[i]) * y;
                }
                r = (num + C[7]) / (den + D[7]);
            } else {
                double xsq = 1 / (x * x);
                double num = P[5] * xsq;
                double den = xsq;
                for (int i = 0; i < 4; i++) {
                    num = (num + P[i]) * xsq;
                    den = (den + Q[i]) * xsq;
                }
                r = (INV_SQRT_2PI - xsq * (num + P[4]) / (den + Q[4])) / y;
            }
            // exp(-y^2/2) as exp(-s^2/2) exp(-(y - s)(y + s)/2) with s = y rounded down to 1/16:
            // s^2 is exact, so the large part of the exponent carries no rounding error
            double s = Math.floor(y * 16) / 16;
            double del = (y - s) * (y + s);
            tail = StrictMath.exp(-s * s * 0.5) * StrictMath.exp(-del * 0.5) * r;
        }
        return x > 0 ? 1 - tail : tail;
    }

    /**
     * @param u a probability in {@code [0, 1]}
     * @return {@code z} with {@code P(Z <= z) = u}
     */
    static double quantile(double u) {
        return NormalTransforms.inverseCdf(u);
    }
}
