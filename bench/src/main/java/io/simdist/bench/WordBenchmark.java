package io.simdist.bench;

import io.simdist.rng.Philox4x32;
import java.util.Arrays;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Raw 32-bit words into an {@code int[n]}: simdist's bulk {@code fillInts} against one-at-a-time
 * {@code nextInt()} loops of its peers, without any conversion to floats. One operation fills the
 * whole array.
 */
public class WordBenchmark extends BaseBenchmark {
    /**
     * The fill under test.
     * <ul>
     *   <li>{@code baseline}: {@link Arrays#fill(int[], int)} with a constant, the cost of the stores
     *       alone;
     *   <li>{@code simdist}: {@link Philox4x32#fillInts}, with the word offset advanced by {@code n}
     *       per call so every call makes fresh words;
     *   <li>{@code commonsPhilox}: Commons RNG {@code source32.Philox4x32.nextInt()};
     *   <li>{@code xoroshiro128pp}: Commons RNG {@code XoRoShiRo128PlusPlus.nextInt()}.
     * </ul>
     */
    @Param({"baseline", "simdist", "simdistScalar", "simdistNative", "commonsPhilox", "xoroshiro128pp"})
    public String method;

    private int[] out;
    private Runnable fill;

    private long wordOffset;

    /** Creates the state; JMH calls it. */
    public WordBenchmark() {}

    /** Allocates the array and the generator for {@link #method}. */
    @Setup
    public void setup() {
        out = new int[n];
        fill = prepare(method, Map.of("baseline", this::baseline, "simdist", this::simdist,
                "commonsPhilox", this::commonsPhilox, "xoroshiro128pp", this::xoroshiro));
    }

    /**
     * Fills the array once with {@link #n} words.
     *
     * @return the array, so that its stores are observed
     */
    @Benchmark
    public int[] fill() {
        fill.run();
        return out;
    }

    private void baseline() {
        Arrays.fill(out, 0x5A5A5A5A);
    }

    private void simdist() {
        simdist.fillInts(wordOffset, out, 0, out.length);
        wordOffset += out.length;
    }

    private void commonsPhilox() {
        int[] a = out;
        for (int i = 0; i < a.length; i++) {
            a[i] = commonsPhilox.nextInt();
        }
    }

    private void xoroshiro() {
        int[] a = out;
        for (int i = 0; i < a.length; i++) {
            a[i] = xoroshiro.nextInt();
        }
    }
}
