package io.simdist.dist;

import io.simdist.rng.Philox4x32;

/**
 * Where a reparameterised draw took its noise: the stream, the first variate and the shape. A backward
 * pass regenerates the noise from this alone.
 *
 * <p>A draw made by a distribution's {@code rsample(g, batch)} is set once, when it is drawn. A reusable
 * sample ({@code newSample}, then {@code rsample(g, into)} per call) holds one {@code Draw} for its life
 * and moves it to each new draw with {@link #set}, so a refill allocates nothing.
 */
final class Draw {
    private final int batch;
    private final int features;
    private Philox4x32 rng;
    private long index;

    /**
     * @param rng the stream, or null for a reusable sample not drawn yet
     * @param index the first variate of the draw
     * @param batch rows
     * @param features columns
     */
    Draw(Philox4x32 rng, long index, int batch, int features) {
        this.rng = rng;
        this.index = index;
        this.batch = batch;
        this.features = features;
    }

    /** @return an empty draw of this shape, for a reusable sample */
    static Draw empty(int batch, int features) {
        return new Draw(null, -1, batch, features);
    }

    /** Moves this draw to a new stream and first variate (a reusable sample's refill). */
    void set(Philox4x32 rng, long index) {
        this.rng = rng;
        this.index = index;
    }

    /**
     * @return the stream
     * @throws IllegalStateException if this is a reusable sample that has not been drawn into yet
     */
    Philox4x32 rng() {
        if (rng == null) {
            throw new IllegalStateException("this sample holds no draw yet: fill it with rsample(g, sample) first");
        }
        return rng;
    }

    long index() {
        return index;
    }

    int batch() {
        return batch;
    }

    int features() {
        return features;
    }
}
