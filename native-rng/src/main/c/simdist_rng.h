/*
 * simdist native RNG: the Philox4x32-10 stream of io.simdist.rng.Philox4x32, its uniform
 * conversions, its standard normal transforms (io.simdist.kernels.NormalTransforms) and its
 * Bernoulli draws (io.simdist.kernels.Bernoullis), bit for bit.
 *
 * A stream is (key, stream id), both 64 bits. Word i (0 <= i < 2^63) of a stream is output word
 * i % 4 of the Philox4x32-10 block (Random123; Salmon et al., SC 2011) with counter words
 * (low32(i/4), high32(i/4), low32(stream), high32(stream)) and key words (low32(key), high32(key)).
 *
 * The bulk functions do not validate their arguments: the Java bindings call them only after the
 * public API has checked the range, so every variate requested lies inside the stream and dst has
 * room for len elements (thresholds too, for the per-draw Bernoulli functions). len <= 0 writes
 * nothing.
 */
#ifndef SIMDIST_RNG_H
#define SIMDIST_RNG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped on every change of a signature or of the bits computed; the bindings refuse a mismatch. */
#define SIMDIST_ABI_VERSION 4

/* The library is built with -fvisibility=hidden: only these functions are exported. */
#if defined(__GNUC__)
#define SIMDIST_API __attribute__((visibility("default")))
#else
#define SIMDIST_API
#endif

/* Returns SIMDIST_ABI_VERSION, for the bindings to check before binding anything else. */
SIMDIST_API int32_t simdist_caps(void);

/* dst[j] = word (word_offset + j) of stream (key, stream), for 0 <= j < len. */
SIMDIST_API void simdist_philox_ints(uint64_t key, uint64_t stream, uint64_t word_offset,
                                     int32_t *dst, int64_t len);

/*
 * dst[j] = uniform float in (0, 1) from word w = (index + j), read as unsigned:
 * min((float) ((w >> 1) | 1) * 2^-31, 1 - 2^-24)  (io.simdist.rng.Uniforms.toFloat).
 */
SIMDIST_API void simdist_uniform_floats(uint64_t key, uint64_t stream, uint64_t index,
                                        float *dst, int64_t len);

/*
 * dst[j] = uniform double in (0, 1) from words 2v and 2v + 1, v = index + j: with
 * x = (word(2v + 1) << 32) | word(2v) unsigned, min((double) ((x >> 1) | 1) * 2^-63, 1 - 2^-53)
 * (io.simdist.rng.Uniforms.toDouble).
 */
SIMDIST_API void simdist_uniform_doubles(uint64_t key, uint64_t stream, uint64_t index,
                                         double *dst, int64_t len);

/*
 * Normal transform v2 (io.simdist.kernels.NormalTransforms): Box-Muller with our own log, sine and
 * cosine polynomials. dst[j] = standard normal float variate v = index + j: half v & 1 (0: r cos,
 * 1: r sin) of the pair whose radius is word v & ~1 and whose angle is word v | 1. |z| <= 6.660437.
 * Since ABI 4 (ABI 2 and 3: the inverse-CDF transform v1).
 */
SIMDIST_API void simdist_normal_floats(uint64_t key, uint64_t stream, uint64_t index,
                                       float *dst, int64_t len);

/*
 * dst[j] = standard normal double variate v = index + j: half v & 1 of the pair of Philox block
 * v >> 1, radius from words 4(v >> 1) (low) and + 1 (high), angle from words + 2 (low) and + 3 (high).
 * |z| <= 9.492583076949755. Since ABI 4.
 */
SIMDIST_API void simdist_normal_doubles(uint64_t key, uint64_t stream, uint64_t index,
                                        double *dst, int64_t len);

/*
 * Bernoulli draws (io.simdist.kernels.Bernoullis): draw v reads word v of the stream, as an unsigned
 * 32-bit integer w, and is 1 iff (uint64_t) w < threshold, else 0. A threshold is in [0, 2^32]
 * (T(p) = ceil(p 2^32) for probability p): 0 never gives 1, 2^32 always does. Since ABI 3.
 */

/* dst[j] = draw (index + j) with the one threshold, 0 or 1. */
SIMDIST_API void simdist_bernoulli_bytes(uint64_t key, uint64_t stream, uint64_t index,
                                         uint64_t threshold, int8_t *dst, int64_t len);

/* dst[j] = draw (index + j) with the one threshold, 0.0f or 1.0f. */
SIMDIST_API void simdist_bernoulli_floats(uint64_t key, uint64_t stream, uint64_t index,
                                          uint64_t threshold, float *dst, int64_t len);

/*
 * Draws packed 64 to a word: bit b (b = 0 least significant) of dst[k] is draw (index + 64 k + b)
 * with the one threshold, for 0 <= k < longs (64 longs draws; the last is index + 64 longs - 1).
 */
SIMDIST_API void simdist_bernoulli_packed(uint64_t key, uint64_t stream, uint64_t index,
                                          uint64_t threshold, uint64_t *dst, int64_t longs);

/* dst[j] = draw (index + j) with threshold thresholds[j], 0 or 1. */
SIMDIST_API void simdist_bernoulli_bytes_t(uint64_t key, uint64_t stream, uint64_t index,
                                           const uint64_t *thresholds, int8_t *dst, int64_t len);

/* dst[j] = draw (index + j) with threshold thresholds[j], 0.0f or 1.0f. */
SIMDIST_API void simdist_bernoulli_floats_t(uint64_t key, uint64_t stream, uint64_t index,
                                            const uint64_t *thresholds, float *dst, int64_t len);

#ifdef __cplusplus
}
#endif

#endif /* SIMDIST_RNG_H */
