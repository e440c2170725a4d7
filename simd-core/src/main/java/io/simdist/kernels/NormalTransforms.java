package io.simdist.kernels;

/**
 * Standard normal variates from Philox stream words by the inverse of the normal CDF: the scalar
 * reference that every backend (scalar Java, the Vector API at any width, native C) reproduces bit for
 * bit.
 *
 * <p>Each variate is a fixed function of a fixed number of words (no rejection), so variate {@code i}
 * stays a pure function of (key, stream, i): {@link #f32(int)} reads stream word {@code i}, {@link
 * #f64(int, int)} reads words {@code 2i} and {@code 2i + 1}.
 *
 * <h2>Word to probability</h2>
 * The top bit of the word (of the 64-bit pair for f64) is the sign of z; the other 31 (63) bits are a
 * magnitude {@code m}, and {@code |z|} is the normal quantile of the two-sided tail probability
 * <pre>  p = P(|Z| > |z|) = (2m + 1) / 2^32      (f64: (2m + 1) / 2^64)</pre>
 * so {@code m = 0} is the far tail and the largest {@code m} is next to zero. Read as one number: the
 * 2^32 words map one to one onto the midpoints {@code (j + 1/2) / 2^32} of 2^32 equal-probability
 * cells, {@code z = PhiInverse((j + 1/2) / 2^32)}, with {@code j = m} for a set sign bit and
 * {@code j = 2^32 - 1 - m} for a clear one (the same with 2^64 for f64). The tail keeps every bit:
 * near {@code m = 0} each word is its own probability cell, which is what lets f32 reach 6.34 and f64
 * reach 9.16. The mapping is exactly symmetric: flipping the sign bit flips the sign bit of the result.
 *
 * <h2>Transform</h2>
 * Both follow the substitution of M. Giles, "Approximating the erfinv function", GPU Computing Gems
 * Jade Edition, ch. 10 (2011): with {@code x = 1 - p = erf(|z| / sqrt 2)} and
 * {@code w = -ln(1 - x^2) = -ln(p (2 - p))}, the quantile is {@code |z| = x * H(w)} where
 * {@code H(w) = sqrt(2) erfinv(x) / x} is smooth in w (near the centre) and in {@code sqrt(w)} (in
 * the tail). {@code ln} is our own: the exponent/mantissa split {@code y = 2^k f},
 * {@code f in [sqrt(1/2), sqrt(2))}, done on the bits, then {@code ln y = k ln 2 + log1p(f - 1)} with a
 * polynomial for log1p.
 *
 * <p>The kernels use only +, -, *, fused multiply-add, one square root, one division (f64 only),
 * float/int bit reinterpretation, integer ops and a choice between polynomial arms, so each maps
 * one to one onto Vector API lanewise operations and a blend of the arms, and onto C99. This
 * scalar reference computes only the arm a word needs (the small-call paths run it), a vector kernel
 * computes the arms some lane needs and blends them: each lane's value is the same. Every Horner step
 * is a fused multiply-add ({@code Math.fma}); a C port must keep them fused and compile with
 * {@code -ffp-contract=off} elsewhere. No {@code Math.log}, {@code Math.exp} or {@code StrictMath}:
 * their results are not pinned across platforms or vector widths.
 *
 * <h2>Accuracy</h2>
 * Against the exact quantile of the mapping above: f32 within {@code 4e-7 * max(1, |z|)} (measured
 * over all 2^32 words: at most 0.54 of that bound); f64 within {@code 1e-14 * max(1, |z|)} (at most
 * 0.09 of that bound over 10^7 random pairs and the boundary cases). {@code |z|} does not increase
 * as {@code m} grows, except by rounding where neighbouring magnitudes differ by less than the
 * rounding noise: f32 steps up by 1 or 2 ulps (at most 1.2e-7) at 186 of the 2^31 - 1 adjacent
 * magnitudes, all with {@code |z|} in [0.89, 1.12] (none in the tail branch); f64, whose 63-bit
 * magnitudes are ten bits finer than a double, steps up by at most 3 ulps (4.4e-16 relative) between
 * adjacent magnitudes, and never among 2e7 sorted random magnitudes.
 */
public final class NormalTransforms {
    /** Largest |z| {@link #f32(int)} returns: at words {@code 0x00000000} (+) and {@code 0x80000000} (-). */
    public static final float F32_MAX_ABS = 6.337958f;
    /** Largest |z| {@link #f64(int, int)} returns: at words (0, 0) (+) and (0, {@code 0x80000000}) (-). */
    public static final double F64_MAX_ABS = 9.155293772686072;

