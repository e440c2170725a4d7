/*
 * simdist native RNG. See simdist_rng.h for the stream definition; the Java reference is
 * io.simdist.kernels.ScalarKernelProvider, and every function here returns exactly its bits.
 *
 * Why the results are bit-identical to Java whatever the compiler vectorizes: Philox is 32-bit
 * integer arithmetic, which is exact; a uniform is one int-to-float (long-to-double) conversion,
 * which rounds to nearest-even in the default floating-point environment the JVM runs with, and
 * a multiplication by a power of two, which is exact. A normal (io.simdist.kernels.NormalTransforms)
 * is a fixed sequence of IEEE operations, each correctly rounded: +, -, * (each its own rounding:
 * the library is built with -ffp-contract=off, so the compiler never fuses them), fmaf/fma where
 * Java has Math.fma (one rounding, whether inlined as vfmadd or called in libm), sqrtf/sqrt,
 * exact conversions and bit operations. Vector and scalar versions of these
 * operations round the same way, so every clone and every vector width gives the same bits.
 * Nothing may be built with -ffast-math.
 */
#include "simdist_rng.h"

#include <math.h>
#include <string.h>

/*
 * Philox is independent 32x32->64-bit multiplies and xors per block, which GCC vectorizes; wider
 * vectors do more blocks per instruction, but the library must run on any x86-64. So with GCC on
 * x86-64 and glibc (which has ifunc), the bulk functions are cloned for AVX-512 and AVX2 and the
 * dynamic loader binds the best clone the CPU supports. Define SIMDIST_NO_CLONES to build the
 * portable version only.
 *
 * The normal transforms are chains of fma. GCC's "avx2" target does not include FMA, so in an
 * "avx2" clone every fmaf/fma would be a call into libm and nothing would vectorize; the AVX2 clone
 * is therefore "arch=x86-64-v3" (AVX2 + FMA + BMI1/2 + F16C + LZCNT + MOVBE, which every AVX2 CPU
 * has; GCC 12 dispatches it on exactly those features). AVX-512F has its own FMA instructions. GCC
 * before 12 cannot clone for x86-64-v3 and gets "avx2": the same bits, with fma called out of line.
 *
 * The AVX-512 clone is "arch=x86-64-v4" (AVX-512 F, BW, CD, DQ and VL: every AVX-512 CPU but the
 * Xeon Phi, which takes the x86-64-v3 clone): measured on an AVX-512 machine, it ran philox_ints at
 * about 1.5 G words/s where an "avx512f" clone ran at 0.95 (byte stores and mask handling need BW and
 * VL to stay in vector registers). The same bits either way.
 */
#if !defined(SIMDIST_NO_CLONES) && defined(__x86_64__) && defined(__GNUC__) \
    && !defined(__clang__) && defined(__GLIBC__)
#if __GNUC__ >= 12
#define SIMDIST_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define SIMDIST_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
#else
#define SIMDIST_CLONES
#endif

/*
 * The normal transforms are too long for GCC's inlining heuristics, and a loop that calls them is
 * not vectorized: force them inline into each (cloned) bulk function.
 */
#if defined(__GNUC__)
#define SIMDIST_ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define SIMDIST_ALWAYS_INLINE static inline
#endif

/* Philox4x32-10 constants (Random123 PHILOX_M4x32_0/1, PHILOX_W32_0/1). */
#define PHILOX_M0 UINT64_C(0xD2511F53)
#define PHILOX_M1 UINT64_C(0xCD9E8D57)
#define PHILOX_W0 UINT32_C(0x9E3779B9)
#define PHILOX_W1 UINT32_C(0xBB67AE85)
#define PHILOX_ROUNDS 10

/* Blocks generated together: enough independent lanes for 512-bit vectors, 256 bytes of words. */
#define BATCH_BLOCKS 16
#define BATCH_WORDS (4 * BATCH_BLOCKS)

