package io.simdist.kernels;

import java.util.Arrays;

/**
 * The chunking, stream access and reductions of the Bernoulli gradient kernels, shared by every
 * backend; the element math comes from a {@link BernoulliChunks}.
 *
 * <h2>Order of the reductions</h2>
 * A {@code [batch x D]} block is walked in feature tiles of at most {@value #CHUNK} features (when D
 * is larger, {@code ceil(D / CHUNK)} equal tiles), and each tile row by row, whole rows of a tile per
 * chunk. The gradient of feature d is accumulated in a double, starting from 0, adding the float
 * contribution of rows 0, 1, ..., batch - 1 in this order; the temperature gradient adds the
 * per-feature sums in feature order. Neither depends on the vector width, the chunking or the
 * backend, so gradients are bit-identical everywhere.
 */
final class BernoulliGradientLoops {
    /** Elements per chunk: 4 KiB of floats per scratch array, L1-resident. */
    static final int CHUNK = 1024;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private BernoulliGradientLoops() {}

    /** Per-thread buffers: uniforms, the tiled logits, two float work arrays, two double accumulators. */
    private static final class Scratch {
        final float[] u = new float[CHUNK];
        final float[] theta = new float[CHUNK];
        final float[] a = new float[CHUNK];
        final float[] b = new float[CHUNK];
        final double[] acc = new double[CHUNK];
        final double[] accT = new double[CHUNK];
        final Tiles tiles = new Tiles();
    }

    /** A cursor over the chunks of a {@code [batch x dim]} block, tile by tile (no allocation). */
    static final class Tiles {
        private int batch;
        private int dim;
        private int tileWidth;
        /** The current tile: features {@code [d0, d0 + w)}. */
        int d0;
        int w;
        /** The current chunk: rows {@code [row, row + rows)} of the tile, elements {@code start ..}, n of them. */
        int row;
        int rows;
        int start;
        int n;
        private int rowsPerChunk;

        Tiles start(int batch, int dim) {
            this.batch = batch;
            this.dim = dim;
            int tiles = (dim + CHUNK - 1) / CHUNK;
            this.tileWidth = (dim + tiles - 1) / tiles;
            this.rowsPerChunk = tiles == 1 ? Math.max(1, CHUNK / dim) : 1;
            this.d0 = -tileWidth;
            this.w = 0;
            this.row = batch;
            this.rows = 0;
            return this;
        }

        /** @return whether there is a next chunk; if it opens a new tile, {@link #firstOfTile()} is true */
        boolean next() {
            row += rows;
            if (row >= batch) {
                if (d0 + w >= dim || batch == 0) {
                    return false;
                }
                d0 += tileWidth;
                w = Math.min(tileWidth, dim - d0);
                row = 0;
            }
            rows = Math.min(rowsPerChunk, batch - row);
            start = row * dim + d0;
            n = rows * w;
            return true;
        }

        boolean firstOfTile() {
            return row == 0;
        }

        boolean lastOfTile() {
            return row + rows == batch;
        }
    }

    /** Copies the tile's logits once per row of a chunk into {@code theta}. */
    private static void tileLogits(float[] logits, Tiles t, float[] theta) {
        for (int r = 0; r < t.rows; r++) {
            System.arraycopy(logits, t.d0, theta, r * t.w, t.w);
        }
    }

    /** @see BernoulliGradientKernels#bernoulliScore */
    static void score(BernoulliChunks m, float[] x, float[] logits, int batch, float[] dst) {
        Scratch s = SCRATCH.get();
        Tiles t = s.tiles.start(batch, logits.length);
        while (t.next()) {
            if (t.firstOfTile()) {
                tileLogits(logits, t, s.theta);
                m.sigmoid(s.theta, s.a, t.n);
            }
            for (int j = 0; j < t.n; j++) {
                dst[t.start + j] = x[t.start + j] - s.a[j];
            }
        }
    }

