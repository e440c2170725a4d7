package io.simdist.bench;

import io.simdist.rng.Philox4x32;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Prototypes of normal transform v2, for {@link TransformPrototypeBenchmark} only: two candidate
 * transforms written as the vector kernels would run them (the words of a 1024-word chunk into an
 * L1-resident scratch buffer, then one conversion loop over it, as the v1 kernels do), so that their
 * cost can be compared with v1 and with the word rate in one run. They are not the library's code and
 * are not tested for distribution: the ziggurat's slow path uses {@link Math#exp} and {@link Math#log},
 * which cost about what pinned versions would.
 *
 * <ul>
 *   <li><b>Box-Muller</b> (one pair per two words, f32; one pair per Philox block, f64): the radius
 *       from {@code sqrt(-2 ln u)} with the v1 bit-level log, the angle from the quadrant bits and a
 *       sine/cosine polynomial on {@code [-pi/4, pi/4]}. No branch, no table.</li>
 *   <li><b>Ziggurat</b> (Marsaglia-Tsang 2000, 128 layers; f32 from one word: 7 layer bits and a
 *       signed 24-bit uniform): two gathers per vector ({@code fromArray} with an index map), the
 *       rectangle test, and for the ~1.2% of lanes outside the rectangles a scalar slow path whose
 *       tries read blocks of a derived stream (Philox block per try).</li>
 * </ul>
 */
final class TransformPrototypes {
    private TransformPrototypes() {}

    static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    static final int L = INTS.length();
    static final int LL = LONGS.length();
    static final IntVector EVEN = IntVector.zero(INTS).addIndex(2);
    static final IntVector ODD = EVEN.add(1);
    static final IntVector ZLO = zip(INTS.length(), 0);
    static final IntVector ZHI = zip(INTS.length(), INTS.length() / 2);
    static final LongVector LEVEN = LongVector.zero(LONGS).addIndex(2);
    static final LongVector LODD = LEVEN.add(1);
    static final LongVector LZLO = LongVector.fromArray(LONGS, toLongs(zipArray(LONGS.length(), 0)), 0);
    static final LongVector LZHI = LongVector.fromArray(LONGS, toLongs(zipArray(LONGS.length(), LONGS.length() / 2)), 0);

    private static int[] zipArray(int n, int off) {
        int[] a = new int[n];
        for (int j = 0; j < n; j++) {
            a[j] = (j & 1) == 0 ? off + j / 2 : n + off + j / 2;
        }
        return a;
    }

