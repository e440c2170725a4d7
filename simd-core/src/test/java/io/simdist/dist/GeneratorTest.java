package io.simdist.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.simdist.kernels.Normals;
import io.simdist.rng.Philox4x32;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The position bookkeeping: how many words each call consumes, streams, splits, copies. */
class GeneratorTest {
    private static final Normal STD = Normal.of(0f, 1f);

    @Test
    void seedStartsAtWordZeroOfStreamZeroOfTheKey() {
        Generator g = Generator.seed(42);
        assertEquals(Philox4x32.of(42), g.rng());
        assertEquals(0, g.position());
        assertEquals(Philox4x32.of(42).stream(7), g.stream(7).rng());
        assertEquals(0, g.stream(7).position());
    }

    @Test
    void aFloatDrawOfNValuesConsumesNWordsAndTheNextDrawContinues() {
        Generator g = Generator.seed(1);
        float[] a = STD.sample(g, 10);
        assertEquals(10, g.position());
        float[] b = STD.sample(g, 4);
        assertEquals(14, g.position());
        float[] all = new float[14];
        Normals.fill(Philox4x32.of(1), 0, all, 0, 14);
        assertArrayEquals(Arrays.copyOfRange(all, 0, 10), a);
        assertArrayEquals(Arrays.copyOfRange(all, 10, 14), b);
    }

    /**
     * Normals come in pairs (transform v2: pair k reads words 2k and 2k + 1), so a float normal draw of
     * an odd count consumes its last pair whole, and one that starts at an odd position skips a word:
     * no draw reads a word an earlier draw consumed, whatever the kinds.
     */
    @Test
    void floatNormalDrawsTakeWholePairsSoNoWordIsReadTwice() {
        Generator g = Generator.seed(1);
        float[] a = STD.sample(g, 5);
        assertEquals(6, g.position(), "5 normals: 3 whole pairs");
        float[] all = new float[12];
        Normals.fill(Philox4x32.of(1), 0, all, 0, 12);
        assertArrayEquals(Arrays.copyOfRange(all, 0, 5), a);
        g.skip(1);  // position 7: odd, e.g. after a Bernoulli draw of one word
        float[] b = STD.sample(g, 2);
        assertEquals(10, g.position(), "rounded up to 8, then one pair");
        assertArrayEquals(Arrays.copyOfRange(all, 8, 10), b);
        Generator h = Generator.seed(1);
        Bernoulli.ofProbs(0.5f).sample(h, 1);
        assertEquals(1, h.position());
        float[] c = STD.sample(h, 1);
        assertEquals(4, h.position(), "a normal after a one-word draw starts at the next pair");
        assertArrayEquals(Arrays.copyOfRange(all, 2, 3), c);
    }

    @Test
    void aDoubleDrawRoundsThePositionUpToAWholeBlockAndConsumesTwoWordsPerValue() {
        Generator g = Generator.seed(2);
        g.skip(3);
        double[] x = NormalF64.of(0, 1).sample(g, 4);
        assertEquals(4 + 2 * 4, g.position());
        double[] ref = new double[4];
        Normals.fill(Philox4x32.of(2), 2, ref, 0, 4);
        assertArrayEquals(ref, x);
        g.skip(1);  // position 13
        double[] y = NormalF64.of(0, 1).sample(g, 3);
        assertEquals(16 + 4 * 2, g.position(), "rounded up to 16 (double variate 8), then two pairs");
        double[] ref2 = new double[3];
        Normals.fill(Philox4x32.of(2), 8, ref2, 0, 3);
        assertArrayEquals(ref2, y);
    }

    @Test
    void skipMovesThePositionLikeADrawOfThatManyWords() {
        Generator a = Generator.seed(3);
        Generator b = Generator.seed(3);
        STD.sample(a, 1000);
        b.skip(1000);
        assertArrayEquals(STD.sample(a, 7), STD.sample(b, 7));
    }

    @Test
    void splitConsumesTwoWordsAndKeysTheChildWithThem() {
        Generator g = Generator.seed(4);
        Generator child = g.split();
        assertEquals(2, g.position());
        int[] w = new int[2];
        Philox4x32.of(4).fillInts(0, w, 0, 2);
        assertEquals(Philox4x32.of(((long) w[1] << 32) | (w[0] & 0xFFFFFFFFL)), child.rng());
        assertEquals(0, child.position());
        Generator again = Generator.seed(4);
        assertEquals(child.rng(), again.split().rng());
        assertNotEquals(child.rng(), g.split().rng());
        assertFalse(Arrays.equals(STD.sample(child, 8), STD.sample(g.copy(), 8)));
    }

    @Test
    void splitGeneratorsOnThreadsSharingOneDistributionDrawWhatTheyDrawSerially() throws Exception {
        Normal shared = Normal.of(new float[] {1, 2, 3}, new float[] {0.5f, 1, 2});
        Generator root = Generator.seed(6);
        Generator[] children = new Generator[4];
        float[][] serial = new float[4][];
        for (int t = 0; t < 4; t++) {
            children[t] = root.split();
            serial[t] = shared.sample(children[t].copy(), 5000);
        }
        float[][] parallel = new float[4][];
        Thread[] threads = new Thread[4];
        for (int t = 0; t < 4; t++) {
            int k = t;
            threads[t] = new Thread(() -> {
                float[] acc = new float[0];
                for (int rep = 0; rep < 50; rep++) {
                    acc = shared.sample(children[k].copy(), 5000);
                }
                parallel[k] = acc;
            });
            threads[t].start();
        }
        for (Thread th : threads) {
            th.join();
        }
        for (int t = 0; t < 4; t++) {
            assertArrayEquals(serial[t], parallel[t], "thread " + t);
        }
    }

    @Test
    void aCopyMovesIndependentlyAndDrawsTheSameValues() {
        Generator g = Generator.seed(5);
        g.skip(17);
        Generator c = g.copy();
        assertArrayEquals(STD.sample(g, 9), STD.sample(c, 9));
        STD.sample(g, 1);
        // 17 rounds up to 18, 9 normals take 5 pairs (28), then one more pair
        assertEquals(30, g.position());
        assertEquals(28, c.position());
    }
}
