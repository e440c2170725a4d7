package io.simdist.kernels;

import static io.simdist.kernels.VectorConstants.DOUBLES;
import static io.simdist.kernels.VectorConstants.FLOATS;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The Bernoulli gradient kernels on the Vector API: the element math of {@link BernoulliChunks} as
 * chains of {@link VectorElementary} passes and small combining loops over L1-resident scratch arrays,
 * the same operations in the same order as the scalar reference, so every lane has its bits (selects
 * for special values that no stream uniform reaches are left out).
 * Chunking, the stream and the fixed-order reductions are {@link BernoulliGradientLoops}'s.
 *
 * <p>Passes compute whole vectors (see {@link VectorElementary}): inputs from caller arrays are first
 * copied into scratch and results copied out, so nothing outside {@code [at, at + n)} of a caller's
 * array is read or written; the driver's own scratch arrays ({@code u}, {@code theta}, {@code gz},
 * {@code gzz}) are {@link BernoulliGradientLoops#CHUNK} long, a whole number of vectors.
 */
final class VectorBernoulliGradients implements BernoulliChunks {
    private static final VectorBernoulliGradients CHUNKS = new VectorBernoulliGradients();
    private static final int LANES = FLOATS.length();
    private static final int DOUBLE_LANES = DOUBLES.length();
    private static final FloatVector ZERO = FloatVector.zero(FLOATS);
    private static final FloatVector ONE = FloatVector.broadcast(FLOATS, 1f);
    private static final FloatVector Z_LO = FloatVector.broadcast(FLOATS, -Z_CLAMP);
    private static final FloatVector Z_HI = FloatVector.broadcast(FLOATS, Z_CLAMP);
    /** Per-thread scratch: three chunks. */
    private static final ThreadLocal<float[][]> TMP =
            ThreadLocal.withInitial(() -> new float[3][BernoulliGradientLoops.CHUNK]);

    private VectorBernoulliGradients() {}

    static void score(float[] x, float[] logits, int batch, float[] dst) {
        BernoulliGradientLoops.score(CHUNKS, x, logits, batch, dst);
    }

    static void scoreGrad(float[] x, float[] weights, float[] logits, int batch, float[] grad, boolean accumulate) {
        BernoulliGradientLoops.scoreGrad(CHUNKS, x, weights, logits, batch, grad, accumulate);
    }

    static void logProb(float[] x, float[] logits, int batch, float[] dst) {
        BernoulliGradientLoops.logProb(CHUNKS, x, logits, batch, dst);
    }

    static void entropy(float[] logits, float[] h, float[] dh) {
        BernoulliGradientLoops.entropy(CHUNKS, logits, h, dh);
    }

    static void relaxedForward(KernelProvider p, long key, long streamId, long index, float[] logits,
            float temperature, int batch, float[] y, boolean hard, float[] noise, float[] squash) {
        BernoulliGradientLoops.relaxedForward(p, CHUNKS, key, streamId, index, logits, temperature, batch, y, hard,
                noise, squash);
    }

    static float relaxedBackward(KernelProvider p, long key, long streamId, long index, float[] logits,
            float temperature, int batch, float[] gradY, float[] noise, float[] squash, float[] gradLogits,
            boolean accumulate) {
        return BernoulliGradientLoops.relaxedBackward(p, CHUNKS, key, streamId, index, logits, temperature, batch,
                gradY, noise, squash, gradLogits, accumulate);
    }

    @Override
    public void sigmoid(float[] x, float[] dst, int n) {
        VectorElementary.sigmoid(x, dst, n);
    }

    @Override
    public void logProb(float[] x, float[] theta, float[] dst, int at, int n) {
        float[][] tmp = TMP.get();
        float[] e = tmp[0];
        float[] sp = tmp[1];
        float[] xs = tmp[2];
        System.arraycopy(x, at, xs, 0, n);
        expAndSoftplusTail(theta, e, sp, n);
        for (int j = 0; j < n; j += LANES) {
            FloatVector th = FloatVector.fromArray(FLOATS, theta, j);
            FloatVector.fromArray(FLOATS, xs, j).fma(th, th.max(ZERO).neg()).sub(FloatVector.fromArray(FLOATS, sp, j))
                    .intoArray(e, j);
        }
        System.arraycopy(e, 0, dst, at, n);
    }

    @Override
    public void entropy(float[] logits, float[] h, float[] dh, int at, int n) {
        float[][] tmp = TMP.get();
        float[] th = tmp[0];
        float[] e = tmp[1];
        float[] out = tmp[2];
        System.arraycopy(logits, at, th, 0, n);
        expAndSoftplusTail(th, e, out, n);
        for (int j = 0; j < n; j += LANES) {
            FloatVector ev = FloatVector.fromArray(FLOATS, e, j);
            FloatVector s = ev.div(ONE.add(ev));
            FloatVector.fromArray(FLOATS, out, j).add(FloatVector.fromArray(FLOATS, th, j).abs().mul(s))
                    .intoArray(out, j);
        }
        System.arraycopy(out, 0, h, at, n);
        if (dh != null) {
            for (int j = 0; j < n; j += LANES) {  // relaxedGrad(-theta, theta): e is exp(-|theta|) already
                FloatVector ev = FloatVector.fromArray(FLOATS, e, j);
                FloatVector q = ONE.add(ev);
                FloatVector.fromArray(FLOATS, th, j).neg().mul(ev.div(q.mul(q))).intoArray(out, j);
            }
            System.arraycopy(out, 0, dh, at, n);
        }
    }

    /**
     * The reduction lane by lane: each feature's sum still adds its rows in increasing order, each float
     * widened exactly, so the bits are the scalar loop's. Whole vectors within a row, the rest one by one.
     */
    @Override
    public void addRows(float[] src, int rows, int w, double[] acc) {
        for (int r = 0; r < rows; r++) {
            int off = r * w;
            int j = 0;
            for (; j <= w - LANES; j += LANES) {
                FloatVector f = FloatVector.fromArray(FLOATS, src, off + j);
                DoubleVector.fromArray(DOUBLES, acc, j).add(f.convertShape(VectorOperators.F2D, DOUBLES, 0))
                        .intoArray(acc, j);
                DoubleVector.fromArray(DOUBLES, acc, j + DOUBLE_LANES)
                        .add(f.convertShape(VectorOperators.F2D, DOUBLES, 1)).intoArray(acc, j + DOUBLE_LANES);
            }
            for (; j < w; j++) {
                acc[j] += src[off + j];
            }
        }
    }

    /** {@link BernoulliChunks#noise}: the odds {@code u / (1 - u)}, then their log, in place. */
    @Override
    public void logisticNoise(float[] u, int n) {
        for (int j = 0; j < n; j += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, u, j);
            v.div(ONE.sub(v)).intoArray(u, j);
        }
        // the odds of a stream uniform are in [2^-31, 2^24 - 1]: normal and positive, no special cases
        VectorElementary.logPositiveNormal(u, u, n);
    }

    @Override
    public void relaxedForward(float[] l, float[] theta, float invT, boolean hard, float[] y, float[] squash,
            int at, int n) {
        float[][] tmp = TMP.get();
        float[] e = tmp[0];
        float[] out = tmp[2];
        // the hard draw is the sign of theta + l: times exactly 1, not 1/T, which could underflow
        relaxedArgument(l, theta, hard ? 1f : invT, false, e, n);
        if (hard) {
            for (int j = 0; j < n; j += LANES) {
                ZERO.blend(ONE, FloatVector.fromArray(FLOATS, l, j).compare(VectorOperators.GT, 0f)).intoArray(out, j);
            }
        } else {
            VectorElementary.exp(e, e, n);
            VectorElementary.sigmoidFromExp(l, e, out, n);
            if (squash != null) {
                System.arraycopy(e, 0, squash, at, n);
            }
        }
        System.arraycopy(out, 0, y, at, n);
    }

    @Override
    public void relaxedBackward(float[] l, float[] theta, float invT, float[] gy, float[] squash, int at,
            float[] gz, float[] gzz, int n) {
        float[] g = TMP.get()[2];
        relaxedArgument(l, theta, invT, true, gz, n);
        if (squash != null) {  // the forward pass's exp(-|z|), the same bits
            System.arraycopy(squash, at, gz, 0, n);
        } else {
            VectorElementary.exp(gz, gz, n);
        }
        System.arraycopy(gy, at, g, 0, n);
        for (int j = 0; j < n; j += LANES) {  // relaxedGrad(gy, z) with e = exp(-|z|) in gz
            FloatVector e = FloatVector.fromArray(FLOATS, gz, j);
            FloatVector q = ONE.add(e);
            FloatVector d = FloatVector.fromArray(FLOATS, g, j).mul(e.div(q.mul(q)));
            d.intoArray(gz, j);
            d.mul(FloatVector.fromArray(FLOATS, l, j)).intoArray(gzz, j);
        }
    }

    /** {@code e = exp(-|theta|)} and {@code l = log1p(e)}, the common part of softplus, logProb and entropy. */
    private static void expAndSoftplusTail(float[] theta, float[] e, float[] l, int n) {
        VectorElementary.negAbs(theta, e, n);
        VectorElementary.exp(e, e, n);
        VectorElementary.log1p(e, l, n);
    }

    /**
     * Overwrites the noise {@code l} with {@code z = (theta + l) * invT}, clamped to
     * {@code [-Z_CLAMP, Z_CLAMP]} if {@code clamp} (see {@link BernoulliChunks#relaxedArgument}), and
     * writes {@code -|z|} into {@code negAbs}.
     */
    private static void relaxedArgument(float[] l, float[] theta, float invT, boolean clamp, float[] negAbs,
            int n) {
        for (int j = 0; j < n; j += LANES) {
            FloatVector z = FloatVector.fromArray(FLOATS, theta, j).add(FloatVector.fromArray(FLOATS, l, j)).mul(invT);
            if (clamp) {  // max(Z_LO).min(Z_HI) as compare and blend, NaN kept: the same bits, fewer instructions
                z = z.blend(Z_LO, z.lt(Z_LO));
                z = z.blend(Z_HI, z.compare(VectorOperators.GT, Z_HI));
            }
            z.intoArray(l, j);
            z.abs().neg().intoArray(negAbs, j);
        }
    }
}