/* The largest float (double) below 1: a uniform that rounds up to 1 becomes this. */
#define FLOAT_BELOW_ONE 0x1.fffffep-1f
#define DOUBLE_BELOW_ONE 0x1.fffffffffffffp-1

/*
 * Words 4 * first_block .. 4 * first_block + BATCH_WORDS - 1 of stream (key, stream) into out,
 * in stream order. One iteration of the outer loop is one block, its rounds fully unrolled, and
 * blocks are independent: that is the shape GCC vectorizes across blocks (a loop over blocks
 * inside the loop over rounds is not vectorized, it gets unrolled into scalar code first).
 */
static inline void philox_batch(uint64_t key, uint64_t stream, uint64_t first_block,
                                uint32_t out[BATCH_WORDS])
{
    for (int i = 0; i < BATCH_BLOCKS; i++) {
        /* No wrap-around: a stream has 2^61 blocks and a batch starts inside the stream. */
        uint64_t block = first_block + (uint64_t) i;
        uint32_t c0 = (uint32_t) block;
        uint32_t c1 = (uint32_t) (block >> 32);
        uint32_t c2 = (uint32_t) stream;
        uint32_t c3 = (uint32_t) (stream >> 32);
        uint32_t k0 = (uint32_t) key;
        uint32_t k1 = (uint32_t) (key >> 32);

        for (int r = 0; r < PHILOX_ROUNDS; r++) {
            uint64_t p0 = c0 * PHILOX_M0;
            uint64_t p1 = c2 * PHILOX_M1;
            uint32_t n0 = (uint32_t) (p1 >> 32) ^ c1 ^ k0;
            uint32_t n2 = (uint32_t) (p0 >> 32) ^ c3 ^ k1;
            c0 = n0;
            c1 = (uint32_t) p1;
            c2 = n2;
            c3 = (uint32_t) p0;
            k0 += PHILOX_W0;
            k1 += PHILOX_W1;
        }
        out[4 * i] = c0;
        out[4 * i + 1] = c1;
        out[4 * i + 2] = c2;
        out[4 * i + 3] = c3;
    }
}

/* io.simdist.rng.Uniforms.toFloat. */
static inline float word_to_float(uint32_t w)
{
    /* (w >> 1) | 1 < 2^31, so converting it as signed is exact Java (float) int semantics and
       lets the compiler use the vector signed conversion. */
    float f = (float) (int32_t) ((w >> 1) | 1u) * 0x1p-31f;
    return f < FLOAT_BELOW_ONE ? f : FLOAT_BELOW_ONE;
}

/* io.simdist.rng.Uniforms.toDouble. */
static inline double words_to_double(uint32_t lo, uint32_t hi)
{
    uint64_t x = ((uint64_t) hi << 32) | lo;
    /* (x >> 1) | 1 < 2^63: the signed conversion is Java's (double) long, with no unsigned
       fix-up path that could round differently. */
    double d = (double) (int64_t) ((x >> 1) | 1u) * 0x1p-63;
    return d < DOUBLE_BELOW_ONE ? d : DOUBLE_BELOW_ONE;
}

