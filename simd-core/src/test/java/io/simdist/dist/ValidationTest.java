package io.simdist.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.rng.Philox4x32;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every check of the facade: the exception type, a message naming the parameter, index and value, and
 * that a call that throws has written nothing and left its generator where it was.
 */
class ValidationTest {
    private static final float SENTINEL = -123.25f;

    private static void rejects(Class<? extends Throwable> type, String message, Executable call) {
        Throwable t = assertThrows(type, call);
        if (message != null) {
            assertTrue(String.valueOf(t.getMessage()).contains(message),
                    "message \"" + t.getMessage() + "\" should contain \"" + message + "\"");
        }
    }

    private static float[] sentinels(int n) {
        float[] a = new float[n];
        Arrays.fill(a, SENTINEL);
        return a;
    }

    private static void untouched(float[] a) {
        float[] s = sentinels(a.length);
        assertArrayEquals(s, a, "a call that threw wrote into its output");
    }

    @Test
    void generatorChecksPositionsAndTheWordsLeft() {
        rejects(NullPointerException.class, "rng", () -> Generator.of(null, 0));
        rejects(IllegalArgumentException.class, "position must be >= 0, was -1",
                () -> Generator.of(Philox4x32.of(1), -1));
        Generator g = Generator.seed(1);
        rejects(IllegalArgumentException.class, "words must be in [0, ", () -> g.skip(-1));
        Generator nearEnd = Generator.of(Philox4x32.of(1), Long.MAX_VALUE - 5);
        rejects(IllegalArgumentException.class, "was 6", () -> nearEnd.skip(6));
        float[] dst = sentinels(10);
        rejects(IllegalStateException.class, "words left", () -> Normal.of(0f, 1f).sample(nearEnd, 10, dst, 0));
        rejects(IllegalStateException.class, "words left", () -> NormalF64.of(0, 1).sample(nearEnd, 3));
        rejects(IllegalStateException.class, "words left", () -> Bernoulli.ofProbs(0.5f).samplePacked(nearEnd, 6));
        untouched(dst);
        assertEquals(Long.MAX_VALUE - 5, nearEnd.position());
        nearEnd.skip(5);
        rejects(IllegalStateException.class, "words left", nearEnd::split);
        assertEquals(Long.MAX_VALUE, nearEnd.position());
    }

    @Test
    void locationScaleFactoriesNameTheBadParameter() {
        checkLocScale((l, s) -> Normal.of(l, s));
        checkLocScale((l, s) -> TanhNormal.of(l, s));
        checkLocScale((l, s) -> NormalF64.of(toDoubles(l), toDoubles(s)));
        rejects(IllegalArgumentException.class, "scale[0] must be > 0 and finite, was 0.0", () -> Normal.of(1f, 0f));
        rejects(IllegalArgumentException.class, "loc[0] must be finite, was Infinity",
                () -> TanhNormal.of(Float.POSITIVE_INFINITY, 1f));
        rejects(IllegalArgumentException.class, "scale[0] must be > 0 and finite, was -1.0", () -> NormalF64.of(0, -1));
    }

    private interface Factory {
        Object make(float[] loc, float[] scale);
    }

