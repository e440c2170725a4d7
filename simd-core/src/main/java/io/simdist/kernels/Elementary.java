package io.simdist.kernels;

/**
 * Float elementary functions whose bits are pinned: the scalar reference that {@code VectorElementary}
 * (the Vector API, every width) and native code reproduce lane for lane.
 *
 * <p>Only +, -, *, division, {@link Math#fma}, {@link Math#abs}, {@link Math#min}/{@link Math#max}
 * (NaN-propagating), comparisons with selects whose arms are all computed, float/int conversions and bit
 * reinterpretation are used. Each is correctly rounded or exact in IEEE 754, so every lane of every
 * backend gives the same bits. No {@code Math.exp/log/tanh} or {@code StrictMath}: {@code Math}'s
 * results are not pinned across JVMs and CPUs, and the Vector API's {@code EXP/LOG/TANH} go to SVML,
 * whose results differ between vector widths. NaN results are NaN, but their payload bits are not
 * pinned (compare with {@link Float#floatToIntBits}).
 *
 * <h2>Approach</h2>
 * The classic Cephes single-precision algorithms (S. L. Moshier, <i>Methods and Programs for
 * Mathematical Functions</i>, 1989; Cephes {@code expf.c}, {@code logf.c}, {@code tanhf.c}), with
 * their published minimax coefficients: Cody-Waite range reduction (W. J. Cody and W. Waite,
 * <i>Software Manual for the Elementary Functions</i>, 1980) with {@code ln 2} split into a short
 * high part (exact products) and a low part, then a polynomial on the reduced interval. The exponent
 * split is done on the bits instead of {@code frexpf}/{@code ldexpf}; every Horner step is a fused
 * multiply-add. {@code log1p} uses Goldberg's correction (D. Goldberg, "What every computer scientist
 * should know about floating-point arithmetic", ACM Computing Surveys 23(1), 1991, Theorem 4).
 *
 * <h2>Accuracy</h2>
 * Measured by {@code ElementaryAccuracyTest} against {@link StrictMath} evaluated in double, over
 * sweeps of every 61st float of the domain plus dense windows around 0, 1, the branch points and the
 * overflow / underflow thresholds. The stated bounds are in ulps of the float result (the ulp of the
 * exact value rounded to float), on normal results; the test asserts them.
 */
public final class Elementary {
    /** {@code exp(x)} overflows to {@code +inf} above this (the float nearest {@code ln(2^128)} below it). */
    public static final float EXP_OVERFLOW = 88.72283f;
    /** Arguments are clamped to {@code [EXP_CLAMP_LO, EXP_CLAMP_HI]}: both already give 0 and {@code +inf}. */
    static final float EXP_CLAMP_LO = -104f;
    static final float EXP_CLAMP_HI = 89f;
    static final float LOG2E = 1.44269504088896341f;
    /** {@code ln 2 = LN2_HI + LN2_LO}; LN2_HI has 9 significant bits, so {@code k * LN2_HI} is exact. */
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    /** Adding and subtracting 1.5 * 2^23 rounds a float below 2^22 in magnitude to an integer (ties to even). */
    static final float ROUND_MAGIC = 0x1.8p23f;
    /** Bits of the float nearest {@code sqrt(1/2)}: the log reduction keeps the mantissa in {@code [sqrt(1/2), sqrt(2))}. */
    static final int SQRT_HALF_BITS = 0x3f3504f3;
    static final float MIN_NORMAL = 0x1p-126f;
    /** tanh switches from its odd polynomial to {@code 1 - 2 / (exp(2|x|) + 1)} at this |x| (as Cephes). */
    static final float TANH_SPLIT = 0.625f;

    private Elementary() {}

