package io.simdist.bench;

import io.simdist.kernels.BernoulliGradients;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Relaxed Bernoulli forward and backward over {@code n} elements ({@code [n / 64 x 64]}, 64 logits
 * broadcast over the rows, temperature 0.5): one operation is {@link BernoulliGradients#relaxedRsample}
 * plus {@link BernoulliGradients#relaxedBackward} with a fixed {@code dL/dy}, so elements/s =
 * ops/s &times; {@code n} counts an element once for both passes.
 */
public class RelaxedBernoulliBenchmark extends BaseBenchmark {
    /** Features: the logits broadcast over {@code n / D} rows. */
    static final int D = 64;
    static final float TEMPERATURE = 0.5f;

    /**
     * The pass under test.
     * <ul>
     *   <li>{@code simdist}: the fused kernels, noise recomputed from the stream in the backward
     *       (also {@code simdistScalar}, {@code simdistNative});
     *   <li>{@code simdistStore}: the fused kernels, the forward pass storing the noise and the backward
     *       pass reading it (same bits);
     *   <li>{@code javaUnfused}: the textbook plain-Java loops: uniforms from Commons RNG
     *       {@code XoRoShiRo128PlusPlus}, the noise stored in an array for the backward,
     *       {@link Math#log}, {@link Math#log1p} and {@link Math#exp}, {@code y (1 - y)} in the backward,
     *       reductions in float.
     * </ul>
     */
    @Param({"simdist", "simdistStore", "simdistScalar", "simdistNative", "javaUnfused"})
    public String method;

    private float[] logits;
    private float[] y;
    private float[] gradY;
    private float[] gradLogits;
    private float[] noise;
    private Runnable pass;
    private float gradT;
    private long index;

    /** Creates the state; JMH calls it. */
    public RelaxedBernoulliBenchmark() {}

    /** Allocates the arrays, the logits, {@code dL/dy} and the generator for {@link #method}. */
    @Setup
    public void setup() {
        if (n % D != 0) {
            throw new IllegalArgumentException("n must be a multiple of " + D + ", was " + n);
        }
        SplittableRandom r = new SplittableRandom(SEED);
        logits = new float[D];
        for (int d = 0; d < D; d++) {
            logits[d] = (float) (r.nextGaussian() * 2);
        }
        y = new float[n];
        gradY = new float[n];
        for (int i = 0; i < n; i++) {
            gradY[i] = (float) r.nextGaussian();
        }
        gradLogits = new float[D];
        pass = prepare(method, Map.of("simdist", this::simdist, "simdistStore", this::simdistStore, "javaUnfused",
                this::javaUnfused));
        if (method.equals("javaUnfused") || method.equals("simdistStore")) {
            noise = new float[n];
        }
        if (method.equals("javaUnfused")) {
            xoroshiro = new XoRoShiRo128PlusPlus(SEED, ~SEED);
        }
    }

    /**
     * One forward and backward pass over {@link #n} elements.
     *
     * @param bh consumes the samples, the logit gradient and the temperature gradient
     */
    @Benchmark
    public void forwardBackward(Blackhole bh) {
        pass.run();
        bh.consume(y);
        bh.consume(gradLogits);
        bh.consume(gradT);
    }

    private void simdist() {
        int batch = n / D;
        BernoulliGradients.relaxedRsample(simdist, index, logits, TEMPERATURE, batch, y);
        gradT = BernoulliGradients.relaxedBackward(simdist, index, logits, TEMPERATURE, batch, gradY, gradLogits,
                false);
        index += n;
    }

    private void simdistStore() {
        int batch = n / D;
        BernoulliGradients.relaxedRsample(simdist, index, logits, TEMPERATURE, batch, y, noise);
        gradT = BernoulliGradients.relaxedBackward(simdist, index, logits, TEMPERATURE, batch, gradY, noise,
                gradLogits, false);
        index += n;
    }

    private void javaUnfused() {
        float invT = 1f / TEMPERATURE;
        for (int i = 0; i < n; i++) {
            float u = xoroshiro.nextFloat();
            while (u == 0f) {  // nextFloat() is in [0, 1): 0 would give an infinite noise
                u = xoroshiro.nextFloat();
            }
            float l = (float) (Math.log(u) - Math.log1p(-u));
            noise[i] = l;
            y[i] = (float) (1 / (1 + Math.exp(-(logits[i % D] + l) * invT)));
        }
        Arrays.fill(gradLogits, 0f);
        float sumT = 0;
        for (int i = 0; i < n; i++) {
            float g = gradY[i] * y[i] * (1 - y[i]) * invT;
            gradLogits[i % D] += g;
            sumT -= g * (logits[i % D] + noise[i]) * invT;
        }
        gradT = sumT;
    }
}