    /** f32: the central polynomial is used for {@code w < F32_SPLIT_W} (|z| < 3.37), the tail one above. */
    static final float F32_SPLIT_W = 6.5f;
    /** f64: AS241's central region is {@code |u - 1/2| <= 0.425}, here {@code x / 2 <= 0.425}. */
    static final double F64_SPLIT_CENTRAL = 0.425;
    /** f64: AS241's two tail regions meet at {@code r = sqrt(-ln q) = 5} ({@code q = e^-25}). */
    static final double F64_SPLIT_TAIL = 5.0;

    private NormalTransforms() {}

    /**
     * Standard normal float from one 32-bit word (variate {@code i} uses stream word {@code i}).
     *
     * <p>Mapping: sign = bit 31; {@code m = word & 0x7fffffff};
     * {@code |z| = PhiInverse(1 - p / 2)} with {@code p = (2m + 1) 2^-32}. Results: {@code |z| <= }
     * {@value #F32_MAX_ABS} (at {@code m = 0}, {@code p = 2^-32}); {@code |z| >= 6} for
     * {@code m <= 3}; the 128 words with the largest {@code m} (probability 2^-25) give {@code +-0}
     * because p rounds to 1 in float; the smallest nonzero |z| is 7.47e-8, about {@code 2^-24 sqrt(pi/2)}.
     *
     * <p>Steps, all in float:
     * <ol>
     *   <li>{@code p = fma(float(m), 2^-31, 2^-32)}: exact for {@code m < 2^23} (the whole tail),
     *       otherwise within 2^-24 relative.</li>
     *   <li>{@code x = 1 - p}, {@code y = fma(p, x, p)}, i.e. {@code p (2 - p) = 1 - x^2} up to
     *       rounding.</li>
     *   <li>{@code w = -ln y}: {@code k = (bits(y) - bits(0x1.6a09e6p-1f)) >> 23},
     *       {@code f = y / 2^k} by subtracting {@code k << 23} from the bits, {@code t = f - 1} in
     *       {@code [-0.293, 0.414)}, {@code w = fma(k, -ln 2, t * P7(t))} with {@code t * P7(t)} a
     *       degree-8 minimax fit of {@code -log1p(t)} (abs. error 3.9e-8, equal at both ends so w has no
     *       jump where k changes).</li>
     *   <li>{@code H}: for {@code w < 6.5} a degree-10 polynomial in {@code v = w - 1.5} (rel. error
     *       6.2e-9; v is exact for {@code w >= 0.75} and within 6e-8 below; centring at 1.5 keeps the
     *       Horner rounding noise small, which keeps z monotone); otherwise a degree-8 polynomial in
     *       {@code s = sqrt(w) - 3.5} (rel. error 2.4e-8; the subtraction is exact by Sterbenz's lemma
     *       since {@code sqrt(w)} is in [2.55, 4.64]). Both are computed; the lane picks by
     *       {@code w < 6.5}. {@code sqrt} is IEEE (correctly rounded), so every backend agrees.</li>
     *   <li>{@code |z| = x * H}; the sign bit of the word is xor-ed into the result.</li>
     * </ol>
     * The polynomials are minimax fits with float coefficients made by
     * {@code tools/normal/fit_normal_transforms.py} (the substitution and the split into a w and a
     * sqrt(w) piece are Giles's; the coefficients are ours: Giles's single-precision fit covers the w a
     * float argument x can reach, {@code 1 - x >= 2^-24}, while p here resolves 2^-32, so w reaches
     * {@code 31 ln 2}, and our split point and centring differ).
     *
     * <p>Cost per variate: 34 float add/mul/fma (9 for the log, 11 + 9 for the two polynomials with
     * their argument shifts, 5 for the rest), 2 int-to-float conversions, 1 sqrt, 1 compare and 1
     * blend, no division; 7 integer ops.
     *
     * @param word the stream word, all 32 bits used
     * @return the standard normal variate, finite, {@code |z| <= F32_MAX_ABS}
     */
    public static float f32(int word) {
        int m = word & 0x7fffffff;
        float p = Math.fma((float) m, 0x1p-31f, 0x1p-32f);
        float x = 1f - p;
        float y = Math.fma(p, x, p);

        int bits = Float.floatToRawIntBits(y);
        int k = (bits - 0x3f3504f3) >> 23;
        float t = Float.intBitsToFloat(bits - (k << 23)) - 1f;
        float l = Math.fma(0.099442184f, t, -0.16422483f);
        l = Math.fma(l, t, 0.17382811f);
        l = Math.fma(l, t, -0.19874363f);
        l = Math.fma(l, t, 0.24955392f);
        l = Math.fma(l, t, -0.3333609f);
        l = Math.fma(l, t, 0.5000075f);
        l = Math.fma(l, t, -0.9999998f);
        float w = Math.fma((float) k, -0.6931472f, l * t);

        // only the arm this word needs: the same value as the vector kernels' blend of both
        float z = x * (w < F32_SPLIT_W ? f32Central(w) : f32Tail(w));
        return Float.intBitsToFloat(Float.floatToRawIntBits(z) ^ (word & 0x80000000));
    }