    private static double[] toDoubles(float[] a) {
        if (a == null) {
            return null;
        }
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static void checkLocScale(Factory f) {
        rejects(NullPointerException.class, "loc", () -> f.make(null, new float[] {1}));
        rejects(NullPointerException.class, "scale", () -> f.make(new float[] {1}, null));
        rejects(IllegalArgumentException.class, "loc must not be empty", () -> f.make(new float[0], new float[0]));
        rejects(IllegalArgumentException.class, "scale must not be empty", () -> f.make(new float[] {1}, new float[0]));
        rejects(IllegalArgumentException.class, "scale.length must equal loc.length (2), was 3",
                () -> f.make(new float[2], new float[] {1, 1, 1}));
        rejects(IllegalArgumentException.class, "loc[1] must be finite, was NaN",
                () -> f.make(new float[] {0, Float.NaN}, new float[] {1, 1}));
        rejects(IllegalArgumentException.class, "loc[0] must be finite, was -Infinity",
                () -> f.make(new float[] {Float.NEGATIVE_INFINITY}, new float[] {1}));
        rejects(IllegalArgumentException.class, "scale[3] must be > 0 and finite, was -0.5",
                () -> f.make(new float[4], new float[] {1, 1, 1, -0.5f}));
        rejects(IllegalArgumentException.class, "scale[1] must be > 0 and finite, was Infinity",
                () -> f.make(new float[2], new float[] {1, Float.POSITIVE_INFINITY}));
        rejects(IllegalArgumentException.class, "scale[0] must be > 0 and finite, was NaN",
                () -> f.make(new float[1], new float[] {Float.NaN}));
    }

    @Test
    void normalDrawsCheckEverythingBeforeWritingOrMoving() {
        Normal n = Normal.of(new float[] {0, 1}, new float[] {1, 2});
        Generator g = Generator.seed(2);
        g.skip(3);
        float[] dst = sentinels(7);
        rejects(NullPointerException.class, "g", () -> n.sample(null, 1));
        rejects(IllegalArgumentException.class, "batch must be >= 0, was -1", () -> n.sample(g, -1));
        rejects(IllegalArgumentException.class, "batch * features must fit", () -> n.sample(g, Integer.MAX_VALUE));
        rejects(NullPointerException.class, "dst", () -> n.sample(g, 1, (float[]) null, 0));
        rejects(IndexOutOfBoundsException.class, null, () -> n.sample(g, 4, dst, 0));
        rejects(IndexOutOfBoundsException.class, null, () -> n.sample(g, 1, dst, -1));
        rejects(IndexOutOfBoundsException.class, null, () -> n.sample(g, 3, dst, 2));
        rejects(NullPointerException.class, "policy", () -> n.rsample(g, 1, null));
        rejects(IllegalArgumentException.class, "batch must be >= 0, was -2", () -> n.rsample(g, -2));
        rejects(NullPointerException.class, "g", () -> NormalF64.of(0, 1).rsample(null, 1));
        rejects(IndexOutOfBoundsException.class, null, () -> NormalF64.of(0, 1).sample(g, 3, new double[2], 0));
        rejects(IllegalArgumentException.class, "batch must be >= 0, was -1", () -> TanhNormal.of(0, 1).sample(g, -1));
        rejects(NullPointerException.class, "policy", () -> TanhNormal.of(0, 1).rsample(g, 1, null));
        rejects(NullPointerException.class, "g", () -> n.rsample(null, 1));
        rejects(NullPointerException.class, "g", () -> TanhNormal.of(0, 1).sample(null, 1));
        rejects(NullPointerException.class, "g", () -> TanhNormal.of(0, 1).rsample(null, 1));
        rejects(IllegalArgumentException.class, "batch * features must fit",
                () -> TanhNormal.of(new float[2], new float[] {1, 1}).rsample(g, Integer.MAX_VALUE));
        rejects(IllegalArgumentException.class, "batch must be >= 0, was -1", () -> NormalF64.of(0, 1).sample(g, -1));
        untouched(dst);
        assertEquals(3, g.position());
    }

    @Test
    void segmentDrawsCheckTheSegmentBeforeWritingOrMoving() {
        Normal n = Normal.of(0f, 1f);
        Generator g = Generator.seed(3);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(64, 8);
            seg.fill((byte) 7);
            rejects(NullPointerException.class, "dst", () -> n.sample(g, 1, null, ValueLayout.JAVA_FLOAT, 0));
            rejects(NullPointerException.class, "layout", () -> n.sample(g, 1, seg, null, 0));
            rejects(IndexOutOfBoundsException.class, null, () -> n.sample(g, 17, seg, ValueLayout.JAVA_FLOAT, 0));
            rejects(IndexOutOfBoundsException.class, null, () -> n.sample(g, 2, seg, ValueLayout.JAVA_FLOAT, 15));
            rejects(IllegalArgumentException.class, "read-only",
                    () -> n.sample(g, 2, seg.asReadOnly(), ValueLayout.JAVA_FLOAT, 0));
            rejects(IllegalArgumentException.class, "aligned",
                    () -> n.sample(g, 2, seg.asSlice(1, 32), ValueLayout.JAVA_FLOAT, 0));
            rejects(IllegalArgumentException.class, "aligned",
                    () -> NormalF64.of(0, 1).sample(g, 2, seg.asSlice(4, 32), ValueLayout.JAVA_DOUBLE, 0));
            for (long i = 0; i < 64; i++) {
                assertEquals(7, seg.get(ValueLayout.JAVA_BYTE, i));
            }
        }
        MemorySegment closed;
        try (Arena arena = Arena.ofConfined()) {
            closed = arena.allocate(64, 8);
        }
        rejects(IllegalStateException.class, null, () -> n.sample(g, 2, closed, ValueLayout.JAVA_FLOAT, 0));
        assertEquals(0, g.position());
    }

