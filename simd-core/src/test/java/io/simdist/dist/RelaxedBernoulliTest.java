package io.simdist.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.kernels.BernoulliGradients;
import io.simdist.kernels.NormalRsample.EpsPolicy;
import io.simdist.rng.Philox4x32;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The relaxed Bernoulli facade: the kernel's draws, sample versus rsample, gradients, straight-through. */
class RelaxedBernoulliTest {
    private static final float[] LOGITS = {-1.5f, 0.3f, 2f};
    private static final float T = 0.7f;

    @Test
    void sampleAndRsampleAreTheKernelsDrawsAtTheGeneratorsPosition() {
        for (RelaxedBernoulli rb : new RelaxedBernoulli[] {RelaxedBernoulli.ofLogits(T, LOGITS),
            RelaxedBernoulli.ofLogits(T, LOGITS).straightThrough()}) {
            for (int batch : new int[] {0, 1, 7, 100}) {
                int n = batch * 3;
                float[] ref = new float[n];
                if (rb.isStraightThrough()) {
                    BernoulliGradients.straightThroughRsample(Philox4x32.of(8), 5, LOGITS, batch, ref);
                } else {
                    BernoulliGradients.relaxedRsample(Philox4x32.of(8), 5, LOGITS, T, batch, ref);
                }
                Generator g = Generator.seed(8);
                g.skip(5);
                Generator g2 = g.copy();
                Generator g3 = g.copy();
                assertArrayEquals(ref, rb.sample(g, batch), rb + " sample " + batch);
                RelaxedBernoulli.Sample s = rb.rsample(g2, batch);
                assertArrayEquals(ref, s.values(), rb + " rsample " + batch);
                float[] dst = new float[n + 4];
                Arrays.fill(dst, -9f);
                rb.sample(g3, batch, dst, 2);
                assertArrayEquals(ref, Arrays.copyOfRange(dst, 2, 2 + n));
                assertEquals(-9f, dst[1]);
                assertEquals(-9f, dst[n + 2]);
                assertEquals(5 + n, g.position(), "one word per element");
                assertEquals(5 + n, g2.position());
                assertEquals(5 + n, g3.position());
                assertEquals(5, s.index());
                assertEquals(batch, s.batch());
                assertEquals(3, s.features());
            }
        }
    }

