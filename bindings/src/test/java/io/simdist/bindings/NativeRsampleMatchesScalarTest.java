package io.simdist.bindings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.simdist.kernels.NormalRsample;
import io.simdist.rng.Philox4x32;
import io.simdist.simd.Backends;
import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused rsample kernels on the native provider ({@code new NormalRsample.On(native)}: its eps come
 * from native-rng, its arithmetic is the Java reference of {@code ReparamKernels}) give exactly the bits
 * of the scalar provider: the forward pass with either eps policy (z and the stored eps, written at an
 * offset, nothing outside the range), and the backward pass for every broadcast mode of each gradient
 * (a scalar, per feature, per element, or not wanted), with and without accumulation, with either
 * policy; in float and double, on awkward shapes (one element, one row, one column, odd sizes, rows
 * wider than a 1024-element piece, batches past a 65536-element reduction block), at positions near the
 * start, far into the stream and at its end.
 */
class NativeRsampleMatchesScalarTest {
    /** batch x features. */
    private static final int[][] SHAPES = {
        {1, 1}, {1, 7}, {5, 1}, {3, 13}, {37, 17}, {17, 64}, {3, 1030}, {1, 2049}, {1300, 61}, {70_001, 1},
    };

    private static NormalRsample.On nat;
    private static NormalRsample.On scalar;

    @BeforeAll
    static void loadNative() {
        nat = new NormalRsample.On(NativeTesting.provider());
        scalar = new NormalRsample.On(Backends.scalar());
    }

