package io.simdist.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.kernels.NormalRsample.EpsPolicy;
import org.junit.jupiter.api.Test;

/**
 * The allocation-free facade: a sample made once ({@code newRSample} / {@code newSample}) and refilled
 * per call by {@code rsample(g, into)} gives the values, the generator position and the gradients of
 * the allocating {@code rsample(g, batch, policy)}, for each policy and for small and bulk batches;
 * a refilled sample backpropagates its newest draw.
 */
class ReusableSampleTest {
    private static final float[] LOC = {0.5f, -1f, 2f, 0f, 0.25f, -0.75f};
    private static final float[] SCALE = {1f, 0.5f, 2f, 0.1f, 3f, 1.5f};

    @Test
    void refilledNormalSampleMatchesTheAllocatingDrawCallAfterCall() {
        Normal n = Normal.of(LOC, SCALE);
        for (EpsPolicy policy : EpsPolicy.values()) {
            for (int batch : new int[] {1, 3, 256}) {
                Generator a = Generator.seed(7);
                Generator b = Generator.seed(7);
                RSample reused = n.newRSample(batch, policy);
                float[] values = reused.values();
                assertEquals(policy, reused.policy());
                for (int call = 0; call < 4; call++) {
                    RSample fresh = n.rsample(a, batch, policy);
                    n.rsample(b, reused);
                    String what = policy + " batch " + batch + " call " + call;
                    assertSame(values, reused.values(), what + ": the sample's own array");
                    assertArrayEquals(fresh.values(), reused.values(), what);
                    assertEquals(a.position(), b.position(), what);
                    assertEquals(fresh.index(), reused.index(), what);
                    float[] dz = new float[batch * LOC.length];
                    for (int i = 0; i < dz.length; i++) {
                        dz[i] = (i % 5 - 2) * 0.3f + call;
                    }
                    Normal.Grad expected = fresh.backward(dz);
                    float[] gl = new float[LOC.length];
                    float[] gs = new float[LOC.length];
                    reused.backward(dz, gl, gs, false);
                    assertArrayEquals(expected.loc(), gl, what);
                    assertArrayEquals(expected.scale(), gs, what);
                }
            }
        }
    }

    @Test
    void refilledDoubleNormalSampleMatchesTheAllocatingDrawCallAfterCall() {
        double[] loc = {0.5, -1, 2};
        double[] scale = {1, 0.5, 2};
        NormalF64 n = NormalF64.of(loc, scale);
        for (EpsPolicy policy : EpsPolicy.values()) {
            for (int batch : new int[] {1, 5, 100}) {
                Generator a = Generator.seed(9);
                Generator b = Generator.seed(9);
                a.skip(1);  // an odd position: a double draw starts at the next even word
                b.skip(1);
                RSampleF64 reused = n.newRSample(batch, policy);
                double[] dz = new double[batch * loc.length];
                for (int i = 0; i < dz.length; i++) {
                    dz[i] = (i % 4 - 1.5) * 0.25;
                }
                for (int call = 0; call < 3; call++) {
                    RSampleF64 fresh = n.rsample(a, batch, policy);
                    n.rsample(b, reused);
                    String what = policy + " batch " + batch + " call " + call;
                    assertArrayEquals(fresh.values(), reused.values(), what);
                    assertEquals(a.position(), b.position(), what);
                    double[] gl = new double[loc.length];
                    double[] gs = new double[loc.length];
                    reused.backward(dz, gl, gs, false);
                    assertArrayEquals(fresh.backward(dz).loc(), gl, what);
                    assertArrayEquals(fresh.backward(dz).scale(), gs, what);
                }
            }
        }
    }

    @Test
    void refilledTanhSampleMatchesTheAllocatingDrawCallAfterCall() {
        TanhNormal policy = TanhNormal.of(LOC, SCALE);
        for (EpsPolicy eps : EpsPolicy.values()) {
            for (int batch : new int[] {1, 2, 256}) {
                Generator a = Generator.seed(11);
                Generator b = Generator.seed(11);
                TanhNormal.Sample reused = policy.newSample(batch, eps);
                float[] actions = reused.actions();
                float[] dA = new float[batch * LOC.length];
                float[] dLp = new float[batch];
                for (int call = 0; call < 4; call++) {
                    TanhNormal.Sample fresh = policy.rsample(a, batch, eps);
                    policy.rsample(b, reused);
                    String what = eps + " batch " + batch + " call " + call;
                    assertSame(actions, reused.actions(), what);
                    assertArrayEquals(fresh.actions(), reused.actions(), what);
                    assertArrayEquals(fresh.logProb(), reused.logProb(), what);
                    assertEquals(a.position(), b.position(), what);
                    for (int i = 0; i < dA.length; i++) {
                        dA[i] = (i % 3 - 1) * 0.5f + 0.1f * call;
                    }
                    for (int r = 0; r < batch; r++) {
                        dLp[r] = 0.2f - 0.1f * r;
                    }
                    Normal.Grad expected = fresh.backward(dA, dLp);
                    float[] gl = new float[LOC.length];
                    float[] gs = new float[LOC.length];
                    reused.backward(dA, dLp, gl, gs, false);
                    assertArrayEquals(expected.loc(), gl, what);
                    assertArrayEquals(expected.scale(), gs, what);
                }
            }
        }
    }

    @Test
    void aRefilledSampleBackpropagatesItsNewestDraw() {
        Normal n = Normal.of(LOC, SCALE);
        Generator g = Generator.seed(3);
        RSample reused = n.newRSample(1, EpsPolicy.RECOMPUTE);
        float[] dz = {1f, -1f, 0.5f, 2f, -0.25f, 1f};
        n.rsample(g, reused);
        float[] first = reused.backward(dz).scale();
        n.rsample(g, reused);
        float[] second = reused.backward(dz).scale();
        assertTrue(!java.util.Arrays.equals(first, second), "the second draw has other noise");
        Generator replay = Generator.seed(3);
        n.rsample(replay, 1);
        assertArrayEquals(second, n.rsample(replay, 1).backward(dz).scale());
    }

    @Test
    void misuseOfAReusableSampleIsRefusedClearly() {
        Normal n = Normal.of(LOC, SCALE);
        RSample empty = n.newRSample(2, EpsPolicy.RECOMPUTE);
        IllegalStateException undrawn = assertThrows(IllegalStateException.class,
                () -> empty.backward(new float[12]));
        assertTrue(undrawn.getMessage().contains("no draw yet"), undrawn.getMessage());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> Normal.of(0f, 1f).rsample(Generator.seed(1), empty));
        assertTrue(other.getMessage().contains("6 features") || other.getMessage().contains("1 features"),
                other.getMessage());
        TanhNormal policy = TanhNormal.of(LOC, SCALE);
        TanhNormal.Sample s = policy.newSample(1, EpsPolicy.STORE);
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> TanhNormal.of(LOC, SCALE).rsample(Generator.seed(1), s));
        assertTrue(foreign.getMessage().contains("sample of this distribution"), foreign.getMessage());
        assertThrows(IllegalStateException.class, () -> s.backward(null, new float[1], new float[6], null, false));
        assertThrows(NullPointerException.class, () -> n.newRSample(1, null));
        assertThrows(IllegalArgumentException.class, () -> n.newRSample(-1, EpsPolicy.STORE));
        Generator g = Generator.seed(1);
        long before = g.position();
        assertThrows(IllegalArgumentException.class, () -> Normal.of(0f, 1f).rsample(g, empty));
        assertEquals(before, g.position(), "a refused refill consumes nothing");
        assertNotEquals(null, empty.values());
    }
}
