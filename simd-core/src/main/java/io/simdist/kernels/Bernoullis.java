package io.simdist.kernels;

import io.simdist.rng.Checks;
import io.simdist.rng.Philox4x32;
import io.simdist.simd.Backends;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;

/**
 * Bulk Bernoulli draws from a Philox stream by exact integer comparison.
 *
 * <h2>Index to word mapping and resolution</h2>
 * Draw {@code i} reads stream word {@code i} ({@link Philox4x32#word(long)}), as an unsigned 32-bit
 * integer {@code w}, and is 1 iff {@code w < p * 2^32} (a comparison of real numbers), that is iff
 * {@code w < T(p) = ceil(p * 2^32)}. So {@code P(1) = T(p) / 2^32}, in {@code [p, p + 2^-32)}: the
 * resolution is 2^-32 = 2.3e-10, and a draw is a pure function of (key, stream, i).
 * <ul>
 *   <li>{@code p = 0} gives {@code T = 0}: never 1. {@code p = 1} gives {@code T = 2^32}: always 1.</li>
 *   <li>Any {@code p > 0} can give 1 ({@code T >= 1}): a tiny p such as 1e-9 is not rounded to 0; its
 *       {@code P(1)} is {@code 5 * 2^-32 = 1.16e-9}.</li>
 *   <li>The threshold is computed in double, where {@code p * 2^32} is exact for every float and
 *       double p, so no rounding enters between p and the comparison.</li>
 *   <li>Logits: {@code p = sigmoid(logit)}, computed from {@link StrictMath#exp} (the same on every
 *       JVM); {@code +infinity} is p = 1, {@code -infinity} is p = 0.</li>
 * </ul>
 * Variates of other kinds read the same words: draw {@code i} and uniform float {@code i} are not
 * independent. Use separate streams ({@link Philox4x32#stream(long)}) for separate purposes.
 *
 * <h2>Shapes</h2>
 * A {@link Thresholds} holds one probability (a scalar p) or {@code D} of them. With {@code D}, a fill
 * of {@code len} draws is a row-major {@code [len / D x D]} block: draw {@code j} of the fill uses
 * probability {@code j % D}, so per-feature probabilities broadcast over a batch, and per-element
 * probabilities are the case {@code len == D}.
 *
 * <p>Small fills, such as one observation, run a scalar loop instead of the provider's bulk kernels (see
 * {@code SmallCalls} for the sizes: up to 8 draws, and up to 64 unless the Vector API backend runs): the
 * same bits, the same checks, no per-thread scratch.
 */
public final class Bernoullis {
    /** The threshold of {@code p = 1}: every word is below it. */
    public static final long ALWAYS = 1L << 32;
    /** Longs per kernel call when filling a segment: 256 longs, 16384 draws. */
    private static final ThreadLocal<long[]> PACKED_SCRATCH = ThreadLocal.withInitial(() -> new long[256]);
    /** Thresholds per kernel call when a short row is repeated (about 8 KiB of longs). */
    private static final int TILE = 1024;

    private Bernoullis() {}

