package io.simdist.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.kernels.NormalRsample.EpsPolicy;
import io.simdist.rng.Philox4x32;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A reusable relaxed Bernoulli sample ({@code newSample}, then {@code rsample(g, into)} per call) is the
 * allocating {@code rsample(g, batch, policy)} in place: the same values, stored noise, words consumed
 * and gradients, for the relaxed and the straight-through variant, small (one row) and bulk batches; and
 * after a refill its backward pass is that of the new draw.
 */
class RelaxedBernoulliReuseTest {
    private static final float[] LOGITS = {-1.5f, 0.3f, 2f, 0f, -0.2f, 4f};

    private static float[] gradY(int n, float scale) {
        float[] dy = new float[n];
        for (int i = 0; i < n; i++) {
            dy[i] = scale * ((i % 5) - 2f);
        }
        return dy;
    }

    private static void assertSameGradients(String what, RelaxedBernoulli.Sample want, RelaxedBernoulli.Sample got,
            float[] dy) {
        for (boolean acc : new boolean[] {false, true}) {
            float[] wantLogits = {0.5f, -0f, 2f, -1f, 0f, 3f};
            float[] gotLogits = wantLogits.clone();
            float wantT = want.backward(dy, wantLogits, acc);
            float gotT = got.backward(dy, gotLogits, acc);
            assertArrayEquals(wantLogits, gotLogits, what + " gradLogits, accumulate=" + acc);
            assertEquals(Float.floatToRawIntBits(wantT), Float.floatToRawIntBits(gotT), what + " dL/dT");
        }
    }

    @Test
    void aRefilledSampleIsTheAllocatingRsampleInPlace() {
        RelaxedBernoulli rb = RelaxedBernoulli.ofLogits(0.6f, LOGITS);
        for (RelaxedBernoulli dist : new RelaxedBernoulli[] {rb, rb.straightThrough()}) {
            for (EpsPolicy policy : EpsPolicy.values()) {
                for (int batch : new int[] {0, 1, 10, 11, 300}) {
                    String what = dist + " " + policy + " batch " + batch;
                    Generator fresh = Generator.seed(44);
                    fresh.skip(7);
                    Generator reused = fresh.copy();
                    RelaxedBernoulli.Sample into = dist.newSample(batch, policy);
                    assertEquals(batch, into.batch(), what);
                    assertEquals(LOGITS.length, into.features(), what);
                    assertEquals(policy, into.policy(), what);
                    float[] values = into.values();
                    float[] noise = into.noise();
                    for (int round = 0; round < 3; round++) {
                        RelaxedBernoulli.Sample want = dist.rsample(fresh, batch, policy);
                        dist.rsample(reused, into);
                        String at = what + " round " + round;
                        assertSame(values, into.values(), at + ": the sample's own array");
                        assertSame(noise, into.noise(), at + ": the sample's own noise");
                        assertArrayEquals(want.values(), into.values(), at + " values");
                        if (policy == EpsPolicy.STORE) {
                            assertArrayEquals(want.noise(), into.noise(), at + " noise");
                        } else {
                            assertNull(into.noise(), at);
                        }
                        assertEquals(fresh.position(), reused.position(), at + " words consumed");
                        assertEquals(want.index(), into.index(), at + " index");
                        assertSameGradients(at, want, into, gradY(batch * LOGITS.length, 1f + round));
                    }
                }
            }
        }
    }

    @Test
    void backwardOfARefilledSampleUsesItsNewDraw() {
        RelaxedBernoulli rb = RelaxedBernoulli.ofLogits(0.8f, LOGITS);
        for (EpsPolicy policy : EpsPolicy.values()) {
            for (int batch : new int[] {1, 40}) {
                Generator g = Generator.seed(5);
                RelaxedBernoulli.Sample into = rb.newSample(batch, policy);
                float[] dy = gradY(batch * LOGITS.length, 1f);
                rb.rsample(g, into);
                float[] first = new float[LOGITS.length];
                float firstT = into.backward(dy, first, false);
                long second = g.position();
                rb.rsample(g, into);
                assertEquals(second, into.index(), "the sample points at its new draw");
                float[] got = new float[LOGITS.length];
                float gotT = into.backward(dy, got, false);
                // the same draw made afresh at that position, on another generator
                RelaxedBernoulli.Sample want = rb.rsample(Generator.of(Philox4x32.of(5), second), batch, policy);
                RelaxedBernoulli.Grad w = want.backward(dy);
                assertArrayEquals(w.logits(), got, policy + " batch " + batch);
                assertEquals(w.temperature(), gotT);
                assertFalse(Arrays.equals(first, got) && firstT == gotT, "the two draws give different gradients");
            }
        }
    }

    @Test
    void aSampleOfAnotherDistributionOrANullIsRejectedBeforeAnythingMoves() {
        RelaxedBernoulli rb = RelaxedBernoulli.ofLogits(0.5f, new float[] {0f, 1f});
        RelaxedBernoulli same = RelaxedBernoulli.ofLogits(0.5f, new float[] {0f, 1f});
        Generator g = Generator.seed(9);
        g.skip(4);
        for (RelaxedBernoulli other : new RelaxedBernoulli[] {same, rb.straightThrough()}) {
            RelaxedBernoulli.Sample foreign = other.newSample(1, EpsPolicy.STORE);
            Arrays.fill(foreign.values(), -7f);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rb.rsample(g, foreign));
            assertTrue(e.getMessage().startsWith("into must be a sample of this distribution (" + rb + ")"),
                    e.getMessage());
            assertArrayEquals(new float[] {-7f, -7f}, foreign.values(), "nothing written");
            assertEquals(-1, foreign.index());
        }
        RelaxedBernoulli.Sample into = rb.newSample(2, EpsPolicy.RECOMPUTE);
        assertEquals("g", assertThrows(NullPointerException.class, () -> rb.rsample(null, into)).getMessage());
        assertEquals("into", assertThrows(NullPointerException.class, () -> rb.rsample(g, null)).getMessage());
        Generator nearEnd = Generator.of(Philox4x32.of(1), Long.MAX_VALUE - 3);
        assertThrows(IllegalStateException.class, () -> rb.rsample(nearEnd, into));
        assertEquals(Long.MAX_VALUE - 3, nearEnd.position());
        assertEquals(4, g.position());
        assertArrayEquals(new float[4], into.values(), "nothing written");
        assertThrows(IllegalStateException.class, () -> into.backward(new float[4], new float[2], false),
                "a sample holding no draw has no backward pass");
        assertEquals("policy", assertThrows(NullPointerException.class, () -> rb.newSample(1, null)).getMessage());
        assertEquals("batch must be >= 0, was -1",
                assertThrows(IllegalArgumentException.class, () -> rb.newSample(-1, EpsPolicy.STORE)).getMessage());
    }
}
