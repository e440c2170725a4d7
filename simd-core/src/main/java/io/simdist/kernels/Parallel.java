package io.simdist.kernels;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

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
        int chunks = len <= CHUNK ? 1 : (int) ((len + (long) CHUNK - 1) / CHUNK);
        forEachTask(chunks, executor, k -> {
            int f = from + k * CHUNK;
            task.run(f, Math.min(CHUNK, from + len - f));
        });
    }

    /**
     * Runs {@code task.accept(k)} for {@code k = 0 .. tasks - 1}: task 0 in the calling thread, the
     * others on {@code executor}; returns when all are done and rethrows the first failure.
     *
     * @param tasks the number of tasks
     * @param executor runs tasks 1 and up
     * @param task the work of task {@code k}
     * @throws NullPointerException if {@code executor} or {@code task} is null
     */
    public static void forEachTask(int tasks, Executor executor, IntConsumer task) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(task, "task");
        if (tasks <= 1) {
            if (tasks == 1) {
                task.accept(0);
            }
            return;
        }
        CompletableFuture<?>[] futures = new CompletableFuture<?>[tasks - 1];
        for (int k = 1; k < tasks; k++) {
            int t = k;
            futures[k - 1] = CompletableFuture.runAsync(() -> task.accept(t), executor);
        }
        task.accept(0);
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
