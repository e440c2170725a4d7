package io.simdist.bench;

import io.simdist.dist.Bernoulli;
import io.simdist.dist.Generator;
import io.simdist.dist.Normal;
import io.simdist.dist.RSample;
import io.simdist.dist.RelaxedBernoulli;
import io.simdist.dist.TanhNormal;
import io.simdist.kernels.NormalRsample;
import io.simdist.kernels.NormalRsample.EpsPolicy;
import io.simdist.kernels.TanhNormalRsample;
import io.simdist.rng.Philox4x32;
import java.util.Arrays;
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
 * The calls a SAC or VAE user makes once per request, at the sizes of one request ({@code [1 x 6]},
 * {@code [1 x 17]}, {@code [1 x 64]}, and a {@code [256 x 6]} replay batch), against the plain Java
 * loop the same user would write without simdist, in the same run. The time is per call (ns/op), not
 * per element: at these sizes the fixed cost of a call (argument checks, allocation, dispatch) is what
 * is measured. Each row is its own {@code @Benchmark} method holding exactly the loop a user writes,
 * and each runs in its own fork, so no call site sees another row's types.
 *
 * <h2>Peers</h2>
 * <ul>
 *   <li><b>plain Ziggurat</b>: Apache Commons RNG 1.7 {@code ZigguratSampler.NormalizedGaussian} over
 *       {@code XoRoShiRo128PlusPlus}. It is the fastest well-tested normal sampler in plain Java, the
 *       one a user who cares about speed picks, so it is the peer that matters.</li>
 *   <li><b>plain Ziggurat on Philox</b> ({@code *Philox}): the same sampler over Commons RNG's
 *       {@code Philox4x32}, the same generator function as simdist's (Commons increments its counter
 *       before each block: {@link BaseBenchmark#commonsPhiloxSeed()}). It separates the cost of the
 *       generator from the cost of the transform and the call.</li>
 *   <li><b>philox floor</b>: just the Philox4x32-10 blocks a call of {@code D} words touches, two at a
 *       time with their rounds side by side in locals (as the small-call path computes them), with the
 *       counter advancing by {@code D} words per call as the generator's does (a {@code D = 6} call touches
 *       2 blocks, a {@code D = 17} call 5 or 6, computed as 3 pairs). No transform, no checks: the least any
 *       call drawing these words from this generator can cost. (Before 2026-12-07 it computed the blocks
 *       one at a time through {@link Philox4x32#block}, about 2.5x slower at {@code D = 6}.)</li>
 *   <li>Elementary functions of the plain loops are {@link Math#tanh}, {@link Math#log},
 *       {@link Math#log1p} and {@link Math#exp}, in double, as a user writes them.</li>
 * </ul>
 *
 * <h2>Rows</h2>
 * <ul>
 *   <li>{@code act_*} ({@code [1 x D]}, {@code d} in 6, 17): draw an action, no gradient.
 *       {@code act_simdist} is {@code normal.sample(g, 1, dst, 0)} (allocates nothing);
 *       {@code act_plainZiggurat} and {@code act_plainZigguratPhilox} are
 *       {@code dst[d] = (float) (loc[d] + scale[d] * zig.sample())}; {@code act_philoxFloor} as
 *       above.</li>
 *   <li>{@code rsample_*} ({@code [1 x D]}, {@code d} in 6, 17, 64): a reparameterised draw and its
 *       backward pass from a fixed {@code dL/dz}. {@code rsample_kernels}: {@link NormalRsample#forward}
 *       then {@link NormalRsample#backward} with {@code RECOMPUTE} (the backward pass regenerates eps);
 *       {@code rsample_kernelsStore}: the same with an eps array; {@code rsample_facade}:
 *       {@code normal.rsample(g, 1).backward(dz)}, which allocates the sample and the gradients (and, at
 *       these sizes, keeps eps: the policy-free call stores it up to 1024 elements);
 *       {@code rsample_facadeReuse}: {@code normal.rsample(g, r); r.backward(dz, gradLoc, gradScale,
 *       false)} into a sample made once by {@code newRSample(1, STORE)}, the setup the README gives a
 *       one-observation server; {@code rsample_plain}: eps from the
 *       Ziggurat kept in an array, {@code z = loc + eps * scale}, then the gradients zeroed and summed
 *       over the rows, written for any batch as a user would.</li>
 *   <li>{@code sac_*} ({@code shape} in 1x6, 1x17, 256x6): the SAC actor step, actions, row
 *       log-densities and the backward pass from fixed {@code dL/da} and {@code dL/dlogProb}.
 *       {@code sac_facade}: {@code policy.rsample(g, B).backward(dA, dLogp)};
 *       {@code sac_facadeReuse}: {@code policy.rsample(g, s); s.backward(dA, dLogp, gradLoc,
 *       gradScale, false)} into a sample made once by {@code newSample(B, STORE)}; {@code sac_facadeOf}: the
 *       allocating call with {@code TanhNormal.of(loc, scale)} made per call, as when loc and scale
 *       are fresh network outputs each request; {@code sac_kernels}: {@link TanhNormalRsample} forward
 *       and backward, the floor of the facade; {@code sac_plain}: Ziggurat eps kept in an array,
 *       {@code u = loc + eps * scale}, {@code a = tanh(u)}, per row
 *       {@code sum_d [-eps^2/2 - log(scale_d) - log(2 pi)/2 - 2 (log 2 - u - softplus(-2u))]}, and the
 *       backward {@code g = dA (1 - a^2) + dLogp * 2a}, {@code gradLoc = sum g},
 *       {@code gradScale = sum (g eps - dLogp / scale)}.</li>
 *   <li>{@code bernoulli_*} ({@code [1 x 6]}, bytes): {@code bern.sample(g, 1, dst, 0)} against
 *       {@code (byte) (rng.nextDouble() < p[d] ? 1 : 0)} on XoRoShiRo128++ and on Commons Philox.</li>
 *   <li>{@code relaxedBernoulli_*} ({@code [1 x 6]}, temperature 0.5): a relaxed (Concrete) draw and
 *       its backward pass to the logits. {@code _facade}: {@code rb.rsample(g, 1).backward(dy)};
 *       {@code _facadeReuse}: {@code rb.rsample(g, s); s.backward(dy, gradLogits, false)} into a sample
 *       made once by {@code newSample(1, STORE)};
 *       {@code _plain}: {@code u = nextDouble()} (drawn again if 0), {@code L = log(u / (1 - u))},
 *       {@code y = 1 / (1 + exp(-(logit + L) / T))} in float, {@code gradLogit = dy y (1 - y) / T}; {@code _plainPhilox}: the same loop on Commons
 *       RNG's Philox4x32.</li>
 * </ul>
 *
 * <p>Every output is handed to a {@link Blackhole}; the inputs ({@code loc}, {@code scale}, the
 * upstream gradients) are fixed random data made in the setup. Run with {@code -prof gc}: the
 * {@code *Reuse}, kernel, plain and {@code act_*} rows should show {@code gc.alloc.rate.norm} of about
 * 0 B/op.
 *
 * <p>Calls of more than 64 elements ({@code sac_*} at {@code 256x6}) take simdist's bulk Vector API
 * kernels, which allocate boxed vectors and run tens of milliseconds per call until C2 has compiled
 * them: on a busy 2-core machine that took about 7 s of warm-up (10 ms/op after 5 s, 67 us/op from
 * 7 s), more than the 3 s here. Check that their last warm-up iterations have settled, and give them
 * {@code -wi 10} if not. For example:
 * <pre>
 * java -jar bench/target/benchmarks.jar SmallCall -prof gc \
 *     -jvmArgsAppend "--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xms2g -Xmx2g"
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SmallCallBenchmark {
    private static final long SEED = BaseBenchmark.SEED;
    /** simdist's key words, for the Philox floor. */
    private static final int K0 = (int) SEED;
    private static final int K1 = (int) (SEED >>> 32);
    private static final double LOG_2 = Math.log(2);
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    /** The relaxed Bernoulli's temperature. */
    private static final float TEMPERATURE = 0.5f;

    /** Creates the benchmark; JMH calls it. */
    public SmallCallBenchmark() {}

    /** The generators each group of rows draws from, all seeded from {@link BaseBenchmark#SEED}. */
    abstract static class Generators {
        /** simdist's generator. */
        Generator g;
        /** The peer a user picks: XoRoShiRo128++. */
        XoRoShiRo128PlusPlus xoroshiro;
        /** The same-generator peer: Commons RNG Philox4x32 on simdist's key. */
        org.apache.commons.rng.core.source32.Philox4x32 commonsPhilox;
        /** The Ziggurat over {@link #xoroshiro}. */
        ZigguratSampler.NormalizedGaussian zig;
        /** The Ziggurat over {@link #commonsPhilox}. */
        ZigguratSampler.NormalizedGaussian zigPhilox;

        void generators() {
            g = Generator.seed(SEED);
            xoroshiro = new XoRoShiRo128PlusPlus(SEED, ~SEED);
            commonsPhilox = new org.apache.commons.rng.core.source32.Philox4x32(BaseBenchmark.commonsPhiloxSeed());
            zig = ZigguratSampler.NormalizedGaussian.of(xoroshiro);
            zigPhilox = ZigguratSampler.NormalizedGaussian.of(commonsPhilox);
        }

        static float[] uniform(SplittableRandom r, int n, double lo, double hi) {
            float[] a = new float[n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextDouble(lo, hi);
            }
            return a;
        }
    }

    /** State of the {@code act_*} rows: one {@code [1 x d]} action. */
    @State(Scope.Thread)
    public static class Act extends Generators {
        /** Features, the action dimension. */
        @Param({"6", "17"})
        public int d;

        float[] loc;
        float[] scale;
        float[] dst;
        Normal normal;
        /** The next word the Philox floor reads, advancing as {@link #g}'s position does. */
        long word;

        /** Creates the state; JMH calls it. */
        public Act() {}

        /** Makes the parameters, the distribution and the generators. */
        @Setup
        public void setup() {
            SplittableRandom r = new SplittableRandom(SEED);
            loc = uniform(r, d, -1, 1);
            scale = uniform(r, d, 0.1, 2);
            dst = new float[d];
            normal = Normal.of(loc, scale);
            if (!philox2Words()) {
                throw new IllegalStateException("the Philox floor's side-by-side blocks differ from Philox4x32.block");
            }
            generators();
        }
    }

    /** State of the {@code rsample_*} rows: one {@code [1 x d]} reparameterised draw. */
    @State(Scope.Thread)
    public static class Rsample extends Generators {
        /** Features. */
        @Param({"6", "17", "64"})
        public int d;

        final int batch = 1;
        float[] loc;
        float[] scale;
        float[] z;
        float[] eps;
        float[] dz;
        float[] gradLoc;
        float[] gradScale;
        Normal normal;
        RSample reuse;
        Philox4x32 rng;
        /** The kernels' first variate, advancing by {@code batch * d} per call. */
        long index;

        /** Creates the state; JMH calls it. */
        public Rsample() {}

        /** Makes the parameters, the upstream gradient, the reusable sample and the generators. */
        @Setup
        public void setup() {
            SplittableRandom r = new SplittableRandom(SEED);
            loc = uniform(r, d, -1, 1);
            scale = uniform(r, d, 0.1, 2);
            dz = uniform(r, batch * d, -1, 1);
            z = new float[batch * d];
            eps = new float[batch * d];
            gradLoc = new float[d];
            gradScale = new float[d];
            normal = Normal.of(loc, scale);
            reuse = normal.newRSample(batch, EpsPolicy.STORE);
            rng = Philox4x32.of(SEED);
            generators();
        }
    }

    /** State of the {@code sac_*} rows: one SAC actor step on {@code [B x D]}. */
    @State(Scope.Thread)
    public static class Sac extends Generators {
        /** {@code B x D}: one observation with 6 or 17 actions, or a 256-row batch of 6. */
        @Param({"1x6", "1x17", "256x6"})
        public String shape;

        int batch;
        int features;
        float[] loc;
        float[] scale;
        float[] actions;
        float[] logProb;
        float[] eps;
        float[] dA;
        float[] dLogp;
        float[] gradLoc;
        float[] gradScale;
        TanhNormal policy;
        TanhNormal.Sample reuse;
        Philox4x32 rng;
        long index;

        /** Creates the state; JMH calls it. */
        public Sac() {}

        /** Parses the shape, makes the parameters, the upstream gradients and the generators. */
        @Setup
        public void setup() {
            int x = shape.indexOf('x');
            batch = Integer.parseInt(shape.substring(0, x));
            features = Integer.parseInt(shape.substring(x + 1));
            int n = batch * features;
            SplittableRandom r = new SplittableRandom(SEED);
            loc = uniform(r, features, -1, 1);
            scale = uniform(r, features, 0.1, 2);
            dA = uniform(r, n, -1, 1);
            dLogp = uniform(r, batch, -1, 1);
            actions = new float[n];
            logProb = new float[batch];
            eps = new float[n];
            gradLoc = new float[features];
            gradScale = new float[features];
            policy = TanhNormal.of(loc, scale);
            reuse = policy.newSample(batch, EpsPolicy.STORE);
            rng = Philox4x32.of(SEED);
            generators();
        }
    }

    /** State of the {@code bernoulli_*} and {@code relaxedBernoulli_*} rows: {@code [1 x 6]}. */
    @State(Scope.Thread)
    public static class Bern extends Generators {
        static final int D = 6;

        float[] p;
        float[] logits;
        byte[] dst;
        float[] y;
        float[] dy;
        float[] gradLogits;
        Bernoulli bern;
        RelaxedBernoulli rb;
        RelaxedBernoulli.Sample reuse;

        /** Creates the state; JMH calls it. */
        public Bern() {}

        /** Makes the probabilities, logits, upstream gradient, distributions and generators. */
        @Setup
        public void setup() {
            SplittableRandom r = new SplittableRandom(SEED);
            p = uniform(r, D, 0.05, 0.95);
            logits = uniform(r, D, -2, 2);
            dy = uniform(r, D, -1, 1);
            dst = new byte[D];
            y = new float[D];
            gradLogits = new float[D];
            bern = Bernoulli.ofProbs(p);
            rb = RelaxedBernoulli.ofLogits(TEMPERATURE, logits);
            reuse = rb.newSample(1, EpsPolicy.STORE);
            generators();
        }
    }

    // ---- act [1 x D] ----

    /**
     * simdist: {@code normal.sample(g, 1, dst, 0)}.
     *
     * @param s the state
     * @param bh consumes the action
     */
    @Benchmark
    public void act_simdist(Act s, Blackhole bh) {
        s.normal.sample(s.g, 1, s.dst, 0);
        bh.consume(s.dst);
    }

    /**
     * Plain Java: Commons RNG Ziggurat on XoRoShiRo128++.
     *
     * @param s the state
     * @param bh consumes the action
     */
    @Benchmark
    public void act_plainZiggurat(Act s, Blackhole bh) {
        plainAct(s, s.zig, bh);
    }

    /**
     * Plain Java: Commons RNG Ziggurat on Commons RNG Philox4x32.
     *
     * @param s the state
     * @param bh consumes the action
     */
    @Benchmark
    public void act_plainZigguratPhilox(Act s, Blackhole bh) {
        plainAct(s, s.zigPhilox, bh);
    }

    /** The plain act loop a user writes: {@code loc + scale * z} per feature, one sampler call each. */
    private static void plainAct(Act s, ZigguratSampler.NormalizedGaussian zig, Blackhole bh) {
        float[] loc = s.loc;
        float[] scale = s.scale;
        float[] dst = s.dst;
        for (int d = 0; d < dst.length; d++) {
            dst[d] = (float) (loc[d] + scale[d] * zig.sample());
        }
        bh.consume(dst);
    }

    /**
     * The Philox4x32-10 blocks holding words {@code [word, word + D)} of simdist's stream 0, the words
     * {@link #act_simdist} reads at the same position.
     *
     * @param s the state
     * @param bh consumes the words
     */
    @Benchmark
    public void act_philoxFloor(Act s, Blackhole bh) {
        long first = s.word;
        long last = (first + s.d - 1) >>> 2;
        int acc = 0;
        for (long b = first >>> 2; b <= last; b += 2) {
            acc ^= philox2(b, K0, K1);  // blocks b and b + 1 side by side (one past the range may be computed)
        }
        s.word = first + s.d;
        bh.consume(acc);
    }

    /**
     * Philox4x32-10 blocks {@code b} and {@code b + 1} of stream 0 with key {@code (k0, k1)}, their rounds
     * side by side in locals, as simdist's small-call path computes them: two independent chains of ten
     * dependent multiplies, so the second block costs little more than the first. Returns the XOR of
     * their eight words ({@link #philox2Words} checks it against {@link Philox4x32#block}).
     */
    static int philox2(long b, int k0, int k1) {
        long b1 = b + 1;
        int a0 = (int) b;
        int a1 = (int) (b >>> 32);
        int a2 = 0;
        int a3 = 0;
        int c0 = (int) b1;
        int c1 = (int) (b1 >>> 32);
        int c2 = 0;
        int c3 = 0;
        for (int r = 0; r < Philox4x32.ROUNDS; r++) {
            long pa0 = (a0 & 0xFFFFFFFFL) * (Philox4x32.M0 & 0xFFFFFFFFL);
            long pa1 = (a2 & 0xFFFFFFFFL) * (Philox4x32.M1 & 0xFFFFFFFFL);
            long pc0 = (c0 & 0xFFFFFFFFL) * (Philox4x32.M0 & 0xFFFFFFFFL);
            long pc1 = (c2 & 0xFFFFFFFFL) * (Philox4x32.M1 & 0xFFFFFFFFL);
            int na0 = (int) (pa1 >>> 32) ^ a1 ^ k0;
            int na2 = (int) (pa0 >>> 32) ^ a3 ^ k1;
            int nc0 = (int) (pc1 >>> 32) ^ c1 ^ k0;
            int nc2 = (int) (pc0 >>> 32) ^ c3 ^ k1;
            a0 = na0;
            a1 = (int) pa1;
            a2 = na2;
            a3 = (int) pa0;
            c0 = nc0;
            c1 = (int) pc1;
            c2 = nc2;
            c3 = (int) pc0;
            k0 += Philox4x32.W0;
            k1 += Philox4x32.W1;
        }
        return a0 ^ a1 ^ a2 ^ a3 ^ c0 ^ c1 ^ c2 ^ c3;
    }

    /**
     * @return whether {@link #philox2} gives the XOR of {@link Philox4x32#block}'s words of blocks {@code b}
     *     and {@code b + 1}, for a few counters (the setup of the floor rows refuses to run otherwise)
     */
    static boolean philox2Words() {
        int[] out = new int[4];
        for (long b : new long[] {0, 1, 6, (1L << 32) - 1, 1L << 40}) {
            int want = 0;
            for (long c = b; c <= b + 1; c++) {
                Philox4x32.block((int) c, (int) (c >>> 32), 0, 0, K0, K1, out);
                want ^= out[0] ^ out[1] ^ out[2] ^ out[3];
            }
            if (philox2(b, K0, K1) != want) {
                return false;
            }
        }
        return true;
    }

    // ---- rsample fwd + bwd [1 x D] ----

    /**
     * The kernels, eps recomputed in the backward pass.
     *
     * @param s the state
     * @param bh consumes z and the gradients
     */
    @Benchmark
    public void rsample_kernels(Rsample s, Blackhole bh) {
        NormalRsample.forward(s.rng, s.index, s.batch, s.d, s.loc, s.scale, s.z, 0, null, 0);
        NormalRsample.backward(s.rng, s.index, s.batch, s.d, s.dz, 0, null, 0, s.gradLoc, s.gradScale, false);
        s.index += s.batch * s.d;
        bh.consume(s.z);
        bh.consume(s.gradLoc);
        bh.consume(s.gradScale);
    }

    /**
     * The kernels, eps stored by the forward pass and read by the backward pass.
     *
     * @param s the state
     * @param bh consumes z and the gradients
     */
    @Benchmark
    public void rsample_kernelsStore(Rsample s, Blackhole bh) {
        NormalRsample.forward(s.rng, s.index, s.batch, s.d, s.loc, s.scale, s.z, 0, s.eps, 0);
        NormalRsample.backward(s.rng, s.index, s.batch, s.d, s.dz, 0, s.eps, 0, s.gradLoc, s.gradScale, false);
        s.index += s.batch * s.d;
        bh.consume(s.z);
        bh.consume(s.gradLoc);
        bh.consume(s.gradScale);
    }

    /**
     * The facade, allocating the sample and the gradients.
     *
     * @param s the state
     * @param bh consumes z and the gradients
     */
    @Benchmark
    public void rsample_facade(Rsample s, Blackhole bh) {
        RSample r = s.normal.rsample(s.g, s.batch);
        Normal.Grad grad = r.backward(s.dz);
        bh.consume(r.values());
        bh.consume(grad);
    }

    /**
     * The facade into a reusable sample and the caller's gradient arrays.
     *
     * @param s the state
     * @param bh consumes z and the gradients
     */
    @Benchmark
    public void rsample_facadeReuse(Rsample s, Blackhole bh) {
        RSample r = s.reuse;
        s.normal.rsample(s.g, r);
        r.backward(s.dz, s.gradLoc, s.gradScale, false);
        bh.consume(r.values());
        bh.consume(s.gradLoc);
        bh.consume(s.gradScale);
    }

    /**
     * Plain Java: Ziggurat eps kept for the backward pass, then the gradient sums.
     *
     * @param s the state
     * @param bh consumes z and the gradients
     */
    @Benchmark
    public void rsample_plain(Rsample s, Blackhole bh) {
        plainRsample(s, s.zig, bh);
    }

    /**
     * The same plain Java loops with the Commons ziggurat over Commons RNG's Philox4x32: the peer that pays
     * for the same counter-based generator as simdist.
     *
     * @param s the state
     * @param bh consumes z and the gradients
     */
    @Benchmark
    public void rsample_plainPhilox(Rsample s, Blackhole bh) {
        plainRsample(s, s.zigPhilox, bh);
    }

    private static void plainRsample(Rsample s, ZigguratSampler.NormalizedGaussian zig, Blackhole bh) {
        int batch = s.batch;
        int features = s.d;
        float[] loc = s.loc;
        float[] scale = s.scale;
        float[] z = s.z;
        float[] eps = s.eps;
        float[] dz = s.dz;
        float[] gradLoc = s.gradLoc;
        float[] gradScale = s.gradScale;
        for (int b = 0, i = 0; b < batch; b++) {
            for (int d = 0; d < features; d++, i++) {
                eps[i] = (float) zig.sample();
                z[i] = loc[d] + eps[i] * scale[d];
            }
        }
        Arrays.fill(gradLoc, 0f);
        Arrays.fill(gradScale, 0f);
        for (int b = 0, i = 0; b < batch; b++) {
            for (int d = 0; d < features; d++, i++) {
                gradLoc[d] += dz[i];
                gradScale[d] += dz[i] * eps[i];
            }
        }
        bh.consume(z);
        bh.consume(gradLoc);
        bh.consume(gradScale);
    }

    // ---- SAC step [B x D] ----

    /**
     * The facade, allocating the sample and the gradients.
     *
     * @param s the state
     * @param bh consumes the actions, log-densities and gradients
     */
    @Benchmark
    public void sac_facade(Sac s, Blackhole bh) {
        TanhNormal.Sample sample = s.policy.rsample(s.g, s.batch);
        Normal.Grad grad = sample.backward(s.dA, s.dLogp);
        bh.consume(sample.actions());
        bh.consume(sample.logProb());
        bh.consume(grad);
    }

    /**
     * The facade with the distribution made from {@code loc} and {@code scale} in the call.
     *
     * @param s the state
     * @param bh consumes the actions, log-densities and gradients
     */
    @Benchmark
    public void sac_facadeOf(Sac s, Blackhole bh) {
        TanhNormal.Sample sample = TanhNormal.of(s.loc, s.scale).rsample(s.g, s.batch);
        Normal.Grad grad = sample.backward(s.dA, s.dLogp);
        bh.consume(sample.actions());
        bh.consume(sample.logProb());
        bh.consume(grad);
    }

    /**
     * The facade into a reusable sample and the caller's gradient arrays.
     *
     * @param s the state
     * @param bh consumes the actions, log-densities and gradients
     */
    @Benchmark
    public void sac_facadeReuse(Sac s, Blackhole bh) {
        TanhNormal.Sample sample = s.reuse;
        s.policy.rsample(s.g, sample);
        sample.backward(s.dA, s.dLogp, s.gradLoc, s.gradScale, false);
        bh.consume(sample.actions());
        bh.consume(sample.logProb());
        bh.consume(s.gradLoc);
        bh.consume(s.gradScale);
    }

    /**
     * The kernels, eps recomputed in the backward pass.
     *
     * @param s the state
     * @param bh consumes the actions, log-densities and gradients
     */
    @Benchmark
    public void sac_kernels(Sac s, Blackhole bh) {
        TanhNormalRsample.forward(s.rng, s.index, s.batch, s.features, s.loc, s.scale, s.actions, 0, s.logProb, 0,
                null, 0);
        TanhNormalRsample.backward(s.rng, s.index, s.batch, s.features, s.loc, s.scale, s.dA, 0, s.dLogp, 0, null,
                0, s.gradLoc, s.gradScale, false);
        s.index += s.batch * s.features;
        bh.consume(s.actions);
        bh.consume(s.logProb);
        bh.consume(s.gradLoc);
        bh.consume(s.gradScale);
    }

    /**
     * The SAC step a user writes without simdist (shared with {@link ColdStart}): Ziggurat eps kept for
     * the backward pass, {@code Math.tanh}, the log-density with {@code Math.log} and a softplus of
     * {@code Math.log1p(Math.exp(..))}, and the analytic backward. A static method C2 inlines into the
     * benchmark; nothing a user's loop would not have.
     */
    static void plainSacStep(ZigguratSampler.NormalizedGaussian zig, int batch, int features, float[] loc,
            float[] scale, float[] actions, float[] logProb, float[] eps, float[] dA, float[] dLogp, float[] gradLoc,
            float[] gradScale) {
        for (int b = 0, i = 0; b < batch; b++) {
            double lp = 0;
            for (int d = 0; d < features; d++, i++) {
                float e = (float) zig.sample();
                eps[i] = e;
                float u = loc[d] + e * scale[d];
                actions[i] = (float) Math.tanh(u);
                lp += -0.5 * e * e - Math.log(scale[d]) - HALF_LOG_2PI - 2 * (LOG_2 - u - softplus(-2.0 * u));
            }
            logProb[b] = (float) lp;
        }
        Arrays.fill(gradLoc, 0f);
        Arrays.fill(gradScale, 0f);
        for (int b = 0, i = 0; b < batch; b++) {
            for (int d = 0; d < features; d++, i++) {
                float a = actions[i];
                float g = dA[i] * (1 - a * a) + dLogp[b] * 2 * a;
                gradLoc[d] += g;
                gradScale[d] += g * eps[i] - dLogp[b] / scale[d];
            }
        }
    }

    /**
     * Plain Java: the SAC step with Ziggurat eps kept for the backward pass.
     *
     * @param s the state
     * @param bh consumes the actions, log-densities and gradients
     */
    @Benchmark
    public void sac_plain(Sac s, Blackhole bh) {
        int batch = s.batch;
        int features = s.features;
        float[] loc = s.loc;
        float[] scale = s.scale;
        float[] actions = s.actions;
        float[] logProb = s.logProb;
        float[] eps = s.eps;
        float[] dA = s.dA;
        float[] dLogp = s.dLogp;
        float[] gradLoc = s.gradLoc;
        float[] gradScale = s.gradScale;
        plainSacStep(s.zig, batch, features, loc, scale, actions, logProb, eps, dA, dLogp, gradLoc, gradScale);
        bh.consume(actions);
        bh.consume(logProb);
        bh.consume(gradLoc);
        bh.consume(gradScale);
    }

    /** {@code log(1 + e^x)}, in the form that does not overflow for large {@code x}. */
    private static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    // ---- Bernoulli [1 x 6] ----

    /**
     * simdist: {@code bern.sample(g, 1, dst, 0)}.
     *
     * @param s the state
     * @param bh consumes the draws
     */
    @Benchmark
    public void bernoulli_simdist(Bern s, Blackhole bh) {
        s.bern.sample(s.g, 1, s.dst, 0);
        bh.consume(s.dst);
    }

    /**
     * Plain Java: {@code nextDouble() < p} on XoRoShiRo128++.
     *
     * @param s the state
     * @param bh consumes the draws
     */
    @Benchmark
    public void bernoulli_plain(Bern s, Blackhole bh) {
        XoRoShiRo128PlusPlus rng = s.xoroshiro;
        float[] p = s.p;
        byte[] dst = s.dst;
        for (int d = 0; d < dst.length; d++) {
            dst[d] = (byte) (rng.nextDouble() < p[d] ? 1 : 0);
        }
        bh.consume(dst);
    }

    /**
     * Plain Java: {@code nextDouble() < p} on Commons RNG Philox4x32.
     *
     * @param s the state
     * @param bh consumes the draws
     */
    @Benchmark
    public void bernoulli_plainPhilox(Bern s, Blackhole bh) {
        org.apache.commons.rng.core.source32.Philox4x32 rng = s.commonsPhilox;
        float[] p = s.p;
        byte[] dst = s.dst;
        for (int d = 0; d < dst.length; d++) {
            dst[d] = (byte) (rng.nextDouble() < p[d] ? 1 : 0);
        }
        bh.consume(dst);
    }

    // ---- RelaxedBernoulli [1 x 6] fwd + bwd ----

    /**
     * The facade, allocating the sample and the gradients.
     *
     * @param s the state
     * @param bh consumes the values and the gradients
     */
    @Benchmark
    public void relaxedBernoulli_facade(Bern s, Blackhole bh) {
        RelaxedBernoulli.Sample sample = s.rb.rsample(s.g, 1);
        RelaxedBernoulli.Grad grad = sample.backward(s.dy);
        bh.consume(sample.values());
        bh.consume(grad);
    }

    /**
     * The facade into a reusable sample and the caller's gradient array.
     *
     * @param s the state
     * @param bh consumes the values and the gradients
     */
    @Benchmark
    public void relaxedBernoulli_facadeReuse(Bern s, Blackhole bh) {
        RelaxedBernoulli.Sample sample = s.reuse;
        s.rb.rsample(s.g, sample);
        float gradTemperature = sample.backward(s.dy, s.gradLogits, false);
        bh.consume(sample.values());
        bh.consume(s.gradLogits);
        bh.consume(gradTemperature);
    }

    /**
     * Plain Java: logistic noise from {@code nextDouble()} on XoRoShiRo128++.
     *
     * @param s the state
     * @param bh consumes the values and the gradients
     */
    @Benchmark
    public void relaxedBernoulli_plain(Bern s, Blackhole bh) {
        plainRelaxed(s, s.xoroshiro, bh);
    }

    /**
     * The same plain loop on Commons RNG Philox4x32: the peer that pays for the same generator as simdist.
     *
     * @param s the state
     * @param bh consumes the values and the gradients
     */
    @Benchmark
    public void relaxedBernoulli_plainPhilox(Bern s, Blackhole bh) {
        plainRelaxed(s, s.commonsPhilox, bh);
    }

    private static void plainRelaxed(Bern s, org.apache.commons.rng.UniformRandomProvider rng, Blackhole bh) {
        float[] logits = s.logits;
        float[] y = s.y;
        float[] dy = s.dy;
        float[] gradLogits = s.gradLogits;
        for (int d = 0; d < y.length; d++) {
            double u;
            do {
                u = rng.nextDouble();
            } while (u == 0);
            double noise = Math.log(u / (1 - u));
            y[d] = (float) (1 / (1 + Math.exp(-(logits[d] + noise) / TEMPERATURE)));
        }
        for (int d = 0; d < y.length; d++) {
            gradLogits[d] = dy[d] * y[d] * (1 - y[d]) / TEMPERATURE;
        }
        bh.consume(y);
        bh.consume(gradLogits);
    }
}
