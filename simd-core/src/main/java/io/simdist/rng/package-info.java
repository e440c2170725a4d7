/**
 * Random bits: the Philox4x32-10 counter-based stream and its uniform conversions. Knows nothing of
 * distributions.
 */
package io.simdist.rng;
