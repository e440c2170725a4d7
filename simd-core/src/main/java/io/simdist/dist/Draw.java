package io.simdist.dist;

import io.simdist.rng.Philox4x32;

/**
 * Where a reparameterised draw took its noise, captured when it was drawn: the stream, the first
 * variate and the shape. A backward pass regenerates the noise from this alone.
 *
 * @param rng the stream
 * @param index the first variate of the draw
 * @param batch rows
 * @param features columns
 */
record Draw(Philox4x32 rng, long index, int batch, int features) {}
