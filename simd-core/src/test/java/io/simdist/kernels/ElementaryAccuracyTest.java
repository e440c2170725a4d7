package io.simdist.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link Elementary} against {@link StrictMath} in double: the largest error in ulps of the float
 * result, over every 61st float of the domain (about 7e7 arguments per function; the bit patterns
 * step through every exponent) plus dense windows around the points where the method changes, must
 * stay within the bound each function documents. Results that are subnormal or overflow are checked
 * by the special-value tests instead.
 */
class ElementaryAccuracyTest {
    /** A float function under test. */
    @FunctionalInterface
    interface FloatFn {
        float apply(float x);
    }

    /** Near 0, +-1, the tanh split, sqrt(1/2), the exp overflow and where sigmoid rounds to 1. */
    private static final float[] WINDOW_CENTRES = {0f, 1f, -1f, 0.5f, Elementary.TANH_SPLIT, -Elementary.TANH_SPLIT,
        0.70710677f, 1.4142135f, 2f, Elementary.EXP_OVERFLOW, -87.33f, -103f, 16.6f, -16.6f, 9.01f, 0x1p-25f,
        -0x1p-25f, 0x1p-126f};

    private static double sigmoidRef(double x) {
        return x >= 0 ? 1 / (1 + StrictMath.exp(-x)) : StrictMath.exp(x) / (1 + StrictMath.exp(x));
    }

    private static double softplusRef(double x) {
        return Math.max(x, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x)));
    }

    /** The largest error in ulps over the sweep and windows, for arguments in [lo, hi]. */
    static double maxUlps(FloatFn f, DoubleUnaryOperator ref, float lo, float hi) {
        double worst = 0;
        for (long b = 0; b < 1L << 32; b += 61) {
            worst = Math.max(worst, ulps(f, ref, Float.intBitsToFloat((int) b), lo, hi));
        }
        for (float c : WINDOW_CENTRES) {
            int centre = Float.floatToRawIntBits(c);
            for (int d = -5000; d <= 5000; d++) {
                worst = Math.max(worst, ulps(f, ref, Float.intBitsToFloat(centre + d), lo, hi));
            }
        }
        return worst;
    }

    private static double ulps(FloatFn f, DoubleUnaryOperator ref, float x, float lo, float hi) {
        if (!(x >= lo && x <= hi)) {
            return 0;
        }
        double want = ref.applyAsDouble(x);
        float rounded = (float) want;
        if (Float.isInfinite(rounded) || Math.abs(rounded) < Float.MIN_NORMAL) {
            return 0;
        }
        double err = Math.abs(f.apply(x) - want) / Math.ulp(rounded);
        if (!(err < 100)) {
            throw new AssertionError("at x = " + x + " (" + Integer.toHexString(Float.floatToRawIntBits(x))
                    + "): got " + f.apply(x) + ", want " + want);
        }
        return err;
    }

    @Test
    void expWithinOnePointZeroOneUlp() {
        assertBound("exp", Elementary::exp, StrictMath::exp, -200f, 200f, 1.01);
    }

    @Test
    void logWithinPointEightFiveUlp() {
        assertBound("log", Elementary::log, StrictMath::log, 0f, Float.MAX_VALUE, 0.85);
    }

    @Test
    void log1pWithinOnePointFiveUlp() {
        assertBound("log1p", Elementary::log1p, StrictMath::log1p, -1f, Float.MAX_VALUE, 1.5);
    }

    @Test
    void sigmoidWithinTwoPointThreeFiveUlp() {
        assertBound("sigmoid", Elementary::sigmoid, ElementaryAccuracyTest::sigmoidRef, -200f, 200f, 2.35);
    }

    @Test
    void softplusAndLogSigmoidWithinTwoUlp() {
        assertBound("softplus", Elementary::softplus, ElementaryAccuracyTest::softplusRef, -200f, Float.MAX_VALUE,
                2.0);
        assertBound("logSigmoid", Elementary::logSigmoid, x -> -softplusRef(-x), -Float.MAX_VALUE, 200f, 2.0);
    }

    @Test
    void tanhWithinOnePointThreeFiveUlp() {
        assertBound("tanh", Elementary::tanh, StrictMath::tanh, -100f, 100f, 1.35);
    }

    private static void assertBound(String name, FloatFn f, DoubleUnaryOperator ref, float lo, float hi,
            double documented) {
        double worst = maxUlps(f, ref, lo, hi);
        assertTrue(worst <= documented, name + ": " + worst + " ulp, documented " + documented);
    }

    @Test
    void specialValuesAreAsDocumented() {
        float inf = Float.POSITIVE_INFINITY;
        float nan = Float.NaN;
        assertSpecial(Elementary::exp, new float[] {inf, -inf, nan, 0f, -0f, 89f, 88.73f, -104f, -200f},
                new float[] {inf, 0f, nan, 1f, 1f, inf, inf, 0f, 0f});
        assertSpecial(Elementary::log, new float[] {inf, -inf, nan, 0f, -0f, -1f, 1f, Float.MIN_VALUE},
                new float[] {inf, nan, nan, -inf, -inf, nan, 0f, (float) StrictMath.log(Float.MIN_VALUE)});
        assertSpecial(Elementary::log1p, new float[] {inf, -inf, nan, 0f, -0f, -1f, -2f, 0x1p-30f, -0x1p-30f},
                new float[] {inf, nan, nan, 0f, 0f, -inf, nan, 0x1p-30f, -0x1p-30f});
        assertSpecial(Elementary::sigmoid, new float[] {inf, -inf, nan, 0f, 17f, 100f, -110f},
                new float[] {1f, 0f, nan, 0.5f, 1f, 1f, 0f});
        assertSpecial(Elementary::softplus, new float[] {inf, -inf, nan, 0f, Float.MAX_VALUE, 1e30f, -200f},
                new float[] {inf, 0f, nan, (float) StrictMath.log(2), Float.MAX_VALUE, 1e30f, 0f});
        assertSpecial(Elementary::logSigmoid, new float[] {inf, -inf, nan, -Float.MAX_VALUE},
                new float[] {-0f, -inf, nan, -Float.MAX_VALUE});
        assertSpecial(Elementary::tanh, new float[] {inf, -inf, nan, 0f, -0f, 9.1f, -9.1f, 50f},
                new float[] {1f, -1f, nan, 0f, -0f, 1f, -1f, 1f});
    }

    private static void assertSpecial(FloatFn f, float[] xs, float[] want) {
        for (int i = 0; i < xs.length; i++) {
            assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(f.apply(xs[i])),
                    "f(" + xs[i] + ") = " + f.apply(xs[i]) + ", want " + want[i]);
        }
    }

    @Test
    void subnormalExpAndSigmoidStayWithinARoundingOfReference() {
        // exp and sigmoid below 2^-126: one final rounding, so within 1 subnormal step of the reference
        for (float x = -103.9f; x < -87.4f; x += 0.001f) {
            double want = StrictMath.exp(x);
            assertTrue(Math.abs(Elementary.exp(x) - want) <= Float.MIN_VALUE + 1.01 * Math.ulp((float) want),
                    "exp(" + x + ")");
            assertTrue(Math.abs(Elementary.sigmoid(x) - sigmoidRef(x)) <= Float.MIN_VALUE + 3 * Math.ulp((float) want),
                    "sigmoid(" + x + ")");
        }
    }
}