    /** {@code H(w)} for {@code w < F32_SPLIT_W}: a polynomial in {@code w - 1.5}. */
    private static float f32Central(float w) {
        float v = w - 1.5f;
        float c = Math.fma(9.0172053e-10f, v, -2.1214369e-08f);
        c = Math.fma(c, v, 1.6892312e-07f);
        c = Math.fma(c, v, -4.063902e-08f);
        c = Math.fma(c, v, -7.67058e-06f);
        c = Math.fma(c, v, 3.2867338e-05f);
        c = Math.fma(c, v, 0.00025141114f);
        c = Math.fma(c, v, -0.0029589664f);
        c = Math.fma(c, v, 0.0012440851f);
        c = Math.fma(c, v, 0.35406595f);
        c = Math.fma(c, v, 1.7706857f);
        return c;
    }

    /** {@code H(w)} for {@code w >= F32_SPLIT_W}: a polynomial in {@code sqrt(w) - 3.5}. */
    private static float f32Tail(float w) {
        float s = (float) Math.sqrt(w) - 3.5f;
        float d = Math.fma(5.870224e-05f, s, -0.0002970459f);
        d = Math.fma(d, s, 0.0006529819f);
        d = Math.fma(d, s, -0.0009839708f);
        d = Math.fma(d, s, 0.0015316815f);
        d = Math.fma(d, s, -0.002911648f);
        d = Math.fma(d, s, 0.004635686f);
        d = Math.fma(d, s, 1.4246343f);
        d = Math.fma(d, s, 4.717089f);
        return d;
    }

    /**
     * Standard normal double from two 32-bit words (variate {@code i} uses stream words {@code 2i}
     * ({@code lo}) and {@code 2i + 1} ({@code hi})).
     *
     * <p>Mapping: with {@code b = (hi << 32) | (lo unsigned)}: sign = bit 63 of b;
     * {@code m = b & 0x7fff_ffff_ffff_ffffL}; {@code |z| = PhiInverse(1 - p / 2)} with
     * {@code p = (2m + 1) 2^-64}. Results: {@code |z| <= }{@value #F64_MAX_ABS} (at {@code m = 0},
     * {@code p = 2^-64}); {@code |z| >= 8} for {@code m < 11476}; the 1024 pairs with the largest
     * {@code m} (probability 2^-54) give {@code +-0}.
     *
     * <p>Steps, all in double:
     * <ol>
     *   <li>{@code p = fma(double(hi & 0x7fffffff), 2^-31, fma(double(lo unsigned), 2^-63, 2^-64))}:
     *       the inner fma and both conversions are exact, so p is {@code (2m + 1) 2^-64} correctly
     *       rounded; {@code x = 1 - p}, {@code q = p / 2} (the one-sided tail), {@code h = x / 2}.</li>
     *   <li>{@code ln q} as in f32, with the split at {@code 0x1.6a09e667f3bcdp-1} and
     *       {@code -log1p(t) ~ t * P18(t)} (Chebyshev interpolation, abs. error 1.6e-16).</li>
     *   <li>Wichura's AS 241 PPND16 (M. J. Wichura, "Algorithm AS 241: The percentage points of the
     *       normal distribution", Applied Statistics 37(3), 477-484, 1988; relative error about
     *       1e-16), its published coefficients unchanged: for {@code h <= 0.425},
     *       {@code h A(r) / B(r)} with {@code r = 0.180625 - h^2}; otherwise with
     *       {@code r = sqrt(-ln q)}, {@code C(r - 1.6) / D(r - 1.6)} for {@code r <= 5} and
     *       {@code E(r - 5) / F(r - 5)} above (all degree 7). All three numerators and denominators are
     *       computed, the lane picks one pair, and one division follows.</li>
     *   <li>The sign bit of b is xor-ed into the result.</li>
     * </ol>
     *
     * <p>Cost per variate: 2 exact int-to-double conversions, 1 sqrt, 1 division, 71 add/mul/fma
     * (20 for the log, 16 for the central rational, 30 for the two tail rationals, 5 for the rest),
     * 2 compares and 4 blends; 9 integer ops.
     *
     * @param lo the low word (stream word {@code 2i}), read as unsigned
     * @param hi the high word (stream word {@code 2i + 1}); its top bit is the sign
     * @return the standard normal variate, finite, {@code |z| <= F64_MAX_ABS}
     */
    public static double f64(int lo, int hi) {
        double p = Math.fma((double) (hi & 0x7fffffff), 0x1p-31,
                Math.fma((double) (lo & 0xFFFFFFFFL), 0x1p-63, 0x1p-64));
        double x = 1.0 - p;
        double z = upperQuantile(0.5 * p, 0.5 * x);
        return Double.longBitsToDouble(Double.doubleToRawLongBits(z) ^ ((long) (hi & 0x80000000) << 32));
    }