    /**
     * {@code e^x}.
     *
     * <p>Domain: all floats. {@code x > }{@value #EXP_OVERFLOW} gives {@code +inf}, results below
     * {@code 2^-126} are subnormal (one rounding: the scaling by {@code 2^k} is split into two exact
     * factors), {@code x < -103.97} gives {@code +0}; {@code exp(-inf) = +0}, {@code exp(+inf) = +inf},
     * {@code exp(NaN) = NaN}, {@code exp(+-0) = 1}.
     *
     * <p>Method: {@code k = rint(x log2 e)}, {@code r = x - k ln 2} (Cody-Waite, two fmas) in
     * {@code [-0.347, 0.347]}, {@code e^r = 1 + r + r^2 P5(r)} (Cephes {@code expf}), times {@code 2^k}.
     * Accuracy: within 1.01 ulp for normal results (measured maximum 1.003 ulp).
     *
     * @param x the argument
     * @return {@code e^x}
     */
    public static float exp(float x) {
        float c = Math.min(Math.max(x, EXP_CLAMP_LO), EXP_CLAMP_HI);
        float kf = Math.fma(c, LOG2E, ROUND_MAGIC) - ROUND_MAGIC;
        float r = Math.fma(kf, -LN2_HI, c);
        r = Math.fma(kf, -LN2_LO, r);
        float p = Math.fma(1.9875691500e-4f, r, 1.3981999507e-3f);
        p = Math.fma(p, r, 8.3334519073e-3f);
        p = Math.fma(p, r, 4.1665795894e-2f);
        p = Math.fma(p, r, 1.6666665459e-1f);
        p = Math.fma(p, r, 5.0000001201e-1f);
        float y = Math.fma(p, r * r, r) + 1f;
        // k in [-150, 128]: two factors 2^(k >> 1) and 2^(k - (k >> 1)), each a normal float
        int k = (int) kf;
        int k1 = k >> 1;
        return y * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((k - k1 + 127) << 23);
    }

    /**
     * {@code ln x}.
     *
     * <p>Domain: {@code x >= 0}, subnormals included. {@code log(+-0) = -inf}, {@code log(+inf) = +inf},
     * {@code log(x < 0) = NaN}, {@code log(NaN) = NaN}, {@code log(1) = +0}.
     *
     * <p>Method: {@code x = 2^k f} with {@code f in [sqrt(1/2), sqrt(2))} split on the bits (subnormals
     * are first scaled by 2^23), {@code t = f - 1} (exact), {@code ln f = t - t^2/2 + t^3 P8(t)} (Cephes
     * {@code logf}), plus {@code k ln 2} in two parts. Accuracy: within 0.85 ulp (measured maximum 0.83 ulp).
     *
     * @param x the argument
     * @return {@code ln x}
     */
    public static float log(float x) {
        boolean sub = x < MIN_NORMAL;
        int bits = Float.floatToRawIntBits(sub ? x * 0x1p23f : x);
        int k = (bits - SQRT_HALF_BITS) >> 23;
        float t = Float.intBitsToFloat(bits - (k << 23)) - 1f;
        float kf = (float) k + (sub ? -23f : 0f);
        float z = t * t;
        float p = Math.fma(7.0376836292e-2f, t, -1.1514610310e-1f);
        p = Math.fma(p, t, 1.1676998740e-1f);
        p = Math.fma(p, t, -1.2420140846e-1f);
        p = Math.fma(p, t, 1.4249322787e-1f);
        p = Math.fma(p, t, -1.6668057665e-1f);
        p = Math.fma(p, t, 2.0000714765e-1f);
        p = Math.fma(p, t, -2.4999993993e-1f);
        p = Math.fma(p, t, 3.3333331174e-1f);
        float y = p * t * z;
        y = Math.fma(kf, LN2_LO, y);
        y = Math.fma(-0.5f, z, y);
        float r = Math.fma(kf, LN2_HI, t + y);
        r = x == Float.POSITIVE_INFINITY ? x : r;
        r = x == 0f ? Float.NEGATIVE_INFINITY : r;
        return x >= 0f ? r : Float.NaN;
    }

    /**
     * {@code ln(1 + x)}, accurate for small {@code |x|}.
     *
     * <p>Domain: {@code x >= -1}. {@code log1p(-1) = -inf}, {@code log1p(+inf) = +inf},
     * {@code log1p(x < -1) = NaN}, {@code log1p(NaN) = NaN}, {@code log1p(+-0) = +0}; for
     * {@code |x| < 2^-25} (where {@code 1 + x} rounds to 1) the result is {@code x}.
     *
     * <p>Method: with {@code u = 1 + x} rounded, {@code ln(u) + (x - (u - 1)) / u}: the rounding error of
     * u, recovered exactly by the subtractions (Sterbenz), corrects to first order (the fdlibm
     * {@code log1p} correction term; Goldberg 1991, Theorem 4, analyses the same cancellation). Accuracy:
     * within 1.5 ulp (measured maximum 1.44 ulp).
     *
     * @param x the argument
     * @return {@code ln(1 + x)}
     */
    public static float log1p(float x) {
        float u = 1f + x;
        float r = log(u) + (x - (u - 1f)) / u;
        r = u == 0f ? Float.NEGATIVE_INFINITY : r;
        return x == Float.POSITIVE_INFINITY ? x : r;
    }

