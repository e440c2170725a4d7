package io.simdist.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.rng.Philox4x32;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.random.RandomGenerator;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;

/**
 * The {@link RandomGenerator} and Commons {@link UniformRandomProvider} views of a {@link Generator}:
 * their words are the stream's words from the position on, they share the generator's position, they
 * stop at the stream's end without moving it, samplers on them are reproducible with random access, and
 * the Commons dependency stays optional.
 */
class GeneratorViewsTest {
    private static final Philox4x32 RNG = Philox4x32.of(0x5EED_2026_1207L).stream(3);

    /** Positions: the start, inside and across a block, odd, far out, and 9 words before the end. */
    private static final long[] STARTS = {0, 1, 2, 3, 5, (1L << 40) + 3, Long.MAX_VALUE - 9};

    private static long pair(long w) {
        return ((long) RNG.word(w + 1) << 32) | (RNG.word(w) & 0xFFFFFFFFL);
    }

    @Test
    void everyViewReadsTheStreamWordsFromThePositionAndMovesIt() {
        for (long start : STARTS) {
            for (int view = 0; view < 2; view++) {
                Generator g = Generator.of(RNG, start);
                String what = (view == 0 ? "RandomGenerator" : "UniformRandomProvider") + " from " + start;
                long w = start;
                if (view == 0) {
                    RandomGenerator r = g.asRandomGenerator();
                    assertEquals(RNG.word(w), r.nextInt(), what);
                    w += 1;
                    assertEquals(pair(w), r.nextLong(), what);  // across a block boundary for some starts
                    w += 2;
                    assertEquals((RNG.word(w) >>> 8) * 0x1.0p-24f, r.nextFloat(), what);
                    w += 1;
                    assertEquals((pair(w) >>> 11) * 0x1.0p-53, r.nextDouble(), what);
                    w += 2;
                    assertEquals(RNG.word(w) < 0, r.nextBoolean(), what);
                    w += 1;
                } else {
                    UniformRandomProvider u = CommonsRng.uniformRandomProvider(g);
                    assertEquals(RNG.word(w), u.nextInt(), what);
                    w += 1;
                    assertEquals(pair(w), u.nextLong(), what);
                    w += 2;
                    assertEquals((pair(w) >>> 11) * 0x1.0p-53, u.nextDouble(), what);
                    w += 2;
                    assertEquals(RNG.word(w), u.nextInt(), what);
                    w += 1;
                    assertEquals(pair(w), u.nextLong(), what);
                    w += 2;
                }
                assertEquals(w, g.position(), what + ": the generator's position after the draws");
            }
        }
    }

    @Test
    void viewsAndTheGeneratorShareOnePositionAndNeverAWord() {
        Generator g = Generator.seed(7);
        RandomGenerator a = g.asRandomGenerator();
        RandomGenerator b = g.asRandomGenerator();
        UniformRandomProvider c = CommonsRng.uniformRandomProvider(g);
        int first = a.nextInt();  // word 0
        float[] normals = Normal.of(0f, 1f).sample(g, 3);  // rounds up to word 2, consumes words 2 .. 5
        long second = b.nextLong();  // words 6, 7
        int third = c.nextInt();  // word 8
        assertEquals(9, g.position());
        Philox4x32 rng = Philox4x32.of(7);
        assertEquals(rng.word(0), first);
        assertEquals(((long) rng.word(7) << 32) | (rng.word(6) & 0xFFFFFFFFL), second);
        assertEquals(rng.word(8), third);
        assertArrayEquals(Normal.of(0f, 1f).sample(Generator.of(rng, 2), 3), normals);
    }

    @Test
    void aDrawPastTheStreamsEndThrowsAndLeavesThePosition() {
        Generator g = Generator.of(RNG, Long.MAX_VALUE - 1);
        RandomGenerator r = g.asRandomGenerator();
        UniformRandomProvider u = CommonsRng.uniformRandomProvider(g);
        IllegalStateException e = assertThrows(IllegalStateException.class, r::nextLong);
        assertTrue(e.getMessage().contains("1 words left"), e.getMessage());
        assertThrows(IllegalStateException.class, u::nextLong);
        assertEquals(Long.MAX_VALUE - 1, g.position());
        assertEquals(RNG.word(Long.MAX_VALUE - 1), r.nextInt());  // the last word a generator reads
        assertEquals(Long.MAX_VALUE, g.position());
        assertThrows(IllegalStateException.class, r::nextInt);
        assertThrows(IllegalStateException.class, u::nextInt);
        assertEquals(Long.MAX_VALUE, g.position());
        assertThrows(NullPointerException.class, () -> CommonsRng.uniformRandomProvider(null));
    }

