package io.simdist.kernels;

import io.simdist.TestProviders;
import io.simdist.simd.Backends;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every provider gives exactly the scalar reference's bits for every Bernoulli gradient kernel, over
 * awkward shapes (batch and D odd, below, at and above the lane counts and the 1024-element chunk and
 * tile), stream offsets, logits from tiny to huge and temperatures from 1e-30 to 1e30; and nothing
 * past the written range changes. Runs once per forced vector width.
 */
@Tag("providers")
class BernoulliGradientsEqualityTest {
    private static final KernelProvider REF = Backends.scalar();
    private static final long KEY = 0x0123_4567_89AB_CDEFL;
    private static final long STREAM = 0x5EED_0F_BE51L;
    /** {batch, D}. */
    private static final int[][] SHAPES = {{1, 1}, {1, 3}, {3, 13}, {1, 16}, {7, 17}, {1, 100}, {2, 207},
        {1, 1000}, {5, 1025}, {3, 2049}, {1100, 1}, {13, 3}, {300, 5}, {64, 16}, {1, 3001}, {4, 31}, {0, 4}};
    private static final long[] INDICES = {0, 1, 5, (1L << 32) - 3};
    private static final float[] TEMPERATURES = {1f, 0.05f, 0.5f, 7f, 1e-30f, 1e30f};
    private static final int GUARD = 5;