    /**
     * The standard normal quantile {@code PhiInverse(u)} in double, by the f64 transform's steps 2-3
     * (the bit-level log and Wichura's AS 241) on the one-sided tail {@code q = min(u, 1 - u)}: the same
     * arithmetic as {@link #f64(int, int)}, so the same bits on every JVM. Relative error about
     * {@code 1e-14 max(1, |z|)} for {@code q >= 1e-300} (AS 241's range; a subnormal q is scaled into the
     * log's range first). {@code 1 - u} is exact for {@code u >= 1/2}, so upper quantiles resolve only
     * the spacing of doubles below 1 (2^-53).
     *
     * @param u the probability, in {@code [0, 1]}
     * @return {@code z} with {@code P(Z <= z) = u}; {@code -inf} at 0, {@code +inf} at 1
     * @throws IllegalArgumentException if {@code u} is NaN or outside {@code [0, 1]}
     */
    public static double inverseCdf(double u) {
        if (!(u >= 0 && u <= 1)) {
            throw new IllegalArgumentException("u must be in [0, 1], was " + u);
        }
        if (u == 0 || u == 1) {
            return u == 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        double q = u < 0.5 ? u : 1.0 - u;
        double z = q >= Double.MIN_NORMAL ? upperQuantile(q, 0.5 - q)
                : tailRational(0.5 - q, negLog(q * 0x1p54) + 54 * 0x1.62e42fefa39efp-1);
        return u < 0.5 ? -z : z;
    }

    /** {@code PhiInverse(1 - q)} for a one-sided tail {@code q} in {@code [2^-1022, 1/2]}, {@code h = 1/2 - q}. */
    private static double upperQuantile(double q, double h) {
        // only the region this q needs (the log and square root only outside the centre): the value of
        // the vector kernels' blend of all three
        return h <= F64_SPLIT_CENTRAL ? centralRational(h) : outerRational(Math.sqrt(negLog(q)));
    }

    /** {@code -ln q} for a normal positive double q: the exponent split on the bits and a log1p polynomial. */
    private static double negLog(double q) {
        long bits = Double.doubleToRawLongBits(q);
        long k = (bits - 0x3FE6A09E667F3BCDL) >> 52;
        double t = Double.longBitsToDouble(bits - (k << 52)) - 1.0;
        double l = Math.fma(-0.029914714370611543, t, 0.06606377274291697);
        l = Math.fma(l, t, -0.07092012090709178);
        l = Math.fma(l, t, 0.06339266227186052);
        l = Math.fma(l, t, -0.06473376882671202);
        l = Math.fma(l, t, 0.0710242204207069);
        l = Math.fma(l, t, -0.07707347824005895);
        l = Math.fma(l, t, 0.08337810610043331);
        l = Math.fma(l, t, -0.0909028658518164);
        l = Math.fma(l, t, 0.09999754859995885);
        l = Math.fma(l, t, -0.11111124270511763);
        l = Math.fma(l, t, 0.1250000725329438);
        l = Math.fma(l, t, -0.14285714173578096);
        l = Math.fma(l, t, 0.1666666655489462);
        l = Math.fma(l, t, -0.19999999999909318);
        l = Math.fma(l, t, 0.2500000000076956);
        l = Math.fma(l, t, -0.33333333333337173);
        l = Math.fma(l, t, 0.4999999999999845);
        l = Math.fma(l, t, -1.0);
        return Math.fma((double) k, -0x1.62e42fefa39efp-1, l * t);
    }

    /** AS 241 PPND16 for {@code |z|}, given {@code h = 1/2 - q} and {@code -ln q}. */
    private static double tailRational(double h, double negLogQ) {
        return h <= F64_SPLIT_CENTRAL ? centralRational(h) : outerRational(Math.sqrt(negLogQ));
    }

    /** AS 241 region 1, {@code |u - 0.5| <= 0.425}: a rational function of {@code 0.180625 - h^2}. */
    private static double centralRational(double h) {
        double r1 = Math.fma(-h, h, 0.180625);
        double a = Math.fma(2509.0809287301226727, r1, 33430.575583588128105);
        a = Math.fma(a, r1, 67265.770927008700853);
        a = Math.fma(a, r1, 45921.953931549871457);
        a = Math.fma(a, r1, 13731.693765509461125);
        a = Math.fma(a, r1, 1971.5909503065514427);
        a = Math.fma(a, r1, 133.14166789178437745);
        a = Math.fma(a, r1, 3.387132872796366608) * h;
        double b = Math.fma(5226.495278852854561, r1, 28729.085735721942674);
        b = Math.fma(b, r1, 39307.89580009271061);
        b = Math.fma(b, r1, 21213.794301586595867);
        b = Math.fma(b, r1, 5394.1960214247511077);
        b = Math.fma(b, r1, 687.1870074920579083);
        b = Math.fma(b, r1, 42.313330701600911252);
        b = Math.fma(b, r1, 1.0);

        return a / b;
    }

    /** AS 241 regions 2 and 3, given {@code r = sqrt(-ln q)}: rational functions of {@code r - 1.6} and {@code r - 5}. */
    private static double outerRational(double r) {
        if (r <= F64_SPLIT_TAIL) {
            // AS 241 region 2: r <= 5.
            double r2 = r - 1.6;
            double c = Math.fma(7.7454501427834140764e-4, r2, 0.0227238449892691845833);
            c = Math.fma(c, r2, 0.24178072517745061177);
            c = Math.fma(c, r2, 1.27045825245236838258);
            c = Math.fma(c, r2, 3.64784832476320460504);
            c = Math.fma(c, r2, 5.7694972214606914055);
            c = Math.fma(c, r2, 4.6303378461565452959);
            c = Math.fma(c, r2, 1.42343711074968357734);
            double d = Math.fma(1.05075007164441684324e-9, r2, 5.475938084995344946e-4);
            d = Math.fma(d, r2, 0.0151986665636164571966);
            d = Math.fma(d, r2, 0.14810397642748007459);
            d = Math.fma(d, r2, 0.68976733498510000455);
            d = Math.fma(d, r2, 1.6763848301838038494);
            d = Math.fma(d, r2, 2.05319162663775882187);
            d = Math.fma(d, r2, 1.0);
            return c / d;
        }
        // AS 241 region 3: r > 5.
        double r3 = r - 5.0;
        double e = Math.fma(2.01033439929228813265e-7, r3, 2.71155556874348757815e-5);
        e = Math.fma(e, r3, 0.0012426609473880784386);
        e = Math.fma(e, r3, 0.026532189526576123093);
        e = Math.fma(e, r3, 0.29656057182850489123);
        e = Math.fma(e, r3, 1.7848265399172913358);
        e = Math.fma(e, r3, 5.4637849111641143699);
        e = Math.fma(e, r3, 6.6579046435011037772);
        double f = Math.fma(2.04426310338993978564e-15, r3, 1.4215117583164458887e-7);
        f = Math.fma(f, r3, 1.8463183175100546818e-5);
        f = Math.fma(f, r3, 7.868691311456132591e-4);
        f = Math.fma(f, r3, 0.0148753612908506148525);
        f = Math.fma(f, r3, 0.13692988092273580531);
        f = Math.fma(f, r3, 0.59983220655588793769);
        f = Math.fma(f, r3, 1.0);

        return e / f;
    }
}
