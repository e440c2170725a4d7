package io.simdist.kernels;

/**
 * Normal transform v2: standard normal variates from Philox stream words by the Box-Muller transform,
 * one pair of variates per two words (f32) or per Philox block (f64). This is the scalar reference;
 * every backend (scalar Java, the Vector API at any width, native C) reproduces it bit for bit. The
 * inverse CDF ({@link #inverseCdf(double)}) stays, as the quantile function of {@code Normal.icdf}.
 *
 * <h2>Words to variates (normal transform v2)</h2>
 * Variates come in pairs {@code (2k, 2k + 1)} that share a radius {@code r} and an angle
 * {@code theta}: {@code z(2k) = r cos(theta)}, {@code z(2k + 1) = r sin(theta)}. A variate is a fixed
 * function of its pair's words (no rejection), so variate {@code i} is a pure function of
 * (key, stream, i), and a fill that starts or ends inside a pair computes the half it needs.
 * <ul>
 *   <li><b>f32</b>, pair {@code k}: the radius from word {@code 2k}, the angle from word
 *       {@code 2k + 1} (so variate {@code i} reads words {@code i & ~1} and {@code i | 1}).</li>
 *   <li><b>f64</b>, pair {@code k}: Philox block {@code k}. The radius from the 64 bits
 *       {@code word(4k + 1) << 32 | word(4k)}, the angle from {@code word(4k + 3) << 32 | word(4k + 2)}.
 *       (So variate {@code i} reads words {@code 4(i >> 1) .. 4(i >> 1) + 3}.)</li>
 * </ul>
 *
 * <h2>Radius</h2>
 * {@code r = sqrt(-2 ln u)} for a uniform {@code u} in {@code (0, 1]}:
 * <ul>
 *   <li>f32: {@code u = (2m + 1) 2^-32} with {@code m = word >>> 1} (bit 0 of the radius word is not
 *       used), as {@code fma(float(m), 2^-31, 2^-32)}: exact for {@code m < 2^23}, which covers every
 *       {@code r > 2.93}, so the tail keeps each of its probability cells. The smallest u is
 *       {@code 2^-32}: {@code r <= }{@value #F32_MAX_ABS}.</li>
 *   <li>f64: {@code u = (2m + 1) 2^-65} with m the 64-bit radius value, as
 *       {@code fma(double(hi), 2^-32, fma(double(lo), 2^-64, 2^-65))} (the inner fma is exact, so
 *       u is correctly rounded). The smallest u is {@code 2^-65}: {@code r <= }{@value #F64_MAX_ABS}.</li>
 * </ul>
 * {@code -ln u} is computed on the bits: {@code u = 2^k f} with {@code f in [sqrt(1/2), sqrt(2))},
 * {@code -ln u = fma(k, -ln 2, t P(t))} with {@code t = f - 1} and {@code t P(t)} a minimax fit of
 * {@code -log1p(t)} (f32: degree 8, abs. error 3.9e-8; f64: degree 19, abs. error 1.6e-16; the same
 * polynomials as transform v1's). Then {@code r = sqrt(w + w)}, with IEEE square root.
 *
 * <h2>Angle</h2>
 * {@code theta = q pi/2 + a}: the quadrant {@code q} is the top two bits of the angle value and
 * {@code a} in {@code (-pi/4, pi/4)} comes from the next bits, read as a signed integer {@code c}
 * (f32: 24 bits, bits 29..6 of the word; f64: 53 bits, bits 61..9 of the value), exactly converted:
 * {@code a = fma(c, K, K / 2)} with {@code K = (pi/2) 2^-24} (f32) or {@code (pi/2) 2^-53} (f64). So the
 * 2^26 (2^55) angles are the midpoints of equal arcs of the circle, and no range reduction is needed:
 * the argument is a uniform. {@code sin a} and {@code cos a} are Cephes's minimax polynomials on
 * {@code [-pi/4, pi/4]} (S. L. Moshier, Cephes Math Library, {@code sinf.c}/{@code sin.c}:
 * f32 degrees 7 and 8, f64 degrees 13 and 14), evaluated with fused multiply-adds:
 * {@code sin a = fma(a z, S(z), a)}, {@code cos a = fma(z^2, C(z), fma(z, -1/2, 1))}, {@code z = a^2}.
 * The quadrant turns {@code (cos a, sin a)} into {@code (cos theta, sin theta)}: an odd quadrant swaps
 * the two, and the signs are {@code bit1 xor bit0} (cosine) and {@code bit1} (sine) of {@code q}.
 * Finally {@code z = r * (cos or sin)}, and the sign bit is xor-ed in.
 *
 * <h2>Why Box-Muller</h2>
 * Measured against the inverse CDF of v1 and a vectorised ziggurat ({@code TransformPrototypeBenchmark}
 * in {@code bench}; figures in the kernels' package doc): it needs about half v1's operations per
 * variate, has no branch and no table (so every lane does the same work and no width needs gathers),
 * and no rejection (so no slow path). Its operations are +, -, *, fma, sqrt, exact conversions, bit
 * operations and blends, which every backend rounds the same way.
 *
 * <h2>Accuracy</h2>
 * The transform differs from exact Box-Muller of its own u and theta by the polynomial errors and the
 * rounding of a dozen operations: f32 within {@code 3e-7 max(1, |z|)} (measured worst 2.5e-7), f64
 * within {@code 2e-15 max(1, |z|)} (measured worst 4.4e-16), against a reference in double (f32) and
 * in double-double checked against 40-digit {@code BigDecimal} (f64), in {@code NormalTransformsTest}
 * (the f32 radius over all 2^31 magnitudes and sine and cosine over all 2^24 angles are swept there).
 * The radius never decreases as u decreases. No output is exactly 0: the smallest |z| is 1.01e-12
 * (f32) and 2.03e-26 (f64). Every polynomial step
 * is a fused multiply-add ({@code Math.fma}); a C port must keep them fused and compile with
 * {@code -ffp-contract=off} elsewhere. No {@code Math.log}, {@code Math.exp}, {@code Math.sin} or
 * {@code StrictMath}: their results are not pinned across platforms or vector widths.
 */
