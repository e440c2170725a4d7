package io.simdist.bench;

import io.simdist.simd.Backends;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every fill benchmark shares (after Commons RNG's {@code examples-jmh}): throughput of
 * one fill of {@code n} values per operation, one fork with a fixed 2 GB heap so the largest arrays
 * never trigger a resize, and the array length as a parameter.
 *
 * <p>One operation writes {@code n} values, so elements/s = ops/s &times; {@code n};
 * {@link Report} prints it. The seeds are fixed so every run draws the same numbers.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public abstract class BaseBenchmark {
    /** Seed of every generator; the 64-bit key for simdist. */
    static final long SEED = 0x5EED_2025_D15C_0BA1L;

    /**
     * Number of values one operation writes: from L1-resident (64, 4096 floats) through L2/L3
     * (1 Mi = 4 MiB) to main memory (16 Mi = 64 MiB).
     */
    @Param({"64", "4096", "1048576", "16777216"})
    public int n;

    /** Creates the state; JMH calls it. */
    protected BaseBenchmark() {}

    /**
     * Selects simdist's backend for this fork: {@code simdist} takes the default ({@code auto}),
     * {@code simdistScalar} and {@code simdistNative} force one. JMH runs every parameter combination
     * in a fresh fork, and the backend is chosen at first use, so this must run before any simdist
     * call. Fails if the backend in use is not the one asked for, so a table row never mislabels it.
     *
     * @param method the benchmark's method parameter
     */
    static void selectBackend(String method) {
        String want = switch (method) {
            case "simdistScalar" -> "scalar";
            case "simdistNative" -> "native";
            default -> null;
        };
        if (want != null) {
            System.setProperty(Backends.BACKEND_PROPERTY, want);
            String got = Backends.current().name();
            if (!got.equals(want)) {
                throw new IllegalStateException("asked for the " + want + " backend, got " + got);
            }
        }
    }

    /**
     * The {@link #SEED} as the key words of a Commons RNG {@code Philox4x32} (low word first, counter
     * 0), so it draws simdist's stream 0 shifted by one block: its word {@code j} is simdist's
     * word {@code j + 4}.
     *
     * @return the seed array
     */
    static int[] commonsPhiloxSeed() {
        return new int[] {(int) SEED, (int) (SEED >>> 32)};
    }
}
