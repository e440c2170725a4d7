package io.simdist.kernels;

import static io.simdist.kernels.VectorConstants.FLOATS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The Vector API twins of {@link Elementary} as passes over arrays: the same operations in the same
 * order, so every lane has exactly the bits of the scalar function at every vector width (fma,
 * division and the conversions are correctly rounded or exact lane by lane; {@code min}/{@code max}
 * follow {@link Math#min}). Where the scalar code selects between computed arms, these blend.
 *
 * <h2>Why passes</h2>
 * A method that returns a vector is inlined by C2 only while its own compiled code is small; once a
 * function as large as {@code log} has been compiled on its own (it is hot), callers call it and box
 * every vector they pass or get back (measured: about 100 bytes per vector). So each function here is
 * a loop over an array whose body calls nothing but the Vector API, and the composite ones (log1p,
 * sigmoid, tanh) chain such loops over L1-resident arrays.
 *
 * <h2>Whole vectors</h2>
 * A pass over {@code n} elements computes {@code [0, vectorLength(n))}, n rounded up to whole vectors:
 * both arrays must be that long (the callers' scratch chunks are), and lanes past n hold values
 * computed from whatever the array held there. No mask and no scalar tail is needed.
 */
final class VectorElementary {
    private static final int LANES = FLOATS.length();
    private static final FloatVector ZERO = FloatVector.zero(FLOATS);
    private static final FloatVector ONE = FloatVector.broadcast(FLOATS, 1f);
    private static final FloatVector TWO = FloatVector.broadcast(FLOATS, 2f);
    private static final FloatVector NEG_INF = FloatVector.broadcast(FLOATS, Float.NEGATIVE_INFINITY);
    private static final FloatVector NAN = FloatVector.broadcast(FLOATS, Float.NaN);
    private static final FloatVector EXP_LO = FloatVector.broadcast(FLOATS, Elementary.EXP_CLAMP_LO);
    private static final FloatVector EXP_HI = FloatVector.broadcast(FLOATS, Elementary.EXP_CLAMP_HI);
    private static final FloatVector LOG2E = FloatVector.broadcast(FLOATS, Elementary.LOG2E);
    private static final FloatVector MAGIC = FloatVector.broadcast(FLOATS, Elementary.ROUND_MAGIC);
    private static final FloatVector M_LN2_HI = FloatVector.broadcast(FLOATS, -Elementary.LN2_HI);
    private static final FloatVector M_LN2_LO = FloatVector.broadcast(FLOATS, -Elementary.LN2_LO);
    private static final FloatVector LN2_HI = FloatVector.broadcast(FLOATS, Elementary.LN2_HI);
    private static final FloatVector LN2_LO = FloatVector.broadcast(FLOATS, Elementary.LN2_LO);
    private static final FloatVector E1 = FloatVector.broadcast(FLOATS, 1.9875691500e-4f);
    private static final FloatVector E2 = FloatVector.broadcast(FLOATS, 1.3981999507e-3f);
    private static final FloatVector E3 = FloatVector.broadcast(FLOATS, 8.3334519073e-3f);
    private static final FloatVector E4 = FloatVector.broadcast(FLOATS, 4.1665795894e-2f);
    private static final FloatVector E5 = FloatVector.broadcast(FLOATS, 1.6666665459e-1f);
    private static final FloatVector E6 = FloatVector.broadcast(FLOATS, 5.0000001201e-1f);
    private static final FloatVector L1 = FloatVector.broadcast(FLOATS, 7.0376836292e-2f);
    private static final FloatVector L2 = FloatVector.broadcast(FLOATS, -1.1514610310e-1f);
    private static final FloatVector L3 = FloatVector.broadcast(FLOATS, 1.1676998740e-1f);
    private static final FloatVector L4 = FloatVector.broadcast(FLOATS, -1.2420140846e-1f);
    private static final FloatVector L5 = FloatVector.broadcast(FLOATS, 1.4249322787e-1f);
    private static final FloatVector L6 = FloatVector.broadcast(FLOATS, -1.6668057665e-1f);
    private static final FloatVector L7 = FloatVector.broadcast(FLOATS, 2.0000714765e-1f);
    private static final FloatVector L8 = FloatVector.broadcast(FLOATS, -2.4999993993e-1f);
    private static final FloatVector L9 = FloatVector.broadcast(FLOATS, 3.3333331174e-1f);
    private static final FloatVector M_HALF = FloatVector.broadcast(FLOATS, -0.5f);
    private static final FloatVector T1 = FloatVector.broadcast(FLOATS, -5.70498872745e-3f);
    private static final FloatVector T2 = FloatVector.broadcast(FLOATS, 2.06390887954e-2f);
    private static final FloatVector T3 = FloatVector.broadcast(FLOATS, -5.37397155531e-2f);
    private static final FloatVector T4 = FloatVector.broadcast(FLOATS, 1.33314422036e-1f);
    private static final FloatVector T5 = FloatVector.broadcast(FLOATS, -3.33332819422e-1f);

    private VectorElementary() {}

    /**
     * @param n elements
     * @return {@code n} rounded up to whole vectors: the elements a pass over n computes
     */
    static int vectorLength(int n) {
        return (n + LANES - 1) / LANES * LANES;
    }

    /** {@code dst = -|x|}, the argument every stable exponential here starts from. */
    static void negAbs(float[] x, float[] dst, int n) {
        for (int j = 0; j < n; j += LANES) {
            FloatVector.fromArray(FLOATS, x, j).abs().neg().intoArray(dst, j);
        }
    }

    /** {@code dst = exp(x)}, {@link Elementary#exp} lane by lane; in place allowed. */
    static void exp(float[] x, float[] dst, int n) {
        for (int j = 0; j < n; j += LANES) {
            // the clamp as compare and blend: the bits of max(EXP_LO).min(EXP_HI), NaN included, in about a
            // third of the instructions (C2 emulates Java's max and min, -0.0 and NaN rules, around vmaxps)
            FloatVector c = FloatVector.fromArray(FLOATS, x, j);
            c = c.blend(EXP_LO, c.lt(EXP_LO));
            c = c.blend(EXP_HI, c.compare(VectorOperators.GT, EXP_HI));
            FloatVector kf = c.fma(LOG2E, MAGIC).sub(MAGIC);
            FloatVector r = kf.fma(M_LN2_HI, c);
            r = kf.fma(M_LN2_LO, r);
            FloatVector p = E1.fma(r, E2).fma(r, E3).fma(r, E4).fma(r, E5).fma(r, E6);
            FloatVector y = p.fma(r.mul(r), r).add(ONE);
            IntVector k = (IntVector) kf.convert(VectorOperators.F2I, 0);
            IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = k.sub(k1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            y.mul(s1).mul(s2).intoArray(dst, j);
        }
    }

    /** {@code dst = ln(x)}, {@link Elementary#log} lane by lane; in place allowed. */
    static void log(float[] src, float[] dst, int n) {
        log(src, dst, n, true);
    }

    /**
     * {@code dst = ln(x)} for normal, finite, positive {@code x} only (the odds {@code u / (1 - u)} of
     * stream uniforms, for example), with {@link #log}'s bits there: the selects for subnormal, zero, infinite
     * and negative arguments, about a third of the operations, are left out because no lane needs them.
     * Other arguments give unspecified values. In place allowed.
     */
    static void logPositiveNormal(float[] src, float[] dst, int n) {
        log(src, dst, n, false);
    }

    private static void log(float[] src, float[] dst, int n, boolean special) {
        for (int j = 0; j < n; j += LANES) {
            FloatVector x = FloatVector.fromArray(FLOATS, src, j);
            VectorMask<Float> sub = x.compare(VectorOperators.LT, Elementary.MIN_NORMAL);
            IntVector bits = (special ? x.blend(x.mul(0x1p23f), sub) : x).reinterpretAsInts();
            IntVector k = bits.sub(Elementary.SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 23);
            FloatVector t = bits.sub(k.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats().sub(1f);
            FloatVector kf = (FloatVector) k.convert(VectorOperators.I2F, 0);
            if (special) {  // without it kf + 0 would be kf: k is never -0
                kf = kf.add(ZERO.blend(-23f, sub));
            }
            FloatVector z = t.mul(t);
            FloatVector p = L1.fma(t, L2).fma(t, L3).fma(t, L4).fma(t, L5).fma(t, L6).fma(t, L7).fma(t, L8)
                    .fma(t, L9);
            FloatVector y = p.mul(t).mul(z);
            y = kf.fma(LN2_LO, y);
            y = M_HALF.fma(z, y);
            FloatVector r = kf.fma(LN2_HI, t.add(y));
            if (special) {
                r = r.blend(x, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
                r = r.blend(NEG_INF, x.compare(VectorOperators.EQ, 0f));
                r = NAN.blend(r, x.compare(VectorOperators.GE, 0f));
            }
            r.intoArray(dst, j);
        }
    }

    /** {@code dst = ln(1 + x)}, {@link Elementary#log1p} lane by lane; {@code dst} must not be {@code x}. */
    static void log1p(float[] x, float[] dst, int n) {
        for (int j = 0; j < n; j += LANES) {
            ONE.add(FloatVector.fromArray(FLOATS, x, j)).intoArray(dst, j);
        }
        log(dst, dst, n);
        for (int j = 0; j < n; j += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, j);
            FloatVector u = ONE.add(v);
            FloatVector r = FloatVector.fromArray(FLOATS, dst, j).add(v.sub(u.sub(1f)).div(u));
            r = r.blend(NEG_INF, u.compare(VectorOperators.EQ, 0f));
            r.blend(v, v.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY)).intoArray(dst, j);
        }
    }

    /** {@code dst = sigmoid(x)}, {@link Elementary#sigmoid} lane by lane; {@code dst} must not be {@code x}. */
    static void sigmoid(float[] x, float[] dst, int n) {
        negAbs(x, dst, n);
        exp(dst, dst, n);
        sigmoidFromExp(x, dst, dst, n);
    }

    /**
     * {@code dst = sigmoid(x)} given {@code e = exp(-|x|)}: the division that ends {@link #sigmoid};
     * {@code dst} may be {@code e}, not {@code x}.
     */
    static void sigmoidFromExp(float[] x, float[] e, float[] dst, int n) {
        for (int j = 0; j < n; j += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, j);
            FloatVector ev = FloatVector.fromArray(FLOATS, e, j);
            ev.blend(ONE, v.compare(VectorOperators.GE, 0f)).div(ONE.add(ev)).intoArray(dst, j);
        }
    }

    /** {@code dst = tanh(x)}, {@link Elementary#tanh} lane by lane; {@code dst} must not be {@code x}. */
    static void tanh(float[] x, float[] dst, int n) {
        tanh(x, dst, null, n);
    }

    /**
     * {@link #tanh(float[], float[], int)} that also writes {@code 1 / exp(2|x|)}, from the exponential tanh
     * takes, into {@code inverse} unless it is null ({@code TanhNormalRsample.squash} lane by lane).
     */
    static void tanh(float[] x, float[] dst, float[] inverse, int n) {
        for (int j = 0; j < n; j += LANES) {
            FloatVector a = FloatVector.fromArray(FLOATS, x, j).abs();
            a.add(a).intoArray(dst, j);
        }
        exp(dst, dst, n);
        for (int j = 0; j < n; j += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, j);
            FloatVector z = v.mul(v);
            FloatVector p = T1.fma(z, T2).fma(z, T3).fma(z, T4).fma(z, T5);
            FloatVector small = p.mul(z).fma(v, v);
            FloatVector e2a = FloatVector.fromArray(FLOATS, dst, j);
            if (inverse != null) {
                ONE.div(e2a).intoArray(inverse, j);
            }
            FloatVector large = ONE.sub(TWO.div(e2a.add(ONE)));
            FloatVector t = large.blend(small, v.abs().compare(VectorOperators.LT, Elementary.TANH_SPLIT));
            t.reinterpretAsInts().or(v.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats().intoArray(dst, j);
        }
    }
}
