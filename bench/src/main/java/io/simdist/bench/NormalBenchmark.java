package io.simdist.bench;

import io.simdist.kernels.Normals;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Standard normals into a {@code float[n]} ({@code f32}) or {@code double[n]} ({@code f64}):
 * simdist's bulk {@link Normals#fill} against one-at-a-time samplers of its peers, each writing the
 * same array (the f32 peers round their double to float). One operation fills the whole array.
 */
public class NormalBenchmark extends BaseBenchmark {
    /**
     * The fill under test.
     * <ul>
     *   <li>{@code baseline}: {@link Arrays#fill} with a constant, the cost of the stores alone;
     *   <li>{@code simdist}: {@link Normals#fill} with the index advanced by {@code n} per call (also
     *       {@code simdistScalar} and {@code simdistNative}, the other backends);
     *   <li>{@code words}: {@link io.simdist.rng.Philox4x32#fillInts} of the words one fill of
     *       {@code n} variates reads ({@code n} for f32, {@code 2n} for f64): the ceiling, so
     *       {@code simdist / words} is the share of the raw Philox rate the transform leaves;
     *   <li>{@code simdistParallel}: the {@code Executor} overload on a 2-thread {@link ForkJoinPool}
     *       (equal to {@code simdist} for {@code n <= 65536}, one chunk);
     *   <li>{@code commonsPhilox}: Commons RNG {@code ZigguratSampler.NormalizedGaussian} over
     *       {@code source32.Philox4x32};
     *   <li>{@code xoroshiro128pp}: the same sampler over {@code XoRoShiRo128PlusPlus};
     *   <li>{@code splittable}, {@code l64x128mix}, {@code random}: {@code nextGaussian()} of the JDK's
     *       {@link SplittableRandom}, {@code L64X128MixRandom} and {@link Random}.
     * </ul>
     */
    @Param({"baseline", "words", "simdist", "simdistParallel", "simdistScalar", "simdistNative", "commonsPhilox",
        "xoroshiro128pp", "splittable", "l64x128mix", "random"})
    public String method;

    /** {@code f32}: float[]; {@code f64}: double[]. */
    @Param({"f32", "f64"})
    public String dtype;

    private float[] floats;
    private double[] doubles;
    private int[] words;
    /** What {@link #fill()} runs: one of the constants below, dispatched by a switch (see {@link #setup()}). */
    private int kind;
    private long index;
    private ZigguratSampler.NormalizedGaussian ziggurat;
    private RandomGenerator jdk;
    private ForkJoinPool pool;

    /** Creates the state; JMH calls it. */
    public NormalBenchmark() {}

    /** Allocates the array and the generator for {@link #method}. */
    @Setup
    public void setup() {
        boolean f32 = switch (dtype) {
            case "f32" -> true;
            case "f64" -> false;
            default -> throw new IllegalArgumentException("dtype must be f32 or f64, was '" + dtype + "'");
        };
        if (f32) {
            floats = new float[n];
        } else {
            doubles = new double[n];
        }
        // prepare() checks the name, selects the backend and makes the generators. The fill itself is a
        // switch in fill(), not a Runnable: behind a Runnable the peers' loops were compiled differently
        // at different n (the XoRoShiRo128++ ziggurat ran 1.7x slower at n = 4096 than at 64 and 1M)
        Runnable none = () -> { };
        prepare(method, Map.of("baseline", none, "simdist", none, "simdistParallel", none, "words", none,
                "commonsPhilox", none, "xoroshiro128pp", none, "splittable", none, "l64x128mix", none,
                "random", none));
        kind = switch (method) {
            case "baseline" -> BASELINE;
            case "words" -> WORDS;
            case "simdistParallel" -> PARALLEL;
            case "commonsPhilox", "xoroshiro128pp" -> ZIGGURAT;
            case "splittable", "l64x128mix", "random" -> JDK;
            default -> SIMDIST;
        };
        switch (method) {
            case "words" -> words = new int[f32 ? n : 2 * n];
            case "simdistParallel" -> pool = new ForkJoinPool(2);
            case "commonsPhilox" -> ziggurat = ZigguratSampler.NormalizedGaussian.of(commonsPhilox);
            case "xoroshiro128pp" -> ziggurat = ZigguratSampler.NormalizedGaussian.of(xoroshiro);
            case "splittable" -> jdk = splittable;
            case "l64x128mix" -> jdk = RandomGeneratorFactory.of("L64X128MixRandom").create(SEED);
            case "random" -> jdk = new Random(SEED);
            default -> { }
        }
    }

    /** Stops the parallel method's pool. */
    @TearDown
    public void tearDown() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    /**
     * Fills the array once with {@link #n} values.
     *
     * @return the array, so that its stores are observed
     */
    @Benchmark
    public Object fill() {
        boolean f32 = floats != null;
        switch (kind) {
            case BASELINE -> {
                if (f32) {
                    Arrays.fill(floats, 0.5f);
                } else {
                    Arrays.fill(doubles, 0.5);
                }
            }
            case WORDS -> words();
            case PARALLEL -> {
                if (f32) {
                    parallelFloats();
                } else {
                    parallelDoubles();
                }
            }
            case ZIGGURAT -> {
                if (f32) {
                    zigguratFloats(ziggurat, floats);
                } else {
                    zigguratDoubles(ziggurat, doubles);
                }
            }
            case JDK -> {
                if (f32) {
                    jdkFloats(jdk, floats);
                } else {
                    jdkDoubles(jdk, doubles);
                }
            }
            default -> {
                if (f32) {
                    simdistFloats();
                } else {
                    simdistDoubles();
                }
            }
        }
        return words != null ? words : f32 ? floats : doubles;
    }

    private static final int BASELINE = 0;
    private static final int WORDS = 1;
    private static final int SIMDIST = 2;
    private static final int PARALLEL = 3;
    private static final int ZIGGURAT = 4;
    private static final int JDK = 5;

    private void words() {
        simdist.fillInts(index, words, 0, words.length);
        index += words.length;
    }

    private void simdistFloats() {
        Normals.fill(simdist, index, floats, 0, floats.length);
        index += floats.length;
    }

    private void simdistDoubles() {
        Normals.fill(simdist, index, doubles, 0, doubles.length);
        index += doubles.length;
    }

    private void parallelFloats() {
        Normals.fill(simdist, index, floats, 0, floats.length, pool);
        index += floats.length;
    }

    private void parallelDoubles() {
        Normals.fill(simdist, index, doubles, 0, doubles.length, pool);
        index += doubles.length;
    }

    /** The loop a user writes with Commons RNG: one sampler call per element. */
    private static void zigguratFloats(ZigguratSampler.NormalizedGaussian z, float[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) z.sample();
        }
    }

    private static void zigguratDoubles(ZigguratSampler.NormalizedGaussian z, double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = z.sample();
        }
    }

    /** The loop a user writes with a JDK generator. */
    private static void jdkFloats(RandomGenerator r, float[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
    }

    private static void jdkDoubles(RandomGenerator r, double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
    }
}