    @Test
    void backwardChecksItsArraysBeforeWriting() {
        RSample r = Normal.of(new float[] {0, 1}, new float[] {1, 2}).rsample(Generator.seed(4), 3);
        float[] gl = sentinels(2);
        float[] gs = sentinels(2);
        rejects(NullPointerException.class, "gradValues", () -> r.backward(null));
        rejects(IllegalArgumentException.class, "gradValues.length must equal values.length (6), was 5",
                () -> r.backward(new float[5]));
        rejects(IllegalArgumentException.class, "gradLoc.length must equal loc.length (2), was 3",
                () -> r.backward(new float[6], new float[3], gs, false));
        rejects(IllegalArgumentException.class, "gradScale.length must equal scale.length (2), was 1",
                () -> r.backward(new float[6], gl, new float[1], false));
        rejects(IllegalArgumentException.class, "different arrays", () -> r.backward(new float[6], gl, gl, false));
        untouched(gl);
        untouched(gs);
        RSampleF64 r64 = NormalF64.of(0, 1).rsample(Generator.seed(4), 3);
        rejects(IllegalArgumentException.class, "gradValues.length must equal values.length (3), was 4",
                () -> r64.backward(new double[4]));
        TanhNormal.Sample t = TanhNormal.of(new float[] {0, 1}, new float[] {1, 2}).rsample(Generator.seed(4), 3);
        rejects(IllegalArgumentException.class, "dActions.length must equal actions.length (6), was 2",
                () -> t.backward(new float[2], null));
        rejects(IllegalArgumentException.class, "dLogProb.length must equal logProb.length (3), was 6",
                () -> t.backward(null, new float[6]));
    }