    /**
     * The logistic sigmoid {@code 1 / (1 + e^-x)}.
     *
     * <p>Domain: all floats; result in {@code [0, 1]}. {@code sigmoid(+inf) = 1}, {@code sigmoid(-inf) = 0},
     * {@code sigmoid(NaN) = NaN}; it rounds to 1 for {@code x > 16.6} and is subnormal below
     * {@code x = -87.3}.
     *
     * <p>Method: {@code e = exp(-|x|)} (no overflow), then {@code 1 / (1 + e)} for {@code x >= 0} and
     * {@code e / (1 + e)} otherwise (one division, its numerator selected). Accuracy: within 2.35 ulp on
     * normal results (measured maximum 2.30 ulp, for {@code x < 0}, where exp's error passes through).
     *
     * @param x the argument (log-odds)
     * @return {@code sigmoid(x)}
     */
    public static float sigmoid(float x) {
        return sigmoidFromExp(x, exp(-Math.abs(x)));
    }

    /** {@link #sigmoid} given its {@code e = exp(-|x|)}: the same bits. */
    static float sigmoidFromExp(float x, float e) {
        return (x >= 0f ? 1f : e) / (1f + e);
    }

    /**
     * {@code softplus(x) = ln(1 + e^x)}, stable for large {@code |x|}.
     *
     * <p>Domain: all floats; result {@code >= 0}. {@code softplus(+inf) = +inf}, {@code softplus(-inf) = 0},
     * {@code softplus(NaN) = NaN}; it equals {@code x} (rounded) for {@code x > 16.7} and {@code e^x} for
     * very negative x (subnormal below -87.3).
     *
     * <p>Method: {@code max(x, 0) + log1p(exp(-|x|))}: the exponential never overflows. Accuracy: within
     * 2 ulp on normal results (measured maximum 1.93 ulp).
     *
     * @param x the argument
     * @return {@code ln(1 + e^x)}
     */
    public static float softplus(float x) {
        return Math.max(x, 0f) + log1p(exp(-Math.abs(x)));
    }

    /**
     * {@code ln sigmoid(x) = -softplus(-x)}, stable for large {@code |x|}.
     *
     * <p>Domain: all floats; result {@code <= 0}. {@code logSigmoid(+inf) = -0},
     * {@code logSigmoid(-inf) = -inf}, {@code logSigmoid(NaN) = NaN}. Accuracy as {@link #softplus}.
     *
     * @param x the argument (log-odds)
     * @return {@code ln sigmoid(x)}
     */
    public static float logSigmoid(float x) {
        return -softplus(-x);
    }

    /**
     * The hyperbolic tangent.
     *
     * <p>Domain: all floats; result in {@code [-1, 1]}, odd (the sign of x is copied). {@code tanh(+-inf) = +-1},
     * {@code tanh(NaN) = NaN}, {@code tanh(+-0) = +-0}; it rounds to {@code +-1} for {@code |x| > 9.01}.
     *
     * <p>Method (Cephes {@code tanhf}): for {@code |x| < 0.625}, {@code x + x^3 P4(x^2)}; above,
     * {@code 1 - 2 / (exp(2|x|) + 1)}. Accuracy: within 1.35 ulp (measured maximum 1.30 ulp).
     *
     * @param x the argument
     * @return {@code tanh(x)}
     */
    public static float tanh(float x) {
        float a = Math.abs(x);
        return tanhFromExp(x, exp(a + a));
    }

    /** {@link #tanh} given {@code E = exp(2|x|)} (exp of {@code |x| + |x|}): the same bits. */
    static float tanhFromExp(float x, float e2a) {
        float a = Math.abs(x);
        float z = x * x;
        float p = Math.fma(-5.70498872745e-3f, z, 2.06390887954e-2f);
        p = Math.fma(p, z, -5.37397155531e-2f);
        p = Math.fma(p, z, 1.33314422036e-1f);
        p = Math.fma(p, z, -3.33332819422e-1f);
        float small = Math.fma(p * z, x, x);
        float large = 1f - 2f / (e2a + 1f);
        // odd: large is tanh(|x|), and or-ing the sign bit also makes tanh(-0) = -0 (small gives +0 there)
        float t = a < TANH_SPLIT ? small : large;
        return Float.intBitsToFloat(Float.floatToRawIntBits(t) | (Float.floatToRawIntBits(x) & 0x80000000));
    }
}