    /** Logits of every kind: central, large, huge, tiny and zero, either sign. */
    static float[] logits(SplittableRandom r, int d) {
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = switch (r.nextInt(8)) {
                case 0 -> (float) (r.nextDouble(-100, 100));
                case 1 -> (float) (r.nextBoolean() ? 1e30 : -1e30) * (float) r.nextDouble();
                case 2 -> (float) (r.nextGaussian() * 1e-20);
                case 3 -> 0f;
                default -> (float) (r.nextGaussian() * 3);
            };
        }
        return v;
    }

    static float[] gaussians(SplittableRandom r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return v;
    }

    static float[] samples(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(5) == 0 ? (float) r.nextDouble() : r.nextInt(2);
        }
        return v;
    }

    /** A destination of {@code n + GUARD} NaN-patterned cells. */
    private static float[] dest(int n) {
        float[] a = new float[n + GUARD];
        Arrays.fill(a, Float.intBitsToFloat(0x7fc0dead));
        return a;
    }

    private static void assertSameBits(String what, KernelProvider p, float[] want, float[] got) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                throw new AssertionError(p.name() + " " + what + ": position " + i + " of " + want.length
                        + ": reference " + want[i] + ", provider " + got[i]);
            }
        }
    }

    @Test
    void relaxedForwardAndBackwardEqualReference() {
        SplittableRandom r = new SplittableRandom(0xBE4);
        for (int[] shape : SHAPES) {
            int batch = shape[0];
            int n = batch * shape[1];
            float[] logits = logits(r, shape[1]);
            float[] gradY = gaussians(r, n, 1);
            float[] prior = gaussians(r, shape[1] + GUARD, 1);
            for (long index : INDICES) {
                for (float t : TEMPERATURES) {
                    String what = "batch=" + batch + " D=" + shape[1] + " index=" + index + " T=" + t;
                    float[] wantNoise = dest(n);
                    for (boolean hard : new boolean[] {false, true}) {
                        float[] want = dest(n);
                        REF.relaxedBernoulliForward(KEY, STREAM, index, logits, t, batch, want, hard, null);
                        float[] stored = dest(n);
                        REF.relaxedBernoulliForward(KEY, STREAM, index, logits, t, batch, stored, hard, wantNoise);
                        assertSameBits("reference storing the noise, hard=" + hard + " " + what, REF, want, stored);
                        for (KernelProvider p : TestProviders.all()) {
                            float[] got = dest(n);
                            p.relaxedBernoulliForward(KEY, STREAM, index, logits, t, batch, got, hard, null);
                            assertSameBits("forward hard=" + hard + " " + what, p, want, got);
                            float[] gotNoise = dest(n);
                            got = dest(n);
                            p.relaxedBernoulliForward(KEY, STREAM, index, logits, t, batch, got, hard, gotNoise);
                            assertSameBits("forward storing the noise, hard=" + hard + " " + what, p, want, got);
                            assertSameBits("stored noise, hard=" + hard + " " + what, p, wantNoise, gotNoise);
                        }
                    }
                    // the relaxed forward's kept exponentials, equal on every provider (chunk offsets included)
                    float[] wantSquash = dest(n);
                    REF.relaxedBernoulliForward(KEY, STREAM, index, logits, t, batch, dest(n), false, null, wantSquash);
                    for (KernelProvider p : TestProviders.all()) {
                        float[] gotSquash = dest(n);
                        p.relaxedBernoulliForward(KEY, STREAM, index, logits, t, batch, dest(n), false, null, gotSquash);
                        assertSameBits("kept exponentials " + what, p, wantSquash, gotSquash);
                    }
                    for (boolean acc : new boolean[] {false, true}) {
                        float[] want = prior.clone();
                        float wantT = REF.relaxedBernoulliBackward(KEY, STREAM, index, logits, t, batch, gradY, null,
                                want, acc);
                        float[] fromStored = prior.clone();
                        float storedT = REF.relaxedBernoulliBackward(KEY, STREAM, index, logits, t, batch, gradY,
                                wantNoise, fromStored, acc);
                        assertSameBits("reference from the stored noise, accumulate=" + acc + " " + what, REF, want,
                                fromStored);
                        assertSameBits("reference dL/dT from the stored noise " + what, REF, new float[] {wantT},
                                new float[] {storedT});
                        for (KernelProvider p : TestProviders.all()) {
                            for (float[] noise : new float[][] {null, wantNoise}) {
                                String how = (noise == null ? " recomputed" : " stored") + " accumulate=" + acc + " "
                                        + what;
                                float[] got = prior.clone();
                                float gotT = p.relaxedBernoulliBackward(KEY, STREAM, index, logits, t, batch, gradY,
                                        noise, got, acc);
                                assertSameBits("backward" + how, p, want, got);
                                assertSameBits("dL/dT" + how, p, new float[] {wantT}, new float[] {gotT});
                                got = prior.clone();
                                gotT = p.relaxedBernoulliBackward(KEY, STREAM, index, logits, t, batch, gradY, noise,
                                        wantSquash, got, acc);
                                assertSameBits("backward, exponentials kept," + how, p, want, got);
                                assertSameBits("dL/dT, exponentials kept," + how, p, new float[] {wantT},
                                        new float[] {gotT});
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void scoreLogProbAndEntropyEqualReference() {
        SplittableRandom r = new SplittableRandom(0x5C0);
        for (int[] shape : SHAPES) {
            int batch = shape[0];
            int d = shape[1];
            int n = batch * d;
            float[] logits = logits(r, d);
            float[] x = samples(r, n);
            float[] w = gaussians(r, n, 2);
            float[] prior = gaussians(r, d + GUARD, 1);
            String what = "batch=" + batch + " D=" + d;
            float[] score = dest(n);
            float[] logProb = dest(n);
            float[] h = dest(d);
            float[] dh = dest(d);
            REF.bernoulliScore(x, logits, batch, score);
            REF.bernoulliLogProb(x, logits, batch, logProb);
            REF.bernoulliEntropy(logits, h, dh);
            for (KernelProvider p : TestProviders.all()) {
                float[] got = dest(n);
                p.bernoulliScore(x, logits, batch, got);
                assertSameBits("score " + what, p, score, got);
                got = dest(n);
                p.bernoulliLogProb(x, logits, batch, got);
                assertSameBits("logProb " + what, p, logProb, got);
                float[] gotH = dest(d);
                float[] gotDh = dest(d);
                p.bernoulliEntropy(logits, gotH, gotDh);
                assertSameBits("entropy " + what, p, h, gotH);
                assertSameBits("entropy gradient " + what, p, dh, gotDh);
                gotH = dest(d);
                p.bernoulliEntropy(logits, gotH, null);
                assertSameBits("entropy without gradient " + what, p, h, gotH);
            }
            for (float[] weights : new float[][] {null, w}) {
                for (boolean acc : new boolean[] {false, true}) {
                    float[] want = prior.clone();
                    REF.bernoulliScoreGrad(x, weights, logits, batch, want, acc);
                    for (KernelProvider p : TestProviders.all()) {
                        float[] got = prior.clone();
                        p.bernoulliScoreGrad(x, weights, logits, batch, got, acc);
                        assertSameBits("score gradient weights=" + (weights != null) + " accumulate=" + acc + " "
                                + what, p, want, got);
                    }
                }
            }
        }
    }

    @Test
    void anyRowSliceOfTheForwardEqualsTheSameRowsOfOneCall() {
        SplittableRandom r = new SplittableRandom(0x511CE);
        int batch = 37;
        int d = 29;
        float[] logits = logits(r, d);
        for (KernelProvider p : TestProviders.all()) {
            float[] whole = new float[batch * d];
            p.relaxedBernoulliForward(KEY, STREAM, 11, logits, 0.7f, batch, whole, false, null);
            for (int from = 0; from < batch; from += 5) {
                int rows = Math.min(6, batch - from);
                float[] part = new float[rows * d];
                p.relaxedBernoulliForward(KEY, STREAM, 11 + (long) from * d, logits, 0.7f, rows, part, false, null);
                assertSameBits("rows " + from + ".." + (from + rows), p,
                        Arrays.copyOfRange(whole, from * d, (from + rows) * d), part);
            }
        }
    }
}
