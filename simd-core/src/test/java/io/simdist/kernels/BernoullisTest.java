package io.simdist.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.rng.Philox4x32;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The public {@link Bernoullis} API on this JVM's backend: thresholds, the index to word mapping,
 * broadcasting, frequencies and validation.
 */
class BernoullisTest {
    private static final Philox4x32 RNG = Philox4x32.of(0xB3A7_1CE5L).stream(11);
    /** Draws per frequency test: 10^8, so that p = 1e-6 expects 100 ones and 0.01 a million. */
    private static final int DRAWS = 100_000_000;

    @Test
    void thresholdsAreCeilOfPTimes2To32() {
        assertEquals(0, Bernoullis.threshold(0));
        assertEquals(1, Bernoullis.threshold(Double.MIN_VALUE));
        assertEquals(5, Bernoullis.threshold(1e-9));
        assertEquals(1L << 31, Bernoullis.threshold(0.5));
        assertEquals(1_288_490_189L, Bernoullis.threshold(0.3));  // 0.3 * 2^32 = 1288490188.8
        assertEquals(Bernoullis.ALWAYS, Bernoullis.threshold(1));
        assertEquals(Bernoullis.ALWAYS, Bernoullis.threshold(Math.nextDown(1.0)));
        assertEquals(Bernoullis.ALWAYS, Bernoullis.thresholdOfLogit(Double.POSITIVE_INFINITY));
        assertEquals(0, Bernoullis.thresholdOfLogit(Double.NEGATIVE_INFINITY));
        assertEquals(1L << 31, Bernoullis.thresholdOfLogit(0));
        // sigmoid(-30) = 9.4e-14: not rounded to 0, and its complement keeps its precision
        assertEquals(1, Bernoullis.thresholdOfLogit(-30));
        assertEquals(Bernoullis.ALWAYS, Bernoullis.thresholdOfLogit(30));
        assertEquals(Bernoullis.threshold(0.7310585786300049), Bernoullis.thresholdOfLogit(1));
    }

    @Test
    void drawIIsOneIffWordIIsBelowTheThreshold() {
        for (double p : new double[] {0.3, 1e-3, 0.999}) {
            long t = Bernoullis.threshold(p);
            for (long index : new long[] {0, 3, 1L << 40, Long.MAX_VALUE - 99}) {
                byte[] b = new byte[100];
                Bernoullis.fill(RNG, index, p, b, 0, b.length);
                for (int j = 0; j < b.length; j++) {
                    int want = (RNG.word(index + j) & 0xFFFFFFFFL) < t ? 1 : 0;
                    assertEquals(want, b[j], "p=" + p + " draw " + (index + j));
                }
            }
        }
    }