    @Test
    void valuesAreCheckedInLogProbCdfAndIcdfBeforeWriting() {
        Normal n = Normal.of(new float[] {0, 1}, new float[] {1, 2});
        float[] out = sentinels(4);
        rejects(NullPointerException.class, "x", () -> n.logProb(null));
        rejects(IllegalArgumentException.class, "multiple of the number of features (2), was 3",
                () -> n.logProb(new float[3]));
        rejects(IllegalArgumentException.class, "x[3] must be finite, was NaN",
                () -> n.logProb(new float[] {0, 0, 0, Float.NaN}, 0, 4, out, 0));
        rejects(IndexOutOfBoundsException.class, null, () -> n.logProb(new float[4], 0, 4, out, 1));
        rejects(IllegalArgumentException.class, "dLogProb.length must equal x.length (2), was 4",
                () -> n.logProbBackward(new float[2], new float[4]));
        rejects(IllegalArgumentException.class, "x[3] must not be NaN",
                () -> n.cdf(new float[] {0, 0, 0, Float.NaN}, 0, 4, out, 0));
        rejects(IllegalArgumentException.class, "u[1] must be in [0, 1], was 1.5",
                () -> n.icdf(new float[] {0.5f, 1.5f, 0, 0}, 0, 4, out, 0));
        rejects(IllegalArgumentException.class, "u[2] must be in [0, 1], was NaN",
                () -> n.icdf(new float[] {0.5f, 0.5f, Float.NaN, 0}, 0, 4, out, 0));
        rejects(IllegalArgumentException.class, "u[0] must be in [0, 1], was -0.1",
                () -> n.icdf(new float[] {-0.1f, 0}));
        rejects(IndexOutOfBoundsException.class, null, () -> n.cdf(new float[4], 0, 4, out, 2));
        rejects(NullPointerException.class, "out", () -> n.logProb(new float[4], 0, 4, null, 0));
        rejects(NullPointerException.class, "out", () -> n.cdf(new float[4], 0, 4, null, 0));
        rejects(NullPointerException.class, "u", () -> n.icdf(null));
        rejects(IndexOutOfBoundsException.class, null, () -> n.icdf(new float[4], 2, 4, out, 0));
        rejects(NullPointerException.class, "x", () -> n.logProbBackward(null, new float[2]));
        rejects(NullPointerException.class, "dLogProb", () -> n.logProbBackward(new float[2], null));
        rejects(IllegalArgumentException.class, "x[1] must be finite, was Infinity",
                () -> n.logProbBackward(new float[] {0, Float.POSITIVE_INFINITY}, new float[2]));
        untouched(out);
        NormalF64 n64two = NormalF64.of(new double[] {0, 1}, new double[] {1, 1});
        rejects(IllegalArgumentException.class, "multiple of the number of features (2), was 3",
                () -> n64two.cdf(new double[3]));
        rejects(IllegalArgumentException.class, "multiple of the number of features (2), was 1",
                () -> n64two.logProb(new double[1]));
        NormalF64 n64 = NormalF64.of(0, 1);
        rejects(IllegalArgumentException.class, "x[0] must be finite, was Infinity",
                () -> n64.logProb(new double[] {Double.POSITIVE_INFINITY}));
        rejects(IllegalArgumentException.class, "x[1] must not be NaN", () -> n64.cdf(new double[] {0, Double.NaN}));
        rejects(IllegalArgumentException.class, "u[0] must be in [0, 1], was 2.0", () -> n64.icdf(new double[] {2}));
        double[] out64 = {7, 7, 7, 7};
        rejects(IllegalArgumentException.class, "x[3] must be finite, was NaN",
                () -> n64two.logProb(new double[] {0, 0, 0, Double.NaN}, 0, 4, out64, 0));
        rejects(IndexOutOfBoundsException.class, null, () -> n64two.logProb(new double[4], 0, 4, out64, 1));
        rejects(IllegalArgumentException.class, "x[3] must not be NaN",
                () -> n64two.cdf(new double[] {0, 0, 0, Double.NaN}, 0, 4, out64, 0));
        rejects(IndexOutOfBoundsException.class, null, () -> n64two.cdf(new double[4], 0, 4, out64, 2));
        rejects(IllegalArgumentException.class, "u[1] must be in [0, 1], was 1.5",
                () -> n64two.icdf(new double[] {0.5, 1.5, 0, 0}, 0, 4, out64, 0));
        rejects(IndexOutOfBoundsException.class, null, () -> n64two.icdf(new double[4], 2, 4, out64, 0));
        rejects(NullPointerException.class, "out", () -> n64two.cdf(new double[4], 0, 4, null, 0));
        rejects(NullPointerException.class, "u", () -> n64two.icdf(null, 0, 0, out64, 0));
        assertArrayEquals(new double[] {7, 7, 7, 7}, out64, "a call that threw wrote into its output");
        rejects(NullPointerException.class, "x", () -> n64two.logProbBackward(null, new double[2]));
        rejects(NullPointerException.class, "dLogProb", () -> n64two.logProbBackward(new double[2], null));
        rejects(IllegalArgumentException.class, "dLogProb.length must equal x.length (2), was 4",
                () -> n64two.logProbBackward(new double[2], new double[4]));
        rejects(IllegalArgumentException.class, "multiple of the number of features (2), was 3",
                () -> n64two.logProbBackward(new double[3], new double[3]));
        rejects(IllegalArgumentException.class, "x[1] must be finite, was -Infinity",
                () -> n64two.logProbBackward(new double[] {0, Double.NEGATIVE_INFINITY}, new double[2]));
        RSampleF64 r64 = n64two.rsample(Generator.seed(2), 3);
        double[] gl = {7, 7};
        rejects(NullPointerException.class, "gradValues", () -> r64.backward(null, gl, null, false));
        rejects(IllegalArgumentException.class, "gradValues.length must equal values.length (6), was 5",
                () -> r64.backward(new double[5], gl, null, false));
        rejects(IllegalArgumentException.class, "gradScale.length must equal scale.length (2), was 1",
                () -> r64.backward(new double[6], gl, new double[1], true));
        rejects(IllegalArgumentException.class, "gradLoc.length must equal loc.length (2), was 3",
                () -> r64.backward(new double[6], new double[3], null, true));
        assertArrayEquals(new double[] {7, 7}, gl, "a backward that threw wrote into its output");
    }

