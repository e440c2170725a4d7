package io.simdist.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simdist.TestProviders;
import io.simdist.rng.Philox4x32;
import io.simdist.simd.Backends;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A small Bernoulli call gives exactly the bits of the bulk path: the public entry points
 * ({@link Bernoullis}, {@link BernoulliGradients}, which run calls of at most {@link SmallWords#MAX}
 * elements on {@link SmallBernoulli}) against each provider's bulk kernels, called directly, at the same
 * (key, stream, index). Every length from 1 to 70 (both sides of {@link SmallWords#MAX}), every start
 * index modulo 64 (every position in a Philox block and in a vector of any width), scalar and per-column
 * probabilities, relaxed and straight-through draws, stored and recomputed noise, with and without
 * {@code +=}; nothing outside the written range changes. Runs once per forced vector width (surefire
 * executions vector-128/256/512).
 */
@Tag("providers")
class SmallBernoulliTest {
    private static final Philox4x32 RNG = Philox4x32.of(0xB3A_5A11_CA11L).stream(29);
    private static final long KEY = RNG.key();
    private static final long STREAM = RNG.streamId();
    private static final long BASE = (1L << 33) + 704;  // counter words beyond 32 bits
    private static final int MAX_LENGTH = 70;
    private static final int OFFSETS = 64;
    /** Guard cells on each side of every output. */
    private static final int GUARD = 2;
    private static final float FLOAT_GUARD = Float.intBitsToFloat(0x7fc0dead);
    /** Edges of the unsigned comparison and a few in between, as {@link ProviderEqualityTest}'s. */
    private static final long[] THRESHOLDS = {0, 1, (1L << 31) - 1, 1L << 31, (1L << 31) + 1, 0x1234_5678L,
        (1L << 32) - 1, Bernoullis.ALWAYS};

    private static byte[] bytes(int len) {
        byte[] a = new byte[len + 2 * GUARD];
        Arrays.fill(a, (byte) 7);
        return a;
    }

    private static float[] floats(int len) {
        float[] a = new float[len + 2 * GUARD];
        Arrays.fill(a, FLOAT_GUARD);
        return a;
    }

    private static void assertSameBits(String what, float[] want, float[] got) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                throw new AssertionError(what + ": position " + i + " of " + want.length + ": bulk " + want[i]
                        + ", small " + got[i]);
            }
        }
    }

    @Test
    void scalarProbabilityDrawsEqualTheBulkKernelsOfEveryProvider() {
        int span = MAX_LENGTH + OFFSETS;
        for (long t : THRESHOLDS) {
            Bernoullis.Thresholds th = Bernoullis.Thresholds.ofProb(t * 0x1p-32);
            assertEquals(t, th.threshold(0));
            for (KernelProvider p : TestProviders.all()) {
                byte[] bulkB = bytes(span);
                float[] bulkF = floats(span);
                p.bernoulliBytes(KEY, STREAM, BASE, t, bulkB, GUARD, span);
                p.bernoulliFloats(KEY, STREAM, BASE, t, bulkF, GUARD, span);
                for (int len = 1; len <= MAX_LENGTH; len++) {
                    for (int o = 0; o < OFFSETS; o++) {
                        String what = p.name() + " t=" + t + " len " + len + " offset " + o;
                        byte[] wantB = bytes(len);
                        System.arraycopy(bulkB, GUARD + o, wantB, GUARD, len);
                        float[] wantF = floats(len);
                        System.arraycopy(bulkF, GUARD + o, wantF, GUARD, len);
                        byte[] b = bytes(len);
                        Bernoullis.fill(RNG, BASE + o, th, b, GUARD, len);
                        assertArrayEquals(wantB, b, what + " bytes");
                        b = bytes(len);
                        Bernoullis.fill(RNG, BASE + o, t * 0x1p-32, b, GUARD, len);
                        assertArrayEquals(wantB, b, what + " bytes of p");
                        float[] f = floats(len);
                        Bernoullis.fill(RNG, BASE + o, th, f, GUARD, len);
                        assertSameBits(what + " floats", wantF, f);
                    }
                }
            }
        }
    }

    @Test
    void perColumnProbabilityDrawsEqualTheBulkKernelsOfEveryProvider() {
        SplittableRandom r = new SplittableRandom(0x5BE);
        for (int columns : new int[] {1, 2, 3, 6, 7, 16, 17, 64, 70}) {
            float[] probs = new float[columns];
            for (int d = 0; d < columns; d++) {
                probs[d] = switch (r.nextInt(4)) {
                    case 0 -> r.nextBoolean() ? 0f : 1f;
                    case 1 -> (float) (r.nextDouble() * 1e-6);
                    default -> (float) r.nextDouble();
                };
            }
            Bernoullis.Thresholds th = Bernoullis.Thresholds.ofProbs(probs);
            for (KernelProvider p : TestProviders.all()) {
                for (int len = columns; len <= MAX_LENGTH; len += columns) {
                    long[] each = new long[len];
                    for (int j = 0; j < len; j++) {
                        each[j] = th.threshold(j % columns);
                    }
                    for (int o = 0; o < OFFSETS; o++) {
                        String what = p.name() + " D=" + columns + " len " + len + " offset " + o;
                        byte[] wantB = bytes(len);
                        p.bernoulliBytes(KEY, STREAM, BASE + o, each, 0, wantB, GUARD, len);
                        float[] wantF = floats(len);
                        p.bernoulliFloats(KEY, STREAM, BASE + o, each, 0, wantF, GUARD, len);
                        byte[] b = bytes(len);
                        Bernoullis.fill(RNG, BASE + o, th, b, GUARD, len);
                        assertArrayEquals(wantB, b, what + " bytes");
                        float[] f = floats(len);
                        Bernoullis.fill(RNG, BASE + o, th, f, GUARD, len);
                        assertSameBits(what + " floats", wantF, f);
                    }
                }
            }
        }
    }

    @Test
    void onePackedLongEqualsTheBulkKernelOfEveryProvider() {
        for (long t : THRESHOLDS) {
            Bernoullis.Thresholds th = Bernoullis.Thresholds.ofProb(t * 0x1p-32);
            for (KernelProvider p : TestProviders.all()) {
                for (int longs = 0; longs <= 2; longs++) {
                    for (int o = 0; o < OFFSETS; o++) {
                        String what = p.name() + " t=" + t + " longs " + longs + " offset " + o;
                        long[] want = new long[longs + 2];
                        Arrays.fill(want, 0x5A5A5A5A5A5A5A5AL);
                        long[] got = want.clone();
                        p.bernoulliPacked(KEY, STREAM, BASE + o, t, want, 1, longs);
                        Bernoullis.fillPacked(RNG, BASE + o, th, got, 1, longs);
                        assertArrayEquals(want, got, what);
                    }
                }
            }
        }
    }

    /**
     * {batch, D} for every length 1 to 70: one row, and where the length has a divisor {@code 1 < d <=
     * sqrt(len)}, {@code d} columns (even lengths) or {@code d} rows (odd ones); a few single columns and
     * two-row shapes; and empty ones.
     */
    private static List<int[]> shapes() {
        List<int[]> shapes = new ArrayList<>(List.of(new int[] {2, 1}, new int[] {17, 1}, new int[] {64, 1},
                new int[] {65, 1}, new int[] {2, 32}, new int[] {2, 35}));
        for (int len = 1; len <= MAX_LENGTH; len++) {
            shapes.add(new int[] {1, len});
            for (int d = (int) Math.sqrt(len); d > 1; d--) {
                if (len % d == 0) {
                    shapes.add(len % 2 == 0 ? new int[] {len / d, d} : new int[] {d, len / d});
                    break;
                }
            }
        }
        shapes.add(new int[] {0, 1});
        shapes.add(new int[] {0, 9});
        shapes.add(new int[] {0, 100});
        return shapes;
    }

    @Test
    void relaxedForwardAndBackwardEqualTheBulkKernelsOfEveryProvider() {
        SplittableRandom r = new SplittableRandom(0x5BE2);
        float[] temperatures = {0.7f, 1f, 3f, 1e-30f};
        for (KernelProvider p : TestProviders.all()) {
            for (int[] shape : shapes()) {
                int batch = shape[0];
                int dim = shape[1];
                int n = batch * dim;
                for (int o = 0; o < OFFSETS; o++) {
                    long index = BASE + o;
                    float[] logits = BernoulliGradientsEqualityTest.logits(r, dim);
                    float t = temperatures[r.nextInt(temperatures.length)];
                    String what = p.name() + " " + batch + "x" + dim + " index " + index + " T=" + t;
                    float[][] kept = relaxedForwardsAgree(p, what, index, logits, t, batch, n);
                    float[] noise = kept[0];
                    float[] gradY = BernoulliGradientsEqualityTest.gaussians(r, n, 1);
                    for (int i = 0; i < n; i += 5) {
                        gradY[i] = r.nextBoolean() ? 0f : -0f;  // signed zeros: the sums must start as the bulk's
                    }
                    float[] prior = BernoulliGradientsEqualityTest.gaussians(r, dim + 1, 1);
                    prior[r.nextInt(dim)] = -0f;
                    for (boolean acc : new boolean[] {false, true}) {
                        for (float[] stored : new float[][] {null, noise}) {
                            String how = what + (stored == null ? " recomputed" : " stored") + " accumulate=" + acc;
                            float[] want = prior.clone();
                            float wantT = p.relaxedBernoulliBackward(KEY, STREAM, index, logits, t, batch, gradY,
                                    stored, want, acc);
                            float[] got = prior.clone();
                            float gotT = BernoulliGradients.relaxedBackward(RNG, index, logits, t, batch, gradY, stored,
                                    got, acc);
                            assertSameBits(how + " gradLogits", want, got);
                            assertSameBits(how + " dL/dT", new float[] {wantT}, new float[] {gotT});
                            // reading the forward pass's exponentials instead of computing them: the same bits,
                            // on the small path and on the provider's bulk kernels
                            got = prior.clone();
                            gotT = BernoulliGradients.relaxedBackward(RNG, index, logits, t, batch, gradY, stored,
                                    kept[1], got, acc);
                            assertSameBits(how + " squash kept, gradLogits", want, got);
                            assertSameBits(how + " squash kept, dL/dT", new float[] {wantT}, new float[] {gotT});
                            got = prior.clone();
                            gotT = p.relaxedBernoulliBackward(KEY, STREAM, index, logits, t, batch, gradY, stored,
                                    kept[1], got, acc);
                            assertSameBits(how + " squash kept, bulk gradLogits", want, got);
                            assertSameBits(how + " squash kept, bulk dL/dT", new float[] {wantT}, new float[] {gotT});
                        }
                    }
                }
            }
        }
    }

    /**
     * Checks the relaxed and straight-through forwards, with and without noise and kept exponentials;
     * returns the stored noise and the kept exponentials.
     */
    private static float[][] relaxedForwardsAgree(KernelProvider p, String what, long index, float[] logits,
            float t, int batch, int n) {
        float[] want = new float[n + 1];
        float[] wantNoise = new float[n + 1];
        Arrays.fill(want, FLOAT_GUARD);
        Arrays.fill(wantNoise, FLOAT_GUARD);
        p.relaxedBernoulliForward(KEY, STREAM, index, logits, t, batch, want, false, wantNoise);
        float[] got = new float[n + 1];
        float[] gotNoise = new float[n + 1];
        Arrays.fill(got, FLOAT_GUARD);
        Arrays.fill(gotNoise, FLOAT_GUARD);
        BernoulliGradients.relaxedRsample(RNG, index, logits, t, batch, got, gotNoise);
        assertSameBits(what + " relaxed", want, got);
        assertSameBits(what + " noise", wantNoise, gotNoise);
        Arrays.fill(got, FLOAT_GUARD);
        BernoulliGradients.relaxedRsample(RNG, index, logits, t, batch, got);
        assertSameBits(what + " relaxed, no noise", want, got);
        // the kept exponentials: exp(-|z|) of each relaxed argument, on the small path and the bulk kernels
        float[] wantSquash = new float[n + 1];
        Arrays.fill(wantSquash, FLOAT_GUARD);
        float invT = 1f / t;
        for (int i = 0; i < n; i++) {
            wantSquash[i] = Elementary.exp(-Math.abs((logits[i % logits.length] + wantNoise[i]) * invT));
        }
        float[] gotSquash = new float[n + 1];
        Arrays.fill(gotSquash, FLOAT_GUARD);
        Arrays.fill(got, FLOAT_GUARD);
        BernoulliGradients.relaxedRsample(RNG, index, logits, t, batch, got, null, gotSquash);
        assertSameBits(what + " relaxed, squash kept", want, got);
        assertSameBits(what + " squash", wantSquash, gotSquash);
        Arrays.fill(gotSquash, FLOAT_GUARD);
        Arrays.fill(got, FLOAT_GUARD);
        p.relaxedBernoulliForward(KEY, STREAM, index, logits, t, batch, got, false, null, gotSquash);
        assertSameBits(what + " bulk relaxed, squash kept", want, got);
        assertSameBits(what + " bulk squash", wantSquash, gotSquash);

        float[] wantHard = new float[n + 1];
        Arrays.fill(wantHard, FLOAT_GUARD);
        p.relaxedBernoulliForward(KEY, STREAM, index, logits, 1f, batch, wantHard, true, null);
        Arrays.fill(got, FLOAT_GUARD);
        Arrays.fill(gotNoise, FLOAT_GUARD);
        BernoulliGradients.straightThroughRsample(RNG, index, logits, batch, got, gotNoise);
        assertSameBits(what + " straight-through", wantHard, got);
        assertSameBits(what + " straight-through noise", wantNoise, gotNoise);
        Arrays.fill(got, FLOAT_GUARD);
        BernoulliGradients.straightThroughRsample(RNG, index, logits, batch, got);
        assertSameBits(what + " straight-through, no noise", wantHard, got);
        return new float[][] {Arrays.copyOf(wantNoise, n), Arrays.copyOf(wantSquash, n)};
    }

    @Test
    void gradientsAreSummedInTheBulkOrderWhereTheOrderChangesTheSum() {
        // With logits 0 and T = 1 the stored noise is z itself, so the terms can be chosen: +a, a tiny one
        // and -a. In the fixed order (features, then rows, increasing) the tiny term is absorbed by +a and
        // the sum is 0; in an order that adds -a first it survives.
        float[][] featureCases = {
            {2f, 1f, -2f}, {1f, 1e-30f, 1f},                      // one group: +a, tiny, -a
            {0.5f, 0f, 2f, 0f, 1f, -2f}, {0f, 0f, 1f, 0f, 1e-30f, 1f},  // two groups: +a, tiny (next group), -a
        };
        for (int c = 0; c < featureCases.length; c += 2) {
            float[] z = featureCases[c];
            float[] gradY = featureCases[c + 1];
            float[] logits = new float[z.length];
            assertGradientsAgree("features " + Arrays.toString(z), logits, 1, gradY, z);
        }
        // one feature, three rows: +g, tiny, -g
        assertGradientsAgree("rows", new float[1], 3, new float[] {1f, 1e-30f, -1f}, new float[] {0.5f, 0.5f, 0.5f});
        assertGradientsAgree("rows, two features", new float[2], 3, new float[] {1f, 0f, 1e-30f, 0f, -1f, 0f},
                new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f});
    }

    private static void assertGradientsAgree(String what, float[] logits, int batch, float[] gradY, float[] noise) {
        float[] want = new float[logits.length];
        float wantT = Backends.scalar().relaxedBernoulliBackward(KEY, STREAM, 0, logits, 1f, batch, gradY, noise,
                want, false);
        // the sum the case is built for: dL/dT over the features of one row, feature 0's gradient over rows
        float cancelled = batch == 1 ? wantT : want[0];
        assertEquals(0, Float.floatToRawIntBits(cancelled) & 0x7fffffff,
                what + ": the fixed order cancels the large terms (else this case tests nothing)");
        for (KernelProvider p : TestProviders.all()) {
            float[] bulk = new float[logits.length];
            float bulkT = p.relaxedBernoulliBackward(KEY, STREAM, 0, logits, 1f, batch, gradY, noise, bulk, false);
            float[] got = new float[logits.length];
            float gotT = BernoulliGradients.relaxedBackward(RNG, 0, logits, 1f, batch, gradY, noise, got, false);
            assertSameBits(p.name() + " " + what + " bulk gradLogits", want, bulk);
            assertSameBits(p.name() + " " + what + " gradLogits", want, got);
            assertSameBits(p.name() + " " + what + " dL/dT", new float[] {wantT, wantT}, new float[] {bulkT, gotT});
        }
    }

    @Test
    void outputsThatAliasInputsGiveTheBitsOfSeparateArrays() {
        // one row: y, the noise or the gradient may be the logits or dL/dy array, as the checks allow; the
        // bulk path reads a whole chunk before writing it, so the small path must read before it writes
        SplittableRandom r = new SplittableRandom(0xA11A5);
        for (KernelProvider p : TestProviders.all()) {
            for (int dim : new int[] {1, 5, 6, 17, 64}) {
                float[] logits = BernoulliGradientsEqualityTest.logits(r, dim);
                float[] want = new float[dim];
                float[] wantNoise = new float[dim];
                p.relaxedBernoulliForward(KEY, STREAM, BASE, logits, 0.5f, 1, want, false, wantNoise);
                float[] y = logits.clone();
                BernoulliGradients.relaxedRsample(RNG, BASE, y, 0.5f, 1, y);
                assertSameBits(p.name() + " D=" + dim + " y over the logits", want, y);
                float[] noise = logits.clone();
                y = new float[dim];
                BernoulliGradients.relaxedRsample(RNG, BASE, noise, 0.5f, 1, y, noise);
                assertSameBits(p.name() + " D=" + dim + " noise over the logits", wantNoise, noise);
                assertSameBits(p.name() + " D=" + dim + " y, the noise over the logits", want, y);

                float[] gradY = BernoulliGradientsEqualityTest.gaussians(r, dim, 1);
                float[] wantGrad = new float[dim];
                float wantT = p.relaxedBernoulliBackward(KEY, STREAM, BASE, logits, 0.5f, 1, gradY, null, wantGrad,
                        false);
                float[] inPlace = gradY.clone();
                float gotT = BernoulliGradients.relaxedBackward(RNG, BASE, logits, 0.5f, 1, inPlace, inPlace, false);
                assertSameBits(p.name() + " D=" + dim + " gradient over dL/dy", wantGrad, inPlace);
                assertSameBits(p.name() + " D=" + dim + " dL/dT, gradient over dL/dy", new float[] {wantT},
                        new float[] {gotT});
                float[] overLogits = logits.clone();
                gotT = BernoulliGradients.relaxedBackward(RNG, BASE, overLogits, 0.5f, 1, gradY, overLogits, false);
                assertSameBits(p.name() + " D=" + dim + " gradient over the logits", wantGrad, overLogits);
                assertSameBits(p.name() + " D=" + dim + " dL/dT, gradient over the logits", new float[] {wantT},
                        new float[] {gotT});
            }
        }
    }
}
