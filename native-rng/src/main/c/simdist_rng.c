/*
 * simdist native RNG. See simdist_rng.h for the stream definition; the Java reference is
 * io.simdist.kernels.ScalarKernelProvider, and every function here returns exactly its bits.
 *
 * Why the results are bit-identical to Java whatever the compiler vectorizes: Philox is 32-bit
 * integer arithmetic, which is exact; a uniform is one int-to-float (long-to-double) conversion,
 * which rounds to nearest-even in the default floating-point environment the JVM runs with, and
 * a multiplication by a power of two, which is exact. Nothing may be built with -ffast-math.
 */
#include "simdist_rng.h"

#include <string.h>

/*
 * Philox is independent 32x32->64-bit multiplies and xors per block, which GCC vectorizes; wider
 * vectors do more blocks per instruction, but the library must run on any x86-64. So with GCC on
 * x86-64 and glibc (which has ifunc), the bulk functions are cloned for AVX-512 and AVX2 and the
 * dynamic loader binds the best clone the CPU supports. Define SIMDIST_NO_CLONES to build the
 * portable version only.
 */
#if !defined(SIMDIST_NO_CLONES) && defined(__x86_64__) && defined(__GNUC__) \
    && !defined(__clang__) && defined(__GLIBC__)
#define SIMDIST_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SIMDIST_CLONES
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

static inline int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

int32_t simdist_caps(void)
{
    return SIMDIST_ABI_VERSION;
}

SIMDIST_CLONES
void simdist_philox_ints(uint64_t key, uint64_t stream, uint64_t word_offset, int32_t *dst,
                         int64_t len)
{
    uint32_t buf[BATCH_WORDS];
    uint64_t w = word_offset;
    int64_t done = 0;

    /* Only the first batch can start inside a block; after it w is a multiple of 4. */
    while (done < len) {
        int64_t skip = (int64_t) (w & 3);
        int64_t n = min64(BATCH_WORDS - skip, len - done);
        philox_batch(key, stream, w >> 2, buf);
        memcpy(dst + done, buf + skip, (size_t) n * sizeof(int32_t));
        done += n;
        w += (uint64_t) n;
    }
}

SIMDIST_CLONES
void simdist_uniform_floats(uint64_t key, uint64_t stream, uint64_t index, float *dst,
                            int64_t len)
{
    uint32_t buf[BATCH_WORDS];
    uint64_t w = index;
    int64_t done = 0;

    while (done < len) {
        int64_t skip = (int64_t) (w & 3);
        int64_t n = min64(BATCH_WORDS - skip, len - done);
        philox_batch(key, stream, w >> 2, buf);
        for (int64_t j = 0; j < n; j++) {
            dst[done + j] = word_to_float(buf[skip + j]);
        }
        done += n;
        w += (uint64_t) n;
    }
}

SIMDIST_CLONES
void simdist_uniform_doubles(uint64_t key, uint64_t stream, uint64_t index, double *dst,
                             int64_t len)
{
    uint32_t buf[BATCH_WORDS];
    /* Variate v uses words 2v and 2v + 1; 2v is even, so a pair never straddles two blocks. */
    uint64_t w = 2 * index;
    int64_t done = 0;

    while (done < len) {
        int64_t skip = (int64_t) (w & 3);
        int64_t n = min64((BATCH_WORDS - skip) / 2, len - done);
        philox_batch(key, stream, w >> 2, buf);
        for (int64_t j = 0; j < n; j++) {
            dst[done + j] = words_to_double(buf[skip + 2 * j], buf[skip + 2 * j + 1]);
        }
        done += n;
        w += 2 * (uint64_t) n;
    }
}