    /** @see BernoulliGradientKernels#bernoulliScoreGrad */
    static void scoreGrad(BernoulliChunks m, float[] x, float[] weights, float[] logits, int batch, float[] grad,
            boolean accumulate) {
        Scratch s = SCRATCH.get();
        if (batch == 0) {
            zeroUnlessAccumulating(grad, logits.length, accumulate);
            return;
        }
        Tiles t = s.tiles.start(batch, logits.length);
        while (t.next()) {
            if (t.firstOfTile()) {
                tileLogits(logits, t, s.theta);
                m.sigmoid(s.theta, s.a, t.n);
                Arrays.fill(s.acc, 0, t.w, 0.0);
            }
            for (int j = 0; j < t.n; j++) {
                float g = x[t.start + j] - s.a[j];
                s.b[j] = weights == null ? g : weights[t.start + j] * g;
            }
            m.addRows(s.b, t.rows, t.w, s.acc);
            if (t.lastOfTile()) {
                for (int j = 0; j < t.w; j++) {
                    grad[t.d0 + j] = (float) ((accumulate ? grad[t.d0 + j] : 0.0) + s.acc[j]);
                }
            }
        }
    }

    /** @see BernoulliGradientKernels#bernoulliLogProb */
    static void logProb(BernoulliChunks m, float[] x, float[] logits, int batch, float[] dst) {
        Scratch s = SCRATCH.get();
        Tiles t = s.tiles.start(batch, logits.length);
        while (t.next()) {
            if (t.firstOfTile()) {
                tileLogits(logits, t, s.theta);
            }
            m.logProb(x, s.theta, dst, t.start, t.n);
        }
    }

    /** @see BernoulliGradientKernels#bernoulliEntropy */
    static void entropy(BernoulliChunks m, float[] logits, float[] h, float[] dh) {
        for (int at = 0; at < logits.length; at += CHUNK) {
            m.entropy(logits, h, dh, at, Math.min(CHUNK, logits.length - at));
        }
    }

    /** @see BernoulliGradientKernels#relaxedBernoulliForward */
    static void relaxedForward(BernoulliGradientKernels p, BernoulliChunks m, long key, long streamId, long index,
            float[] logits, float temperature, int batch, float[] y, boolean hard, float[] noise, float[] squash) {
        Scratch s = SCRATCH.get();
        float invT = 1f / temperature;
        Tiles t = s.tiles.start(batch, logits.length);
        while (t.next()) {
            if (t.firstOfTile()) {
                tileLogits(logits, t, s.theta);
            }
            p.uniformFloats(key, streamId, index + t.start, s.u, 0, t.n);
            m.logisticNoise(s.u, t.n);
            if (noise != null) {
                System.arraycopy(s.u, 0, noise, t.start, t.n);
            }
            m.relaxedForward(s.u, s.theta, invT, hard, y, squash, t.start, t.n);
        }
    }

    /** @see BernoulliGradientKernels#relaxedBernoulliBackward */
    static float relaxedBackward(BernoulliGradientKernels p, BernoulliChunks m, long key, long streamId, long index,
            float[] logits, float temperature, int batch, float[] gradY, float[] noise, float[] squash,
            float[] gradLogits, boolean accumulate) {
        Scratch s = SCRATCH.get();
        if (batch == 0) {
            zeroUnlessAccumulating(gradLogits, logits.length, accumulate);
            return 0f;
        }
        float invT = 1f / temperature;
        double sumT = 0;
        Tiles t = s.tiles.start(batch, logits.length);
        while (t.next()) {
            if (t.firstOfTile()) {
                tileLogits(logits, t, s.theta);
                Arrays.fill(s.acc, 0, t.w, 0.0);
                Arrays.fill(s.accT, 0, t.w, 0.0);
            }
            if (noise == null) {
                p.uniformFloats(key, streamId, index + t.start, s.u, 0, t.n);
                m.logisticNoise(s.u, t.n);
            } else {
                System.arraycopy(noise, t.start, s.u, 0, t.n);
            }
            m.relaxedBackward(s.u, s.theta, invT, gradY, squash, t.start, s.a, s.b, t.n);
            m.addRows(s.a, t.rows, t.w, s.acc);
            m.addRows(s.b, t.rows, t.w, s.accT);
            if (t.lastOfTile()) {
                for (int j = 0; j < t.w; j++) {
                    // dz/dlogit is invT exactly as computed; dz/dT = -z / T
                    gradLogits[t.d0 + j] = (float) ((accumulate ? gradLogits[t.d0 + j] : 0.0) + s.acc[j] * invT);
                    sumT += s.accT[j];
                }
            }
        }
        return (float) (-sumT / temperature);
    }

    private static void zeroUnlessAccumulating(float[] grad, int dim, boolean accumulate) {
        if (!accumulate) {
            Arrays.fill(grad, 0, dim, 0f);
        }
    }
}
