package io.simdist.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simdist.kernels.NormalRsample.EpsPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The policy-free {@code rsample(g, batch)} calls keep the noise for draws of at most
 * {@link Params#STORE_LIMIT} elements and regenerate it above, and give exactly what the call with that
 * policy named gives: the same values, log-densities, gradients and words consumed.
 */
class DefaultPolicyTest {
    private static final int D = 4;

    /** Batches of 256 rows (1024 elements, the limit) and 257 (1028, just above), and a small one. */
    @ParameterizedTest
    @ValueSource(ints = {1, 256, 257})
    void normalF32(int batch) {
        EpsPolicy expected = expected(batch);
        Normal n = Normal.of(new float[] {0, 1, -2, 3}, new float[] {1, 0.5f, 2, 0.25f});
        Generator a = Generator.seed(5);
        Generator b = a.copy();
        RSample implicit = n.rsample(a, batch);
        RSample named = n.rsample(b, batch, expected);
        assertEquals(expected, implicit.policy());
        assertEquals(b.position(), a.position());
        assertArrayEquals(named.values(), implicit.values());
        float[] dz = ramp(batch * D);
        Normal.Grad gi = implicit.backward(dz);
        Normal.Grad gn = named.backward(dz);
        assertArrayEquals(gn.loc(), gi.loc());
        assertArrayEquals(gn.scale(), gi.scale());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 256, 257})
    void normalF64(int batch) {
        EpsPolicy expected = expected(batch);
        NormalF64 n = NormalF64.of(new double[] {0, 1, -2, 3}, new double[] {1, 0.5, 2, 0.25});
        Generator a = Generator.seed(6);
        Generator b = a.copy();
        RSampleF64 implicit = n.rsample(a, batch);
        RSampleF64 named = n.rsample(b, batch, expected);
        assertEquals(expected, implicit.policy());
        assertEquals(b.position(), a.position());
        assertArrayEquals(named.values(), implicit.values());
        double[] dz = new double[batch * D];
        for (int i = 0; i < dz.length; i++) {
            dz[i] = (i % 5) - 2.5;
        }
        NormalF64.Grad gi = implicit.backward(dz);
        NormalF64.Grad gn = named.backward(dz);
        assertArrayEquals(gn.loc(), gi.loc());
        assertArrayEquals(gn.scale(), gi.scale());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 256, 257})
    void tanhNormal(int batch) {
        EpsPolicy expected = expected(batch);
        TanhNormal t = TanhNormal.of(new float[] {0, 1, -2, 0.5f}, new float[] {1, 0.5f, 2, 0.25f});
        Generator a = Generator.seed(7);
        Generator b = a.copy();
        TanhNormal.Sample implicit = t.rsample(a, batch);
        TanhNormal.Sample named = t.rsample(b, batch, expected);
        assertEquals(expected, implicit.policy());
        assertEquals(b.position(), a.position());
        assertArrayEquals(named.actions(), implicit.actions());
        assertArrayEquals(named.logProb(), implicit.logProb());
        float[] dA = ramp(batch * D);
        float[] dLogp = ramp(batch);
        Normal.Grad gi = implicit.backward(dA, dLogp);
        Normal.Grad gn = named.backward(dA, dLogp);
        assertArrayEquals(gn.loc(), gi.loc());
        assertArrayEquals(gn.scale(), gi.scale());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 256, 257})
    void relaxedBernoulli(int batch) {
        EpsPolicy expected = expected(batch);
        RelaxedBernoulli r = RelaxedBernoulli.ofLogits(0.5f, new float[] {-1, 0, 2, 0.25f});
        Generator a = Generator.seed(8);
        Generator b = a.copy();
        RelaxedBernoulli.Sample implicit = r.rsample(a, batch);
        RelaxedBernoulli.Sample named = r.rsample(b, batch, expected);
        assertEquals(expected, implicit.policy());
        assertEquals(b.position(), a.position());
        assertArrayEquals(named.values(), implicit.values());
        float[] dy = ramp(batch * D);
        RelaxedBernoulli.Grad gi = implicit.backward(dy);
        RelaxedBernoulli.Grad gn = named.backward(dy);
        assertArrayEquals(gn.logits(), gi.logits());
        assertEquals(Float.floatToRawIntBits(gn.temperature()), Float.floatToRawIntBits(gi.temperature()));
    }

    /** The documented limit, 1024 elements: 256 rows of 4. */
    private static EpsPolicy expected(int batch) {
        assertEquals(1024, Params.STORE_LIMIT);
        return batch <= 256 ? EpsPolicy.STORE : EpsPolicy.RECOMPUTE;
    }

    private static float[] ramp(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (i % 7) - 3f;
        }
        return a;
    }
}
