package io.simdist.kernels;

import io.simdist.rng.Checks;
import io.simdist.rng.Philox4x32;
import io.simdist.simd.Backends;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Bulk standard normal variates N(0, 1) from a Philox stream, by normal transform v2 (Box-Muller with
 * the library's own log, sine and cosine; see {@link NormalTransforms}).
 *
 * <h2>Index to word mapping (normal transform v2)</h2>
 * Variates come in pairs {@code (2k, 2k + 1)}: {@code r cos(theta)} and {@code r sin(theta)} of one
 * radius and one angle.
 * <ul>
 *   <li>float variate {@code i} is {@link NormalTransforms#f32(int, int, int)
 *       NormalTransforms.f32(word(i & ~1), word(i | 1), i & 1)}: the radius word and the angle word
 *       of its pair;</li>
 *   <li>double variate {@code i} is {@link NormalTransforms#f64(int, int, int, int, int)
 *       NormalTransforms.f64(word(4k), word(4k + 1), word(4k + 2), word(4k + 3), i & 1)} with
 *       {@code k = i >> 1}: the four words of Philox block {@code k}.</li>
 * </ul>
 * {@code word(w)} is {@link Philox4x32#word(long)} of the stream. So variate {@code i} is a pure
 * function of (key, stream id, i): any slice of a fill equals the same slice of a longer fill (a slice
 * that starts or ends inside a pair computes the half it needs), and the result does not depend on the
 * backend, the vector width or the thread count. Transform v1 (inverse CDF, one word per float
 * variate) was replaced on 2026-12-06; its values are not reproduced.
 *
 * <p>Variates of different kinds drawn from the same words are <b>not independent</b>: float normals
 * {@code 2k} and {@code 2k + 1} and uniform floats {@code 2k} and {@code 2k + 1} read the same two words,
 * and double normals {@code 2k, 2k + 1} read the words of float normals {@code 4k .. 4k + 3}. Draw
 * different kinds from different streams ({@link Philox4x32#stream(long)}) or disjoint word ranges.
 *
 * <h2>Range and accuracy</h2>
 * The transform has a fixed number of inputs and no rejection. The radius uses 31 bits (f32) or 64
 * bits (f64) of uniform, exact near the tail, so floats reach {@code |z| = }{@value
 * NormalTransforms#F32_MAX_ABS} and doubles {@code |z| = }{@value NormalTransforms#F64_MAX_ABS}. See
 * {@link NormalTransforms} for the algorithm, its accuracy and its sources.
 *
 * <h2>Threads</h2>
 * The {@code Executor} overloads split the range at fixed chunk boundaries ({@link Parallel}); their
 * output is bit-identical to the single-threaded fill.
 */
public final class Normals {
    /** Elements converted per copy when filling a {@link MemorySegment}: 16 KiB of floats. */
    private static final int SEGMENT_CHUNK = 4096;
    private static final ThreadLocal<float[]> FLOAT_SCRATCH =
            ThreadLocal.withInitial(() -> new float[SEGMENT_CHUNK]);
    private static final ThreadLocal<double[]> DOUBLE_SCRATCH =
            ThreadLocal.withInitial(() -> new double[SEGMENT_CHUNK]);

    private Normals() {}

    /**
     * Writes standard normal floats: {@code dst[from + j]} is float variate {@code index + j}.
     *
     * @param rng the stream
     * @param index index of the first variate (= its word index), {@code >= 0}
     * @param dst the destination
     * @param from first position written
     * @param len number of variates
     * @throws NullPointerException if {@code rng} or {@code dst} is null
     * @throws IllegalArgumentException if {@code index < 0} or the variates run past the end of the
     *     stream (float variate {@code Long.MAX_VALUE} is the last)
     * @throws IndexOutOfBoundsException if {@code [from, from + len)} is not inside {@code dst}
     */
    public static void fill(Philox4x32 rng, long index, float[] dst, int from, int len) {
        Objects.requireNonNull(rng, "rng");
        Checks.fill("index", index, 1, dst, from, len, dst == null ? 0 : dst.length);
        KernelProvider p = SmallCalls.provider(len);
        if (SmallCalls.fits(len)) {
            SmallCalls.normalFloats(rng.key(), rng.streamId(), index, dst, from, len);
        } else {
            p.normalFloats(rng.key(), rng.streamId(), index, dst, from, len);
        }
    }

    /**
     * Writes standard normal doubles: {@code dst[from + j]} is double variate {@code index + j}, from
     * words {@code 2(index + j)} and {@code 2(index + j) + 1}.
     *
     * @param rng the stream
     * @param index index of the first variate, {@code >= 0}
     * @param dst the destination
     * @param from first position written
     * @param len number of variates
     * @throws NullPointerException if {@code rng} or {@code dst} is null
     * @throws IllegalArgumentException if {@code index < 0} or the variates run past the end of the
     *     stream (double variate {@code 2^62 - 1} is the last)
     * @throws IndexOutOfBoundsException if {@code [from, from + len)} is not inside {@code dst}
     */
    public static void fill(Philox4x32 rng, long index, double[] dst, int from, int len) {
        Objects.requireNonNull(rng, "rng");
        Checks.fill("index", index, 2, dst, from, len, dst == null ? 0 : dst.length);
        KernelProvider p = SmallCalls.provider(len);
        if (SmallCalls.fits(len)) {
            SmallCalls.normalDoubles(rng.key(), rng.streamId(), index, dst, from, len);
        } else {
            p.normalDoubles(rng.key(), rng.streamId(), index, dst, from, len);
        }
    }

    /**
     * {@link #fill(Philox4x32, long, float[], int, int)} split into fixed chunks run on
     * {@code executor} ({@link ForkJoinPool#commonPool()} or one of the caller's); bit-identical to
     * the single-threaded fill whatever the executor or its thread count. Returns when every chunk is
     * written.
     *
     * @param rng the stream
     * @param index index of the first variate, {@code >= 0}
     * @param dst the destination
     * @param from first position written
     * @param len number of variates
     * @param executor runs the chunks
     * @throws NullPointerException if {@code rng}, {@code dst} or {@code executor} is null
     * @throws IllegalArgumentException as the single-threaded fill
     * @throws IndexOutOfBoundsException as the single-threaded fill
     */
    public static void fill(Philox4x32 rng, long index, float[] dst, int from, int len, Executor executor) {
        Objects.requireNonNull(rng, "rng");
        Objects.requireNonNull(executor, "executor");
        Checks.fill("index", index, 1, dst, from, len, dst == null ? 0 : dst.length);
        KernelProvider p = Backends.current();
        long key = rng.key();
        long streamId = rng.streamId();
        Parallel.forEachChunk(from, len, executor,
                (f, l) -> p.normalFloats(key, streamId, index + (f - from), dst, f, l));
    }

    /**
     * {@link #fill(Philox4x32, long, double[], int, int)} split into fixed chunks run on
     * {@code executor}; bit-identical to the single-threaded fill.
     *
     * @param rng the stream
     * @param index index of the first variate, {@code >= 0}
     * @param dst the destination
     * @param from first position written
     * @param len number of variates
     * @param executor runs the chunks
     * @throws NullPointerException if {@code rng}, {@code dst} or {@code executor} is null
     * @throws IllegalArgumentException as the single-threaded fill
     * @throws IndexOutOfBoundsException as the single-threaded fill
     */
    public static void fill(Philox4x32 rng, long index, double[] dst, int from, int len,
            Executor executor) {
        Objects.requireNonNull(rng, "rng");
        Objects.requireNonNull(executor, "executor");
        Checks.fill("index", index, 2, dst, from, len, dst == null ? 0 : dst.length);
        KernelProvider p = Backends.current();
        long key = rng.key();
        long streamId = rng.streamId();
        Parallel.forEachChunk(from, len, executor,
                (f, l) -> p.normalDoubles(key, streamId, index + (f - from), dst, f, l));
    }

    /**
     * Writes standard normal floats into a memory segment: element {@code from + j}, at byte offset
     * {@code 4 (from + j)} in {@code layout}'s byte order, is float variate {@code index + j}. The
     * segment may be on or off the heap; its address at element {@code from} must satisfy
     * {@code layout}'s alignment (use {@link ValueLayout#JAVA_FLOAT_UNALIGNED} for none).
     *
     * @param rng the stream
     * @param index index of the first variate, {@code >= 0}
     * @param dst the destination segment, writable
     * @param layout the element layout (byte order and alignment)
     * @param from first element written
     * @param len number of variates
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code dst} is read-only, the range is misaligned for
     *     {@code layout}, {@code index < 0} or the variates run past the end of the stream
     * @throws IndexOutOfBoundsException if elements {@code [from, from + len)} are not inside
     *     {@code dst}
     * @throws IllegalStateException if {@code dst}'s scope is closed or confined to another thread
     */
    public static void fill(Philox4x32 rng, long index, MemorySegment dst, ValueLayout.OfFloat layout,
            long from, long len) {
        MemorySegment target = segmentRange(rng, index, 1, dst, layout, from, len);
        KernelProvider p = Backends.current();
        float[] buf = FLOAT_SCRATCH.get();
        for (long done = 0; done < len; done += SEGMENT_CHUNK) {
            int n = (int) Math.min(SEGMENT_CHUNK, len - done);
            p.normalFloats(rng.key(), rng.streamId(), index + done, buf, 0, n);
            MemorySegment.copy(buf, 0, target, layout, done * Float.BYTES, n);
        }
    }

    /**
     * Writes standard normal doubles into a memory segment: element {@code from + j}, at byte offset
     * {@code 8 (from + j)} in {@code layout}'s byte order, is double variate {@code index + j}.
     * Otherwise as {@link #fill(Philox4x32, long, MemorySegment, ValueLayout.OfFloat, long, long)}.
     *
     * @param rng the stream
     * @param index index of the first variate, {@code >= 0}
     * @param dst the destination segment, writable
     * @param layout the element layout (byte order and alignment)
     * @param from first element written
     * @param len number of variates
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code dst} is read-only, the range is misaligned for
     *     {@code layout}, {@code index < 0} or the variates run past the end of the stream
     * @throws IndexOutOfBoundsException if elements {@code [from, from + len)} are not inside
     *     {@code dst}
     * @throws IllegalStateException if {@code dst}'s scope is closed or confined to another thread
     */
    public static void fill(Philox4x32 rng, long index, MemorySegment dst, ValueLayout.OfDouble layout,
            long from, long len) {
        MemorySegment target = segmentRange(rng, index, 2, dst, layout, from, len);
        KernelProvider p = Backends.current();
        double[] buf = DOUBLE_SCRATCH.get();
        for (long done = 0; done < len; done += SEGMENT_CHUNK) {
            int n = (int) Math.min(SEGMENT_CHUNK, len - done);
            p.normalDoubles(rng.key(), rng.streamId(), index + done, buf, 0, n);
            MemorySegment.copy(buf, 0, target, layout, done * Double.BYTES, n);
        }
    }

    /** Checks a segment fill and returns the slice of elements {@code [from, from + len)}. */
    private static MemorySegment segmentRange(Philox4x32 rng, long index, int wordsPerVariate,
            MemorySegment dst, ValueLayout layout, long from, long len) {
        Objects.requireNonNull(rng, "rng");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(layout, "layout");
        Checks.range("index", index, wordsPerVariate, from, len, dst.byteSize() / layout.byteSize());
        return Segments.writable(dst, layout, from, len);
    }
}