    @Test
    void bernoulliChecksProbabilitiesLogitsDrawsAndValues() {
        rejects(NullPointerException.class, "probs", () -> Bernoulli.ofProbs(null));
        rejects(NullPointerException.class, "logits", () -> Bernoulli.ofLogits(null));
        rejects(IllegalArgumentException.class, "probs must not be empty", () -> Bernoulli.ofProbs(new float[0]));
        rejects(IllegalArgumentException.class, "logits must not be empty", () -> Bernoulli.ofLogits(new float[0]));
        rejects(IllegalArgumentException.class, "probs[2] must be in [0, 1], was 1.5",
                () -> Bernoulli.ofProbs(new float[] {0, 1, 1.5f}));
        rejects(IllegalArgumentException.class, "probs[0] must be in [0, 1], was -0.1", () -> Bernoulli.ofProbs(-0.1f));
        rejects(IllegalArgumentException.class, "probs[0] must be in [0, 1], was NaN", () -> Bernoulli.ofProbs(Float.NaN));
        rejects(IllegalArgumentException.class, "logits[1] must not be NaN",
                () -> Bernoulli.ofLogits(new float[] {0, Float.NaN}));
        Bernoulli b = Bernoulli.ofProbs(new float[] {0.2f, 0.7f});
        Generator g = Generator.seed(5);
        byte[] bytes = new byte[3];
        Arrays.fill(bytes, (byte) 9);
        long[] bits = {42L};
        float[] floats = sentinels(3);
        rejects(NullPointerException.class, "g", () -> b.sample(null, 1));
        rejects(IllegalArgumentException.class, "batch must be >= 0, was -1", () -> b.sample(g, -1));
        rejects(IndexOutOfBoundsException.class, null, () -> b.sample(g, 2, bytes, 0));
        rejects(IndexOutOfBoundsException.class, null, () -> b.sampleFloats(g, 1, floats, 2));
        rejects(NullPointerException.class, "dst", () -> b.sampleFloats(g, 1, null, 0));
        rejects(IndexOutOfBoundsException.class, null, () -> b.samplePacked(g, 33, bits, 0));
        rejects(IllegalArgumentException.class, "batch must be >= 0, was -3", () -> b.samplePacked(g, -3));
        rejects(NullPointerException.class, "dst", () -> b.samplePacked(g, 1, null, 0));
        rejects(NullPointerException.class, "dst", () -> b.sample(g, 1, null, 0));
        rejects(IndexOutOfBoundsException.class, null, () -> b.samplePacked(g, 1, bits, 1));
        assertArrayEquals(new byte[] {9, 9, 9}, bytes);
        assertArrayEquals(new long[] {42L}, bits);
        untouched(floats);
        assertEquals(0, g.position());
        rejects(IllegalArgumentException.class, "x[3] must be 0 or 1, was 0.5",
                () -> b.logProb(new float[] {0, 1, 1, 0.5f}));
        rejects(IllegalArgumentException.class, "x[1] must be 0 or 1, was 2.0", () -> b.logProb(new byte[] {0, 2}));
        rejects(IllegalArgumentException.class, "multiple of the number of features (2), was 1",
                () -> b.logProb(new float[1]));
        rejects(IllegalArgumentException.class, "dLogProb.length must equal x.length (2), was 1",
                () -> b.logProbBackward(new float[2], new float[1]));
        rejects(NullPointerException.class, "dLogProb", () -> b.logProbBackward(new byte[2], null));
    }

