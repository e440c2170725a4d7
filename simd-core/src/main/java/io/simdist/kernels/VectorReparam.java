package io.simdist.kernels;

import static io.simdist.kernels.VectorConstants.DOUBLES;
import static io.simdist.kernels.VectorConstants.FLOATS;
import static io.simdist.kernels.VectorConstants.INTS;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API versions of {@link ReparamKernels}: the same operation per lane as the scalar
 * reference (fma, mul, add, exact float-to-double conversion), so the same bits at every width. Each
 * accumulator position is its own lane, so no lanes are ever reduced into each other.
 */
final class VectorReparam {
    private static final int FL = FLOATS.length();
    private static final int DL = DOUBLES.length();
    private static final FloatVector LN2 = FloatVector.broadcast(FLOATS, TanhNormalRsample.LN2);
    private static final FloatVector HALF_LOG_2PI = FloatVector.broadcast(FLOATS, TanhNormalRsample.HALF_LOG_2PI);
    private static final FloatVector ONE = FloatVector.broadcast(FLOATS, 1f);
    /** Floats as many as {@link VectorConstants#DOUBLES} has lanes: the doubles rounded to float. */
    private static final VectorSpecies<Float> HALF_FLOATS =
            FloatVector.SPECIES_MAX.withShape(VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));

    private VectorReparam() {}

    /** {@link ReparamKernels#paramsValid} with the or-reduction on lanes (its order does not matter). */
    static boolean paramsValid(float[] loc, float[] scale) {
        IntVector bad = IntVector.zero(INTS);
        int i = 0;
        for (int bound = FLOATS.loopBound(loc.length); i < bound; i += FL) {
            IntVector b = FloatVector.fromArray(FLOATS, loc, i).reinterpretAsInts();
            bad = bad.or(b.and(0x7f800000).add(0x00800000));
        }
        int tail = 0;
        for (; i < loc.length; i++) {
            tail |= (Float.floatToRawIntBits(loc[i]) & 0x7f800000) + 0x00800000;
        }
        i = 0;
        for (int bound = FLOATS.loopBound(scale.length); i < bound; i += FL) {
            IntVector m = FloatVector.fromArray(FLOATS, scale, i).reinterpretAsInts().sub(1);
            bad = bad.or(m.or(IntVector.broadcast(INTS, 0x7f7ffffe).sub(m)));
        }
        for (; i < scale.length; i++) {
            int m = Float.floatToRawIntBits(scale[i]) - 1;
            tail |= m | (0x7f7ffffe - m);
        }
        return (bad.reduceLanes(VectorOperators.OR) | tail) >= 0;
    }

    static void affine(float[] eps, int eo, float[] loc, int lo, float[] scale, int so, float[] z, int zo, int n) {
        int j = 0;
        for (int bound = FLOATS.loopBound(n); j < bound; j += FL) {
            FloatVector.fromArray(FLOATS, eps, eo + j).fma(FloatVector.fromArray(FLOATS, scale, so + j),
                    FloatVector.fromArray(FLOATS, loc, lo + j)).intoArray(z, zo + j);
        }
        for (; j < n; j++) {
            z[zo + j] = Math.fma(eps[eo + j], scale[so + j], loc[lo + j]);
        }
    }

    static void affine(double[] eps, int eo, double[] loc, int lo, double[] scale, int so, double[] z, int zo,
            int n) {
        int j = 0;
        for (int bound = DOUBLES.loopBound(n); j < bound; j += DL) {
            DoubleVector.fromArray(DOUBLES, eps, eo + j).fma(DoubleVector.fromArray(DOUBLES, scale, so + j),
                    DoubleVector.fromArray(DOUBLES, loc, lo + j)).intoArray(z, zo + j);
        }
        for (; j < n; j++) {
            z[zo + j] = Math.fma(eps[eo + j], scale[so + j], loc[lo + j]);
        }
    }

    static void accumulate(float[] dz, int dzo, float[] eps, int eo, double[] accLoc, double[] accScale, int ao,
            int n) {
        int bound = FLOATS.loopBound(n);
        int j = 0;
        if (accLoc != null && accScale != null) {
            // one pass, each float widened once; fma(dz, eps, acc) rounds once, like acc + dz * eps
            // in the reference, because the product of two floats is exact in double
            for (; j < bound; j += FL) {
                FloatVector d = FloatVector.fromArray(FLOATS, dz, dzo + j);
                FloatVector e = FloatVector.fromArray(FLOATS, eps, eo + j);
                addBoth(d, e, accLoc, accScale, ao + j, 0);
                addBoth(d, e, accLoc, accScale, ao + j + DL, 1);
            }
            for (; j < n; j++) {
                accLoc[ao + j] += dz[dzo + j];
                accScale[ao + j] += (double) dz[dzo + j] * eps[eo + j];
            }
            return;
        }
        if (accLoc != null) {
            for (; j < bound; j += FL) {
                FloatVector d = FloatVector.fromArray(FLOATS, dz, dzo + j);
                addWidened(d, accLoc, ao + j, 0);
                addWidened(d, accLoc, ao + j + DL, 1);
            }
            for (; j < n; j++) {
                accLoc[ao + j] += dz[dzo + j];
            }
        }
        if (accScale != null) {
            for (j = 0; j < bound; j += FL) {
                FloatVector d = FloatVector.fromArray(FLOATS, dz, dzo + j);
                FloatVector e = FloatVector.fromArray(FLOATS, eps, eo + j);
                addProduct(d, e, accScale, ao + j, 0);
                addProduct(d, e, accScale, ao + j + DL, 1);
            }
            for (; j < n; j++) {
                accScale[ao + j] += (double) dz[dzo + j] * eps[eo + j];
            }
        }
    }

    /** {@link #addWidened} of {@code d} into {@code accLoc} and {@link #addProduct} of {@code d, e} into {@code accScale}. */
    private static void addBoth(FloatVector d, FloatVector e, double[] accLoc, double[] accScale, int at, int part) {
        DoubleVector wd = (DoubleVector) d.convertShape(VectorOperators.F2D, DOUBLES, part);
        DoubleVector we = (DoubleVector) e.convertShape(VectorOperators.F2D, DOUBLES, part);
        DoubleVector.fromArray(DOUBLES, accLoc, at).add(wd).intoArray(accLoc, at);
        wd.fma(we, DoubleVector.fromArray(DOUBLES, accScale, at)).intoArray(accScale, at);
    }

    /** {@code acc[at ..] += double(part of x)}. */
    private static void addWidened(FloatVector x, double[] acc, int at, int part) {
        DoubleVector w = (DoubleVector) x.convertShape(VectorOperators.F2D, DOUBLES, part);
        DoubleVector.fromArray(DOUBLES, acc, at).add(w).intoArray(acc, at);
    }

    /** {@code acc[at ..] += double(part of a) * double(part of b)}: the product is exact. */
    private static void addProduct(FloatVector a, FloatVector b, double[] acc, int at, int part) {
        DoubleVector wa = (DoubleVector) a.convertShape(VectorOperators.F2D, DOUBLES, part);
        DoubleVector wb = (DoubleVector) b.convertShape(VectorOperators.F2D, DOUBLES, part);
        wa.fma(wb, DoubleVector.fromArray(DOUBLES, acc, at)).intoArray(acc, at);
    }

    static void accumulate(double[] dz, int dzo, double[] eps, int eo, double[] accLoc, double[] accScale, int ao,
            int n) {
        int bound = DOUBLES.loopBound(n);
        int j = 0;
        if (accLoc != null) {
            for (; j < bound; j += DL) {
                DoubleVector.fromArray(DOUBLES, accLoc, ao + j).add(DoubleVector.fromArray(DOUBLES, dz, dzo + j))
                        .intoArray(accLoc, ao + j);
            }
            for (; j < n; j++) {
                accLoc[ao + j] += dz[dzo + j];
            }
        }
        if (accScale != null) {
            for (j = 0; j < bound; j += DL) {
                DoubleVector p = DoubleVector.fromArray(DOUBLES, dz, dzo + j)
                        .mul(DoubleVector.fromArray(DOUBLES, eps, eo + j));
                DoubleVector.fromArray(DOUBLES, accScale, ao + j).add(p).intoArray(accScale, ao + j);
            }
            for (; j < n; j++) {
                accScale[ao + j] += dz[dzo + j] * eps[eo + j];
            }
        }
    }

    /** {@link ReparamKernels#roundGradient}: each double lane rounded to float (as the cast does). */
    static void roundGradient(double[] total, float[] g, int n, boolean add) {
        int k = 0;
        for (int bound = DOUBLES.loopBound(n); k < bound; k += DL) {
            FloatVector f = (FloatVector) DoubleVector.fromArray(DOUBLES, total, k)
                    .convertShape(VectorOperators.D2F, HALF_FLOATS, 0);
            (add ? FloatVector.fromArray(HALF_FLOATS, g, k).add(f) : f).intoArray(g, k);
        }
        for (; k < n; k++) {
            g[k] = add ? g[k] + (float) total[k] : (float) total[k];
        }
    }

    static void elementGrad(float[] dz, int dzo, float[] eps, int eo, float[] gLoc, int glo, float[] gScale,
            int gso, boolean add, int n) {
        int bound = FLOATS.loopBound(n);
        int j = 0;
        if (gLoc != null) {
            for (; j < bound; j += FL) {
                FloatVector d = FloatVector.fromArray(FLOATS, dz, dzo + j);
                (add ? FloatVector.fromArray(FLOATS, gLoc, glo + j).add(d) : d).intoArray(gLoc, glo + j);
            }
            for (; j < n; j++) {
                gLoc[glo + j] = add ? gLoc[glo + j] + dz[dzo + j] : dz[dzo + j];
            }
        }
        if (gScale != null) {
            for (j = 0; j < bound; j += FL) {
                FloatVector p = FloatVector.fromArray(FLOATS, dz, dzo + j).mul(FloatVector.fromArray(FLOATS, eps, eo + j));
                (add ? FloatVector.fromArray(FLOATS, gScale, gso + j).add(p) : p).intoArray(gScale, gso + j);
            }
            for (; j < n; j++) {
                float p = dz[dzo + j] * eps[eo + j];
                gScale[gso + j] = add ? gScale[gso + j] + p : p;
            }
        }
    }

    static void elementGrad(double[] dz, int dzo, double[] eps, int eo, double[] gLoc, int glo, double[] gScale,
            int gso, boolean add, int n) {
        int bound = DOUBLES.loopBound(n);
        int j = 0;
        if (gLoc != null) {
            for (; j < bound; j += DL) {
                DoubleVector d = DoubleVector.fromArray(DOUBLES, dz, dzo + j);
                (add ? DoubleVector.fromArray(DOUBLES, gLoc, glo + j).add(d) : d).intoArray(gLoc, glo + j);
            }
            for (; j < n; j++) {
                gLoc[glo + j] = add ? gLoc[glo + j] + dz[dzo + j] : dz[dzo + j];
            }
        }
        if (gScale != null) {
            for (j = 0; j < bound; j += DL) {
                DoubleVector p = DoubleVector.fromArray(DOUBLES, dz, dzo + j)
                        .mul(DoubleVector.fromArray(DOUBLES, eps, eo + j));
                (add ? DoubleVector.fromArray(DOUBLES, gScale, gso + j).add(p) : p).intoArray(gScale, gso + j);
            }
            for (; j < n; j++) {
                double p = dz[dzo + j] * eps[eo + j];
                gScale[gso + j] = add ? gScale[gso + j] + p : p;
            }
        }
    }

    /** Per-thread L1 buffers of the tanh passes: pieces are at most {@code RsampleLayout.PIECE} long. */
    private static final ThreadLocal<float[][]> TANH_SCRATCH =
            ThreadLocal.withInitial(() -> new float[4][RsampleLayout.PIECE]);

    /**
     * {@link ReparamKernels#tanhForward} lane by lane: {@code u} into a buffer, then
     * {@link VectorElementary}'s passes (tanh, which also gives the squashing factors, and, unless
     * {@code logNorm} is given, the log of the scales) over L1 buffers, then the term in one more loop, each
     * operation as in the scalar reference.
     */
    static void tanhForward(float[] eps, int eo, float[] loc, int lo, float[] scale, int so, float[] logNorm,
            float[] a, int ao, float[] terms, float[] squash, int n) {
        float[][] b = TANH_SCRATCH.get();
        float[] u = b[0];
        float[] v = b[1];
        float[] logScale = b[2];
        int whole = VectorElementary.vectorLength(n);
        affine(eps, eo, loc, lo, scale, so, u, 0, n);  // u = fma(eps, scale, loc), from 0
        float[] inv = b[3];
        VectorElementary.tanh(u, v, inv, whole);  // the squashing factors from tanh's own exponential
        System.arraycopy(v, 0, a, ao, n);
        System.arraycopy(inv, 0, squash, 0, n);
        float[] c;  // the scales' logNorm, given or as TanhNormalRsample.logNorm computes it
        int co;
        if (logNorm != null) {
            c = logNorm;
            co = so;
        } else {
            c = logScale;
            co = 0;
            System.arraycopy(scale, so, logScale, 0, n);
            VectorElementary.log(logScale, logScale, whole);
            for (int j = 0; j < whole; j += FL) {
                FloatVector.fromArray(FLOATS, logScale, j).add(HALF_LOG_2PI).intoArray(logScale, j);
            }
        }
        int j = 0;
        for (int bound = FLOATS.loopBound(n); j < bound; j += FL) {
            FloatVector e = FloatVector.fromArray(FLOATS, eps, eo + j);
            FloatVector w = LN2.sub(FloatVector.fromArray(FLOATS, u, j).abs());
            FloatVector cj = FloatVector.fromArray(FLOATS, c, co + j);
            e.mul(-0.5f).fma(e, cj.add(w.add(w)).neg()).intoArray(terms, j);
        }
        for (; j < n; j++) {
            float w = TanhNormalRsample.LN2 - Math.abs(u[j]);
            terms[j] = Math.fma(-0.5f * eps[eo + j], eps[eo + j], -(c[co + j] + (w + w)));
        }
    }

    /**
     * {@link ReparamKernels#tanhGradTerms} lane by lane: {@code u}, then {@code tanh} as a pass (unless the
     * actions are given), then the terms in one loop, each operation as in the scalar reference.
     */
    static void tanhGradTerms(float[] eps, int eo, float[] loc, int lo, float[] scale, int so, float[] actions,
            int ao, float[] dA, int dao, float[] dLp, int dlo, float[] termLoc, float[] termScale, int n) {
        float[] t;
        int to;
        if (actions != null) {
            t = actions;
            to = ao;
        } else {
            float[][] b = TANH_SCRATCH.get();
            float[] u = b[0];
            t = b[1];
            to = 0;
            affine(eps, eo, loc, lo, scale, so, u, 0, n);  // u = fma(eps, scale, loc), from 0
            VectorElementary.tanh(u, t, VectorElementary.vectorLength(n));
        }
        int j = 0;
        for (int bound = FLOATS.loopBound(n); j < bound; j += FL) {
            FloatVector e = FloatVector.fromArray(FLOATS, eps, eo + j);
            FloatVector s = FloatVector.fromArray(FLOATS, scale, so + j);
            FloatVector lp = FloatVector.fromArray(FLOATS, dLp, dlo + j);
            FloatVector a = FloatVector.fromArray(FLOATS, t, to + j);
            FloatVector g = FloatVector.fromArray(FLOATS, dA, dao + j).fma(a.neg().fma(a, ONE), lp.mul(a.add(a)));
            g.intoArray(termLoc, j);
            g.fma(e, lp.div(s).neg()).intoArray(termScale, j);
        }
        for (; j < n; j++) {
            float a = t[to + j];
            float lp = dLp[dlo + j];
            float g = Math.fma(dA[dao + j], Math.fma(-a, a, 1f), lp * (a + a));
            termLoc[j] = g;
            termScale[j] = TanhNormalRsample.scaleTerm(g, eps[eo + j], lp, scale[so + j]);
        }
    }
}
