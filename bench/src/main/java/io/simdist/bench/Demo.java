package io.simdist.bench;

import io.simdist.kernels.Bernoullis;
import io.simdist.kernels.Normals;
import io.simdist.rng.Philox4x32;
import io.simdist.simd.SimdInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The demo: prints what simdist does on this machine ({@link SimdInfo#report()}), then the lesson of
 * {@code sample()} versus {@code rsample()} ({@link GradientLesson}: two gradient estimators on the same
 * budget, then SGD with each, the loss curves printed and written as an SVG chart), then a rough
 * throughput check at {@value #N} floats per call: uniform floats (simdist's {@code fillFloats} against
 * Commons RNG and JDK {@code SplittableRandom} {@code nextFloat()} loops), standard normal floats
 * ({@link Normals#fill} against Commons RNG's ziggurat sampler and {@code SplittableRandom.nextGaussian})
 * and Bernoulli(0.3) draws as floats ({@link Bernoullis#fill} against {@code nextFloat() < p} loops).
 *
 * <p>The check is a few seconds of plain timed loops: warm up, then the median of a few short rounds.
 * It shows the order of magnitude on this machine; the JMH benchmarks ({@code -Pjmh}) give the
 * figures to quote.
 */
public final class Demo {
    /** Floats per fill call: L1-resident, so the generators, not memory, are measured. */
    static final int N = 4096;
    private static final long WARMUP_NANOS = 1_000_000_000L;
    private static final long ROUND_NANOS = 200_000_000L;
    private static final int ROUNDS = 5;

    /** Receives one value per round so the JIT cannot drop the fills. */
    private static volatile float sink;

    private Demo() {}

    /** One way of filling a whole array with uniform floats, advancing its generator. */
    private interface Fill {
        void fill(float[] dst);
    }

    /** What a simdist row fills. */
    private enum Kind { UNIFORM, NORMAL, BERNOULLI }

    /** simdist keeps its position outside the generator: the next call starts where this one ended. */
    private static final class SimdistFill implements Fill {
        private static final Bernoullis.Thresholds COIN = Bernoullis.Thresholds.ofProb(BernoulliBenchmark.P);
        private final Philox4x32 rng = Philox4x32.of(BaseBenchmark.SEED);
        private final Kind kind;
        private long index;

        SimdistFill(Kind kind) {
            this.kind = kind;
        }

        @Override
        public void fill(float[] dst) {
            switch (kind) {
                case UNIFORM -> rng.fillFloats(index, dst, 0, dst.length);
                case NORMAL -> Normals.fill(rng, index, dst, 0, dst.length);
                case BERNOULLI -> Bernoullis.fill(rng, index, COIN, dst, 0, dst.length);
            }
            index += dst.length;
        }
    }

    /**
     * Prints the info report, the gradient lesson and the throughput table.
     *
     * @param args the path of the loss-curve chart (default {@code demo-loss-curves.svg})
     * @throws IOException if the chart cannot be written
     */
    public static void main(String[] args) throws IOException {
        System.out.print(SimdInfo.collect().report());
        System.out.println();
        GradientLesson.run(Path.of(args.length > 0 ? args[0] : "demo-loss-curves.svg"));

        var philox = new org.apache.commons.rng.core.source32.Philox4x32(BaseBenchmark.commonsPhiloxSeed());
        var xoroshiro = new XoRoShiRo128PlusPlus(BaseBenchmark.SEED, ~BaseBenchmark.SEED);
        var gaussPhilox = ZigguratSampler.NormalizedGaussian.of(
                new org.apache.commons.rng.core.source32.Philox4x32(BaseBenchmark.commonsPhiloxSeed()));
        var gaussXoroshiro = ZigguratSampler.NormalizedGaussian.of(
                new XoRoShiRo128PlusPlus(BaseBenchmark.SEED, ~BaseBenchmark.SEED));

        System.out.printf("Rough throughput check, N = %d floats per call: timed loops, %.1f s warmup + "
                + "median of %d x %.1f s per row.%nNot JMH: for figures to quote run the JMH benchmarks "
                + "(-Pjmh).%n", N, WARMUP_NANOS / 1e9, ROUNDS, ROUND_NANOS / 1e9);
        var splittable = new SplittableRandom(BaseBenchmark.SEED);
        table("Uniform floats in (0, 1)", new String[] {"simdist Philox4x32 fillFloats",
            "Commons RNG Philox4x32 nextFloat loop", "Commons RNG XoRoShiRo128PlusPlus nextFloat loop",
            "JDK SplittableRandom nextFloat loop"},
                new Fill[] {new SimdistFill(Kind.UNIFORM), dst -> {
                    for (int i = 0; i < dst.length; i++) {
                        dst[i] = philox.nextFloat();
                    }
                }, dst -> {
                    for (int i = 0; i < dst.length; i++) {
                        dst[i] = xoroshiro.nextFloat();
                    }
                }, dst -> {
                    for (int i = 0; i < dst.length; i++) {
                        dst[i] = splittable.nextFloat();
                    }
                }});
        var gaussSplittable = new SplittableRandom(BaseBenchmark.SEED);
        table("Standard normal floats", new String[] {"simdist Normals.fill",
            "Commons RNG ziggurat over Philox4x32", "Commons RNG ziggurat over XoRoShiRo128PlusPlus",
            "JDK SplittableRandom nextGaussian loop"},
                new Fill[] {new SimdistFill(Kind.NORMAL), dst -> {
                    for (int i = 0; i < dst.length; i++) {
                        dst[i] = (float) gaussPhilox.sample();
                    }
                }, dst -> {
                    for (int i = 0; i < dst.length; i++) {
                        dst[i] = (float) gaussXoroshiro.sample();
                    }
                }, dst -> {
                    for (int i = 0; i < dst.length; i++) {
                        dst[i] = (float) gaussSplittable.nextGaussian();
                    }
                }});
        var coinPhilox = new org.apache.commons.rng.core.source32.Philox4x32(BaseBenchmark.commonsPhiloxSeed());
        var coinXoroshiro = new XoRoShiRo128PlusPlus(BaseBenchmark.SEED, ~BaseBenchmark.SEED);
        table("Bernoulli(0.3) draws as floats 0/1", new String[] {"simdist Bernoullis.fill",
            "Commons RNG Philox4x32 nextFloat() < p loop", "Commons RNG XoRoShiRo128PlusPlus nextFloat() < p loop"},
                new Fill[] {new SimdistFill(Kind.BERNOULLI), dst -> {
                    for (int i = 0; i < dst.length; i++) {
                        dst[i] = coinPhilox.nextFloat() < BernoulliBenchmark.P ? 1 : 0;
                    }
                }, dst -> {
                    for (int i = 0; i < dst.length; i++) {
                        dst[i] = coinXoroshiro.nextFloat() < BernoulliBenchmark.P ? 1 : 0;
                    }
                }});
    }

    /** Times each fill and prints a table with the ratio of each row to the second (Commons Philox4x32). */
    private static void table(String title, String[] names, Fill[] fills) {
        double[] rates = new double[fills.length];
        for (int k = 0; k < fills.length; k++) {
            rates[k] = floatsPerSecond(fills[k]);
        }
        System.out.printf("%n%s%n%n", title);
        System.out.println("| generator | G floats/s | vs Commons Philox4x32 |");
        System.out.println("|---|---:|---:|");
        for (int k = 0; k < fills.length; k++) {
            System.out.printf("| %s | %.3f | %.2fx |%n", names[k], rates[k] / 1e9, rates[k] / rates[1]);
        }
    }

    /** @return the median over {@link #ROUNDS} rounds of floats written per second, after a warmup */
    private static double floatsPerSecond(Fill f) {
        float[] out = new float[N];
        timedCalls(f, out, WARMUP_NANOS);
        double[] rates = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long start = System.nanoTime();
            long calls = timedCalls(f, out, ROUND_NANOS);
            rates[r] = calls * (double) N / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(rates);
        return rates[ROUNDS / 2];
    }

    /** Calls {@code f} until {@code nanos} have passed; one call is microseconds, the clock read is not. */
    private static long timedCalls(Fill f, float[] out, long nanos) {
        long end = System.nanoTime() + nanos;
        long calls = 0;
        do {
            f.fill(out);
            calls++;
        } while (System.nanoTime() < end);
        sink = out[(int) (calls % N)];
        return calls;
    }
}
