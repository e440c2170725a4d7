package io.simdist.bench;

import io.simdist.rng.Philox4x32;
import io.simdist.simd.Backends;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus;
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

    /** simdist's stream; its position is kept by the subclass. Created only for the simdist methods. */
    Philox4x32 simdist;
    /** Commons RNG Philox4x32 on simdist's key (see {@link #commonsPhiloxSeed()}). */
    org.apache.commons.rng.core.source32.Philox4x32 commonsPhilox;
    /** Commons RNG XoRoShiRo128++, a fast generator that is not counter-based. */
    XoRoShiRo128PlusPlus xoroshiro;
    /** The JDK's SplittableRandom. */
    SplittableRandom splittable;

    /** Creates the state; JMH calls it. */
    protected BaseBenchmark() {}

    /**
     * Creates the generator {@code method} measures and returns its fill. Each method runs in its own
     * fork, so the call through the returned fill stays monomorphic.
     *
     * @param method the benchmark's method parameter
     * @param fills the fill of each method the subclass offers, by name; {@code simdist} serves
     *     {@code simdistScalar} and {@code simdistNative} too, unless they have fills of their own
     * @return the fill to time
     * @throws IllegalArgumentException if the subclass offers no such method
     */
    Runnable prepare(String method, Map<String, Runnable> fills) {
        String key = fills.containsKey(method) || !method.startsWith("simdist") ? method : "simdist";
        Runnable fill = fills.get(key);
        if (fill == null) {
            throw new IllegalArgumentException("method must be one of " + fills.keySet()
                    + " (simdist also as simdistScalar, simdistNative), was '" + method + "'");
        }
        if (key.startsWith("simdist") || key.equals("words")) {
            selectBackend(method);
            simdist = Philox4x32.of(SEED);
        }
        switch (key) {
            case "commonsPhilox" -> commonsPhilox =
                    new org.apache.commons.rng.core.source32.Philox4x32(commonsPhiloxSeed());
            case "xoroshiro128pp" -> xoroshiro = new XoRoShiRo128PlusPlus(SEED, ~SEED);
            case "splittable" -> splittable = new SplittableRandom(SEED);
            default -> { }
        }
        return fill;
    }

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
