package io.simdist.bench;

import io.simdist.kernels.Bernoullis;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Bernoulli draws into a {@code byte[n]} (0/1): simdist's {@link Bernoullis#fill} against
 * {@code nextFloat() < p} loops of its peers, with one probability (0.3) or one per element. One
 * operation makes {@code n} draws.
 */
public class BernoulliBenchmark extends BaseBenchmark {
    /** The probability of 1 with {@code probs = scalar}. */
    static final float P = 0.3f;

    /**
     * The fill under test.
     * <ul>
     *   <li>{@code baseline}: {@link Arrays#fill} with a constant, the cost of the stores alone;
     *   <li>{@code words}: {@link io.simdist.rng.Philox4x32#fillInts} of the {@code n} words the draws
     *       read, the ceiling;
     *   <li>{@code simdist}: {@link Bernoullis#fill} into bytes (also {@code simdistScalar},
     *       {@code simdistNative});
     *   <li>{@code simdistPacked}: {@link Bernoullis#fillPacked}, 64 draws per long ({@code n / 64}
     *       longs); scalar probability only;
     *   <li>{@code xoroshiro128pp}, {@code splittable}: {@code nextFloat() < p} loops over Commons RNG
     *       {@code XoRoShiRo128PlusPlus} and {@link SplittableRandom}.
     * </ul>
     */
    @Param({"baseline", "words", "simdist", "simdistPacked", "simdistScalar", "simdistNative", "xoroshiro128pp",
        "splittable"})
    public String method;

    /** {@code scalar}: p = 0.3 for every draw; {@code perElement}: a probability per draw. */
    @Param({"scalar", "perElement"})
    public String probs;

    private byte[] out;
    private long[] packed;
    private int[] words;
    private float[] p;
    private Bernoullis.Thresholds thresholds;
    private Runnable fill;
    private long index;

    /** Creates the state; JMH calls it. */
    public BernoulliBenchmark() {}

    /** Allocates the arrays, the probabilities and the generator for {@link #method}. */
    @Setup
    public void setup() {
        boolean scalar = switch (probs) {
            case "scalar" -> true;
            case "perElement" -> false;
            default -> throw new IllegalArgumentException("probs must be scalar or perElement, was '" + probs + "'");
        };
        if (!scalar && method.equals("simdistPacked")) {
            throw new IllegalArgumentException("simdistPacked takes a scalar probability: run it with -p probs=scalar");
        }
        out = new byte[n];
        p = new float[scalar ? 1 : n];
        SplittableRandom r = new SplittableRandom(SEED);
        for (int i = 0; i < p.length; i++) {
            p[i] = scalar ? P : r.nextFloat();
        }
        thresholds = Bernoullis.Thresholds.ofProbs(p);
        fill = prepare(method, Map.of("baseline", () -> Arrays.fill(out, (byte) 1), "words", this::words,
                "simdist", this::simdist, "simdistPacked", this::packed,
                "xoroshiro128pp", scalar ? this::xoroshiroScalar : this::xoroshiroPerElement,
                "splittable", scalar ? this::splittableScalar : this::splittablePerElement));
        if (method.equals("words")) {
            words = new int[n];
        } else if (method.equals("simdistPacked")) {
            packed = new long[Math.max(1, n / 64)];
        }
    }

    /**
     * Makes {@link #n} draws once.
     *
     * @return the output, so that its stores are observed
     */
    @Benchmark
    public Object fill() {
        fill.run();
        return packed != null ? packed : words != null ? words : out;
    }

    private void words() {
        simdist.fillInts(index, words, 0, words.length);
        index += words.length;
    }

    private void simdist() {
        Bernoullis.fill(simdist, index, thresholds, out, 0, out.length);
        index += out.length;
    }

    private void packed() {
        Bernoullis.fillPacked(simdist, index, thresholds, packed, 0, packed.length);
        index += 64L * packed.length;
    }

    private void xoroshiroScalar() {
        byte[] a = out;
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) (xoroshiro.nextFloat() < P ? 1 : 0);
        }
    }

    private void xoroshiroPerElement() {
        byte[] a = out;
        float[] q = p;
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) (xoroshiro.nextFloat() < q[i] ? 1 : 0);
        }
    }

    private void splittableScalar() {
        byte[] a = out;
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) (splittable.nextFloat() < P ? 1 : 0);
        }
    }

    private void splittablePerElement() {
        byte[] a = out;
        float[] q = p;
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) (splittable.nextFloat() < q[i] ? 1 : 0);
        }
    }
}
