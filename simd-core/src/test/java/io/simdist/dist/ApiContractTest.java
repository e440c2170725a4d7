package io.simdist.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The facade part of DESIGN.md's public API contract, line by line as written there: it must keep compiling. */
class ApiContractTest {
    @Test
    void theContractsFacadeLinesCompileAndBehaveAsDocumented() {
        Generator g = Generator.seed(42L);
        Generator other = g.stream(7L);
        Normal n = Normal.of(0.5f, 2f);
        Normal nd = Normal.of(new float[] {0f, 1f, 2f}, new float[] {1f, 1f, 1f});
        float[] x = nd.sample(g, 5);
        RSample r = nd.rsample(g, 5);
        Normal.Grad gr = r.backward(new float[r.values().length]);
        Bernoulli b = Bernoulli.ofProbs(new float[] {0.1f, 0.9f});
        Bernoulli bl = Bernoulli.ofLogits(new float[] {-1f, 1f});
        byte[] y = b.sample(g, 4);

        assertEquals(15, x.length);
        assertEquals(15, r.values().length);
        assertEquals(3, gr.loc().length);
        assertEquals(3, gr.scale().length);
        assertTrue(n.hasRsample());
        assertFalse(b.hasRsample());
        assertFalse(bl.hasRsample());
        assertEquals(8, y.length);
        assertEquals(0, other.position());
        assertThrows(UnsupportedOperationException.class, () -> b.rsample(g, 4));
    }
}
