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
 * one division, exact conversions and bit operations. Vector and scalar versions of these
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
 * io.simdist.kernels.NormalTransforms.f32, operation for operation (the comments there give the
 * mapping, the algorithm and its error). Every Math.fma is fmaf, every other + - * is one rounded
 * operation (-ffp-contract=off), and both polynomials are always computed, so that the loop over
 * a batch is straight-line code that the compiler vectorizes with a blend for the select.
 *
 * Java's int arithmetic wraps and its >> is arithmetic; here the shifts that could see negative
 * values are done on uint32_t (k << 23) or rely on GCC's documented arithmetic >> of a negative
 * int32_t (bits - 0x3f3504f3 < 0 whenever y < sqrt(1/2)).
 */
SIMDIST_ALWAYS_INLINE float normal_f32(uint32_t word)
{
    /* m < 2^31: the signed conversion is Java's (float) int. */
    int32_t m = (int32_t) (word & 0x7fffffffu);
    float p = fmaf((float) m, 0x1p-31f, 0x1p-32f);
    float x = 1.0f - p;
    float y = fmaf(p, x, p);

    /* -ln y: y = 2^k f with f in [sqrt(1/2), sqrt(2)), then a polynomial in t = f - 1. */
    int32_t bits = (int32_t) float_bits(y);
    int32_t k = (bits - 0x3f3504f3) >> 23;
    float t = bits_float((uint32_t) bits - ((uint32_t) k << 23)) - 1.0f;
    float l = fmaf(0.099442184f, t, -0.16422483f);
    l = fmaf(l, t, 0.17382811f);
    l = fmaf(l, t, -0.19874363f);
    l = fmaf(l, t, 0.24955392f);
    l = fmaf(l, t, -0.3333609f);
    l = fmaf(l, t, 0.5000075f);
    l = fmaf(l, t, -0.9999998f);
    float w = fmaf((float) k, -0.6931472f, l * t);

    /* Central piece: polynomial in v = w - 1.5. */
    float v = w - 1.5f;
    float c = fmaf(9.0172053e-10f, v, -2.1214369e-08f);
    c = fmaf(c, v, 1.6892312e-07f);
    c = fmaf(c, v, -4.063902e-08f);
    c = fmaf(c, v, -7.67058e-06f);
    c = fmaf(c, v, 3.2867338e-05f);
    c = fmaf(c, v, 0.00025141114f);
    c = fmaf(c, v, -0.0029589664f);
    c = fmaf(c, v, 0.0012440851f);
    c = fmaf(c, v, 0.35406595f);
    c = fmaf(c, v, 1.7706857f);

    /* Tail piece: polynomial in s = sqrt(w) - 3.5. */
    float s = sqrtf(w) - 3.5f;
    float d = fmaf(5.870224e-05f, s, -0.0002970459f);
    d = fmaf(d, s, 0.0006529819f);
    d = fmaf(d, s, -0.0009839708f);
    d = fmaf(d, s, 0.0015316815f);
    d = fmaf(d, s, -0.002911648f);
    d = fmaf(d, s, 0.004635686f);
    d = fmaf(d, s, 1.4246343f);
    d = fmaf(d, s, 4.717089f);

    float z = x * (w < 6.5f ? c : d);
    return bits_float(float_bits(z) ^ (word & 0x80000000u));
}

/*
 * io.simdist.kernels.NormalTransforms.f64, operation for operation: a bit-level log, then
 * Wichura's AS 241 PPND16 (Applied Statistics 37(3), 1988) with all three rational pieces computed
 * and one division after the selects. As in normal_f32, every Math.fma is fma, nothing else is
 * fused, and negative values are only shifted right (GCC: arithmetic) or as uint64_t.
 */