    /** {@code sum_i w_i y_i} in double, for a draw at position 3 of seed 13. */
    private static double loss(RelaxedBernoulli rb, float[] w, int batch) {
        Generator g = Generator.seed(13);
        g.skip(3);
        float[] y = rb.rsample(g, batch).values();
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += (double) w[i] * y[i];
        }
        return sum;
    }

    @Test
    void rsampleGradientMatchesFiniteDifferences() {
        // For fixed noise y is smooth in the logits and T: central differences with step h have error
        // O(h^2) ~ 1e-5 here, and the float rounding of 60 values, ~1e-7 each, adds ~1e-5 / h.
        int batch = 20;
        float[] w = new float[batch * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7) / 3f - 1f;
        }
        RelaxedBernoulli rb = RelaxedBernoulli.ofLogits(T, LOGITS);
        Generator g = Generator.seed(13);
        g.skip(3);
        RelaxedBernoulli.Grad grad = rb.rsample(g, batch).backward(w);
        float h = 1e-2f;
        for (int d = 0; d < 3; d++) {
            float[] up = LOGITS.clone();
            float[] down = LOGITS.clone();
            up[d] += h;
            down[d] -= h;
            double fd = (loss(RelaxedBernoulli.ofLogits(T, up), w, batch)
                    - loss(RelaxedBernoulli.ofLogits(T, down), w, batch)) / (up[d] - down[d]);
            assertEquals(fd, grad.logits()[d], 2e-3 * (1 + Math.abs(fd)), "dL/dlogit " + d);
        }
        float ht = 5e-3f;
        double fdT = (loss(RelaxedBernoulli.ofLogits(T + ht, LOGITS), w, batch)
                - loss(RelaxedBernoulli.ofLogits(T - ht, LOGITS), w, batch)) / ((T + ht) - (T - ht));
        assertEquals(fdT, grad.temperature(), 2e-3 * (1 + Math.abs(fdT)), "dL/dT");
        assertTrue(Math.abs(fdT) > 0.1, "the check is not vacuous: " + fdT);
    }

    @Test
    void backwardIntoCallerArraysOverwritesOrAccumulatesAndAnyRepeatGivesTheSameBits() {
        RelaxedBernoulli rb = RelaxedBernoulli.ofProbs(0.5f, new float[] {0.2f, 0.9f});
        Generator g = Generator.seed(3);
        RelaxedBernoulli.Sample s = rb.rsample(g, 50);
        rb.sample(g, 10);
        float[] dy = new float[100];
        Arrays.fill(dy, 1f);
        RelaxedBernoulli.Grad a = s.backward(dy);
        float[] gl = {100f, 100f};
        assertEquals(a.temperature(), s.backward(dy, gl, false));
        assertArrayEquals(a.logits(), gl);
        float[] acc = {1f, -1f};
        s.backward(dy, acc, true);
        assertEquals((float) (1.0 + a.logits()[0]), acc[0], Math.ulp(acc[0]));
        assertEquals((float) (-1.0 + a.logits()[1]), acc[1], Math.ulp(acc[1]));
        RelaxedBernoulli.Grad st = rb.straightThrough().rsample(Generator.seed(3), 50).backward(dy);
        assertArrayEquals(a.logits(), st.logits(), "straight-through backward is the relaxed one");
        assertEquals(a.temperature(), st.temperature());
    }

    @Test
    void storedNoiseGivesTheRecomputedValuesAndGradients() {
        RelaxedBernoulli rb = RelaxedBernoulli.ofLogits(T, LOGITS);
        float[] dy = new float[3 * 400];
        for (int i = 0; i < dy.length; i++) {
            dy[i] = (i % 7) - 3f;
        }
        for (RelaxedBernoulli dist : new RelaxedBernoulli[] {rb, rb.straightThrough()}) {
            Generator g1 = Generator.seed(21);
            Generator g2 = Generator.seed(21);
            RelaxedBernoulli.Sample recomputed = dist.rsample(g1, 400);
            RelaxedBernoulli.Sample stored = dist.rsample(g2, 400, EpsPolicy.STORE);
            assertEquals(EpsPolicy.RECOMPUTE, recomputed.policy());
            assertEquals(EpsPolicy.STORE, stored.policy());
            assertEquals(g1.position(), g2.position(), "the same words consumed");
            assertArrayEquals(recomputed.values(), stored.values());
            RelaxedBernoulli.Grad a = recomputed.backward(dy);
            RelaxedBernoulli.Grad b = stored.backward(dy);
            assertArrayEquals(a.logits(), b.logits(), dist.toString());
            assertEquals(Float.floatToRawIntBits(a.temperature()), Float.floatToRawIntBits(b.temperature()));
        }
        assertThrows(NullPointerException.class, () -> rb.rsample(Generator.seed(1), 2, null));
    }

    @Test
    void straightThroughValuesAreHardAndAgreeWithTheRelaxedValues() {
        RelaxedBernoulli rb = RelaxedBernoulli.ofLogits(0.25f, LOGITS);
        RelaxedBernoulli st = rb.straightThrough();
        assertSame(st, st.straightThrough());
        assertTrue(st.hasRsample());
        int batch = 20_000;
        float[] soft = rb.sample(Generator.seed(17), batch);
        float[] hard = st.rsample(Generator.seed(17), batch).values();
        int[] ones = new int[3];
        for (int i = 0; i < hard.length; i++) {
            assertTrue(hard[i] == 0f || hard[i] == 1f, "hard[" + i + "] = " + hard[i]);
            if (soft[i] != 0.5f) {
                assertEquals(soft[i] > 0.5f ? 1f : 0f, hard[i], "element " + i + ", relaxed " + soft[i]);
            }
            ones[i % 3] += (int) hard[i];
        }
        // P(1) = sigmoid(logit); 20000 draws, sd <= 0.0036: 5 sigma fails by chance with p < 1e-6 (seed 17).
        float[] p = rb.probs();
        for (int d = 0; d < 3; d++) {
            double sd = Math.sqrt(p[d] * (1 - p[d]) / batch);
            assertEquals(p[d], ones[d] / (double) batch, 5 * sd, "frequency of ones, feature " + d);
        }
    }

    @Test
    void probabilitiesBecomeLogitsAndStatisticsAreTheParameters() {
        RelaxedBernoulli rb = RelaxedBernoulli.ofProbs(2f, new float[] {0.25f, 0.5f, Float.MIN_VALUE});
        assertEquals(3, rb.features());
        assertEquals(2f, rb.temperature());
        assertTrue(rb.hasRsample());
        float[] l = rb.logits();
        assertEquals(Math.log(1 / 3.0), l[0], 1e-6);
        assertEquals(0f, l[1]);
        assertTrue(Float.isFinite(l[2]) && l[2] < -100, "logit of the smallest p: " + l[2]);
        assertArrayEquals(new float[] {0.25f, 0.5f}, Arrays.copyOf(rb.probs(), 2), 1e-7f);
        assertArrayEquals(RelaxedBernoulli.ofLogits(2f, l).sample(Generator.seed(1), 9),
                rb.sample(Generator.seed(1), 9));
        assertArrayEquals(new float[] {0.3f}, RelaxedBernoulli.ofLogits(1f, 0.3f).logits());
        assertEquals(1, RelaxedBernoulli.ofProbs(1f, 0.3f).features());
    }

    /** The README's snippet, as written there (with dL/dy = y, the gradient of sum y^2 / 2). */
    @Test
    void theReadmeSnippetRuns() {
        Generator g = Generator.seed(42);
        RelaxedBernoulli gate = RelaxedBernoulli.ofLogits(0.5f, new float[] {-1f, 0f, 2f}); // T = 0.5, D = 3
        RelaxedBernoulli.Sample y = gate.rsample(g, 64);      // [64 x 3] in [0, 1]; 192 words
        float[] dy = y.values().clone();                      // dL/dy from the model
        RelaxedBernoulli.Grad grad = y.backward(dy);          // noise recomputed, nothing stored
        float[] dLogits = grad.logits();                      // [3]
        float dT = grad.temperature();
        float[] hard = gate.straightThrough().rsample(g, 64).values(); // exact 0/1, relaxed backward

        assertEquals(192, y.values().length);
        assertEquals(3, dLogits.length);
        assertTrue(Float.isFinite(dT));
        assertEquals(384, g.position());
        assertEquals(192, hard.length);
    }

    /** The facade's index-to-word mapping, pinned: a fixed program of relaxed draws and backward passes. */
    @Test
    void aFixedProgramGivesThePinnedValues() {
        List<Object> out = new ArrayList<>();
        Generator g = Generator.seed(0x5EED_2026L).stream(9);
        RelaxedBernoulli rb = RelaxedBernoulli.ofLogits(0.6f, new float[] {-2f, 0.1f, 1.7f});
        out.add(rb.sample(g, 101));
        RelaxedBernoulli.Sample s = rb.rsample(g, 77);
        out.add(s.values());
        float[] dy = new float[s.values().length];
        for (int i = 0; i < dy.length; i++) {
            dy[i] = (i % 5) - 2f;
        }
        RelaxedBernoulli.Grad gr = s.backward(dy);
        out.add(gr.logits());
        out.add(new float[] {gr.temperature()});
        g.skip(1);
        out.add(rb.straightThrough().sample(g, 64));
        out.add(new long[] {g.position()});
        assertEquals(PINNED, ReproducibilityTest.hash(out));
    }

    /** Since 2026-11-30 the noise is {@code log(u / (1 - u))}, one log (before: {@code log u - log1p(-u)}). */
    private static final String PINNED = "c78899273deb8edcb6841838980e152db7c7295e1ce5f9dae50be73cec33a721";
}
