package io.simdist.rng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Exact values, range and moments of the word-to-uniform conversions. */
class UniformsTest {

    @Test
    void floatConversionHasTheDocumentedExactValues() {
        assertEquals(0x1p-31f, Uniforms.toFloat(0));
        assertEquals(0x1p-31f, Uniforms.toFloat(1));
        assertEquals(0x1p-31f, Uniforms.toFloat(3));
        assertEquals(3 * 0x1p-31f, Uniforms.toFloat(4));
        assertEquals(0.5f, Uniforms.toFloat(0x8000_0000));
        assertEquals(0.25f, Uniforms.toFloat(0x4000_0000));
        assertEquals(Uniforms.FLOAT_BELOW_ONE, Uniforms.toFloat(0xFFFF_FFFF));
        // (0xFFFFFD00 >>> 1) | 1 = 2^31 - 383 rounds to 2^31 - 384: 1 - 3 * 2^-24
        assertEquals(1f - 3 * 0x1p-24f, Uniforms.toFloat(0xFFFF_FD00));
    }

    @Test
    void doubleConversionHasTheDocumentedExactValues() {
        assertEquals(0x1p-63, Uniforms.toDouble(0, 0));
        assertEquals(0.5, Uniforms.toDouble(0, 0x8000_0000));
        assertEquals(0.5 + 0x1p-32, Uniforms.toDouble(0, 0x8000_0001));
        assertEquals(Uniforms.DOUBLE_BELOW_ONE, Uniforms.toDouble(-1, -1));
        // the low word contributes: 2^-33 * 3 + 2^-63 rounds to the nearest double
        assertEquals((double) ((6L >>> 1) | 1) * 0x1p-63, Uniforms.toDouble(6, 0));
    }

    @Test
    void everyFloatWordMapsInsideTheOpenIntervalAndTheMapIsMonotone() {
        float prev = 0f;
        int top = 0;
        for (long w = 0; w <= 0xFFFF_FFFFL; w += 1) {
            float u = Uniforms.toFloat((int) w);
            if (!(u > 0f && u < 1f) || u < prev) {
                throw new AssertionError("word " + w + " gave " + u + " after " + prev);
            }
            if (u == Uniforms.FLOAT_BELOW_ONE) {
                top++;
            }
            prev = u;
        }
        // the largest value takes 384 words: P = 1.5 * 2^-24, as documented
        assertEquals(384, top);
    }

    @Test
    void extremeDoubleWordsStayInsideTheOpenInterval() {
        int[] edge = {0, 1, 2, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE, 0xFFFF_FFFF};
        for (int lo : edge) {
            for (int hi : edge) {
                double u = Uniforms.toDouble(lo, hi);
                assertTrue(u > 0 && u < 1, () -> lo + "," + hi + " -> " + u);
            }
        }
        for (long k = 0; k < 5000; k++) {
            double u = Uniforms.toDouble((int) -k, -1);
            assertTrue(u > 0.99 && u < 1, () -> "" + u);
        }
    }

    /**
     * Mean and variance of 10^7 floats and 10^7 doubles from a fixed seed. The standard error of the
     * mean is sqrt(1/12/n) = 9.1e-5 and of the variance sqrt((1/80 - 1/144)/n) = 2.4e-5; the bounds are
     * 5.5 standard errors, a false-failure probability below 4e-8 per check (2e-7 for the four).
     * A variance off by 1% (8.3e-4) or a mean off by 1e-3 fails.
     */
    @Test
    void meanAndVarianceMatchUniform() {
        int n = 10_000_000;
        float[] f = new float[n];
        Philox4x32.of(2024).fillFloats(0, f, 0, n);
        double[] d = new double[n];
        Philox4x32.of(2025).stream(3).fillDoubles(0, d, 0, n);
        double[] ff = new double[n];
        for (int i = 0; i < n; i++) {
            ff[i] = f[i];
        }
        for (double[] x : new double[][] {ff, d}) {
            double mean = 0;
            for (double v : x) {
                mean += v;
            }
            mean /= n;
            double var = 0;
            for (double v : x) {
                var += (v - mean) * (v - mean);
            }
            var /= n - 1;
            assertEquals(0.5, mean, 5.5 * Math.sqrt(1.0 / 12 / n), "mean");
            assertEquals(1.0 / 12, var, 5.5 * Math.sqrt((1.0 / 80 - 1.0 / 144) / n), "variance");
        }
    }

    /**
     * Chi-square of 10^7 floats over 1024 equal bins (1023 degrees of freedom). The bound 1250 is
     * the 1 - 1e-9 quantile (Wilson-Hilferty: 1023 * (1 - 2/(9*1023) + 6.0 * sqrt(2/(9*1023)))^3 =
     * 1248): a false failure is rarer than 1e-9. A 1% excess in one bin in 16 fails.
     */
    @Test
    void floatHistogramIsFlat() {
        int n = 10_000_000;
        int bins = 1024;
        float[] f = new float[n];
        Philox4x32.of(77).stream(1).fillFloats(1L << 33, f, 0, n);
        long[] count = new long[bins];
        for (float v : f) {
            count[(int) (v * bins)]++;
        }
        double expected = (double) n / bins;
        double chi2 = 0;
        for (long c : count) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        assertTrue(chi2 < 1250, "chi2 = " + chi2);
    }
}
