package io.simdist.bench;

import io.simdist.kernels.NormalRsample;
import io.simdist.kernels.Normals;
import io.simdist.kernels.TanhNormalRsample;
import io.simdist.rng.Philox4x32;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One reparameterised sample of a {@code [batch x features]} block with per-feature {@code loc} and
 * {@code scale}, forward and backward (the step of a VAE encoder or a SAC actor): simdist's fused
 * {@link NormalRsample} against the unfused pipeline a user would otherwise write (a normal fill, then a
 * plain Java affine loop, then a plain Java backward loop). One operation is one forward plus one
 * backward over all {@code n = batch * features} elements, so elements/s = ops/s &times; {@code n}.
 * The upstream gradient {@code dz} is fixed random data made in {@link #setup()}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class RsampleBenchmark {
    /**
     * Elements of the block: {@code 64} is {@code [1 x 64]} (one SAC action), {@code 16384} is
     * {@code [256 x 64]}, {@code 1048576} is {@code [4096 x 256]}, {@code 16777216} is
     * {@code [16384 x 1024]}.
     */
    @Param({"64", "16384", "1048576", "16777216"})
    public int n;

    /**
     * What one operation runs.
     * <ul>
     *   <li>{@code simdist}: fused forward with {@code RECOMPUTE}, then fused backward regenerating eps
     *       (also {@code simdistScalar}, {@code simdistNative}: the other backends, in their own forks);
     *   <li>{@code simdistStore}: fused forward writing eps, backward reading it;
     *   <li>{@code simdistForward}, {@code simdistBackward}: the fused forward alone, the fused
     *       backward alone (regenerating eps);
     *   <li>{@code unfused}: {@link Normals#fill} of eps, a plain loop {@code z = loc + eps * scale}, a
     *       plain loop summing {@code dz} and {@code dz * eps} per feature (in float, as a straightforward
     *       port of autograd would);
     *   <li>{@code plain}: the pipeline a user writes without simdist: Commons RNG's
     *       {@code ZigguratSampler.NormalizedGaussian} over {@code XoRoShiRo128PlusPlus} fills eps in a
     *       plain loop, then the same two plain loops as {@code unfused};
     *   <li>{@code tanhSac}: the SAC policy step, {@link TanhNormalRsample} forward (actions and row
     *       log-probabilities, eps recomputed) and backward from {@code dL/da} and {@code dL/dlogProb}.
     * </ul>
     */
    @Param({"simdist", "simdistStore", "simdistForward", "simdistBackward", "simdistScalar", "simdistNative",
        "unfused", "plain", "tanhSac"})
    public String method;

    private int batch;
    private int features;
    private float[] loc;
    private float[] scale;
    private float[] z;
    private float[] eps;
    private float[] dz;
    private float[] gradLoc;
    private float[] gradScale;
    private float[] logProb;
    private float[] dLogProb;
    private Philox4x32 rng;
    private long index;
    private ZigguratSampler.NormalizedGaussian ziggurat;

    /** Creates the state; JMH calls it. */
    public RsampleBenchmark() {}

    /** Picks the shape, makes the data and selects the backend of {@link #method}. */
    @Setup
    public void setup() {
        features = switch (n) {
            case 64, 16384 -> 64;
            case 1048576 -> 256;
            case 16777216 -> 1024;
            default -> throw new IllegalArgumentException("n must be 64, 16384, 1048576 or 16777216, was " + n);
        };
        batch = n / features;
        BaseBenchmark.selectBackend(method);
        rng = Philox4x32.of(BaseBenchmark.SEED);
        SplittableRandom r = new SplittableRandom(BaseBenchmark.SEED);
        loc = new float[features];
        scale = new float[features];
        gradLoc = new float[features];
        gradScale = new float[features];
        for (int d = 0; d < features; d++) {
            loc[d] = (float) r.nextDouble(-1, 1);
            scale[d] = (float) r.nextDouble(0.1, 2);
        }
        z = new float[n];
        dz = new float[n];
        for (int i = 0; i < n; i++) {
            dz[i] = (float) r.nextDouble(-1, 1);
        }
        logProb = new float[batch];
        dLogProb = new float[batch];
        for (int b = 0; b < batch; b++) {
            dLogProb[b] = (float) r.nextDouble(-1, 1);
        }
        if (method.equals("simdistStore") || method.equals("unfused") || method.equals("plain")) {
            eps = new float[n];
        }
        if (method.equals("plain")) {
            ziggurat = ZigguratSampler.NormalizedGaussian.of(new XoRoShiRo128PlusPlus(BaseBenchmark.SEED, ~BaseBenchmark.SEED));
        }
    }

    /**
     * One forward and (except {@code simdistForward}) one backward pass.
     *
     * @param bh consumes the outputs
     */
    @Benchmark
    public void step(Blackhole bh) {
        switch (method) {
            case "simdistForward" -> NormalRsample.forward(rng, index, batch, features, loc, scale, z, 0, null, 0);
            case "simdistBackward" -> NormalRsample.backward(rng, index, batch, features, dz, 0, null, 0, gradLoc,
                    gradScale, false);
            case "unfused" -> {
                Normals.fill(rng, index, eps, 0, n);
                affineAndBackward();
            }
            case "plain" -> {
                plainEps(ziggurat, eps);
                affineAndBackward();
            }
            case "tanhSac" -> {
                TanhNormalRsample.forward(rng, index, batch, features, loc, scale, z, 0, logProb, 0, null, 0);
                TanhNormalRsample.backward(rng, index, batch, features, loc, scale, dz, 0, dLogProb, 0, null, 0,
                        gradLoc, gradScale, false);
                bh.consume(logProb);
            }
            default -> {
                NormalRsample.forward(rng, index, batch, features, loc, scale, z, 0, eps, 0);
                NormalRsample.backward(rng, index, batch, features, dz, 0, eps, 0, gradLoc, gradScale, false);
            }
        }
        index += n;
        bh.consume(z);
        bh.consume(gradLoc);
        bh.consume(gradScale);
    }

    /** The plain loop a user writes with Commons RNG. */
    private static void plainEps(ZigguratSampler.NormalizedGaussian zig, float[] eps) {
        for (int i = 0; i < eps.length; i++) {
            eps[i] = (float) zig.sample();
        }
    }

    /** {@code z = loc + eps * scale}, then the per-feature sums of {@code dz} and {@code dz * eps}. */
    private void affineAndBackward() {
        for (int b = 0, i = 0; b < batch; b++) {
            for (int d = 0; d < features; d++, i++) {
                z[i] = loc[d] + eps[i] * scale[d];
            }
        }
        java.util.Arrays.fill(gradLoc, 0f);
        java.util.Arrays.fill(gradScale, 0f);
        for (int b = 0, i = 0; b < batch; b++) {
            for (int d = 0; d < features; d++, i++) {
                gradLoc[d] += dz[i];
                gradScale[d] += dz[i] * eps[i];
            }
        }
    }
}
