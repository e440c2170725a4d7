package io.simdist.bench;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Normal transform v1 (the inverse CDF the library used until 2026-12-06), kept here verbatim from the
 * library's {@code VectorKernelProvider} of that day (the vector kernels; no scalar remainder) so that
 * {@link TransformPrototypeBenchmark} can still compare it with v2 and the prototypes in one run. Not
 * used by the library.
 */
final class TransformV1 {
    private TransformV1() {}

    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final long MASK32 = 0xFFFFFFFFL;
    private static final LongVector IOTA = LongVector.zero(LONGS).addIndex(1);
    /** Per-thread packing space of the f64 transform. */
    static final ThreadLocal<Tail> TAIL = ThreadLocal.withInitial(() -> new Tail(512));

    private static final FloatVector F_0_17382811 = FloatVector.broadcast(FLOATS, 0.17382811f);
    private static final FloatVector F_M0_19874363 = FloatVector.broadcast(FLOATS, -0.19874363f);
    private static final FloatVector F_0_24955392 = FloatVector.broadcast(FLOATS, 0.24955392f);
    private static final FloatVector F_M0_3333609 = FloatVector.broadcast(FLOATS, -0.3333609f);
    private static final FloatVector F_0_5000075 = FloatVector.broadcast(FLOATS, 0.5000075f);
    private static final FloatVector F_M0_9999998 = FloatVector.broadcast(FLOATS, -0.9999998f);
    private static final FloatVector F_M0_6931472 = FloatVector.broadcast(FLOATS, -0.6931472f);
    private static final FloatVector F_1_6892312EM07 = FloatVector.broadcast(FLOATS, 1.6892312e-07f);
    private static final FloatVector F_M4_063902EM08 = FloatVector.broadcast(FLOATS, -4.063902e-08f);
    private static final FloatVector F_M7_67058EM06 = FloatVector.broadcast(FLOATS, -7.67058e-06f);
    private static final FloatVector F_3_2867338EM05 = FloatVector.broadcast(FLOATS, 3.2867338e-05f);
    private static final FloatVector F_0_00025141114 = FloatVector.broadcast(FLOATS, 0.00025141114f);
    private static final FloatVector F_M0_0029589664 = FloatVector.broadcast(FLOATS, -0.0029589664f);
    private static final FloatVector F_0_0012440851 = FloatVector.broadcast(FLOATS, 0.0012440851f);
    private static final FloatVector F_0_35406595 = FloatVector.broadcast(FLOATS, 0.35406595f);
    private static final FloatVector F_1_7706857 = FloatVector.broadcast(FLOATS, 1.7706857f);
    private static final FloatVector F_0_0006529819 = FloatVector.broadcast(FLOATS, 0.0006529819f);
    private static final FloatVector F_M0_0009839708 = FloatVector.broadcast(FLOATS, -0.0009839708f);
    private static final FloatVector F_0_0015316815 = FloatVector.broadcast(FLOATS, 0.0015316815f);
    private static final FloatVector F_M0_002911648 = FloatVector.broadcast(FLOATS, -0.002911648f);
    private static final FloatVector F_0_004635686 = FloatVector.broadcast(FLOATS, 0.004635686f);
    private static final FloatVector F_1_4246343 = FloatVector.broadcast(FLOATS, 1.4246343f);
    private static final FloatVector F_4_717089 = FloatVector.broadcast(FLOATS, 4.717089f);
    private static final DoubleVector D_2_POW_M31 = DoubleVector.broadcast(DOUBLES, 0x1p-31);
    private static final DoubleVector D_0_180625 = DoubleVector.broadcast(DOUBLES, 0.180625);
    private static final DoubleVector D_67265_770927008700853 = DoubleVector.broadcast(DOUBLES, 67265.770927008700853);
    private static final DoubleVector D_45921_953931549871457 = DoubleVector.broadcast(DOUBLES, 45921.953931549871457);
    private static final DoubleVector D_13731_693765509461125 = DoubleVector.broadcast(DOUBLES, 13731.693765509461125);
    private static final DoubleVector D_1971_5909503065514427 = DoubleVector.broadcast(DOUBLES, 1971.5909503065514427);
    private static final DoubleVector D_133_14166789178437745 = DoubleVector.broadcast(DOUBLES, 133.14166789178437745);
    private static final DoubleVector D_3_387132872796366608 = DoubleVector.broadcast(DOUBLES, 3.387132872796366608);
    private static final DoubleVector D_39307_89580009271061 = DoubleVector.broadcast(DOUBLES, 39307.89580009271061);
    private static final DoubleVector D_21213_794301586595867 = DoubleVector.broadcast(DOUBLES, 21213.794301586595867);
    private static final DoubleVector D_5394_1960214247511077 = DoubleVector.broadcast(DOUBLES, 5394.1960214247511077);
    private static final DoubleVector D_687_1870074920579083 = DoubleVector.broadcast(DOUBLES, 687.1870074920579083);
    private static final DoubleVector D_42_313330701600911252 = DoubleVector.broadcast(DOUBLES, 42.313330701600911252);
    private static final DoubleVector D_1_0 = DoubleVector.broadcast(DOUBLES, 1.0);
    private static final DoubleVector D_M0_07092012090709178 = DoubleVector.broadcast(DOUBLES, -0.07092012090709178);
    private static final DoubleVector D_0_06339266227186052 = DoubleVector.broadcast(DOUBLES, 0.06339266227186052);
    private static final DoubleVector D_M0_06473376882671202 = DoubleVector.broadcast(DOUBLES, -0.06473376882671202);
    private static final DoubleVector D_0_0710242204207069 = DoubleVector.broadcast(DOUBLES, 0.0710242204207069);
    private static final DoubleVector D_M0_07707347824005895 = DoubleVector.broadcast(DOUBLES, -0.07707347824005895);
    private static final DoubleVector D_0_08337810610043331 = DoubleVector.broadcast(DOUBLES, 0.08337810610043331);
    private static final DoubleVector D_M0_0909028658518164 = DoubleVector.broadcast(DOUBLES, -0.0909028658518164);
    private static final DoubleVector D_0_09999754859995885 = DoubleVector.broadcast(DOUBLES, 0.09999754859995885);
    private static final DoubleVector D_M0_11111124270511763 = DoubleVector.broadcast(DOUBLES, -0.11111124270511763);
    private static final DoubleVector D_0_1250000725329438 = DoubleVector.broadcast(DOUBLES, 0.1250000725329438);
    private static final DoubleVector D_M0_14285714173578096 = DoubleVector.broadcast(DOUBLES, -0.14285714173578096);
    private static final DoubleVector D_0_1666666655489462 = DoubleVector.broadcast(DOUBLES, 0.1666666655489462);
    private static final DoubleVector D_M0_19999999999909318 = DoubleVector.broadcast(DOUBLES, -0.19999999999909318);
    private static final DoubleVector D_0_2500000000076956 = DoubleVector.broadcast(DOUBLES, 0.2500000000076956);
    private static final DoubleVector D_M0_33333333333337173 = DoubleVector.broadcast(DOUBLES, -0.33333333333337173);
    private static final DoubleVector D_0_4999999999999845 = DoubleVector.broadcast(DOUBLES, 0.4999999999999845);
    private static final DoubleVector D_M1_0 = DoubleVector.broadcast(DOUBLES, -1.0);
    private static final DoubleVector D_M_LN2 = DoubleVector.broadcast(DOUBLES, -0x1.62e42fefa39efp-1);
    private static final DoubleVector D_0_24178072517745061177 = DoubleVector.broadcast(DOUBLES, 0.24178072517745061177);
    private static final DoubleVector D_1_27045825245236838258 = DoubleVector.broadcast(DOUBLES, 1.27045825245236838258);
    private static final DoubleVector D_3_64784832476320460504 = DoubleVector.broadcast(DOUBLES, 3.64784832476320460504);
    private static final DoubleVector D_5_7694972214606914055 = DoubleVector.broadcast(DOUBLES, 5.7694972214606914055);
    private static final DoubleVector D_4_6303378461565452959 = DoubleVector.broadcast(DOUBLES, 4.6303378461565452959);
    private static final DoubleVector D_1_42343711074968357734 = DoubleVector.broadcast(DOUBLES, 1.42343711074968357734);
    private static final DoubleVector D_0_0151986665636164571966 = DoubleVector.broadcast(DOUBLES, 0.0151986665636164571966);
    private static final DoubleVector D_0_14810397642748007459 = DoubleVector.broadcast(DOUBLES, 0.14810397642748007459);
    private static final DoubleVector D_0_68976733498510000455 = DoubleVector.broadcast(DOUBLES, 0.68976733498510000455);
    private static final DoubleVector D_1_6763848301838038494 = DoubleVector.broadcast(DOUBLES, 1.6763848301838038494);
    private static final DoubleVector D_2_05319162663775882187 = DoubleVector.broadcast(DOUBLES, 2.05319162663775882187);
    private static final DoubleVector D_0_0012426609473880784386 = DoubleVector.broadcast(DOUBLES, 0.0012426609473880784386);
    private static final DoubleVector D_0_026532189526576123093 = DoubleVector.broadcast(DOUBLES, 0.026532189526576123093);
    private static final DoubleVector D_0_29656057182850489123 = DoubleVector.broadcast(DOUBLES, 0.29656057182850489123);
    private static final DoubleVector D_1_7848265399172913358 = DoubleVector.broadcast(DOUBLES, 1.7848265399172913358);
    private static final DoubleVector D_5_4637849111641143699 = DoubleVector.broadcast(DOUBLES, 5.4637849111641143699);
    private static final DoubleVector D_6_6579046435011037772 = DoubleVector.broadcast(DOUBLES, 6.6579046435011037772);
    private static final DoubleVector D_1_8463183175100546818EM5 = DoubleVector.broadcast(DOUBLES, 1.8463183175100546818e-5);
    private static final DoubleVector D_7_868691311456132591EM4 = DoubleVector.broadcast(DOUBLES, 7.868691311456132591e-4);
    private static final DoubleVector D_0_0148753612908506148525 = DoubleVector.broadcast(DOUBLES, 0.0148753612908506148525);
    private static final DoubleVector D_0_13692988092273580531 = DoubleVector.broadcast(DOUBLES, 0.13692988092273580531);
    private static final DoubleVector D_0_59983220655588793769 = DoubleVector.broadcast(DOUBLES, 0.59983220655588793769);

