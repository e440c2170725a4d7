package io.simdist.kernels;

import static io.simdist.kernels.VectorConstants.FLOATS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The Bernoulli gradient kernels on the Vector API: the element math of {@link BernoulliChunks} with
 * {@link VectorElementary}, the same operations in the same order, so every lane has the bits of the
 * scalar reference; a chunk's last {@code n % lanes} elements go through the scalar element functions
 * (same bits). Chunking, the stream and the fixed-order reductions are {@link BernoulliGradientLoops}'s.
 * Each loop body is small so that C2 inlines the vector calls (no boxing).
 */
final class VectorBernoulliGradients implements BernoulliChunks {
    private static final VectorBernoulliGradients CHUNKS = new VectorBernoulliGradients();
    private static final int LANES = FLOATS.length();
    private static final FloatVector ZERO = FloatVector.zero(FLOATS);
    private static final FloatVector ONE = FloatVector.broadcast(FLOATS, 1f);
    private static final FloatVector Z_LO = FloatVector.broadcast(FLOATS, -Z_CLAMP);
    private static final FloatVector Z_HI = FloatVector.broadcast(FLOATS, Z_CLAMP);

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
            float temperature, int batch, float[] y, boolean hard) {
        BernoulliGradientLoops.relaxedForward(p, CHUNKS, key, streamId, index, logits, temperature, batch, y, hard);
    }

    static float relaxedBackward(KernelProvider p, long key, long streamId, long index, float[] logits,
            float temperature, int batch, float[] gradY, float[] gradLogits, boolean accumulate) {
        return BernoulliGradientLoops.relaxedBackward(p, CHUNKS, key, streamId, index, logits, temperature, batch,
                gradY, gradLogits, accumulate);
    }

    @Override
    public void sigmoid(float[] x, float[] dst, int n) {
        int j = 0;
        for (int bound = FLOATS.loopBound(n); j < bound; j += LANES) {
            VectorElementary.sigmoid(FloatVector.fromArray(FLOATS, x, j)).intoArray(dst, j);
        }
        for (; j < n; j++) {
            dst[j] = Elementary.sigmoid(x[j]);
        }
    }

    @Override
    public void logProb(float[] x, float[] theta, float[] dst, int at, int n) {
        int j = 0;
        for (int bound = FLOATS.loopBound(n); j < bound; j += LANES) {
            FloatVector th = FloatVector.fromArray(FLOATS, theta, j);
            FloatVector sp = VectorElementary.log1p(VectorElementary.exp(th.abs().neg()));
            FloatVector.fromArray(FLOATS, x, at + j).fma(th, th.max(ZERO).neg()).sub(sp).intoArray(dst, at + j);
        }
        for (; j < n; j++) {
            dst[at + j] = BernoulliChunks.logProb(x[at + j], theta[j]);
        }
    }

    @Override
    public void entropy(float[] logits, float[] h, float[] dh, int at, int n) {
        int j = 0;
        for (int bound = FLOATS.loopBound(n); j < bound; j += LANES) {
            FloatVector th = FloatVector.fromArray(FLOATS, logits, at + j);
            FloatVector a = th.abs();
            FloatVector e = VectorElementary.exp(a.neg());
            FloatVector s = e.div(ONE.add(e));
            VectorElementary.log1p(e).add(a.mul(s)).intoArray(h, at + j);
            if (dh != null) {
                grad(th.neg(), th).intoArray(dh, at + j);
            }
        }
        for (; j < n; j++) {
            h[at + j] = BernoulliChunks.entropy(logits[at + j]);
            if (dh != null) {
                dh[at + j] = BernoulliChunks.entropyGrad(logits[at + j]);
            }
        }
    }

    @Override
    public void relaxedForward(float[] u, float[] theta, float invT, boolean hard, float[] y, int at, int n) {
        int j = 0;
        for (int bound = FLOATS.loopBound(n); j < bound; j += LANES) {
            FloatVector a = FloatVector.fromArray(FLOATS, theta, j).add(noise(FloatVector.fromArray(FLOATS, u, j)));
            FloatVector v = hard ? ZERO.blend(ONE, a.compare(VectorOperators.GT, 0f))
                    : VectorElementary.sigmoid(a.mul(invT));
            v.intoArray(y, at + j);
        }
        for (; j < n; j++) {
            y[at + j] = hard ? BernoulliChunks.hard(u[j], theta[j]) : BernoulliChunks.relaxed(u[j], theta[j], invT);
        }
    }

    @Override
    public void relaxedBackward(float[] u, float[] theta, float invT, float[] gy, int at, float[] gz, float[] gzz,
            int n) {
        int j = 0;
        for (int bound = FLOATS.loopBound(n); j < bound; j += LANES) {
            FloatVector z = FloatVector.fromArray(FLOATS, theta, j).add(noise(FloatVector.fromArray(FLOATS, u, j)))
                    .mul(invT).max(Z_LO).min(Z_HI);
            FloatVector g = grad(FloatVector.fromArray(FLOATS, gy, at + j), z);
            g.intoArray(gz, j);
            g.mul(z).intoArray(gzz, j);
        }
        for (; j < n; j++) {
            float z = BernoulliChunks.relaxedArgument(u[j], theta[j], invT);
            gz[j] = BernoulliChunks.relaxedGrad(gy[at + j], z);
            gzz[j] = gz[j] * z;
        }
    }

    /** {@link BernoulliChunks#noise} lane by lane. */
    private static FloatVector noise(FloatVector u) {
        return VectorElementary.log(u).sub(VectorElementary.log1p(u.neg()));
    }

    /** {@link BernoulliChunks#relaxedGrad} lane by lane. */
    private static FloatVector grad(FloatVector gy, FloatVector z) {
        FloatVector e = VectorElementary.exp(z.abs().neg());
        FloatVector q = ONE.add(e);
        return gy.mul(e.div(q.mul(q)));
    }
}