    @Test
    void perFeatureProbabilitiesBroadcastOverRows() {
        float[] probs = {0, 0.25f, 1, 1e-6f, 0.9f};
        Bernoullis.Thresholds t = Bernoullis.Thresholds.ofProbs(probs);
        int d = probs.length;
        int rows = 1000;
        byte[] b = new byte[rows * d + 2];
        float[] f = new float[rows * d];
        Bernoullis.fill(RNG, 77, t, b, 2, rows * d);
        Bernoullis.fill(RNG, 77, t, f, 0, rows * d);
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < d; col++) {
                long draw = 77 + (long) row * d + col;
                int want = (RNG.word(draw) & 0xFFFFFFFFL) < t.threshold(col) ? 1 : 0;
                assertEquals(want, b[2 + row * d + col], "row " + row + " col " + col);
                assertEquals(want, f[row * d + col], "row " + row + " col " + col);
            }
        }
        assertEquals(0, b[0] | b[1], "nothing before from");
    }

    @Test
    void perElementProbabilitiesAreTheBroadcastOfOneRow() {
        float[] probs = new float[3001];
        for (int i = 0; i < probs.length; i++) {
            probs[i] = (i % 7) / 6f;
        }
        byte[] perElement = new byte[probs.length];
        Bernoullis.fill(RNG, 5, Bernoullis.Thresholds.ofProbs(probs), perElement, 0, probs.length);
        for (int i = 0; i < probs.length; i++) {
            byte[] one = new byte[1];
            Bernoullis.fill(RNG, 5 + i, probs[i], one, 0, 1);
            assertEquals(one[0], perElement[i], "element " + i);
        }
    }

    @Test
    void packedBitJOfLongKIsDraw64kPlusJ() {
        long[] packed = new long[40];
        Bernoullis.fillPacked(RNG, 1234, Bernoullis.Thresholds.ofProb(0.3), packed, 0, packed.length);
        byte[] bytes = new byte[64 * packed.length];
        Bernoullis.fill(RNG, 1234, 0.3, bytes, 0, bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            assertEquals(bytes[i], (packed[i / 64] >>> (i % 64)) & 1, "draw " + i);
        }
    }

    @Test
    void packedSegmentFillsEqualTheLongArrayFill() {
        int longs = 700;  // more than one internal chunk of 256 longs
        Bernoullis.Thresholds t = Bernoullis.Thresholds.ofProb(0.3);
        long[] want = new long[longs];
        Bernoullis.fillPacked(RNG, 99, t, want, 0, longs);
        try (Arena arena = Arena.ofConfined()) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                ValueLayout.OfLong layout = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
                for (MemorySegment seg : new MemorySegment[] {arena.allocate(8L * (longs + 2) + 3).asSlice(3),
                    MemorySegment.ofArray(new byte[8 * (longs + 2)])}) {
                    Bernoullis.fillPacked(RNG, 99, t, seg, layout, 1, longs);
                    for (int k = 0; k < longs; k++) {
                        assertEquals(want[k], seg.getAtIndex(layout, 1 + k), "long " + k + " " + order);
                    }
                    assertEquals(0, seg.getAtIndex(layout, 0), "before from");
                    assertEquals(0, seg.getAtIndex(layout, longs + 1), "after the end");
                }
            }
        }
        MemorySegment heap = MemorySegment.ofArray(new byte[64]);
        assertMessage("dst must be writable", () -> Bernoullis.fillPacked(RNG, 0, t, heap.asReadOnly(),
                ValueLayout.JAVA_LONG_UNALIGNED, 0, 1));
        assertMessage("must be aligned to 8 bytes",
                () -> Bernoullis.fillPacked(RNG, 0, t, heap, ValueLayout.JAVA_LONG, 0, 1));
        assertThrows(IndexOutOfBoundsException.class,
                () -> Bernoullis.fillPacked(RNG, 0, t, heap, ValueLayout.JAVA_LONG_UNALIGNED, 5, 4));
    }

    /**
     * The count of ones over 10^8 draws is within the binomial bounds of P(1) = T / 2^32: 5.5 standard
     * deviations when np > 1000, else the exact Poisson bounds with tail probability 2e-8 each side.
     * False-failure probability per p: below 4e-8; for the 7 values below 3e-7. p = 1e-9 expects 0.12
     * ones in 10^8 draws, so it is only bounded above here; its exact threshold (5) is checked in
     * {@link #thresholdsAreCeilOfPTimes2To32}.
     */
    @ParameterizedTest
    @ValueSource(doubles = {1e-9, 1e-6, 0.01, 0.3, 0.5, 0.99, 1 - 1e-6})
    void frequenciesAreWithinBinomialBounds(double p) {
        byte[] b = new byte[DRAWS];
        Bernoullis.fill(RNG.stream(Double.doubleToLongBits(p)), 0, p, b, 0, DRAWS);
        long ones = 0;
        for (byte v : b) {
            ones += v;
        }
        double q = Bernoullis.threshold(p) * 0x1p-32;
        // count the rarer outcome so that the Poisson bounds apply at both ends
        long rare = q <= 0.5 ? ones : DRAWS - ones;
        double rareP = Math.min(q, 1 - q);
        double expected = DRAWS * rareP;
        long[] bounds = Counts.binomialBounds(DRAWS, rareP);
        long lo = bounds[0];
        long hi = bounds[1];
        assertTrue(rare >= lo && rare <= hi, "p=" + p + ": " + rare + " rare outcomes in " + DRAWS
                + ", expected " + expected + " in [" + lo + ", " + hi + "]");
    }

    @Test
    void pZeroNeverAndPOneAlwaysAndInfiniteLogitsLikewise() {
        byte[] b = new byte[1 << 20];
        Bernoullis.fill(RNG, 0, 0.0, b, 0, b.length);
        assertEquals(0, sum(b));
        Bernoullis.fill(RNG, 0, Bernoullis.Thresholds.ofLogit(Double.NEGATIVE_INFINITY), b, 0, b.length);
        assertEquals(0, sum(b));
        Bernoullis.fill(RNG, 0, 1.0, b, 0, b.length);
        assertEquals(b.length, sum(b));
        Bernoullis.fill(RNG, 0, Bernoullis.Thresholds.ofLogits(new float[] {Float.POSITIVE_INFINITY}), b, 0, b.length);
        assertEquals(b.length, sum(b));
        long[] packed = new long[8];
        Bernoullis.fillPacked(RNG, 0, Bernoullis.Thresholds.ofProb(1), packed, 0, 8);
        assertArrayEquals(new long[] {-1, -1, -1, -1, -1, -1, -1, -1}, packed);
    }

    private static long sum(byte[] b) {
        long s = 0;
        for (byte v : b) {
            s += v;
        }
        return s;
    }

    @Test
    void badArgumentsThrowNamingTheParameterIndexAndValueBeforeWriting() {
        byte[] b = new byte[8];
        assertMessage("p must be in [0, 1], was NaN", () -> Bernoullis.fill(RNG, 0, Double.NaN, b, 0, 8));
        assertMessage("p must be in [0, 1], was -0.1", () -> Bernoullis.fill(RNG, 0, -0.1, b, 0, 8));
        assertMessage("p must be in [0, 1], was 1.5", () -> Bernoullis.threshold(1.5));
        assertMessage("probs[2] must be in [0, 1], was NaN",
                () -> Bernoullis.Thresholds.ofProbs(new float[] {0.5f, 1, Float.NaN}));
        assertMessage("probs[1] must be in [0, 1], was -0.5",
                () -> Bernoullis.Thresholds.ofProbs(new float[] {0.5f, -0.5f}));
        assertMessage("logits[0] must not be NaN", () -> Bernoullis.Thresholds.ofLogits(new float[] {Float.NaN}));
        assertMessage("logit must not be NaN", () -> Bernoullis.thresholdOfLogit(Double.NaN));
        assertMessage("probs must not be empty", () -> Bernoullis.Thresholds.ofProbs(new float[0]));
        Bernoullis.Thresholds three = Bernoullis.Thresholds.ofProbs(new float[] {0.1f, 0.2f, 0.3f});
        assertMessage("len must be a multiple of the number of probabilities (3), was 8",
                () -> Bernoullis.fill(RNG, 0, three, b, 0, 8));
        assertMessage("packed draws take one probability, t.size() was 3",
                () -> Bernoullis.fillPacked(RNG, 0, three, new long[1], 0, 1));
        assertMessage("index must be >= 0, was -1", () -> Bernoullis.fill(RNG, -1, 0.5, b, 0, 8));
        assertMessage("index + 64 * longs - 1 must be <= 9223372036854775807",
                () -> Bernoullis.fillPacked(RNG, Long.MAX_VALUE - 64, Bernoullis.Thresholds.ofProb(0.5),
                        new long[2], 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> Bernoullis.fill(RNG, 0, 0.5, b, 4, 5));
        assertThrows(NullPointerException.class, () -> Bernoullis.fill(null, 0, 0.5, b, 0, 1));
        assertThrows(NullPointerException.class, () -> Bernoullis.fill(RNG, 0, 0.5, null, 0, 1));
        assertEquals(0, sum(b), "a call that throws writes nothing");
    }

    private static void assertMessage(String part, Executable call) {
        Throwable t = assertThrows(IllegalArgumentException.class, call);
        assertTrue(t.getMessage().contains(part), "message '" + t.getMessage() + "' lacks '" + part + "'");
    }
}