    /**
     * The threshold of probability {@code p}: {@code ceil(p * 2^32)}.
     *
     * @param p the probability of 1, in {@code [0, 1]}
     * @return the threshold, in {@code [0, 2^32]}
     * @throws IllegalArgumentException if {@code p} is NaN or outside {@code [0, 1]}
     */
    public static long threshold(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], was " + p);
        }
        return (long) Math.ceil(p * 0x1p32);
    }

    /**
     * The threshold of {@code p = sigmoid(logit) = 1 / (1 + exp(-logit))}, computed without
     * cancellation for either sign with {@link StrictMath#exp}.
     *
     * @param logit the log-odds of 1; infinities allowed
     * @return the threshold, in {@code [0, 2^32]}
     * @throws IllegalArgumentException if {@code logit} is NaN
     */
    public static long thresholdOfLogit(double logit) {
        if (Double.isNaN(logit)) {
            throw new IllegalArgumentException("logit must not be NaN");
        }
        return (long) Math.ceil(sigmoid(logit) * 0x1p32);
    }

    /** {@code 1 / (1 + exp(-x))} with StrictMath; exact 0 and 1 at the infinities. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + StrictMath.exp(-x));
        }
        double e = StrictMath.exp(x);
        return e / (1 + e);
    }

    /**
     * Draws with a scalar probability: {@code dst[from + j]} is draw {@code index + j}, 0 or 1.
     *
     * @param rng the stream
     * @param index index of the first draw (= its word index), {@code >= 0}
     * @param p the probability of 1, in {@code [0, 1]}
     * @param dst the destination
     * @param from first position written
     * @param len number of draws
     * @throws NullPointerException if {@code rng} or {@code dst} is null
     * @throws IllegalArgumentException if {@code p} is NaN or outside {@code [0, 1]}, {@code index < 0}
     *     or the draws run past the end of the stream
     * @throws IndexOutOfBoundsException if {@code [from, from + len)} is not inside {@code dst}
     */
    public static void fill(Philox4x32 rng, long index, double p, byte[] dst, int from, int len) {
        long threshold = threshold(p);
        Objects.requireNonNull(rng, "rng");
        Checks.fill("index", index, 1, dst, from, len, dst == null ? 0 : dst.length);
        KernelProvider k = SmallCalls.provider(len);
        if (SmallCalls.fits(len)) {
            SmallBernoulli.bytes(rng.key(), rng.streamId(), index, threshold, dst, from, len);
        } else {
            k.bernoulliBytes(rng.key(), rng.streamId(), index, threshold, dst, from, len);
        }
    }

    /**
     * Draws into bytes: {@code dst[from + j]} is draw {@code index + j} with probability
     * {@code t.prob(j % t.size())}, 0 or 1.
     *
     * @param rng the stream
     * @param index index of the first draw (= its word index), {@code >= 0}
     * @param t the probabilities, one or one per column of a row-major block
     * @param dst the destination
     * @param from first position written
     * @param len number of draws, a multiple of {@code t.size()}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code len} is not a multiple of {@code t.size()},
     *     {@code index < 0} or the draws run past the end of the stream
     * @throws IndexOutOfBoundsException if {@code [from, from + len)} is not inside {@code dst}
     */
    public static void fill(Philox4x32 rng, long index, Thresholds t, byte[] dst, int from, int len) {
        check(rng, index, t, dst, from, len, dst == null ? 0 : dst.length);
        fill(rng, index, t, dst, null, from, len);
    }

    /**
     * Draws into floats, {@code 0.0f} or {@code 1.0f}; otherwise as
     * {@link #fill(Philox4x32, long, Thresholds, byte[], int, int)}.
     *
     * @param rng the stream
     * @param index index of the first draw, {@code >= 0}
     * @param t the probabilities
     * @param dst the destination
     * @param from first position written
     * @param len number of draws, a multiple of {@code t.size()}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException as the byte fill
     * @throws IndexOutOfBoundsException if {@code [from, from + len)} is not inside {@code dst}
     */
    public static void fill(Philox4x32 rng, long index, Thresholds t, float[] dst, int from, int len) {
        check(rng, index, t, dst, from, len, dst == null ? 0 : dst.length);
        fill(rng, index, t, null, dst, from, len);
    }

    /**
     * The checked fill into {@code bytes} or, when that is null, {@code floats}: a small call on the
     * small-call path ({@link SmallBernoulli}); otherwise one kernel call for a scalar probability, or
     * calls over the tiled thresholds, each a whole number of rows.
     */
    private static void fill(Philox4x32 rng, long index, Thresholds t, byte[] bytes, float[] floats, int from,
            int len) {
        KernelProvider p = SmallCalls.provider(len);
        long key = rng.key();
        long streamId = rng.streamId();
        boolean scalar = t.size() == 1;
        if (SmallCalls.fits(len)) {
            if (bytes != null && scalar) {
                SmallBernoulli.bytes(key, streamId, index, t.values[0], bytes, from, len);
            } else if (bytes != null) {
                SmallBernoulli.bytes(key, streamId, index, t.values, bytes, from, len);
            } else if (scalar) {
                SmallBernoulli.floats(key, streamId, index, t.values[0], floats, from, len);
            } else {
                SmallBernoulli.floats(key, streamId, index, t.values, floats, from, len);
            }
            return;
        }
        int step = scalar ? Math.max(len, 1) : t.tiled.length;
        for (int done = 0; done < len; done += step) {
            int n = Math.min(step, len - done);
            if (bytes != null && scalar) {
                p.bernoulliBytes(key, streamId, index + done, t.values[0], bytes, from + done, n);
            } else if (bytes != null) {
                p.bernoulliBytes(key, streamId, index + done, t.tiled, 0, bytes, from + done, n);
            } else if (scalar) {
                p.bernoulliFloats(key, streamId, index + done, t.values[0], floats, from + done, n);
            } else {
                p.bernoulliFloats(key, streamId, index + done, t.tiled, 0, floats, from + done, n);
            }
        }
    }

    /**
     * Draws packed 64 to a long with a scalar probability: bit {@code j} of {@code dst[from + k]} is draw
     * {@code index + 64k + j}.
     *
     * @param rng the stream
     * @param index index of the first draw, {@code >= 0}
     * @param t the probability, a {@link Thresholds} of size 1
     * @param dst the destination
     * @param from first long written
     * @param longs number of longs written ({@code 64 * longs} draws)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code t.size() != 1}, {@code index < 0} or the draws run
     *     past the end of the stream
     * @throws IndexOutOfBoundsException if {@code [from, from + longs)} is not inside {@code dst}
     */
    public static void fillPacked(Philox4x32 rng, long index, Thresholds t, long[] dst, int from, int longs) {
        Objects.requireNonNull(dst, "dst");
        Objects.checkFromIndexSize(from, longs, dst.length);
        checkPacked(rng, index, t, longs);
        KernelProvider p = Backends.current();
        if (longs == 1 && SmallCalls.fits(64)) {  // 64 draws: a small call where the backend is not vector
            dst[from] = SmallBernoulli.packed(rng.key(), rng.streamId(), index, t.values[0]);
        } else {
            p.bernoulliPacked(rng.key(), rng.streamId(), index, t.values[0], dst, from, longs);
        }
    }

    /**
     * Draws packed 64 to a long into a memory segment: bit {@code j} of long {@code from + k} (at byte
     * offset {@code 8 (from + k)}, in {@code layout}'s byte order) is draw {@code index + 64k + j}. The
     * segment may be on or off the heap; its address at long {@code from} must satisfy {@code layout}'s
     * alignment (use {@link ValueLayout#JAVA_LONG_UNALIGNED} for none).
     *
     * @param rng the stream
     * @param index index of the first draw, {@code >= 0}
     * @param t the probability, a {@link Thresholds} of size 1
     * @param dst the destination segment, writable
     * @param layout the long layout (byte order and alignment)
     * @param from first long written
     * @param longs number of longs written ({@code 64 * longs} draws)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code t.size() != 1}, {@code dst} is read-only, the range is
     *     misaligned for {@code layout}, {@code index < 0} or the draws run past the end of the stream
     * @throws IndexOutOfBoundsException if longs {@code [from, from + longs)} are not inside {@code dst}
     * @throws IllegalStateException if {@code dst}'s scope is closed or confined to another thread
     */
    public static void fillPacked(Philox4x32 rng, long index, Thresholds t, MemorySegment dst,
            ValueLayout.OfLong layout, long from, long longs) {
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(layout, "layout");
        checkPacked(rng, index, t, longs);
        MemorySegment target = Segments.writable(dst, layout, from, longs);
        KernelProvider p = Backends.current();
        long[] buf = PACKED_SCRATCH.get();
        for (long done = 0; done < longs; done += buf.length) {
            int n = (int) Math.min(buf.length, longs - done);
            p.bernoulliPacked(rng.key(), rng.streamId(), index + 64 * done, t.values[0], buf, 0, n);
            MemorySegment.copy(buf, 0, target, layout, done * Long.BYTES, n);
        }
    }

    private static void checkPacked(Philox4x32 rng, long index, Thresholds t, long longs) {
        Objects.requireNonNull(rng, "rng");
        Objects.requireNonNull(t, "t");
        if (t.size() != 1) {
            throw new IllegalArgumentException("packed draws take one probability, t.size() was " + t.size());
        }
        Checks.nonNegative("index", index);
        if (longs > 0 && index > Long.MAX_VALUE - (64 * longs - 1)) {
            throw new IllegalArgumentException("index + 64 * longs - 1 must be <= " + Long.MAX_VALUE
                    + " (the last draw of a stream), was index=" + index + ", longs=" + longs);
        }
    }

    private static void check(Philox4x32 rng, long index, Thresholds t, Object dst, int from, int len,
            int length) {
        Objects.requireNonNull(rng, "rng");
        Objects.requireNonNull(t, "t");
        Checks.fill("index", index, 1, dst, from, len, length);
        if (len % t.size() != 0) {
            throw new IllegalArgumentException("len must be a multiple of the number of probabilities ("
                    + t.size() + "), was " + len);
        }
    }

    /**
     * Validated Bernoulli probabilities as comparison thresholds: one, or one per column. Immutable and
     * safe to share between threads; made once and reused across fills.
     */
    public static final class Thresholds {
        private final long[] values;
        /** {@code values} repeated to at least {@value #TILE} entries, for long kernel calls. */
        private final long[] tiled;

        private Thresholds(long[] values) {
            this.values = values;
            int copies = Math.max(1, TILE / values.length);
            long[] t = new long[copies * values.length];
            for (int c = 0; c < copies; c++) {
                System.arraycopy(values, 0, t, c * values.length, values.length);
            }
            this.tiled = t;
        }

        /**
         * @param p the probability of 1, in {@code [0, 1]}
         * @return its threshold
         * @throws IllegalArgumentException if {@code p} is NaN or outside {@code [0, 1]}
         */
        public static Thresholds ofProb(double p) {
            return new Thresholds(new long[] {Bernoullis.threshold(p)});
        }

        /**
         * @param logit the log-odds of 1; infinities allowed
         * @return its threshold
         * @throws IllegalArgumentException if {@code logit} is NaN
         */
        public static Thresholds ofLogit(double logit) {
            return new Thresholds(new long[] {thresholdOfLogit(logit)});
        }

        /**
         * @param probs the probabilities of 1, each in {@code [0, 1]}, at least one
         * @return their thresholds, in order
         * @throws NullPointerException if {@code probs} is null
         * @throws IllegalArgumentException if {@code probs} is empty or an entry is NaN or outside
         *     {@code [0, 1]} (the message names the first such index and its value)
         */
        public static Thresholds ofProbs(float[] probs) {
            long[] v = new long[nonEmpty(probs, "probs").length];
            for (int i = 0; i < v.length; i++) {
                float p = probs[i];
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("probs[" + i + "] must be in [0, 1], was " + p);
                }
                v[i] = (long) Math.ceil(p * 0x1p32);
            }
            return new Thresholds(v);
        }

        /**
         * @param logits the log-odds of 1, infinities allowed, at least one
         * @return the thresholds of their sigmoids, in order
         * @throws NullPointerException if {@code logits} is null
         * @throws IllegalArgumentException if {@code logits} is empty or an entry is NaN (the message
         *     names the first such index)
         */
        public static Thresholds ofLogits(float[] logits) {
            long[] v = new long[nonEmpty(logits, "logits").length];
            for (int i = 0; i < v.length; i++) {
                if (Float.isNaN(logits[i])) {
                    throw new IllegalArgumentException("logits[" + i + "] must not be NaN");
                }
                v[i] = thresholdOfLogit(logits[i]);
            }
            return new Thresholds(v);
        }

        private static float[] nonEmpty(float[] a, String name) {
            Objects.requireNonNull(a, name);
            if (a.length == 0) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
            return a;
        }

        /** @return the number of probabilities: 1 for a scalar, D for D columns */
        public int size() {
            return values.length;
        }

        /**
         * @param i the column
         * @return the threshold of column {@code i}, in {@code [0, 2^32]}
         * @throws IndexOutOfBoundsException if {@code i} is not in {@code [0, size())}
         */
        public long threshold(int i) {
            return values[i];
        }

        /**
         * @param i the column
         * @return the probability a draw of column {@code i} is 1: {@code threshold(i) / 2^32}
         * @throws IndexOutOfBoundsException if {@code i} is not in {@code [0, size())}
         */
        public double prob(int i) {
            return values[i] * 0x1p-32;
        }

        @Override
        public String toString() {
            return "Thresholds" + Arrays.toString(values.length <= 8 ? values : Arrays.copyOf(values, 8))
                    + (values.length > 8 ? " ... (" + values.length + ")" : "");
        }
    }
}
