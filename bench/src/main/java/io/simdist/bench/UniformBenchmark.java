package io.simdist.bench;

import io.simdist.rng.Philox4x32;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Uniform floats in (0, 1) into a {@code float[n]}: simdist's bulk {@code fillFloats} against
 * one-at-a-time {@code nextFloat()} loops of its peers. One operation fills the whole array.
 */
public class UniformBenchmark extends BaseBenchmark {
    /**
     * The fill under test.
     * <ul>
     *   <li>{@code baseline}: {@link Arrays#fill(float[], float)} with a constant, the cost of the
     *       stores alone;
     *   <li>{@code simdist}: {@link Philox4x32#fillFloats}, with the index advanced by {@code n} per
     *       call so every call makes fresh numbers;
     *   <li>{@code commonsPhilox}: Commons RNG {@code source32.Philox4x32.nextFloat()}, the same
     *       generator one value at a time;
     *   <li>{@code xoroshiro128pp}: Commons RNG {@code XoRoShiRo128PlusPlus.nextFloat()}, a fast
     *       non-counter-based generator;
     *   <li>{@code splittable}: {@link SplittableRandom#nextFloat()}, the JDK's.
     * </ul>
     */
    @Param({"baseline", "simdist", "simdistScalar", "simdistNative", "commonsPhilox", "xoroshiro128pp", "splittable"})
    public String method;

    private float[] out;
    private Runnable fill;

    private long index;

    /** Creates the state; JMH calls it. */
    public UniformBenchmark() {}

    /** Allocates the array and the generator for {@link #method}. */
    @Setup
    public void setup() {
        out = new float[n];
        fill = prepare(method, Map.of("baseline", this::baseline, "simdist", this::simdist,
                "commonsPhilox", this::commonsPhilox, "xoroshiro128pp", this::xoroshiro,
                "splittable", this::splittable));
    }

    /**
     * Fills the array once with {@link #n} values.
     *
     * @return the array, so that its stores are observed
     */
    @Benchmark
    public float[] fill() {
        fill.run();
        return out;
    }

    private void baseline() {
        Arrays.fill(out, 0.5f);
    }

    private void simdist() {
        simdist.fillFloats(index, out, 0, out.length);
        index += out.length;
    }

    private void commonsPhilox() {
        float[] a = out;
        for (int i = 0; i < a.length; i++) {
            a[i] = commonsPhilox.nextFloat();
        }
    }

    private void xoroshiro() {
        float[] a = out;
        for (int i = 0; i < a.length; i++) {
            a[i] = xoroshiro.nextFloat();
        }
    }

    private void splittable() {
        float[] a = out;
        for (int i = 0; i < a.length; i++) {
            a[i] = splittable.nextFloat();
        }
    }
}