    static void normalFloatsFromWords(int[] words, int n, float[] dst, int at) {
        int i = 0;
        for (int bound = FLOATS.loopBound(n); i < bound; i += FLOATS.length()) {
            IntVector word = IntVector.fromArray(INTS, words, i);
            FloatVector p = ((FloatVector) word.and(0x7fffffff).convert(VectorOperators.I2F, 0))
                    .fma(0x1p-31f, 0x1p-32f);
            FloatVector x = FloatVector.broadcast(FLOATS, 1f).sub(p);
            FloatVector y = p.fma(x, p);

            IntVector bits = y.reinterpretAsInts();
            IntVector k = bits.sub(0x3f3504f3).lanewise(VectorOperators.ASHR, 23);
            FloatVector t = bits.sub(k.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats().sub(1f);
            FloatVector l = t.fma(0.099442184f, -0.16422483f);
            l = l.fma(t, F_0_17382811);
            l = l.fma(t, F_M0_19874363);
            l = l.fma(t, F_0_24955392);
            l = l.fma(t, F_M0_3333609);
            l = l.fma(t, F_0_5000075);
            l = l.fma(t, F_M0_9999998);
            FloatVector w = ((FloatVector) k.convert(VectorOperators.I2F, 0)).fma(F_M0_6931472, l.mul(t));

            FloatVector v = w.sub(1.5f);
            FloatVector c = v.fma(9.0172053e-10f, -2.1214369e-08f);
            c = c.fma(v, F_1_6892312EM07);
            c = c.fma(v, F_M4_063902EM08);
            c = c.fma(v, F_M7_67058EM06);
            c = c.fma(v, F_3_2867338EM05);
            c = c.fma(v, F_0_00025141114);
            c = c.fma(v, F_M0_0029589664);
            c = c.fma(v, F_0_0012440851);
            c = c.fma(v, F_0_35406595);
            c = c.fma(v, F_1_7706857);

            VectorMask<Float> tail = w.compare(VectorOperators.GE, 6.5f);
            if (tail.anyTrue()) {
                FloatVector s = w.sqrt().sub(3.5f);
                FloatVector d = s.fma(5.870224e-05f, -0.0002970459f);
                d = d.fma(s, F_0_0006529819);
                d = d.fma(s, F_M0_0009839708);
                d = d.fma(s, F_0_0015316815);
                d = d.fma(s, F_M0_002911648);
                d = d.fma(s, F_0_004635686);
                d = d.fma(s, F_1_4246343);
                d = d.fma(s, F_4_717089);
                c = c.blend(d, tail);
            }
            x.mul(c).reinterpretAsInts().lanewise(VectorOperators.XOR, word.and(0x80000000))
                    .reinterpretAsFloats().intoArray(dst, at + i);
        }
        requireWholeSteps(i, n);
    }

    /**
     * v1 of word pairs {@code (words[2i], words[2i+1])}, i < n, into
     * {@code dst[at ..]}, lane by lane for lanes {@code hi << 32 | lo}: the same operations in the same
     * order, so the same bits. Two passes, so that each lane computes only the AS 241 region it is in:
     * <ol>
     *   <li>every pair through the central rational (85% of pairs are central); the pairs outside
     *       are packed ({@code compress}) with their positions into {@code tail};</li>
     *   <li>the packed pairs through the log, the square root and the tail rationals (the third region,
     *       {@code r > 5}, probability 3e-11, only for vectors that hold one), written back to their
     *       positions.</li>
     * </ol>
     * Computing every region in every lane, as the scalar reference does, costs twice as much here. The
     * transform is written out in the loops for the reason given at {@link #normalFloatsFromWords}.
     *
     * @param tail packing space for up to {@code n} pairs
     */
    static void normalDoublesFromWords(int[] words, int n, double[] dst, int at, Tail tail) {
        int count = 0;
        int i = 0;
        for (int bound = DOUBLES.loopBound(n); i < bound; i += DOUBLES.length()) {
            LongVector b = IntVector.fromArray(INTS, words, 2 * i).reinterpretAsLongs();
            DoubleVector p = probability(b);
            // h = 0.5 (1 - p) as the reference rounds it: 0.5 p is exact, so one fma rounds once, as
            // the reference's 1 - p does before its exact halving
            DoubleVector h = p.fma(-0.5, 0.5);

            DoubleVector r1 = h.neg().fma(h, D_0_180625);
            DoubleVector a = r1.fma(2509.0809287301226727, 33430.575583588128105);
            a = a.fma(r1, D_67265_770927008700853);
            a = a.fma(r1, D_45921_953931549871457);
            a = a.fma(r1, D_13731_693765509461125);
            a = a.fma(r1, D_1971_5909503065514427);
            a = a.fma(r1, D_133_14166789178437745);
            a = a.fma(r1, D_3_387132872796366608).mul(h);
            DoubleVector bb = r1.fma(5226.495278852854561, 28729.085735721942674);
            bb = bb.fma(r1, D_39307_89580009271061);
            bb = bb.fma(r1, D_21213_794301586595867);
            bb = bb.fma(r1, D_5394_1960214247511077);
            bb = bb.fma(r1, D_687_1870074920579083);
            bb = bb.fma(r1, D_42_313330701600911252);
            bb = bb.fma(r1, D_1_0);

            a.div(bb).reinterpretAsLongs().lanewise(VectorOperators.XOR, b.and(Long.MIN_VALUE))
                    .reinterpretAsDoubles().intoArray(dst, at + i);

            VectorMask<Long> outside = h.compare(VectorOperators.GT, 0.425)
                    .cast(LONGS);
            b.compress(outside).intoArray(tail.bits, count);
            IOTA.add(at + i).compress(outside).intoArray(tail.positions, count);
            count += outside.trueCount();
        }
        tailValues(tail, count);
        for (int j = 0; j < count; j++) {
            dst[(int) tail.positions[j]] = tail.values[j];
        }
        requireWholeSteps(i, n);
    }

    /**
     * Pass 2 of {@link #normalDoublesFromWords}: {@code tail.values[j]} for the packed pairs
     * {@code tail.bits[0 .. count)}. A method of its own, so that C2 compiles each pass whole: together
     * they exceed its inlining node budget, and a helper left out of line boxes its vectors.
     */
    private static void tailValues(Tail tail, int count) {
        // lanes past count hold stale pairs: computed, never written back
        for (int j = 0; j < count; j += DOUBLES.length()) {
            LongVector b = LongVector.fromArray(LONGS, tail.bits, j);
            DoubleVector p = probability(b);

            DoubleVector q = p.mul(0.5);
            LongVector bits = q.reinterpretAsLongs();
            LongVector k = bits.sub(0x3FE6A09E667F3BCDL).lanewise(VectorOperators.ASHR, 52);
            DoubleVector t = bits.sub(k.lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles().sub(1.0);
            DoubleVector l = t.fma(-0.029914714370611543, 0.06606377274291697);
            l = l.fma(t, D_M0_07092012090709178);
            l = l.fma(t, D_0_06339266227186052);
            l = l.fma(t, D_M0_06473376882671202);
            l = l.fma(t, D_0_0710242204207069);
            l = l.fma(t, D_M0_07707347824005895);
            l = l.fma(t, D_0_08337810610043331);
            l = l.fma(t, D_M0_0909028658518164);
            l = l.fma(t, D_0_09999754859995885);
            l = l.fma(t, D_M0_11111124270511763);
            l = l.fma(t, D_0_1250000725329438);
            l = l.fma(t, D_M0_14285714173578096);
            l = l.fma(t, D_0_1666666655489462);
            l = l.fma(t, D_M0_19999999999909318);
            l = l.fma(t, D_0_2500000000076956);
            l = l.fma(t, D_M0_33333333333337173);
            l = l.fma(t, D_0_4999999999999845);
            l = l.fma(t, D_M1_0);
            DoubleVector negLogQ = ((DoubleVector) k.convert(VectorOperators.L2D, 0))
                    .fma(D_M_LN2, l.mul(t));
            negLogQ.sqrt().intoArray(tail.values, j);
        }
        for (int j = 0; j < count; j += DOUBLES.length()) {
            DoubleVector r = DoubleVector.fromArray(DOUBLES, tail.values, j);

            DoubleVector r2 = r.sub(1.6);
            DoubleVector c = r2.fma(7.7454501427834140764e-4, 0.0227238449892691845833);
            c = c.fma(r2, D_0_24178072517745061177);
            c = c.fma(r2, D_1_27045825245236838258);
            c = c.fma(r2, D_3_64784832476320460504);
            c = c.fma(r2, D_5_7694972214606914055);
            c = c.fma(r2, D_4_6303378461565452959);
            c = c.fma(r2, D_1_42343711074968357734);
            DoubleVector dd = r2.fma(1.05075007164441684324e-9, 5.475938084995344946e-4);
            dd = dd.fma(r2, D_0_0151986665636164571966);
            dd = dd.fma(r2, D_0_14810397642748007459);
            dd = dd.fma(r2, D_0_68976733498510000455);
            dd = dd.fma(r2, D_1_6763848301838038494);
            dd = dd.fma(r2, D_2_05319162663775882187);
            dd = dd.fma(r2, D_1_0);

            VectorMask<Double> far = r.compare(VectorOperators.GT, 5.0);
            if (far.anyTrue()) {
                DoubleVector r3 = r.sub(5.0);
                DoubleVector e = r3.fma(2.01033439929228813265e-7, 2.71155556874348757815e-5);
                e = e.fma(r3, D_0_0012426609473880784386);
                e = e.fma(r3, D_0_026532189526576123093);
                e = e.fma(r3, D_0_29656057182850489123);
                e = e.fma(r3, D_1_7848265399172913358);
                e = e.fma(r3, D_5_4637849111641143699);
                e = e.fma(r3, D_6_6579046435011037772);
                DoubleVector f = r3.fma(2.04426310338993978564e-15, 1.4215117583164458887e-7);
                f = f.fma(r3, D_1_8463183175100546818EM5);
                f = f.fma(r3, D_7_868691311456132591EM4);
                f = f.fma(r3, D_0_0148753612908506148525);
                f = f.fma(r3, D_0_13692988092273580531);
                f = f.fma(r3, D_0_59983220655588793769);
                f = f.fma(r3, D_1_0);
                c = c.blend(e, far);
                dd = dd.blend(f, far);
            }
            c.div(dd).reinterpretAsLongs().lanewise(VectorOperators.XOR,
                    LongVector.fromArray(LONGS, tail.bits, j).and(Long.MIN_VALUE))
                    .reinterpretAsDoubles().intoArray(tail.values, j);
        }
    }

    /**
     * {@code p = (2m + 1) 2^-64} of lanes {@code hi << 32 | lo}, as v1
     * computes it. Small enough to be inlined, so the vector is never boxed.
     */
    private static DoubleVector probability(LongVector b) {
        DoubleVector hi = (DoubleVector) b.lanewise(VectorOperators.LSHR, 32).and(0x7fffffffL)
                .convert(VectorOperators.L2D, 0);
        DoubleVector lo = (DoubleVector) b.and(MASK32).convert(VectorOperators.L2D, 0);
        return hi.fma(D_2_POW_M31, lo.fma(0x1p-63, 0x1p-64));
    }

    /** Packing space for the f64 pairs outside AS 241's central region (one per thread). */
    static final class Tail {
        final long[] bits;
        final long[] positions;
        final double[] values;

        /** @param pairs the most pairs one call packs */
        Tail(int pairs) {
            // a packed store writes a whole vector at the count so far
            int size = pairs + LONGS.length();
            bits = new long[size];
            positions = new long[size];
            values = new double[size];
        }
    }

    /**
     * The library's v1 kernels finished a fill with the scalar v1 transform; the benchmark's chunks (1024
     * words, 512 doubles) are whole vector steps at every width, so that copy is not kept here.
     */
    private static void requireWholeSteps(int done, int n) {
        if (done != n) {
            throw new IllegalArgumentException("n must be a whole number of vector steps, was " + n);
        }
    }
}