    private static long[] toLongs(int[] a) {
        long[] b = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i];
        }
        return b;
    }

    private static IntVector zip(int n, int off) {
        return IntVector.fromArray(INTS, zipArray(n, off), 0);
    }

    // ---- Box-Muller f32 ----

    private static final float K24 = (float) (Math.PI / 2 / (1 << 24));
    private static final FloatVector F_LN_A = FloatVector.broadcast(FLOATS, 0.17382811f);
    private static final FloatVector F_LN_B = FloatVector.broadcast(FLOATS, -0.19874363f);
    private static final FloatVector F_LN_C = FloatVector.broadcast(FLOATS, 0.24955392f);
    private static final FloatVector F_LN_D = FloatVector.broadcast(FLOATS, -0.3333609f);
    private static final FloatVector F_LN_E = FloatVector.broadcast(FLOATS, 0.5000075f);
    private static final FloatVector F_LN_F = FloatVector.broadcast(FLOATS, -0.9999998f);
    private static final FloatVector F_LN2 = FloatVector.broadcast(FLOATS, -0.6931472f);
    private static final FloatVector F_S1 = FloatVector.broadcast(FLOATS, -1.6666654611e-1f);
    private static final FloatVector F_C1 = FloatVector.broadcast(FLOATS, 4.166664568298827e-2f);
    private static final FloatVector F_ONE = FloatVector.broadcast(FLOATS, 1f);
    private static final FloatVector F_MHALF = FloatVector.broadcast(FLOATS, -0.5f);

    /** Box-Muller f32 of {@code words[0 .. n)} (n a multiple of 2L) into {@code dst[at ..]}. */
    static void boxMullerFloats(int[] words, int n, float[] dst, int at) {
        for (int i = 0; i + 2 * L <= n; i += 2 * L) {
            IntVector a = IntVector.fromArray(INTS, words, i);
            IntVector b = IntVector.fromArray(INTS, words, i + L);
            IntVector rw = EVEN.selectFrom(a, b);
            IntVector aw = ODD.selectFrom(a, b);
            FloatVector u = ((FloatVector) rw.lanewise(VectorOperators.LSHR, 1).convert(VectorOperators.I2F, 0))
                    .fma(0x1p-31f, 0x1p-32f);
            IntVector bits = u.reinterpretAsInts();
            IntVector k = bits.sub(0x3f3504f3).lanewise(VectorOperators.ASHR, 23);
            FloatVector t = bits.sub(k.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats().sub(1f);
            FloatVector l = t.fma(0.099442184f, -0.16422483f);
            l = l.fma(t, F_LN_A);
            l = l.fma(t, F_LN_B);
            l = l.fma(t, F_LN_C);
            l = l.fma(t, F_LN_D);
            l = l.fma(t, F_LN_E);
            l = l.fma(t, F_LN_F);
            FloatVector w = ((FloatVector) k.convert(VectorOperators.I2F, 0)).fma(F_LN2, l.mul(t));
            FloatVector r = w.add(w).sqrt();

            FloatVector ang = ((FloatVector) aw.lanewise(VectorOperators.LSHL, 2).lanewise(VectorOperators.ASHR, 8)
                    .convert(VectorOperators.I2F, 0)).fma(K24, K24 / 2);
            FloatVector z = ang.mul(ang);
            FloatVector sp = z.fma(-1.9515295891e-4f, 8.3321608736e-3f).fma(z, F_S1);
            FloatVector s = ang.mul(z).fma(sp, ang);
            FloatVector cq = z.fma(2.443315711809948e-5f, -1.388731625493765e-3f).fma(z, F_C1);
            FloatVector c = z.mul(z).fma(cq, z.fma(F_MHALF, F_ONE));
            VectorMask<Float> odd = aw.lanewise(VectorOperators.LSHL, 1).compare(VectorOperators.LT, 0).cast(FLOATS);
            FloatVector x = c.blend(s, odd);
            FloatVector y = s.blend(c, odd);
            IntVector sy = aw.and(0x80000000);
            IntVector sx = aw.lanewise(VectorOperators.XOR, aw.lanewise(VectorOperators.LSHL, 1)).and(0x80000000);
            IntVector zx = r.mul(x).reinterpretAsInts().lanewise(VectorOperators.XOR, sx);
            IntVector zy = r.mul(y).reinterpretAsInts().lanewise(VectorOperators.XOR, sy);
            ZLO.selectFrom(zx, zy).reinterpretAsFloats().intoArray(dst, at + i);
            ZHI.selectFrom(zx, zy).reinterpretAsFloats().intoArray(dst, at + i + L);
        }
    }

    // ---- Box-Muller f64 ----

    private static final double K53 = Math.PI / 2 / 0x1p53;
    private static final double[] LOG64 = {-0.029914714370611543, 0.06606377274291697, -0.07092012090709178,
        0.06339266227186052, -0.06473376882671202, 0.0710242204207069, -0.07707347824005895, 0.08337810610043331,
        -0.0909028658518164, 0.09999754859995885, -0.11111124270511763, 0.1250000725329438, -0.14285714173578096,
        0.1666666655489462, -0.19999999999909318, 0.2500000000076956, -0.33333333333337173, 0.4999999999999845,
        -1.0};
    private static final DoubleVector[] DLOG = new DoubleVector[LOG64.length];
    private static final double[] SIN64 = {1.58962301576546568060E-10, -2.50507477628578072866E-8,
        2.75573136213857245213E-6, -1.98412698295895385996E-4, 8.33333333332211858878E-3, -1.66666666666666307295E-1};
    private static final double[] COS64 = {-1.13585365213876817300E-11, 2.08757008419747316778E-9,
        -2.75573141792967388112E-7, 2.48015872888517045348E-5, -1.38888888888730564116E-3, 4.16666666666665929218E-2};
    private static final DoubleVector[] DSIN = new DoubleVector[6];
    private static final DoubleVector[] DCOS = new DoubleVector[6];
    private static final DoubleVector D_LN2 = DoubleVector.broadcast(DOUBLES, -0x1.62e42fefa39efp-1);
    private static final DoubleVector D_2M32 = DoubleVector.broadcast(DOUBLES, 0x1p-32);
    private static final DoubleVector D_ONE = DoubleVector.broadcast(DOUBLES, 1.0);
    private static final DoubleVector D_MHALF = DoubleVector.broadcast(DOUBLES, -0.5);

    static {
        for (int i = 0; i < LOG64.length; i++) {
            DLOG[i] = DoubleVector.broadcast(DOUBLES, LOG64[i]);
        }
        for (int i = 0; i < 6; i++) {
            DSIN[i] = DoubleVector.broadcast(DOUBLES, SIN64[i]);
            DCOS[i] = DoubleVector.broadcast(DOUBLES, COS64[i]);
        }
    }

    /** Box-Muller f64 of the blocks in {@code words[0 .. 2n)} (n a multiple of 2LL) into {@code dst[at ..]}. */
    static void boxMullerDoubles(int[] words, int n, double[] dst, int at) {
        for (int i = 0; i + 2 * LL <= n; i += 2 * LL) {
            LongVector a = IntVector.fromArray(INTS, words, 2 * i).reinterpretAsLongs();
            LongVector b = IntVector.fromArray(INTS, words, 2 * i + L).reinterpretAsLongs();
            LongVector rb = LEVEN.selectFrom(a, b);
            LongVector ab = LODD.selectFrom(a, b);
            DoubleVector hi = (DoubleVector) rb.lanewise(VectorOperators.LSHR, 32).convert(VectorOperators.L2D, 0);
            DoubleVector lo = (DoubleVector) rb.and(0xFFFFFFFFL).convert(VectorOperators.L2D, 0);
            DoubleVector u = hi.fma(D_2M32, lo.fma(0x1p-64, 0x1p-65));
            LongVector bits = u.reinterpretAsLongs();
            LongVector k = bits.sub(0x3FE6A09E667F3BCDL).lanewise(VectorOperators.ASHR, 52);
            DoubleVector t = bits.sub(k.lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles().sub(1.0);
            DoubleVector l = t.fma(DLOG[0], DLOG[1]);
            for (int j = 2; j < LOG64.length; j++) {
                l = l.fma(t, DLOG[j]);
            }
            DoubleVector w = ((DoubleVector) k.convert(VectorOperators.L2D, 0)).fma(D_LN2, l.mul(t));
            DoubleVector r = w.add(w).sqrt();

            DoubleVector ang = ((DoubleVector) ab.lanewise(VectorOperators.LSHL, 2).lanewise(VectorOperators.ASHR, 11)
                    .convert(VectorOperators.L2D, 0)).fma(K53, K53 / 2);
            DoubleVector z = ang.mul(ang);
            DoubleVector sp = z.fma(DSIN[0], DSIN[1]);
            for (int j = 2; j < 6; j++) {
                sp = sp.fma(z, DSIN[j]);
            }
            DoubleVector s = ang.mul(z).fma(sp, ang);
            DoubleVector cp = z.fma(DCOS[0], DCOS[1]);
            for (int j = 2; j < 6; j++) {
                cp = cp.fma(z, DCOS[j]);
            }
            DoubleVector c = z.mul(z).fma(cp, z.fma(D_MHALF, D_ONE));
            VectorMask<Double> odd = ab.lanewise(VectorOperators.LSHL, 1).compare(VectorOperators.LT, 0).cast(DOUBLES);
            DoubleVector x = c.blend(s, odd);
            DoubleVector y = s.blend(c, odd);
            LongVector sy = ab.and(Long.MIN_VALUE);
            LongVector sx = ab.lanewise(VectorOperators.XOR, ab.lanewise(VectorOperators.LSHL, 1)).and(Long.MIN_VALUE);
            LongVector zx = r.mul(x).reinterpretAsLongs().lanewise(VectorOperators.XOR, sx);
            LongVector zy = r.mul(y).reinterpretAsLongs().lanewise(VectorOperators.XOR, sy);
            LZLO.selectFrom(zx, zy).reinterpretAsDoubles().intoArray(dst, at + i);
            LZHI.selectFrom(zx, zy).reinterpretAsDoubles().intoArray(dst, at + i + LL);
        }
    }

    // ---- ziggurat f32 (Marsaglia-Tsang 2000, 128 layers) ----

    static final int[] KN = new int[128];
    static final float[] WN = new float[128];
    static final float[] FN = new float[128];
    private static final double R = 3.442619855899;

    static {
        double m1 = 0x1p23;
        double dn = R;
        double tn = dn;
        double vn = 9.91256303526217e-3;
        double q = vn / Math.exp(-.5 * dn * dn);
        KN[0] = (int) ((dn / q) * m1);
        KN[1] = 0;
        WN[0] = (float) (q / m1);
        WN[127] = (float) (dn / m1);
        FN[0] = 1f;
        FN[127] = (float) Math.exp(-.5 * dn * dn);
        for (int i = 126; i >= 1; i--) {
            dn = Math.sqrt(-2. * Math.log(vn / dn + Math.exp(-.5 * dn * dn)));
            KN[i + 1] = (int) ((dn / tn) * m1);
            tn = dn;
            FN[i] = (float) Math.exp(-.5 * dn * dn);
            WN[i] = (float) (dn / m1);
        }
    }

    /** Per-call index map for the gathers. */
    private static final ThreadLocal<int[]> IDX = ThreadLocal.withInitial(() -> new int[64]);

    /**
     * Ziggurat f32 of {@code words[0 .. n)} (n a multiple of L) into {@code dst[at ..]}; variate
     * {@code index + i} reads word {@code i} first, and its further tries blocks of a derived stream.
     * {@code slowPath = false} skips the slow path (wrong values for the lanes outside the rectangles),
     * for cost attribution only.
     */
    static void zigguratFloats(long key, long stream, long index, int[] words, int n, float[] dst, int at,
            boolean slowPath) {
        int[] idx = IDX.get();
        for (int i = 0; i + L <= n; i += L) {
            IntVector w = IntVector.fromArray(INTS, words, i);
            w.and(127).intoArray(idx, 0);
            IntVector k = IntVector.fromArray(INTS, KN, 0, idx, 0);
            FloatVector wt = FloatVector.fromArray(FLOATS, WN, 0, idx, 0);
            IntVector u = w.lanewise(VectorOperators.ASHR, 8);
            VectorMask<Integer> ok = u.abs().compare(VectorOperators.LT, k);
            ((FloatVector) u.convert(VectorOperators.I2F, 0)).mul(wt).intoArray(dst, at + i);
            if (slowPath && !ok.allTrue()) {
                long miss = ok.not().toLong();
                while (miss != 0) {
                    int lane = Long.numberOfTrailingZeros(miss);
                    miss &= miss - 1;
                    dst[at + i + lane] = slow(key, stream, index + i + lane, words[i + lane]);
                }
            }
        }
    }

    /** Marsaglia-Tsang's {@code nfix}, try {@code j} from block {@code (i, j)} of a derived stream. */
    private static float slow(long key, long stream, long i, int word) {
        int[] out = new int[4];
        int hz = word >> 8;
        int iz = word & 127;
        for (int j = 0; ; j++) {
            Philox4x32.block((int) i, (int) (i >>> 32), (int) stream ^ j, ~(int) (stream >>> 32), (int) key,
                    (int) (key >>> 32), out);
            float x = hz * WN[iz];
            if (iz == 0) {
                double xx;
                double yy;
                int t = 0;
                do {
                    xx = -Math.log(((out[t] >>> 1) + 0.5) * 0x1p-31) / R;
                    yy = -Math.log(((out[t + 1] >>> 1) + 0.5) * 0x1p-31);
                    t = 2;
                } while (yy + yy < xx * xx && t < 2);
                return (float) (hz > 0 ? R + xx : -R - xx);
            }
            double uu = ((out[0] >>> 1) + 0.5) * 0x1p-31;
            if (FN[iz] + uu * (FN[iz - 1] - FN[iz]) < Math.exp(-.5 * x * x)) {
                return x;
            }
            hz = out[1] >> 8;
            iz = out[1] & 127;
            if (Math.abs(hz) < KN[iz]) {
                return hz * WN[iz];
            }
        }
    }
}
