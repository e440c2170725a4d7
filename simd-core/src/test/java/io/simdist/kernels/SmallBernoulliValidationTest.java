package io.simdist.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simdist.rng.Philox4x32;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The small-call paths of the Bernoulli family check exactly what the bulk path checks, before anything
 * is written: calls of one observation (here 6 features, well under {@link SmallWords#MAX}) with one bad
 * argument each throw the named exception with the message naming the parameter, the index and the
 * value, and leave every output as it was.
 */
class SmallBernoulliValidationTest {
    private static final Philox4x32 RNG = Philox4x32.of(77);
    private static final float[] LOGITS = {0.5f, -1f, 2f, 0f, 3f, -0.25f};
    private static final int D = LOGITS.length;

    private static float[] sevens(int n) {
        float[] a = new float[n];
        Arrays.fill(a, 7f);
        return a;
    }

    /** Asserts the call throws {@code type} with exactly {@code message} and leaves {@code outputs} unchanged. */
    private static void assertRejected(Class<? extends RuntimeException> type, String message, Executable call,
            Object... outputs) {
        Object[] before = new Object[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            before[i] = outputs[i] instanceof float[] f ? f.clone() : outputs[i] instanceof byte[] b ? b.clone()
                    : ((long[]) outputs[i]).clone();
        }
        RuntimeException e = assertThrows(type, call);
        assertEquals(message, e.getMessage());
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i] instanceof float[] f) {
                assertArrayEquals((float[]) before[i], f, "nothing written: output " + i);
            } else if (outputs[i] instanceof byte[] b) {
                assertArrayEquals((byte[]) before[i], b, "nothing written: output " + i);
            } else {
                assertArrayEquals((long[]) before[i], (long[]) outputs[i], "nothing written: output " + i);
            }
        }
    }

    @Test
    void relaxedDrawsOfOneObservationAreCheckedBeforeWriting() {
        float[] bad = LOGITS.clone();
        bad[3] = Float.NaN;
        float[] y = sevens(D);
        float[] noise = sevens(D);
        assertRejected(IllegalArgumentException.class, "logits[3] must be finite, was NaN",
                () -> BernoulliGradients.relaxedRsample(RNG, 0, bad, 1f, 1, y, noise), y, noise);
        assertRejected(IllegalArgumentException.class, "logits[3] must be finite, was NaN",
                () -> BernoulliGradients.straightThroughRsample(RNG, 0, bad, 1, y, noise), y, noise);
        float[] shortY = sevens(D - 1);
        assertRejected(IndexOutOfBoundsException.class, "y.length must be >= 6, was 5",
                () -> BernoulliGradients.relaxedRsample(RNG, 0, LOGITS, 1f, 1, shortY, noise), shortY, noise);
        float[] shortNoise = sevens(D - 1);
        assertRejected(IndexOutOfBoundsException.class, "noise.length must be >= 6, was 5",
                () -> BernoulliGradients.straightThroughRsample(RNG, 0, LOGITS, 1, y, shortNoise), y, shortNoise);
        assertRejected(IllegalArgumentException.class, "noise must not be the array y",
                () -> BernoulliGradients.relaxedRsample(RNG, 0, LOGITS, 1f, 1, y, y), y);
        assertRejected(IllegalArgumentException.class, "temperature must be finite and >= 1.1754944E-38, was 0.0",
                () -> BernoulliGradients.relaxedRsample(RNG, 0, LOGITS, 0f, 1, y, noise), y, noise);
        assertRejected(IllegalArgumentException.class, "index must be >= 0, was -1",
                () -> BernoulliGradients.relaxedRsample(RNG, -1, LOGITS, 1f, 1, y), y);
        assertRejected(IllegalArgumentException.class, "index + len - 1 must be <= " + Long.MAX_VALUE
                + " (the last variate of a stream), was index=" + (Long.MAX_VALUE - 4) + ", len=6",
                () -> BernoulliGradients.relaxedRsample(RNG, Long.MAX_VALUE - 4, LOGITS, 1f, 1, y), y);
        assertRejected(IllegalArgumentException.class, "batch must be >= 0, was -1",
                () -> BernoulliGradients.relaxedRsample(RNG, 0, LOGITS, 1f, -1, y), y);
        assertEquals("rng", assertThrows(NullPointerException.class,
                () -> BernoulliGradients.relaxedRsample(null, 0, LOGITS, 1f, 1, y)).getMessage());
    }

    @Test
    void relaxedBackwardOfOneObservationIsCheckedBeforeWriting() {
        float[] bad = LOGITS.clone();
        bad[3] = Float.NaN;
        float[] grad = sevens(D);
        float[] dy = new float[D];
        assertRejected(IllegalArgumentException.class, "logits[3] must be finite, was NaN",
                () -> BernoulliGradients.relaxedBackward(RNG, 0, bad, 1f, 1, dy, grad, true), grad);
        assertRejected(IllegalArgumentException.class, "gradY.length must be batch * logits.length = 6, was 5",
                () -> BernoulliGradients.relaxedBackward(RNG, 0, LOGITS, 1f, 1, new float[D - 1], grad, false), grad);
        float[] shortGrad = sevens(D - 1);
        assertRejected(IndexOutOfBoundsException.class, "gradLogits.length must be >= 6, was 5",
                () -> BernoulliGradients.relaxedBackward(RNG, 0, LOGITS, 1f, 1, dy, shortGrad, false), shortGrad);
        assertRejected(IndexOutOfBoundsException.class, "noise.length must be >= 6, was 5",
                () -> BernoulliGradients.relaxedBackward(RNG, 0, LOGITS, 1f, 1, dy, new float[D - 1], grad, false),
                grad);
        float[] shared = sevens(D);
        assertRejected(IllegalArgumentException.class, "gradLogits must not be the array noise",
                () -> BernoulliGradients.relaxedBackward(RNG, 0, LOGITS, 1f, 1, dy, shared, shared, false), shared);
        assertRejected(IllegalArgumentException.class, "temperature must be finite and >= 1.1754944E-38, was NaN",
                () -> BernoulliGradients.relaxedBackward(RNG, 0, LOGITS, Float.NaN, 1, dy, grad, false), grad);
    }

    @Test
    void smallDrawsAreCheckedBeforeWriting() {
        byte[] b = new byte[D];
        Arrays.fill(b, (byte) 7);
        float[] f = sevens(D);
        Bernoullis.Thresholds columns = Bernoullis.Thresholds.ofLogits(LOGITS);
        assertRejected(IllegalArgumentException.class, "p must be in [0, 1], was NaN",
                () -> Bernoullis.fill(RNG, 0, Double.NaN, b, 0, D), b);
        assertRejected(IllegalArgumentException.class, "p must be in [0, 1], was 1.5",
                () -> Bernoullis.fill(null, 0, 1.5, b, 0, D), b);
        assertRejected(IndexOutOfBoundsException.class, "dst: range [1, 1 + 6) is out of bounds for length 6",
                () -> Bernoullis.fill(RNG, 0, 0.5, b, 1, D), b);
        assertRejected(IndexOutOfBoundsException.class, "dst: range [1, 1 + 6) is out of bounds for length 6",
                () -> Bernoullis.fill(RNG, 0, columns, f, 1, D), f);
        assertRejected(IllegalArgumentException.class,
                "len must be a multiple of the number of probabilities (6), was 5",
                () -> Bernoullis.fill(RNG, 0, columns, b, 0, D - 1), b);
        assertRejected(IllegalArgumentException.class, "index must be >= 0, was -3",
                () -> Bernoullis.fill(RNG, -3, columns, f, 0, D), f);
        assertRejected(IllegalArgumentException.class, "index + len - 1 must be <= " + Long.MAX_VALUE
                + " (the last variate of a stream), was index=" + (Long.MAX_VALUE - 2) + ", len=6",
                () -> Bernoullis.fill(RNG, Long.MAX_VALUE - 2, 0.5, b, 0, D), b);
        assertEquals("rng", assertThrows(NullPointerException.class,
                () -> Bernoullis.fill(null, 0, columns, b, 0, D)).getMessage());
        assertEquals("dst", assertThrows(NullPointerException.class,
                () -> Bernoullis.fill(RNG, 0, columns, (float[]) null, 0, D)).getMessage());

        long[] packed = {7L, 7L};
        Bernoullis.Thresholds half = Bernoullis.Thresholds.ofProb(0.5);
        assertRejected(IllegalArgumentException.class, "packed draws take one probability, t.size() was 6",
                () -> Bernoullis.fillPacked(RNG, 0, columns, packed, 0, 1), packed);
        assertRejected(IllegalArgumentException.class, "index + 64 * longs - 1 must be <= " + Long.MAX_VALUE
                + " (the last draw of a stream), was index=" + (Long.MAX_VALUE - 62) + ", longs=1",
                () -> Bernoullis.fillPacked(RNG, Long.MAX_VALUE - 62, half, packed, 0, 1), packed);
        assertThrows(IndexOutOfBoundsException.class, () -> Bernoullis.fillPacked(RNG, 0, half, packed, 2, 1));
        assertArrayEquals(new long[] {7L, 7L}, packed, "nothing written");
    }
}