public final class NormalTransforms {
    /** Largest |z| the f32 transform returns: the radius at u = 2^-32 (radius word 0 or 1), times 1. */
    public static final float F32_MAX_ABS = 6.660437f;
    /** Largest |z| the f64 transform returns: the radius at u = 2^-65 (radius value 0), times 1. */
    public static final double F64_MAX_ABS = 9.492583076949755;

    /** f64 inverse CDF: AS241's central region is {@code |u - 1/2| <= 0.425}, here {@code x / 2 <= 0.425}. */
    static final double F64_SPLIT_CENTRAL = 0.425;
    /** f64 inverse CDF: AS241's two tail regions meet at {@code r = sqrt(-ln q) = 5} ({@code q = e^-25}). */
    static final double F64_SPLIT_TAIL = 5.0;

    /** f32 angle step {@code (pi/2) 2^-24}: bit-exact scaling of {@code float(pi/2)}. */
    static final float F32_ANGLE_STEP = (float) (Math.PI / 2) * 0x1p-24f;
    /** f64 angle step {@code (pi/2) 2^-53}. */
    static final double F64_ANGLE_STEP = Math.PI / 2 * 0x1p-53;

    private NormalTransforms() {}

    // ---- f32 ----

    /**
     * Variate {@code 2k + half} of f32 pair {@code k}, from its radius word ({@code 2k}) and angle word
     * ({@code 2k + 1}): {@code r cos(theta)} for {@code half = 0}, {@code r sin(theta)} for
     * {@code half = 1}. Computes only the polynomial it needs; the vector kernels compute both and
     * blend, with the same bits.
     *
     * @param radiusWord stream word {@code 2k}; bits 31..1 used
     * @param angleWord stream word {@code 2k + 1}; bits 31..6 used
     * @param half 0 or 1 (any odd value is 1)
     * @return the standard normal variate, {@code |z| <= F32_MAX_ABS}
     */
    public static float f32(int radiusWord, int angleWord, int half) {
        return f32(f32Radius(radiusWord), f32Angle(angleWord), angleWord, half);
    }

    /** Half {@code half} of the pair with radius {@code r} and angle {@code a} of word {@code angleWord}. */
    static float f32(float r, float a, int angleWord, int half) {
        boolean swap = (angleWord << 1) < 0;  // odd quadrant
        boolean sine = swap ^ ((half & 1) != 0);
        float v = sine ? f32Sin(a) : f32Cos(a);
        int sign = (half & 1) == 0 ? (angleWord ^ (angleWord << 1)) & 0x80000000 : angleWord & 0x80000000;
        return Float.intBitsToFloat(Float.floatToRawIntBits(r * v) ^ sign);
    }