SIMDIST_ALWAYS_INLINE double normal_f64(uint32_t lo, uint32_t hi)
{
    /* Both conversions are exact (32-bit integers), as Java's (double) int and (double) long. */
    double p = fma((double) (int32_t) (hi & 0x7fffffffu), 0x1p-31,
                   fma((double) lo, 0x1p-63, 0x1p-64));
    double x = 1.0 - p;
    double q = 0.5 * p;
    double h = 0.5 * x;

    /* -ln q: q = 2^k f with f in [sqrt(1/2), sqrt(2)), then a polynomial in t = f - 1. */
    int64_t bits = (int64_t) double_bits(q);
    int64_t k = (bits - INT64_C(0x3FE6A09E667F3BCD)) >> 52;
    double t = bits_double((uint64_t) bits - ((uint64_t) k << 52)) - 1.0;
    double l = fma(-0.029914714370611543, t, 0.06606377274291697);
    l = fma(l, t, -0.07092012090709178);
    l = fma(l, t, 0.06339266227186052);
    l = fma(l, t, -0.06473376882671202);
    l = fma(l, t, 0.0710242204207069);
    l = fma(l, t, -0.07707347824005895);
    l = fma(l, t, 0.08337810610043331);
    l = fma(l, t, -0.0909028658518164);
    l = fma(l, t, 0.09999754859995885);
    l = fma(l, t, -0.11111124270511763);
    l = fma(l, t, 0.1250000725329438);
    l = fma(l, t, -0.14285714173578096);
    l = fma(l, t, 0.1666666655489462);
    l = fma(l, t, -0.19999999999909318);
    l = fma(l, t, 0.2500000000076956);
    l = fma(l, t, -0.33333333333337173);
    l = fma(l, t, 0.4999999999999845);
    l = fma(l, t, -1.0);
    /* k is a small integer: the conversion is exact, as Java's (double) long. */
    double neg_log_q = fma((double) (int32_t) k, -0x1.62e42fefa39efp-1, l * t);

    /* AS 241 region 1: |u - 0.5| <= 0.425. */
    double r1 = fma(-h, h, 0.180625);
    double a = fma(2509.0809287301226727, r1, 33430.575583588128105);
    a = fma(a, r1, 67265.770927008700853);
    a = fma(a, r1, 45921.953931549871457);
    a = fma(a, r1, 13731.693765509461125);
    a = fma(a, r1, 1971.5909503065514427);
    a = fma(a, r1, 133.14166789178437745);
    a = fma(a, r1, 3.387132872796366608) * h;
    double b = fma(5226.495278852854561, r1, 28729.085735721942674);
    b = fma(b, r1, 39307.89580009271061);
    b = fma(b, r1, 21213.794301586595867);
    b = fma(b, r1, 5394.1960214247511077);
    b = fma(b, r1, 687.1870074920579083);
    b = fma(b, r1, 42.313330701600911252);
    b = fma(b, r1, 1.0);

    double r = sqrt(neg_log_q);
    /* AS 241 region 2: r <= 5. */
    double r2 = r - 1.6;
    double c = fma(7.7454501427834140764e-4, r2, 0.0227238449892691845833);
    c = fma(c, r2, 0.24178072517745061177);
    c = fma(c, r2, 1.27045825245236838258);
    c = fma(c, r2, 3.64784832476320460504);
    c = fma(c, r2, 5.7694972214606914055);
    c = fma(c, r2, 4.6303378461565452959);
    c = fma(c, r2, 1.42343711074968357734);
    double d = fma(1.05075007164441684324e-9, r2, 5.475938084995344946e-4);
    d = fma(d, r2, 0.0151986665636164571966);
    d = fma(d, r2, 0.14810397642748007459);
    d = fma(d, r2, 0.68976733498510000455);
    d = fma(d, r2, 1.6763848301838038494);
    d = fma(d, r2, 2.05319162663775882187);
    d = fma(d, r2, 1.0);
    /* AS 241 region 3: r > 5. */
    double r3 = r - 5.0;
    double e = fma(2.01033439929228813265e-7, r3, 2.71155556874348757815e-5);
    e = fma(e, r3, 0.0012426609473880784386);
    e = fma(e, r3, 0.026532189526576123093);
    e = fma(e, r3, 0.29656057182850489123);
    e = fma(e, r3, 1.7848265399172913358);
    e = fma(e, r3, 5.4637849111641143699);
    e = fma(e, r3, 6.6579046435011037772);
    double f = fma(2.04426310338993978564e-15, r3, 1.4215117583164458887e-7);
    f = fma(f, r3, 1.8463183175100546818e-5);
    f = fma(f, r3, 7.868691311456132591e-4);
    f = fma(f, r3, 0.0148753612908506148525);
    f = fma(f, r3, 0.13692988092273580531);
    f = fma(f, r3, 0.59983220655588793769);
    f = fma(f, r3, 1.0);

    int central = h <= 0.425;
    int middle = r <= 5.0;
    double num = central ? a : (middle ? c : e);
    double den = central ? b : (middle ? d : f);
    double z = num / den;
    return bits_double(double_bits(z) ^ ((uint64_t) (hi & 0x80000000u) << 32));
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
FLOAT_FILL(simdist_normal_floats, normal_f32)
DOUBLE_FILL(simdist_normal_doubles, normal_f64)