/* Float and double bits, as Java's Float.floatToRawIntBits and friends (memcpy compiles to nothing). */
static inline uint32_t float_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static inline float bits_float(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static inline uint64_t double_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static inline double bits_double(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

/*
 * Normal transform v2 (io.simdist.kernels.NormalTransforms, whose Javadoc gives the mapping, the
 * algorithm and its error): Box-Muller, one pair of variates per two words (f32) or per Philox block
 * (f64), operation for operation as the Java reference. Every Math.fma is fmaf/fma, every other
 * + - * is one rounded operation (-ffp-contract=off), and both the sine and the cosine are computed
 * and selected, so that the loop over a batch is straight-line code the compiler vectorizes.
 *
 * Java's int arithmetic wraps and its >> is arithmetic; here the shifts that could see negative
 * values are done on uint32_t/uint64_t (k << 23, word << 2) or rely on GCC's documented arithmetic >>
 * of a negative int32_t/int64_t, and the unsigned-to-signed conversions rely on GCC's documented
 * modulo semantics.
 */

/* The angle steps (pi/2) 2^-24 in float and (pi/2) 2^-53 in double (NormalTransforms.F32/F64_ANGLE_STEP). */
#define F32_ANGLE_STEP 0x1.921fb6p-24f
#define F64_ANGLE_STEP 0x1.921fb54442d18p-53

/* NormalTransforms.f32Radius: sqrt(-2 ln u), u = (2 (word >> 1) + 1) 2^-32. */
SIMDIST_ALWAYS_INLINE float radius_f32(uint32_t word)
{
    /* m < 2^31: the signed conversions are Java's (float) int. */
    int32_t m = (int32_t) (word >> 1);
    float u = fmaf((float) m, 0x1p-31f, 0x1p-32f);
    int32_t bits = (int32_t) float_bits(u);
    int32_t k = (bits - 0x3f3504f3) >> 23;
    float t_split = bits_float((uint32_t) bits - ((uint32_t) k << 23)) - 1.0f;
    float t_near = fmaf((float) (m ^ 0x7fffffff), -0x1p-31f, -0x1p-32f);
    float t = k == 0 ? t_near : t_split;
    float l = fmaf(0.099442184f, t, -0.16422483f);
    l = fmaf(l, t, 0.17382811f);
    l = fmaf(l, t, -0.19874363f);
    l = fmaf(l, t, 0.24955392f);
    l = fmaf(l, t, -0.3333609f);
    l = fmaf(l, t, 0.5000075f);
    l = fmaf(l, t, -0.9999998f);
    float w = fmaf((float) k, -0.6931472f, l * t);
    return sqrtf(w + w);
}

/* NormalTransforms.f32 of a pair: z0 = r cos(theta), z1 = r sin(theta). */
SIMDIST_ALWAYS_INLINE void normal_pair_f32(uint32_t radius_word, uint32_t angle_word, float *z0, float *z1)
{
    float r = radius_f32(radius_word);
    /* bits 29..6 of the angle word as a signed 24-bit integer: exact in float */
    float a = fmaf((float) ((int32_t) (angle_word << 2) >> 8), F32_ANGLE_STEP, F32_ANGLE_STEP * 0.5f);
    float z = a * a;
    float sp = fmaf(-1.9515295891e-4f, z, 8.3321608736e-3f);
    sp = fmaf(sp, z, -1.6666654611e-1f);
    float sn = fmaf(a * z, sp, a);
    float cq = fmaf(2.443315711809948e-5f, z, -1.388731625493765e-3f);
    cq = fmaf(cq, z, 4.166664568298827e-2f);
    float cs = fmaf(z * z, cq, fmaf(z, -0.5f, 1.0f));
    int swap = (int) ((angle_word >> 30) & 1u);
    float x = swap ? sn : cs;
    float y = swap ? cs : sn;
    *z0 = bits_float(float_bits(r * x) ^ ((angle_word ^ (angle_word << 1)) & 0x80000000u));
    *z1 = bits_float(float_bits(r * y) ^ (angle_word & 0x80000000u));
}

/* (2m + 1) 2^-65 of an unsigned 64-bit m, as NormalTransforms.f64Radius computes it. */
SIMDIST_ALWAYS_INLINE double unit_odd65(uint64_t m)
{
    /* 32-bit halves: both conversions are exact, as Java's (double) long of them. */
    return fma((double) (int64_t) (m >> 32), 0x1p-32,
               fma((double) (int64_t) (m & UINT64_C(0xFFFFFFFF)), 0x1p-64, 0x1p-65));
}

/* NormalTransforms.f64Radius: sqrt(-2 ln u), u = (2m + 1) 2^-65, m = hi << 32 | lo. */
SIMDIST_ALWAYS_INLINE double radius_f64(uint64_t m)
{
    double u = unit_odd65(m);
    int64_t bits = (int64_t) double_bits(u);
    int64_t k = (bits - INT64_C(0x3FE6A09E667F3BCD)) >> 52;
    double t_split = bits_double((uint64_t) bits - ((uint64_t) k << 52)) - 1.0;
    double t_near = -unit_odd65(~m);
    double t = k == 0 ? t_near : t_split;
    /* Estrin's scheme, operation for operation as NormalTransforms.radiusNegLog */
    double p0 = fma(0.4999999999999845, t, -1.0);
    double p1 = fma(0.2500000000076956, t, -0.33333333333337173);
    double p2 = fma(0.1666666655489462, t, -0.19999999999909318);
    double p3 = fma(0.1250000725329438, t, -0.14285714173578096);
    double p4 = fma(0.09999754859995885, t, -0.11111124270511763);
    double p5 = fma(0.08337810610043331, t, -0.0909028658518164);
    double p6 = fma(0.0710242204207069, t, -0.07707347824005895);
    double p7 = fma(0.06339266227186052, t, -0.06473376882671202);
    double p8 = fma(0.06606377274291697, t, -0.07092012090709178);
    double t2 = t * t;
    double q0 = fma(p1, t2, p0);
    double q1 = fma(p3, t2, p2);
    double q2 = fma(p5, t2, p4);
    double q3 = fma(p7, t2, p6);
    double q4 = fma(-0.029914714370611543, t2, p8);
    double t4 = t2 * t2;
    double o0 = fma(q1, t4, q0);
    double o1 = fma(q3, t4, q2);
    double t8 = t4 * t4;
    double l = fma(q4, t8 * t8, fma(o1, t8, o0));
    /* k is a small integer: the conversion is exact, as Java's (double) long. */
    double w = fma((double) k, -0x1.62e42fefa39efp-1, l * t);
    return sqrt(w + w);
}

/* NormalTransforms.f64 of a pair: the four words of one Philox block. */
SIMDIST_ALWAYS_INLINE void normal_pair_f64(const uint32_t *block, double *z0, double *z1)
{
    double r = radius_f64((uint64_t) block[1] << 32 | block[0]);
    uint64_t angle = (uint64_t) block[3] << 32 | block[2];
    /* bits 61..9 of the angle value as a signed 53-bit integer: exact in double */
    double a = fma((double) ((int64_t) (angle << 2) >> 11), F64_ANGLE_STEP, F64_ANGLE_STEP * 0.5);
    double z = a * a;
    double sp = fma(1.58962301576546568060E-10, z, -2.50507477628578072866E-8);
    sp = fma(sp, z, 2.75573136213857245213E-6);
    sp = fma(sp, z, -1.98412698295895385996E-4);
    sp = fma(sp, z, 8.33333333332211858878E-3);
    sp = fma(sp, z, -1.66666666666666307295E-1);
    double sn = fma(a * z, sp, a);
    double cq = fma(-1.13585365213876817300E-11, z, 2.08757008419747316778E-9);
    cq = fma(cq, z, -2.75573141792967388112E-7);
    cq = fma(cq, z, 2.48015872888517045348E-5);
    cq = fma(cq, z, -1.38888888888730564116E-3);
    cq = fma(cq, z, 4.16666666666665929218E-2);
    double cs = fma(z * z, cq, fma(z, -0.5, 1.0));
    int swap = (int) ((angle >> 62) & 1u);
    double x = swap ? sn : cs;
    double y = swap ? cs : sn;
    uint64_t sign_bit = UINT64_C(1) << 63;
    *z0 = bits_double(double_bits(r * x) ^ ((angle ^ (angle << 1)) & sign_bit));
    *z1 = bits_double(double_bits(r * y) ^ (angle & sign_bit));
}

static inline int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

int32_t simdist_caps(void)
{
    return SIMDIST_ABI_VERSION;
}

/*
 * The batch loop of the one-word kinds, a statement for the body of a bulk function with parameters
 * key, stream, index and len: words index .. index + len - 1 are generated one Philox batch at a
 * time into uint32_t batch[BATCH_WORDS], and for each batch the statements ... run, to write
 * variates done .. done + n - 1 (int64_t) from words batch[skip] .. batch[skip + n - 1]. Only the
 * first batch can start inside a block (skip > 0); after it the word position is a multiple of 4.
 * A macro rather than a function taking a callback, so that each exported clone inlines its own
 * statements into the loop, which is what lets GCC vectorize them.
 */
#define FOR_EACH_BATCH(...)                                                                  \
    do {                                                                                     \
        uint32_t batch[BATCH_WORDS];                                                         \
        uint64_t w_ = index;                                                                 \
        int64_t done = 0;                                                                    \
        while (done < len) {                                                                 \
            int64_t skip = (int64_t) (w_ & 3);                                               \
            int64_t n = min64(BATCH_WORDS - skip, len - done);                               \
            philox_batch(key, stream, w_ >> 2, batch);                                       \
            __VA_ARGS__                                                                      \
            done += n;                                                                       \
            w_ += (uint64_t) n;                                                              \
        }                                                                                    \
    } while (0)

/*
 * The loop of the one-word kinds that compute variate by variate: runs the statement ..., which
 * reads uint32_t word (word index + i) and int64_t i, typically dst[i] = f(word), once for each
 * 0 <= i < len, in order. The loop over a batch is the loop GCC vectorizes.
 */
#define FOR_EACH_WORD(...)                                                                   \
    FOR_EACH_BATCH(                                                                          \
        for (int64_t j_ = 0; j_ < n; j_++) {                                                 \
            uint32_t word = batch[skip + j_];                                                \
            int64_t i = done + j_;                                                           \
            __VA_ARGS__;                                                                     \
        })

SIMDIST_CLONES
void simdist_philox_ints(uint64_t key, uint64_t stream, uint64_t index, int32_t *dst, int64_t len)
{
    FOR_EACH_BATCH(memcpy(dst + done, batch + skip, (size_t) n * sizeof(int32_t)););
}

/*
 * The bulk function NAME of a float kind, variate v from word v: CONVERT (uint32_t word -> float)
 * applied to each word.
 */
#define FLOAT_FILL(NAME, CONVERT)                                                            \
    SIMDIST_CLONES                                                                           \
    void NAME(uint64_t key, uint64_t stream, uint64_t index, float *dst, int64_t len)       \
    {                                                                                        \
        FOR_EACH_WORD(dst[i] = CONVERT(word));                                               \
    }

/*
 * The bulk loop of a double kind, variate v from words 2v (low) and 2v + 1 (high): 2v is even, so
 * a pair never straddles two blocks. CONVERT is (uint32_t lo, uint32_t hi) -> double.
 */
#define DOUBLE_FILL(NAME, CONVERT)                                                           \
    SIMDIST_CLONES                                                                           \
    void NAME(uint64_t key, uint64_t stream, uint64_t index, double *dst, int64_t len)      \
    {                                                                                        \
        uint32_t buf[BATCH_WORDS];                                                           \
        uint64_t w = 2 * index;                                                              \
        int64_t done = 0;                                                                    \
        while (done < len) {                                                                 \
            int64_t skip = (int64_t) (w & 3);                                                \
            int64_t n = min64((BATCH_WORDS - skip) / 2, len - done);                         \
            philox_batch(key, stream, w >> 2, buf);                                          \
            for (int64_t j = 0; j < n; j++) {                                                \
                dst[done + j] = CONVERT(buf[skip + 2 * j], buf[skip + 2 * j + 1]);           \
            }                                                                                \
            done += n;                                                                       \
            w += 2 * (uint64_t) n;                                                           \
        }                                                                                    \
    }

/*
 * Bernoulli draws. Draw v is 1 iff (uint64_t) word(v) < threshold, the comparison of
 * io.simdist.kernels.ScalarKernelProvider, for any 64-bit threshold (the bindings pass [0, 2^32]).
 *
 * With one threshold for a whole fill, that comparison is done in 32 bits, 16 lanes to a 512-bit
 * vector rather than 8: with t32 = low32(threshold) and all = (threshold >= 2^32),
 * (uint64_t) w < threshold  <=>  (w < t32) | all, since a 32-bit w is below every threshold
 * >= 2^32, and below one < 2^32 iff it is below its low 32 bits. A per-draw threshold is read as
 * 64 bits anyway and compared as it is.
 */
SIMDIST_ALWAYS_INLINE uint32_t below(uint32_t word, uint32_t t32, uint32_t all)
{
    return (uint32_t) (word < t32) | all;
}

/* The shift that puts byte r (0..3) of a uint32_t at address offset r. */
#if defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define BYTE_SHIFT(r) (24 - 8 * (r))
#else
#define BYTE_SHIFT(r) (8 * (r))
#endif

/*
 * dst[j] = draw (index + j) as a byte. Not draw by draw: GCC vectorizes a loop that stores bytes
 * with byte vectors, and AVX-512F has no 64-byte ones (that is AVX512BW), so it would fall back to
 * 256-bit vectors. Instead the four draws of each block of a batch go into one uint32_t, in memory
 * order, 16 lanes of 32 bits, and the wanted bytes are copied out.
 */
SIMDIST_CLONES
void simdist_bernoulli_bytes(uint64_t key, uint64_t stream, uint64_t index, uint64_t threshold,
                             int8_t *dst, int64_t len)
{
    uint32_t t32 = (uint32_t) threshold;
    uint32_t all = threshold > UINT32_MAX;
    uint32_t bytes[BATCH_BLOCKS];

    FOR_EACH_BATCH(
        for (int b = 0; b < BATCH_BLOCKS; b++) {
            bytes[b] = below(batch[4 * b], t32, all) << BYTE_SHIFT(0)
                    | below(batch[4 * b + 1], t32, all) << BYTE_SHIFT(1)
                    | below(batch[4 * b + 2], t32, all) << BYTE_SHIFT(2)
                    | below(batch[4 * b + 3], t32, all) << BYTE_SHIFT(3);
        }
        memcpy(dst + done, (const unsigned char *) bytes + skip, (size_t) n);
    );
}

/* dst[j] = draw (index + j) as 0.0f or 1.0f: a masked move of the comparison, 16 lanes. */
SIMDIST_CLONES
void simdist_bernoulli_floats(uint64_t key, uint64_t stream, uint64_t index, uint64_t threshold,
                              float *dst, int64_t len)
{
    uint32_t t32 = (uint32_t) threshold;
    uint32_t all = threshold > UINT32_MAX;

    FOR_EACH_WORD(dst[i] = below(word, t32, all) ? 1.0f : 0.0f);
}

/*
 * The bulk function NAME of a Bernoulli kind with a threshold per draw, thresholds[i] for draw
 * index + i, into T (0 or 1). The thresholds are as long as the variates, so the bytes kind cannot
 * be computed block by block as above (the first batch would read before thresholds): in the
 * AVX-512F clone its loop runs on 256-bit vectors.
 */
#define BERNOULLI_FILL_EACH(NAME, T)                                                         \
    SIMDIST_CLONES                                                                           \
    void NAME(uint64_t key, uint64_t stream, uint64_t index, const uint64_t *thresholds,    \
              T *dst, int64_t len)                                                           \
    {                                                                                        \
        FOR_EACH_WORD(dst[i] = (uint64_t) word < thresholds[i] ? (T) 1 : (T) 0);             \
    }

BERNOULLI_FILL_EACH(simdist_bernoulli_bytes_t, int8_t)
BERNOULLI_FILL_EACH(simdist_bernoulli_floats_t, float)

/* A packed word is one batch of words: see simdist_bernoulli_packed. */
#if BATCH_WORDS != 64
#error "simdist_bernoulli_packed needs BATCH_WORDS == 64"
#endif

/*
 * Bit j = draw of word j of the batch that starts at block first_block. In two 32-bit halves: an
 * OR-reduction over 32-bit lanes, 16 to a 512-bit vector (over 64-bit lanes it is half as fast).
 */
SIMDIST_ALWAYS_INLINE uint64_t bernoulli_batch_bits(uint64_t key, uint64_t stream,
                                                    uint64_t first_block, uint32_t t32,
                                                    uint32_t all)
{
    uint32_t batch[BATCH_WORDS];
    uint32_t lo = 0;
    uint32_t hi = 0;

    philox_batch(key, stream, first_block, batch);
    for (int j = 0; j < 32; j++) {
        lo |= below(batch[j], t32, all) << j;
    }
    for (int j = 0; j < 32; j++) {
        hi |= below(batch[32 + j], t32, all) << j;
    }
    return (uint64_t) hi << 32 | lo;
}

/*
 * Word k holds draws index + 64k .. index + 64k + 63. With s = index & 3, these are the last
 * 64 - s words of the batch that starts at block (index >> 2) + 16k and the first s words of the
 * next one, which is the batch of word k + 1: so each batch is turned into 64 bits once, and each
 * word of dst is two neighbours joined by shifts (s = 0: the batch itself).
 */
SIMDIST_CLONES
void simdist_bernoulli_packed(uint64_t key, uint64_t stream, uint64_t index, uint64_t threshold,
                              uint64_t *dst, int64_t longs)
{
    uint32_t t32 = (uint32_t) threshold;
    uint32_t all = threshold > UINT32_MAX;
    unsigned skip = (unsigned) (index & 3);
    uint64_t block = index >> 2;
    uint64_t lo;

    if (longs <= 0) {
        return;
    }
    lo = bernoulli_batch_bits(key, stream, block, t32, all);
    for (int64_t k = 0; k < longs; k++) {
        /* The next batch is needed for the last word only when it starts inside a block. It then
           runs past the last draw, which is harmless: its block numbers are far below 2^64. */
        uint64_t hi = skip != 0 || k + 1 < longs
                ? bernoulli_batch_bits(key, stream, block + 16 * (uint64_t) (k + 1), t32, all)
                : 0;
        dst[k] = skip == 0 ? lo : (lo >> skip) | (hi << (64 - skip));
        lo = hi;
    }
}

FLOAT_FILL(simdist_uniform_floats, word_to_float)
DOUBLE_FILL(simdist_uniform_doubles, words_to_double)
/*
 * f32 normals: variate v is half v & 1 of the pair of words v & ~1 and v | 1. Batches start at a
 * block, so a batch holds whole pairs: all of them are computed (a loop GCC vectorizes) and the
 * wanted ones copied out.
 */
SIMDIST_CLONES
void simdist_normal_floats(uint64_t key, uint64_t stream, uint64_t index, float *dst, int64_t len)
{
    float out[BATCH_WORDS];

    FOR_EACH_BATCH(
        for (int j = 0; j < BATCH_WORDS / 2; j++) {
            normal_pair_f32(batch[2 * j], batch[2 * j + 1], &out[2 * j], &out[2 * j + 1]);
        }
        memcpy(dst + done, out + skip, (size_t) n * sizeof(float));
    );
}

/*
 * f64 normals: variate v is half v & 1 of the pair of Philox block v >> 1. A batch is the blocks of
 * BATCH_BLOCKS pairs from the first variate's pair on.
 */
SIMDIST_CLONES
void simdist_normal_doubles(uint64_t key, uint64_t stream, uint64_t index, double *dst, int64_t len)
{
    uint32_t batch[BATCH_WORDS];
    double out[2 * BATCH_BLOCKS];
    int64_t done = 0;

    while (done < len) {
        uint64_t v = index + (uint64_t) done;
        int64_t skip = (int64_t) (v & 1);
        int64_t n = min64(2 * BATCH_BLOCKS - skip, len - done);
        philox_batch(key, stream, v >> 1, batch);
        for (int j = 0; j < BATCH_BLOCKS; j++) {
            normal_pair_f64(batch + 4 * j, &out[2 * j], &out[2 * j + 1]);
        }
        memcpy(dst + done, out + skip, (size_t) n * sizeof(double));
        done += n;
    }
}