    /** {@code r = sqrt(-2 ln u)}, {@code u = (2 (word >>> 1) + 1) 2^-32}. */
    static float f32Radius(int radiusWord) {
        int m = radiusWord >>> 1;
        float u = Math.fma((float) m, 0x1p-31f, 0x1p-32f);
        int bits = Float.floatToRawIntBits(u);
        int k = (bits - 0x3f3504f3) >> 23;
        // for u >= sqrt(1/2) (k = 0), t = u - 1 = -(2 m' + 1) 2^-32 with m' = 2^31 - 1 - m, rounded once
        // from the exact value rather than from the rounded u: keeps small radii accurate
        // (selected on the bits: a float select compiles to a branch, mispredicted for 29% of the words)
        int complement = Float.floatToRawIntBits(Math.fma((float) (m ^ 0x7fffffff), -0x1p-31f, -0x1p-32f));
        int reduced = Float.floatToRawIntBits(Float.intBitsToFloat(bits - (k << 23)) - 1f);
        int nonzero = (k | -k) >> 31;  // all ones for k != 0
        float t = Float.intBitsToFloat((reduced & nonzero) | (complement & ~nonzero));
        float l = Math.fma(0.099442184f, t, -0.16422483f);
        l = Math.fma(l, t, 0.17382811f);
        l = Math.fma(l, t, -0.19874363f);
        l = Math.fma(l, t, 0.24955392f);
        l = Math.fma(l, t, -0.3333609f);
        l = Math.fma(l, t, 0.5000075f);
        l = Math.fma(l, t, -0.9999998f);
        float w = Math.fma((float) k, -0.6931472f, l * t);
        return (float) Math.sqrt(w + w);
    }

    /** {@code a} in {@code (-pi/4, pi/4)} from bits 29..6 of the angle word, as a signed 24-bit integer. */
    static float f32Angle(int angleWord) {
        return Math.fma((float) ((angleWord << 2) >> 8), F32_ANGLE_STEP, F32_ANGLE_STEP * 0.5f);
    }

    /** {@code sin a}, {@code |a| <= pi/4} (Cephes {@code sinf}). */
    static float f32Sin(float a) {
        float z = a * a;
        float p = Math.fma(-1.9515295891e-4f, z, 8.3321608736e-3f);
        p = Math.fma(p, z, -1.6666654611e-1f);
        return Math.fma(a * z, p, a);
    }

    /** {@code cos a}, {@code |a| <= pi/4} (Cephes {@code cosf}). */
    static float f32Cos(float a) {
        float z = a * a;
        float q = Math.fma(2.443315711809948e-5f, z, -1.388731625493765e-3f);
        q = Math.fma(q, z, 4.166664568298827e-2f);
        return Math.fma(z * z, q, Math.fma(z, -0.5f, 1f));
    }

    // ---- f64 ----

    /**
     * Variate {@code 2k + half} of f64 pair {@code k}, from the four words of Philox block {@code k}:
     * {@code r cos(theta)} for {@code half = 0}, {@code r sin(theta)} for {@code half = 1}.
     *
     * @param w0 word {@code 4k} (radius, low)
     * @param w1 word {@code 4k + 1} (radius, high)
     * @param w2 word {@code 4k + 2} (angle, low)
     * @param w3 word {@code 4k + 3} (angle, high: its top two bits are the quadrant)
     * @param half 0 or 1 (any odd value is 1)
     * @return the standard normal variate, {@code |z| <= F64_MAX_ABS}
     */
    public static double f64(int w0, int w1, int w2, int w3, int half) {
        long angle = (long) w3 << 32 | (w2 & 0xFFFFFFFFL);
        return f64(f64Radius(w0, w1), f64Angle(angle), angle, half);
    }

    /** Half {@code half} of the pair with radius {@code r} and angle {@code a} of value {@code angle}. */
    static double f64(double r, double a, long angle, int half) {
        boolean swap = (angle << 1) < 0;
        boolean sine = swap ^ ((half & 1) != 0);
        double v = sine ? f64Sin(a) : f64Cos(a);
        long sign = (half & 1) == 0 ? (angle ^ (angle << 1)) & Long.MIN_VALUE : angle & Long.MIN_VALUE;
        return Double.longBitsToDouble(Double.doubleToRawLongBits(r * v) ^ sign);
    }

