package io.simdist.bindings;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.simdist.kernels.KernelProvider;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The {@code native} kernel provider: {@code libsimdist_rng} (the native-rng module) through FFM
 * downcalls. It computes exactly the bits of {@link io.simdist.kernels.ScalarKernelProvider}: every
 * kernel of {@link KernelProvider} is one C function of {@code simdist_rng.h}
 * ({@code simdist_philox_ints}, {@code simdist_uniform_floats}, {@code simdist_uniform_doubles}, since
 * ABI version 2 {@code simdist_normal_floats} and {@code simdist_normal_doubles}, and since ABI version
 * 3 {@code simdist_bernoulli_bytes}, {@code _floats}, {@code _packed}, {@code _bytes_t} and
 * {@code _floats_t}).
 *
 * <p>The bulk functions are bound with {@link Linker.Option#critical(boolean) critical(true)}, so
 * Java arrays are passed in place ({@link MemorySegment#ofArray}) with no copy. A critical call holds
 * off garbage collection while it runs, so long fills are split into calls of at most
 * {@value #CHUNK} variates (packed Bernoulli draws: {@value #CHUNK} draws, {@code CHUNK / 64}
 * longs). Arguments are not checked here: the public API has validated them (see
 * {@link KernelProvider}).
 */
final class NativeKernelProvider implements KernelProvider {
    /** The {@code SIMDIST_ABI_VERSION} of {@code simdist_rng.h} these bindings are written for. */
    static final int ABI_VERSION = 4;

    /**
     * Elements per downcall: small enough that one call, and so the delay it can cause a GC, stays
     * short; large enough that the fixed cost of a downcall is small next to the work.
     */
    static final int CHUNK = 1 << 16;

    private static final Linker LINKER = Linker.nativeLinker();
    /** {@code void f(uint64_t key, uint64_t stream, uint64_t first, T *dst, int64_t len)}. */
    private static final FunctionDescriptor FILL =
            FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG);
    /**
     * {@code void f(uint64_t key, uint64_t stream, uint64_t index, uint64_t threshold, T *dst,
     * int64_t len)}: the Bernoulli kinds with one threshold.
     */
    private static final FunctionDescriptor FILL_THRESHOLD =
            FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG);
    /**
     * {@code void f(uint64_t key, uint64_t stream, uint64_t index, const uint64_t *thresholds, T *dst,
     * int64_t len)}: the Bernoulli kinds with a threshold per draw.
     */
    private static final FunctionDescriptor FILL_THRESHOLDS =
            FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG);

    private final MethodHandle philoxInts;
    private final MethodHandle uniformFloats;
    private final MethodHandle uniformDoubles;
    private final MethodHandle normalFloats;
    private final MethodHandle normalDoubles;
    private final MethodHandle bernoulliBytes;
    private final MethodHandle bernoulliFloats;
    private final MethodHandle bernoulliPacked;
    private final MethodHandle bernoulliBytesEach;
    private final MethodHandle bernoulliFloatsEach;
    private final String description;

    private NativeKernelProvider(SymbolLookup library, String source, int abi) {
        Linker.Option critical = Linker.Option.critical(true);
        this.philoxInts = downcall(library, source, "simdist_philox_ints", FILL, critical);
        this.uniformFloats = downcall(library, source, "simdist_uniform_floats", FILL, critical);
        this.uniformDoubles = downcall(library, source, "simdist_uniform_doubles", FILL, critical);
        this.normalFloats = downcall(library, source, "simdist_normal_floats", FILL, critical);
        this.normalDoubles = downcall(library, source, "simdist_normal_doubles", FILL, critical);
        this.bernoulliBytes = downcall(library, source, "simdist_bernoulli_bytes", FILL_THRESHOLD, critical);
        this.bernoulliFloats = downcall(library, source, "simdist_bernoulli_floats", FILL_THRESHOLD, critical);
        this.bernoulliPacked = downcall(library, source, "simdist_bernoulli_packed", FILL_THRESHOLD, critical);
        this.bernoulliBytesEach =
                downcall(library, source, "simdist_bernoulli_bytes_t", FILL_THRESHOLDS, critical);
        this.bernoulliFloatsEach =
                downcall(library, source, "simdist_bernoulli_floats_t", FILL_THRESHOLDS, critical);
        this.description = "native (libsimdist_rng ABI " + abi + ", " + source + ")";
    }

    /**
     * Checks the ABI version of a loaded library, then binds its functions.
     *
     * @param library the symbols of the loaded library
     * @param source where the library came from, for messages
     * @return the provider
     * @throws UnsupportedOperationException if a symbol is missing or the ABI version differs
     */
    static NativeKernelProvider bind(SymbolLookup library, String source) {
        MethodHandle caps = downcall(library, source, "simdist_caps", FunctionDescriptor.of(JAVA_INT));
        int abi;
        try {
            abi = (int) caps.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (abi != ABI_VERSION) {
            throw new UnsupportedOperationException("the native library " + source + " has ABI version "
                    + abi + ", these bindings need " + ABI_VERSION
                    + ": use the native-rng jar of the same simdist version");
        }
        return new NativeKernelProvider(library, source, abi);
    }

    // Only called by bind() on a library that loading has already accepted; a JVM that denies
    // native access fails earlier, in SymbolLookup.libraryLookup.
    @SuppressWarnings("restricted")
    private static MethodHandle downcall(SymbolLookup library, String source, String symbol,
            FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment address = library.find(symbol).orElseThrow(() -> new UnsupportedOperationException(
                "the native library " + source + " does not export " + symbol
                        + ": it is not a simdist native-rng library"));
        return LINKER.downcallHandle(address, descriptor, options);
    }

    /**
     * For {@code throw rethrow(t)} after {@code invokeExact}, which declares {@code Throwable}: the C
     * functions throw nothing, so whatever arrives is unchecked and is passed on as it is.
     */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native downcall failed", t);
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void philoxInts(long key, long streamId, long wordOffset, int[] dst, int from, int len) {
        bulk(philoxInts, key, streamId, wordOffset, MemorySegment.ofArray(dst), Integer.BYTES, from, len);
    }

    @Override
    public void uniformFloats(long key, long streamId, long index, float[] dst, int from, int len) {
        bulk(uniformFloats, key, streamId, index, MemorySegment.ofArray(dst), Float.BYTES, from, len);
    }

    @Override
    public void uniformDoubles(long key, long streamId, long index, double[] dst, int from, int len) {
        bulk(uniformDoubles, key, streamId, index, MemorySegment.ofArray(dst), Double.BYTES, from, len);
    }

    @Override
    public void normalFloats(long key, long streamId, long index, float[] dst, int from, int len) {
        if (len <= STAGED) {
            MemorySegment stage = staged(normalFloats, key, streamId, index, len);
            MemorySegment.copy(stage, JAVA_FLOAT, 0, dst, from, len);
            return;
        }
        bulk(normalFloats, key, streamId, index, MemorySegment.ofArray(dst), Float.BYTES, from, len);
    }

    @Override
    public void normalDoubles(long key, long streamId, long index, double[] dst, int from, int len) {
        if (len <= STAGED) {
            MemorySegment stage = staged(normalDoubles, key, streamId, index, len);
            MemorySegment.copy(stage, JAVA_DOUBLE, 0, dst, from, len);
            return;
        }
        bulk(normalDoubles, key, streamId, index, MemorySegment.ofArray(dst), Double.BYTES, from, len);
    }

    /**
     * Fills of at most this many normals run into a per-thread native buffer and are copied out: a fill
     * into the array itself wraps it in two heap segments (72 B a call, which escape analysis does not
     * remove across the downcall), and the small rsample calls (9 to 64 elements) draw their noise here.
     */
    static final int STAGED = 1024;

    /** Per-thread native space for {@link #STAGED} doubles, freed with its thread (an automatic arena). */
    private static final ThreadLocal<MemorySegment> STAGE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate((long) STAGED * Double.BYTES, Double.BYTES));

    /** Runs fill {@code fn} over variates {@code index .. index + len - 1} into this thread's buffer. */
    private static MemorySegment staged(MethodHandle fn, long key, long streamId, long index, int len) {
        MemorySegment stage = STAGE.get();
        try {
            fn.invokeExact(key, streamId, index, stage, (long) len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return stage;
    }

    @Override
    public void bernoulliBytes(long key, long streamId, long index, long threshold, byte[] dst, int from,
            int len) {
        bulk(bernoulliBytes, key, streamId, index, threshold, MemorySegment.ofArray(dst), Byte.BYTES, from, len);
    }

    @Override
    public void bernoulliFloats(long key, long streamId, long index, long threshold, float[] dst, int from,
            int len) {
        bulk(bernoulliFloats, key, streamId, index, threshold, MemorySegment.ofArray(dst), Float.BYTES, from,
                len);
    }

    @Override
    public void bernoulliPacked(long key, long streamId, long index, long threshold, long[] dst, int from,
            int longs) {
        MemorySegment all = MemorySegment.ofArray(dst);
        chunked(longs, CHUNK / Long.SIZE, (done, n) -> {
            bernoulliPacked.invokeExact(key, streamId, index + (long) Long.SIZE * done, threshold,
                    all.asSlice((long) (from + done) * Long.BYTES), (long) n);
        });
    }

    @Override
    public void bernoulliBytes(long key, long streamId, long index, long[] thresholds, int tFrom, byte[] dst,
            int from, int len) {
        bulk(bernoulliBytesEach, key, streamId, index, thresholds, tFrom, MemorySegment.ofArray(dst), Byte.BYTES,
                from, len);
    }

    @Override
    public void bernoulliFloats(long key, long streamId, long index, long[] thresholds, int tFrom, float[] dst,
            int from, int len) {
        bulk(bernoulliFloatsEach, key, streamId, index, thresholds, tFrom, MemorySegment.ofArray(dst),
                Float.BYTES, from, len);
    }

    /**
     * Calls a bulk function {@code (key, stream, first, dst, n)} over {@code [from, from + len)} of
     * {@code all}.
     */
    private static void bulk(MethodHandle fn, long key, long streamId, long first, MemorySegment all,
            int elementBytes, int from, int len) {
        chunked(len, CHUNK, (done, n) -> {
            fn.invokeExact(key, streamId, first + done, all.asSlice((long) (from + done) * elementBytes),
                    (long) n);
        });
    }

    /**
     * Calls a Bernoulli function {@code (key, stream, first, threshold, dst, n)} over
     * {@code [from, from + len)} of {@code all}.
     */
    private static void bulk(MethodHandle fn, long key, long streamId, long first, long threshold,
            MemorySegment all, int elementBytes, int from, int len) {
        chunked(len, CHUNK, (done, n) -> {
            fn.invokeExact(key, streamId, first + done, threshold,
                    all.asSlice((long) (from + done) * elementBytes), (long) n);
        });
    }

    /**
     * Calls a Bernoulli function {@code (key, stream, first, thresholds, dst, n)} over
     * {@code [from, from + len)} of {@code all}, draw {@code j} with {@code thresholds[tFrom + j]}.
     */
    private static void bulk(MethodHandle fn, long key, long streamId, long first, long[] thresholds, int tFrom,
            MemorySegment all, int elementBytes, int from, int len) {
        MemorySegment t = MemorySegment.ofArray(thresholds);
        chunked(len, CHUNK, (done, n) -> {
            fn.invokeExact(key, streamId, first + done, t.asSlice((long) (tFrom + done) * Long.BYTES),
                    all.asSlice((long) (from + done) * elementBytes), (long) n);
        });
    }

    /** One downcall, over elements {@code [done, done + n)} of a fill. */
    @FunctionalInterface
    private interface Chunk {
        void call(int done, int n) throws Throwable;
    }

    /**
     * Runs a fill of {@code len} elements as calls of at most {@code chunk} elements (a critical call
     * holds off the GC), in order.
     */
    private static void chunked(int len, int chunk, Chunk call) {
        int done = 0;
        while (done < len) {
            int n = Math.min(chunk, len - done);
            try {
                call.call(done, n);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            done += n;
        }
    }
}
