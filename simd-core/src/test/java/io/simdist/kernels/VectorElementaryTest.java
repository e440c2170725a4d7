package io.simdist.kernels;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.simdist.simd.Backends;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code VectorElementary} gives exactly the bits of {@link Elementary} in every lane (NaN compared as
 * NaN: payloads are not pinned), over a sweep of every 4099th float, dense windows around the branch
 * points, special values at every lane position, and random floats of every magnitude. Runs at each
 * forced vector width (the {@code providers} tag); skipped without the Vector API. The passes also
 * leave their input unchanged.
 */
@Tag("providers")
class VectorElementaryTest {
    private static final int BATCH = 4096;
    private static final float[] SPECIALS = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, 2f,
        Elementary.EXP_OVERFLOW, 88.73f, -87.34f, -103.97f, -104f, 89f, Elementary.TANH_SPLIT,
        Math.nextDown(Elementary.TANH_SPLIT), 0x1p-25f, -0x1p-25f, 0.70710677f, 0.7071068f, 16.7f, 9.02f};

    @BeforeEach
    void needsVectorProvider() {
        assumeTrue(Backends.vector().isPresent(), "no vector provider in this JVM");
    }

    private static float scalar(String name, float x) {
        return switch (name) {
            case "exp" -> Elementary.exp(x);
            case "log" -> Elementary.log(x);
            case "log1p" -> Elementary.log1p(x);
            case "sigmoid" -> Elementary.sigmoid(x);
            case "tanh" -> Elementary.tanh(x);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** The vector pass of the named function over {@code xs[0 .. n)}. */
    private static float[] vector(String name, float[] xs, int n) {
        float[] got = new float[VectorElementary.vectorLength(n)];
        switch (name) {
            case "exp" -> VectorElementary.exp(xs, got, n);
            case "log" -> VectorElementary.log(xs, got, n);
            case "log1p" -> VectorElementary.log1p(xs, got, n);
            case "sigmoid" -> VectorElementary.sigmoid(xs, got, n);
            case "tanh" -> VectorElementary.tanh(xs, got, n);
            default -> throw new IllegalArgumentException(name);
        }
        return got;
    }

    /** Checks {@code xs[0 .. n)} bit for bit ({@code xs} is a whole number of vectors long). */
    private static void check(String name, float[] xs, int n) {
        float[] before = xs.clone();
        float[] got = vector(name, xs, n);
        if (!java.util.Arrays.equals(before, xs)) {
            throw new AssertionError(name + " changed its input");
        }
        for (int i = 0; i < n; i++) {
            float want = scalar(name, xs[i]);
            if (Float.floatToIntBits(got[i]) != Float.floatToIntBits(want)) {
                throw new AssertionError(name + "(" + xs[i] + " = 0x" + Integer.toHexString(Float.floatToRawIntBits(
                        xs[i])) + ") at lane position " + i + ": vector " + got[i] + ", scalar " + want);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp", "log", "log1p", "sigmoid", "tanh"})
    void vectorLanesEqualScalarBits(String name) {
        float[] xs = new float[BATCH];
        int n = 0;
        for (long b = 0; b < 1L << 32; b += 4099) {
            xs[n++] = Float.intBitsToFloat((int) b);
            if (n == BATCH) {
                check(name, xs, n);
                n = 0;
            }
        }
        check(name, xs, n);
        for (float c : SPECIALS) {
            int centre = Float.floatToRawIntBits(c);
            for (int d = 0; d < BATCH; d++) {
                xs[d] = Float.intBitsToFloat(centre + d - BATCH / 2);
            }
            check(name, xs, BATCH);
        }
        SplittableRandom random = new SplittableRandom(0xE1E);
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < BATCH; i++) {  // every lane position sees the specials and random magnitudes
                xs[i] = (i * 7 + round) % 11 == 0 ? SPECIALS[random.nextInt(SPECIALS.length)]
                        : (float) (random.nextGaussian() * Math.scalb(1.0, random.nextInt(-30, 8)));
            }
            check(name, xs, BATCH);
        }
    }
}
