package io.simdist.kernels;

import static io.simdist.kernels.VectorConstants.FLOATS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The Vector API twins of {@link Elementary}: the same operations in the same order, so every lane has
 * exactly the bits of the scalar function at every vector width (fma, division and the conversions
 * are correctly rounded or exact lane by lane; {@code min}/{@code max} follow {@link Math#min}). Where
 * the scalar code selects between computed arms, these blend.
 *
 * <p>Each method is small so that C2 inlines it into the calling loop: a vector returned from a call
 * that is not inlined is boxed. The coefficients are broadcast once into {@code static final} fields.
 */
final class VectorElementary {
    private static final FloatVector ZERO = FloatVector.zero(FLOATS);
    private static final FloatVector ONE = FloatVector.broadcast(FLOATS, 1f);
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

    /** {@link Elementary#exp} lane by lane. */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(EXP_LO).min(EXP_HI);
        FloatVector kf = c.fma(LOG2E, MAGIC).sub(MAGIC);
        FloatVector r = kf.fma(M_LN2_HI, c);
        r = kf.fma(M_LN2_LO, r);
        FloatVector p = E1.fma(r, E2).fma(r, E3).fma(r, E4).fma(r, E5).fma(r, E6);
        FloatVector y = p.fma(r.mul(r), r).add(ONE);
        IntVector k = (IntVector) kf.convert(VectorOperators.F2I, 0);
        IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
        return y.mul(scale(k1)).mul(scale(k.sub(k1)));
    }

    /** {@code 2^k} for k in [-126, 127]. */
    private static FloatVector scale(IntVector k) {
        return k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    /** {@link Elementary#log} lane by lane. */
    static FloatVector log(FloatVector x) {
        VectorMask<Float> sub = x.compare(VectorOperators.LT, Elementary.MIN_NORMAL);
        IntVector bits = x.blend(x.mul(0x1p23f), sub).reinterpretAsInts();
        IntVector k = bits.sub(Elementary.SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 23);
        FloatVector t = bits.sub(k.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats().sub(1f);
        FloatVector kf = ((FloatVector) k.convert(VectorOperators.I2F, 0)).add(ZERO.blend(-23f, sub));
        FloatVector z = t.mul(t);
        FloatVector p = L1.fma(t, L2).fma(t, L3).fma(t, L4).fma(t, L5).fma(t, L6).fma(t, L7).fma(t, L8)
                .fma(t, L9);
        FloatVector y = p.mul(t).mul(z);
        y = kf.fma(LN2_LO, y);
        y = M_HALF.fma(z, y);
        FloatVector r = kf.fma(LN2_HI, t.add(y));
        r = r.blend(x, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        r = r.blend(NEG_INF, x.compare(VectorOperators.EQ, 0f));
        return NAN.blend(r, x.compare(VectorOperators.GE, 0f));
    }

    /** {@link Elementary#log1p} lane by lane. */
    static FloatVector log1p(FloatVector x) {
        FloatVector u = ONE.add(x);
        FloatVector r = log(u).add(x.sub(u.sub(1f)).div(u));
        r = r.blend(NEG_INF, u.compare(VectorOperators.EQ, 0f));
        return r.blend(x, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    /** {@link Elementary#sigmoid} lane by lane. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        return e.blend(ONE, x.compare(VectorOperators.GE, 0f)).div(ONE.add(e));
    }

    /** {@link Elementary#softplus} lane by lane. */
    static FloatVector softplus(FloatVector x) {
        return x.max(ZERO).add(log1p(exp(x.abs().neg())));
    }

    /** {@link Elementary#logSigmoid} lane by lane. */
    static FloatVector logSigmoid(FloatVector x) {
        return softplus(x.neg()).neg();
    }

    /** {@link Elementary#tanh} lane by lane. */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector z = x.mul(x);
        FloatVector p = T1.fma(z, T2).fma(z, T3).fma(z, T4).fma(z, T5);
        FloatVector small = p.mul(z).fma(x, x);
        FloatVector large = ONE.sub(ONE.add(ONE).div(exp(a.add(a)).add(ONE)));
        FloatVector t = large.blend(small, a.compare(VectorOperators.LT, Elementary.TANH_SPLIT));
        return t.reinterpretAsInts().or(x.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
    }
}