    /** {@code r = sqrt(-2 ln u)}, {@code u = (2m + 1) 2^-65}, {@code m = hi << 32 | lo} unsigned. */
    static double f64Radius(int lo, int hi) {
        double u = Math.fma((double) (hi & 0xFFFFFFFFL), 0x1p-32,
                Math.fma((double) (lo & 0xFFFFFFFFL), 0x1p-64, 0x1p-65));
        long bits = Double.doubleToRawLongBits(u);
        long k = (bits - 0x3FE6A09E667F3BCDL) >> 52;
        // as in f32: for u >= sqrt(1/2), t = u - 1 = -(2 m' + 1) 2^-65 with m' = 2^64 - 1 - m
        long complement = Double.doubleToRawLongBits(-Math.fma((double) (~hi & 0xFFFFFFFFL), 0x1p-32,
                Math.fma((double) (~lo & 0xFFFFFFFFL), 0x1p-64, 0x1p-65)));
        long reduced = Double.doubleToRawLongBits(Double.longBitsToDouble(bits - (k << 52)) - 1.0);
        long nonzero = (k | -k) >> 63;  // all ones for k != 0 (selected on the bits, as in f32)
        double t = Double.longBitsToDouble((reduced & nonzero) | (complement & ~nonzero));
        double w = radiusNegLog(k, t);
        return Math.sqrt(w + w);
    }

    /**
     * {@code -(k ln 2 + log1p(t))} with the polynomial of {@link #negLog(double)} evaluated by Estrin's
     * scheme (pairs, then powers t^2, t^4, t^8, t^16) rather than Horner's: the same coefficients, a
     * dependency chain of 6 operations instead of 18, which is what the vector kernels need to keep the
     * FMA units busy. Its own rounding: this is the radius's log, not the inverse CDF's.
     */
    static double radiusNegLog(long k, double t) {
        double p0 = Math.fma(0.4999999999999845, t, -1.0);
        double p1 = Math.fma(0.2500000000076956, t, -0.33333333333337173);
        double p2 = Math.fma(0.1666666655489462, t, -0.19999999999909318);
        double p3 = Math.fma(0.1250000725329438, t, -0.14285714173578096);
        double p4 = Math.fma(0.09999754859995885, t, -0.11111124270511763);
        double p5 = Math.fma(0.08337810610043331, t, -0.0909028658518164);
        double p6 = Math.fma(0.0710242204207069, t, -0.07707347824005895);
        double p7 = Math.fma(0.06339266227186052, t, -0.06473376882671202);
        double p8 = Math.fma(0.06606377274291697, t, -0.07092012090709178);
        double t2 = t * t;
        double q0 = Math.fma(p1, t2, p0);
        double q1 = Math.fma(p3, t2, p2);
        double q2 = Math.fma(p5, t2, p4);
        double q3 = Math.fma(p7, t2, p6);
        double q4 = Math.fma(-0.029914714370611543, t2, p8);
        double t4 = t2 * t2;
        double o0 = Math.fma(q1, t4, q0);
        double o1 = Math.fma(q3, t4, q2);
        double t8 = t4 * t4;
        double l = Math.fma(q4, t8 * t8, Math.fma(o1, t8, o0));
        return Math.fma((double) k, -0x1.62e42fefa39efp-1, l * t);
    }

    /** {@code a} in {@code (-pi/4, pi/4)} from bits 61..9 of the angle value, as a signed 53-bit integer. */
    static double f64Angle(long angle) {
        return Math.fma((double) ((angle << 2) >> 11), F64_ANGLE_STEP, F64_ANGLE_STEP * 0.5);
    }

    /** {@code sin a}, {@code |a| <= pi/4} (Cephes {@code sin.c}). */
    static double f64Sin(double a) {
        double z = a * a;
        double p = Math.fma(1.58962301576546568060E-10, z, -2.50507477628578072866E-8);
        p = Math.fma(p, z, 2.75573136213857245213E-6);
        p = Math.fma(p, z, -1.98412698295895385996E-4);
        p = Math.fma(p, z, 8.33333333332211858878E-3);
        p = Math.fma(p, z, -1.66666666666666307295E-1);
        return Math.fma(a * z, p, a);
    }

    /** {@code cos a}, {@code |a| <= pi/4} (Cephes {@code sin.c}). */
    static double f64Cos(double a) {
        double z = a * a;
        double q = Math.fma(-1.13585365213876817300E-11, z, 2.08757008419747316778E-9);
        q = Math.fma(q, z, -2.75573141792967388112E-7);
        q = Math.fma(q, z, 2.48015872888517045348E-5);
        q = Math.fma(q, z, -1.38888888888730564116E-3);
        q = Math.fma(q, z, 4.16666666666665929218E-2);
        return Math.fma(z * z, q, Math.fma(z, -0.5, 1.0));
    }

    /**
     * The standard normal quantile {@code PhiInverse(u)} in double, by the f64 transform's steps 2-3
     * (the bit-level log and Wichura's AS 241) on the one-sided tail {@code q = min(u, 1 - u)}: the same
     * arithmetic as transform v1 had (v2 uses the log only), so the same bits on every JVM. Relative error about
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
