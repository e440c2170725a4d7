package io.simdist.kernels;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Splits a fill into fixed chunks and runs them on an executor. Chunk {@code k} covers positions
 * {@code [from + k * CHUNK, from + (k + 1) * CHUNK)} of the range: the boundaries depend on the range
 * only, never on the thread count. Because every variate is a pure function of its index, any split
 * gives the same bits; fixed boundaries also make the work reproducible to profile. <b>Internal.</b>
 */
public final class Parallel {
    /** Elements per chunk: large enough to amortise a task, small enough to balance two cores. */
    public static final int CHUNK = 1 << 16;

    /** The work for one chunk. */
    @FunctionalInterface
    public interface ChunkTask {
        /**
         * Fills one chunk.
         *
         * @param from first position of the chunk
         * @param len its length
         */
        void run(int from, int len);
    }

    private Parallel() {}

    /**
     * Runs {@code task} over the chunks of {@code [from, from + len)}; returns when all are done. A
     * range of one chunk runs in the calling thread.
     *
     * @param from first position
     * @param len number of positions
     * @param executor runs the chunks
     * @param task fills one chunk
     * @throws NullPointerException if {@code executor} or {@code task} is null
     */
    public static void forEachChunk(int from, int len, Executor executor, ChunkTask task) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(task, "task");
        if (len <= CHUNK) {
            task.run(from, len);
            return;
        }
        int chunks = (int) ((len + (long) CHUNK - 1) / CHUNK);
        CompletableFuture<?>[] futures = new CompletableFuture<?>[chunks - 1];
        for (int k = 1; k < chunks; k++) {
            int f = from + k * CHUNK;
            int l = Math.min(CHUNK, from + len - f);
            futures[k - 1] = CompletableFuture.runAsync(() -> task.run(f, l), executor);
        }
        task.run(from, CHUNK);
        try {
            CompletableFuture.allOf(futures).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