    @Test
    void samplersOnAViewAreReproducibleWithRandomAccess() {
        // a sampler's values are a function of (key, stream, start position), whatever came before
        Generator sequential = Generator.of(RNG, 0);
        ContinuousSampler warmup = ZigguratSampler.NormalizedGaussian.of(CommonsRng.uniformRandomProvider(sequential));
        for (int i = 0; i < 1000; i++) {
            warmup.sample();
        }
        long start = sequential.position();
        double[] want = new double[500];
        ContinuousSampler s = ZigguratSampler.NormalizedGaussian.of(CommonsRng.uniformRandomProvider(sequential));
        for (int i = 0; i < want.length; i++) {
            want[i] = s.sample();
        }
        double[] got = new double[want.length];
        ContinuousSampler t = ZigguratSampler.NormalizedGaussian.of(
                CommonsRng.uniformRandomProvider(Generator.of(RNG, start)));
        for (int i = 0; i < got.length; i++) {
            got[i] = t.sample();
        }
        assertArrayEquals(want, got);
        // another stream of the key gives other values
        ContinuousSampler other = ZigguratSampler.NormalizedGaussian.of(
                CommonsRng.uniformRandomProvider(Generator.of(RNG.stream(4), start)));
        assertNotEquals(want[0], other.sample());
        // the JDK's algorithms on the JDK view: deterministic in the position too
        assertArrayEquals(Generator.of(RNG, 11).asRandomGenerator().ints(64, 0, 1000).toArray(),
                Generator.of(RNG, 11).asRandomGenerator().ints(64, 0, 1000).toArray());
    }

    /**
     * Commons' gamma sampler (Marsaglia-Tsang, alpha = 2.5, theta = 1.5) on the view, 10^6 draws, seeded:
     * the sample mean and variance each within 5.5 standard errors (the variance's from the gamma's
     * fourth moment, excess kurtosis 6 / alpha), two-sided 3.8e-8 each; and Commons' ziggurat normal in
     * 40 equiprobable bins, chi-square (39 degrees of freedom) below its 1 - 10^-6 quantile 96.13. False
     * failure below 1.1e-6 in all. A view caught in a short cycle of words fails it (tried: a block cache
     * that kept only 6 bits of the block index, a 256-word cycle, moved the mean by 80 standard errors);
     * a wrong word order inside a long does not, and only the exact tests above catch it.
     */
    @Test
    void commonsSamplersOnAViewHaveTheirDistributions() {
        int n = 1_000_000;
        double alpha = 2.5;
        double theta = 1.5;
        ContinuousSampler gamma = AhrensDieterMarsagliaTsangGammaSampler.of(
                CommonsRng.uniformRandomProvider(Generator.seed(20261207)), alpha, theta);
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double x = gamma.sample();
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / n;
        double variance = (sumSq - n * mean * mean) / (n - 1);
        double sigma2 = alpha * theta * theta;
        assertEquals(alpha * theta, mean, 5.5 * Math.sqrt(sigma2 / n), "gamma mean");
        assertEquals(sigma2, variance, 5.5 * sigma2 * Math.sqrt((2 + 6 / alpha) / n), "gamma variance");

        int bins = 40;
        double[] edges = new double[bins - 1];
        for (int k = 1; k < bins; k++) {
            edges[k - 1] = (double) k / bins;
        }
        edges = NormalF64.of(0.0, 1.0).icdf(edges);
        long[] counts = new long[bins];
        ContinuousSampler normal = ZigguratSampler.NormalizedGaussian.of(
                CommonsRng.uniformRandomProvider(Generator.seed(20261208)));
        for (int i = 0; i < n; i++) {
            double z = normal.sample();
            int lo = 0;
            int hi = bins - 1;
            while (lo < hi) {  // the first bin whose upper edge is above z
                int mid = (lo + hi) >>> 1;
                if (z < edges[mid]) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            counts[lo]++;
        }
        double expected = (double) n / bins;
        double chi2 = 0;
        for (long c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        assertTrue(chi2 < 96.13, "normal chi-square over 40 bins " + chi2);
    }

    /**
     * Commons RNG is optional: in a class loader that has simdist's classes but not Commons, the JDK view
     * works and only {@link CommonsRng} fails, with {@link NoClassDefFoundError}.
     */
    @Test
    void theJdkViewNeedsNoCommonsJar() throws Exception {
        URL classes = Generator.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader alone = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> alone.loadClass(UniformRandomProvider.class.getName()));
            Class<?> generator = alone.loadClass(Generator.class.getName());
            Object g = generator.getMethod("seed", long.class).invoke(null, 7L);
            RandomGenerator r = (RandomGenerator) generator.getMethod("asRandomGenerator").invoke(g);
            assertEquals(Philox4x32.of(7).word(0), r.nextInt());
            Class<?> commons = alone.loadClass(CommonsRng.class.getName());
            // reflection may fail resolving the signature, or the call may fail linking the class
            Throwable t = assertThrows(Throwable.class,
                    () -> commons.getMethod("uniformRandomProvider", generator).invoke(null, g));
            Throwable cause = t instanceof InvocationTargetException ? t.getCause() : t;
            assertTrue(cause instanceof NoClassDefFoundError, String.valueOf(cause));
        }
    }
}
