package io.simdist.dist;

import io.simdist.kernels.NormalRsample.EpsPolicy;
import io.simdist.simd.Backends;

/**
 * An explicit JIT warm-up for servers: call {@link #run()} once at start-up, before taking traffic, so
 * the first requests do not run in the interpreter or in C1.
 *
 * <p>A fresh JVM interprets a method until it has been called some thousands of times, then compiles
 * it with C1 and later C2. simdist's smallest calls (up to 8 elements, such as one observation of a
 * policy with 6 actions) run plain scalar Java, which C2 compiles within the first few thousand calls;
 * larger calls run Vector API code, which is boxed and about 100 times slower until C2 compiles it. This method drives both,
 * through the public facade, for a fixed number of calls on a private generator: the small shapes a
 * policy serves ({@code [1 x 6]}, {@code [1 x 17]}, a few rows), and one bulk shape per family so the
 * vector kernels compile too. It changes no state a caller can see (no generator, no distribution of
 * the caller's is touched) and the backend it warms is the one {@link Backends#current()} selects.
 * {@link #smallCalls()} is its small-call part alone, for a server whose calls all take the small path.
 *
 * <p>How long it takes, and what it buys, is measured by {@code io.simdist.bench.ColdStart} (see the
 * README: 3.5 s on the 2-core development machine, most of it the vector kernels before C2 compiles
 * them). The JDK's AOT cache ({@code -XX:AOTCacheOutput} / {@code -XX:AOTCache}, JEP 483/514/515) was
 * measured too: it shortens the launch, but in JDK 25 not the first calls, which it leaves interpreted.
 */
public final class Warmup {
    /**
     * {batch, features, calls}: the scalar small path ({@code [1 x 6]}, {@code [2 x 4]}), the vector
     * kernels at the sizes a policy calls them ({@code [1 x 17]}, {@code [1 x 64]}), and one bulk shape
     * with several pieces. Small shapes first: while the vector code is cold (interpreted, every vector
     * boxed) a call costs about 100 times its compiled time, so the cold calls are made small.
     */
    private static final int[][] SHAPES = {{1, 6, 20_000}, {2, 4, 10_000}, {1, 17, 20_000}, {1, 64, 10_000},
        {64, 64, 300}};

    /** Keeps the results alive so the JIT cannot drop the calls. */
    private static volatile double sink;

    private Warmup() {}

    /**
     * Runs the warm-up: normal, tanh-normal (SAC), Bernoulli and relaxed Bernoulli draws with their
     * backward passes, in float (and the normal in double), at small and bulk shapes.
     *
     * @return the nanoseconds it took
     * @throws IllegalStateException if the selected backend cannot run ({@link Backends#current()})
     */
    public static long run() {
        long start = System.nanoTime();
        Backends.current();
        shapes(SHAPES);
        return System.nanoTime() - start;
    }

    /**
     * The small-call part of {@link #run()} alone: the same families at {@code [1 x 6]} and
     * {@code [2 x 4]}, which take the scalar small-call path (calls of at most 8 elements, on every
     * backend). It selects no backend and runs no Vector API code, so it costs a fraction of a second
     * rather than seconds; it warms calls of at most 8 elements (and, on the scalar and native backends,
     * up to 64), not the vector kernels that larger calls run.
     *
     * @return the nanoseconds it took
     */
    public static long smallCalls() {
        long start = System.nanoTime();
        shapes(SMALL_SHAPES);
        return System.nanoTime() - start;
    }

    /** The small-call shapes of {@link #SHAPES}. */
    private static final int[][] SMALL_SHAPES = {{1, 6, 20_000}, {2, 4, 10_000}};

    private static void shapes(int[][] shapes) {
        Generator g = Generator.seed(0x5EED_3A4D_0001L);
        double acc = 0;
        for (int[] shape : shapes) {
            acc += shape(g, shape[0], shape[1], shape[2]);
        }
        sink = acc;
    }

    /** {@code calls} draws and backward passes of each family at {@code [batch x features]}. */
    private static double shape(Generator g, int batch, int features, int calls) {
        float[] loc = new float[features];
        float[] scale = new float[features];
        double[] locD = new double[features];
        double[] scaleD = new double[features];
        float[] logits = new float[features];
        for (int d = 0; d < features; d++) {
            loc[d] = 0.1f * d - 0.3f;
            scale[d] = 0.5f + 0.05f * d;
            locD[d] = loc[d];
            scaleD[d] = scale[d];
            logits[d] = 0.2f * d - 1f;
        }
        Normal normal = Normal.of(loc, scale);
        NormalF64 normalF64 = NormalF64.of(locD, scaleD);
        TanhNormal tanh = TanhNormal.of(loc, scale);
        Bernoulli coin = Bernoulli.ofLogits(logits);
        RelaxedBernoulli relaxed = RelaxedBernoulli.ofLogits(0.5f, logits);
        int n = batch * features;
        float[] x = new float[n];
        byte[] bits = new byte[n];
        float[] dz = new float[n];
        double[] dzD = new double[n];
        float[] dLp = new float[batch];
        java.util.Arrays.fill(dz, 0.5f);
        java.util.Arrays.fill(dzD, 0.5);
        java.util.Arrays.fill(dLp, -0.25f);
        float[] gradLoc = new float[features];
        float[] gradScale = new float[features];
        float[] gradLogits = new float[features];
        // both eps policies, call by call: a branch C2 never saw taken would be compiled as a trap
        RSample[] rs = {normal.newRSample(batch, EpsPolicy.STORE), normal.newRSample(batch, EpsPolicy.RECOMPUTE)};
        TanhNormal.Sample[] ss = {tanh.newSample(batch, EpsPolicy.STORE), tanh.newSample(batch, EpsPolicy.RECOMPUTE)};
        RelaxedBernoulli.Sample[] ys = {relaxed.newSample(batch, EpsPolicy.STORE),
            relaxed.newSample(batch, EpsPolicy.RECOMPUTE)};
        double acc = 0;
        for (int c = 0; c < calls; c++) {
            RSample r = rs[c & 1];
            TanhNormal.Sample s = ss[c & 1];
            RelaxedBernoulli.Sample y = ys[c & 1];
            normal.sample(g, batch, x, 0);
            normal.rsample(g, r);
            r.backward(dz, gradLoc, gradScale, false);
            acc += x[0] + gradScale[0];
            tanh.rsample(g, s);
            s.backward(dz, dLp, gradLoc, gradScale, false);
            acc += s.logProb()[0] + gradLoc[0];
            coin.sample(g, batch, bits, 0);
            acc += bits[0];
            relaxed.rsample(g, y);
            acc += y.backward(dz, gradLogits, false) + y.values()[0];
            if ((c & 15) == 0) {
                acc += normalF64.rsample(g, batch).backward(dzD).scale()[0];
            }
        }
        return acc;
    }
}