    @Test
    void relaxedBernoulliChecksTemperatureParametersDrawsAndGradients() {
        rejects(NullPointerException.class, "logits", () -> RelaxedBernoulli.ofLogits(1f, null));
        rejects(NullPointerException.class, "probs", () -> RelaxedBernoulli.ofProbs(1f, null));
        rejects(IllegalArgumentException.class, "logits must not be empty",
                () -> RelaxedBernoulli.ofLogits(1f, new float[0]));
        rejects(IllegalArgumentException.class, "probs must not be empty",
                () -> RelaxedBernoulli.ofProbs(1f, new float[0]));
        for (float t : new float[] {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_NORMAL / 2}) {
            rejects(IllegalArgumentException.class, "temperature must be finite and >= 1.1754944E-38, was " + t,
                    () -> RelaxedBernoulli.ofLogits(t, 0f));
            rejects(IllegalArgumentException.class, "temperature must be finite and >= 1.1754944E-38, was " + t,
                    () -> RelaxedBernoulli.ofProbs(t, 0.5f));
        }
        RelaxedBernoulli.ofLogits(Float.MIN_NORMAL, 0f);
        RelaxedBernoulli.ofLogits(Float.MAX_VALUE, 0f);
        rejects(IllegalArgumentException.class, "logits[1] must be finite, was Infinity",
                () -> RelaxedBernoulli.ofLogits(1f, new float[] {0f, Float.POSITIVE_INFINITY}));
        rejects(IllegalArgumentException.class, "logits[0] must be finite, was NaN",
                () -> RelaxedBernoulli.ofLogits(1f, Float.NaN));
        rejects(IllegalArgumentException.class, "probs[2] must be in (0, 1), was 1.0",
                () -> RelaxedBernoulli.ofProbs(1f, new float[] {0.5f, 0.1f, 1f}));
        rejects(IllegalArgumentException.class, "probs[0] must be in (0, 1), was 0.0", () -> RelaxedBernoulli.ofProbs(1f, 0f));
        rejects(IllegalArgumentException.class, "probs[0] must be in (0, 1), was NaN",
                () -> RelaxedBernoulli.ofProbs(1f, Float.NaN));
        rejects(IllegalArgumentException.class, "probs[1] must be in (0, 1), was -0.5",
                () -> RelaxedBernoulli.ofProbs(1f, new float[] {0.5f, -0.5f}));

        RelaxedBernoulli rb = RelaxedBernoulli.ofLogits(0.5f, new float[] {0f, 1f});
        for (RelaxedBernoulli d : new RelaxedBernoulli[] {rb, rb.straightThrough()}) {
            Generator g = Generator.seed(5);
            g.skip(3);
            float[] dst = sentinels(5);
            rejects(NullPointerException.class, "g", () -> d.sample(null, 1));
            rejects(NullPointerException.class, "g", () -> d.rsample(null, 1));
            rejects(IllegalArgumentException.class, "batch must be >= 0, was -1", () -> d.sample(g, -1));
            rejects(IllegalArgumentException.class, "batch must be >= 0, was -2", () -> d.rsample(g, -2));
            rejects(NullPointerException.class, "dst", () -> d.sample(g, 1, null, 0));
            rejects(IndexOutOfBoundsException.class, null, () -> d.sample(g, 3, dst, 0));
            rejects(IndexOutOfBoundsException.class, null, () -> d.sample(g, 2, dst, 2));
            rejects(IndexOutOfBoundsException.class, null, () -> d.sample(g, 1, dst, -1));
            Generator nearEnd = Generator.of(Philox4x32.of(1), Long.MAX_VALUE - 3);
            rejects(IllegalStateException.class, "words left", () -> d.sample(nearEnd, 2, dst, 0));
            rejects(IllegalStateException.class, "words left", () -> d.rsample(nearEnd, 2));
            untouched(dst);
            assertEquals(3, g.position());
            assertEquals(Long.MAX_VALUE - 3, nearEnd.position());

            RelaxedBernoulli.Sample s = d.rsample(g, 2);
            float[] gl = sentinels(2);
            rejects(NullPointerException.class, "gradValues", () -> s.backward(null));
            rejects(NullPointerException.class, "gradLogits", () -> s.backward(new float[4], null, false));
            rejects(IllegalArgumentException.class, "gradValues.length must equal values.length (4), was 3",
                    () -> s.backward(new float[3], gl, false));
            rejects(IllegalArgumentException.class, "gradLogits.length must equal logits.length (2), was 3",
                    () -> s.backward(new float[4], new float[] {SENTINEL, SENTINEL, SENTINEL}, true));
            untouched(gl);
        }
    }
}
