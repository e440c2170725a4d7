package io.simdist.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simdist.kernels.Elementary;
import io.simdist.kernels.NormalRsample.EpsPolicy;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The SAC policy facade: actions are tanh of the normal draws, log-densities, gradients by finite differences. */
class TanhNormalTest {
    private static final float[] LOC = {0.3f, -1f};
    private static final float[] SCALE = {0.5f, 1.2f};

    @Test
    void actionsAreTanhOfTheNormalDrawsAtTheSamePosition() {
        TanhNormal t = TanhNormal.of(LOC, SCALE);
        float[] u = Normal.of(LOC, SCALE).sample(Generator.seed(30), 100);
        Generator g = Generator.seed(30);
        float[] a = t.sample(g, 100);
        assertEquals(200, g.position());
        TanhNormal.Sample s = t.rsample(Generator.seed(30), 100, EpsPolicy.STORE);
        assertArrayEquals(a, s.actions());
        for (int i = 0; i < u.length; i++) {
            assertEquals(Elementary.tanh(u[i]), a[i], "element " + i);
        }
        for (int r = 0; r < 100; r++) {
            double ref = 0;
            for (int d = 0; d < 2; d++) {
                double x = u[2 * r + d];
                double e = (x - LOC[d]) / SCALE[d];
                double th = Math.tanh(x);
                ref += -0.5 * e * e - Math.log(SCALE[d]) - 0.5 * Math.log(2 * Math.PI) - Math.log(1 - th * th);
            }
            assertEquals(ref, s.logProb()[r], 1e-4 * Math.max(1, Math.abs(ref)), "row " + r);
        }
    }

    @Test
    void rsampleGradientsMatchFiniteDifferencesThroughTheFacade() {
        // L = sum w . a + sum v . logProb over 32 rows; central differences on the facade's own draws
        SplittableRandom r = new SplittableRandom(31);
        int batch = 32;
        float[] w = new float[batch * 2];
        float[] v = new float[batch];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextDouble(-1, 1);
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        for (EpsPolicy policy : EpsPolicy.values()) {
            TanhNormal.Sample s = TanhNormal.of(LOC, SCALE).rsample(Generator.seed(32), batch, policy);
            Normal.Grad g = s.backward(w, v);
            for (int d = 0; d < 2; d++) {
                for (int which = 0; which < 2; which++) {
                    double h = 1e-2;
                    double fd = (loss(d, which, h, batch, w, v) - loss(d, which, -h, batch, w, v)) / (2 * h);
                    double got = which == 0 ? g.loc()[d] : g.scale()[d];
                    assertEquals(fd, got, 3e-3 * Math.max(1, Math.abs(fd)), policy + " d=" + d + " param=" + which);
                }
            }
        }
    }

    private static double loss(int d, int which, double h, int batch, float[] w, float[] v) {
        float[] l = LOC.clone();
        float[] s = SCALE.clone();
        if (which == 0) {
            l[d] += (float) h;
        } else {
            s[d] += (float) h;
        }
        TanhNormal.Sample x = TanhNormal.of(l, s).rsample(Generator.seed(32), batch);
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            sum += (double) w[i] * x.actions()[i];
        }
        for (int i = 0; i < v.length; i++) {
            sum += (double) v[i] * x.logProb()[i];
        }
        return sum;
    }
}