    /** Float and double, each on three streams (keys and stream ids at the edges and random). */
    static Stream<Arguments> cases() {
        long[][] streams = {{0L, 0L}, {-1L, Long.MIN_VALUE}, {0x5EED_2025_1130L, 0x0123_4567_89AB_CDEFL}};
        return Stream.of(float.class, double.class)
                .flatMap(type -> Stream.of(streams).map(s -> arguments(type, s[0], s[1])));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void forwardMatchesTheScalarProviderBitForBit(Class<?> type, long key, long streamId) {
        forEachPlace(type, key, streamId, (rng, r, batch, features, index) -> {
            int n = batch * features;
            for (int lm : lengths(batch, features)) {
                for (int sm : lengths(batch, features)) {
                    Object loc = random(type, r, lm, -3, 3);
                    Object scale = random(type, r, sm, 0.01, 4);
                    for (boolean store : new boolean[] {true, false}) {
                        int zFrom = NativeTesting.from(index, n);
                        int epsFrom = NativeTesting.from(index, n + 2);
                        Object[] z = {sentinels(type, zFrom + n + NativeTesting.TAIL), null};
                        z[1] = copy(z[0]);
                        Object[] eps = {store ? sentinels(type, epsFrom + n + NativeTesting.TAIL) : null, null};
                        eps[1] = store ? copy(eps[0]) : null;
                        forward(scalar, rng, index, batch, features, loc, scale, z[0], zFrom, eps[0], epsFrom);
                        forward(nat, rng, index, batch, features, loc, scale, z[1], zFrom, eps[1], epsFrom);
                        String what = what(type, rng, index, batch, features) + " loc" + lm + " scale" + sm
                                + (store ? " STORE" : " RECOMPUTE");
                        assertSameBits(z[0], z[1], what + ": z");
                        if (store) {
                            assertSameBits(eps[0], eps[1], what + ": eps");
                        }
                    }
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("cases")
    void backwardMatchesTheScalarProviderBitForBit(Class<?> type, long key, long streamId) {
        forEachPlace(type, key, streamId, (rng, r, batch, features, index) -> {
            int n = batch * features;
            int dzFrom = NativeTesting.from(index, n);
            Object dz = random(type, r, dzFrom + n, -2, 2);
            Object eps = Array.newInstance(type, n + 1);
            forward(scalar, rng, index, batch, features, random(type, r, 1, 0, 1), random(type, r, 1, 1, 2),
                    Array.newInstance(type, n), 0, eps, 1);
            // 0 stands for a gradient that is not wanted (a null buffer).
            int[] gradLengths = IntStream.concat(IntStream.of(0), IntStream.of(lengths(batch, features))).toArray();
            for (int lm : gradLengths) {
                for (int sm : gradLengths) {
                    for (boolean accumulate : new boolean[] {false, true}) {
                        Object gl = lm == 0 ? null : random(type, r, lm, -1, 1);
                        Object gs = sm == 0 ? null : random(type, r, sm, -1, 1);
                        for (boolean store : new boolean[] {true, false}) {
                            Object[] gradLoc = {copy(gl), copy(gl)};
                            Object[] gradScale = {copy(gs), copy(gs)};
                            for (int p = 0; p < 2; p++) {
                                backward(p == 0 ? scalar : nat, rng, index, batch, features, dz, dzFrom,
                                        store ? eps : null, 1, gradLoc[p], gradScale[p], accumulate);
                            }
                            String what = what(type, rng, index, batch, features) + " gradLoc" + lm + " gradScale"
                                    + sm + (store ? " STORE" : " RECOMPUTE") + (accumulate ? " +=" : "");
                            assertSameBits(gradLoc[0], gradLoc[1], what + ": gradLoc");
                            assertSameBits(gradScale[0], gradScale[1], what + ": gradScale");
                        }
                    }
                }
            }
        });
    }

    // ---- helpers ----

    /** A place to compare at: the stream, a random source for the arguments, a shape and an index. */
    @FunctionalInterface
    private interface Place {
        void check(Philox4x32 rng, SplittableRandom r, int batch, int features, long index);
    }

    /** Runs {@code place} on every shape at every position of {@link #positions} on the given stream. */
    private static void forEachPlace(Class<?> type, long key, long streamId, Place place) {
        Philox4x32 rng = Philox4x32.of(key).stream(streamId);
        SplittableRandom r = new SplittableRandom(key ^ streamId);
        for (int[] shape : SHAPES) {
            for (long index : positions(type, shape[0] * shape[1])) {
                place.check(rng, r, shape[0], shape[1], index);
            }
        }
    }

    /** Near the start, where the block counter crosses 2^32, and the last {@code n} variates of the stream. */
    private static long[] positions(Class<?> type, int n) {
        long last = type == float.class ? Long.MAX_VALUE : Long.MAX_VALUE / 2;
        return new long[] {3, (1L << 34) / (type == float.class ? 1 : 2) - 5, last - n + 1};
    }

    /** The parameter lengths of a shape: a scalar, per feature, per element. */
    private static int[] lengths(int batch, int features) {
        return new int[] {1, features, batch * features};
    }

    private static void forward(NormalRsample.On on, Philox4x32 rng, long index, int batch, int features, Object loc,
            Object scale, Object z, int zFrom, Object eps, int epsFrom) {
        if (z instanceof float[] f) {
            on.forward(rng, index, batch, features, (float[]) loc, (float[]) scale, f, zFrom, (float[]) eps, epsFrom);
        } else {
            on.forward(rng, index, batch, features, (double[]) loc, (double[]) scale, (double[]) z, zFrom,
                    (double[]) eps, epsFrom);
        }
    }

    private static void backward(NormalRsample.On on, Philox4x32 rng, long index, int batch, int features, Object dz,
            int dzFrom, Object eps, int epsFrom, Object gradLoc, Object gradScale, boolean accumulate) {
        if (dz instanceof float[] f) {
            on.backward(rng, index, batch, features, f, dzFrom, (float[]) eps, epsFrom, (float[]) gradLoc,
                    (float[]) gradScale, accumulate);
        } else {
            on.backward(rng, index, batch, features, (double[]) dz, dzFrom, (double[]) eps, epsFrom,
                    (double[]) gradLoc, (double[]) gradScale, accumulate);
        }
    }

    /** {@code n} values uniform in {@code [lo, hi)} in the array type of {@code type}. */
    private static Object random(Class<?> type, SplittableRandom r, int n, double lo, double hi) {
        Object a = Array.newInstance(type, n);
        for (int i = 0; i < n; i++) {
            double v = r.nextDouble(lo, hi);
            Array.set(a, i, type == float.class ? (Object) (float) v : (Object) v);
        }
        return a;
    }

    /** {@code n} cells holding a NaN that no kernel writes. */
    private static Object sentinels(Class<?> type, int n) {
        if (type == float.class) {
            float[] a = new float[n];
            Arrays.fill(a, Float.intBitsToFloat(NativeTesting.SENTINEL));
            return a;
        }
        double[] a = new double[n];
        Arrays.fill(a, Double.longBitsToDouble(NativeTesting.LONG_SENTINEL));
        return a;
    }

    private static Object copy(Object a) {
        if (a == null) {
            return null;
        }
        Object c = Array.newInstance(a.getClass().getComponentType(), Array.getLength(a));
        System.arraycopy(a, 0, c, 0, Array.getLength(a));
        return c;
    }

    /** Compares the raw bits of every cell (the written range and the cells around it). */
    private static void assertSameBits(Object scalarResult, Object nativeResult, String what) {
        if (scalarResult == null && nativeResult == null) {
            return; // a gradient that was not wanted
        }
        assertArrayEquals(bits(scalarResult), bits(nativeResult), what + " (scalar, native)");
    }

    private static long[] bits(Object a) {
        long[] b = new long[Array.getLength(a)];
        for (int i = 0; i < b.length; i++) {
            b[i] = a instanceof float[] f ? Float.floatToRawIntBits(f[i])
                    : Double.doubleToRawLongBits(((double[]) a)[i]);
        }
        return b;
    }

    private static String what(Class<?> type, Philox4x32 rng, long index, int batch, int features) {
        return type + " " + NativeTesting.where("rsample", rng.key(), rng.streamId(), index) + " " + batch + "x"
                + features;
    }
}
