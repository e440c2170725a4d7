package io.simdist.bench;

import io.simdist.kernels.Normals;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The normal transform candidates side by side: one operation fills {@code n} normals, each candidate
 * through the same chunked structure (1024 words into scratch, then the transform loop), with the words
 * alone and the Commons ziggurat peer in the same run. {@code v1} is the inverse CDF the library used
 * until 2026-12-06 ({@link TransformV1}), {@code boxMuller} and {@code ziggurat} the prototypes
 * ({@link TransformPrototypes}), {@code v2} the library's {@link Normals#fill} today (the Box-Muller
 * prototype made exact: the complement branch for small radii, Estrin's scheme for the f64 log).
 */
public class TransformPrototypeBenchmark extends BaseBenchmark {
    /**
     * {@code words}, {@code v1}, {@code boxMuller}, {@code v2}, {@code ziggurat} (f32 only),
     * {@code zigguratNoSlowPath} (its fast path alone, for cost attribution: wrong values off the
     * rectangles), {@code xoroshiro128pp}.
     */
    @Param({"words", "v1", "boxMuller", "v2", "ziggurat", "zigguratNoSlowPath", "xoroshiro128pp"})
    public String method;

    /** {@code f32} or {@code f64}. */
    @Param({"f32", "f64"})
    public String dtype;

    private float[] floats;
    private double[] doubles;
    private int[] words;
    private final int[] chunk = new int[1024];
    private long index;
    private ZigguratSampler.NormalizedGaussian peer;
    private int mode;

    /** Creates the state; JMH calls it. */
    public TransformPrototypeBenchmark() {}

    /** Allocates the arrays. */
    @Setup
    public void setup() {
        boolean f32 = dtype.equals("f32");
        floats = f32 ? new float[n] : null;
        doubles = f32 ? null : new double[n];
        mode = switch (method) {
            case "words" -> 0;
            case "v1" -> 1;
            case "boxMuller" -> 2;
            case "ziggurat" -> 3;
            case "xoroshiro128pp" -> 4;
            case "zigguratNoSlowPath" -> 5;
            case "v2" -> 6;
            default -> throw new IllegalArgumentException(method);
        };
        if ((mode == 3 || mode == 5) && !f32) {
            throw new IllegalArgumentException("the ziggurat prototype is f32 only");
        }
        if (mode == 4) {
            prepare("xoroshiro128pp", java.util.Map.of("xoroshiro128pp", () -> { }));
            peer = ZigguratSampler.NormalizedGaussian.of(xoroshiro);
        } else {
            prepare("simdist", java.util.Map.of("simdist", () -> { }));
        }
        words = new int[f32 ? n : 2 * n];
    }

    /** @return the filled array */
    @Benchmark
    public Object fill() {
        if (floats != null) {
            fillFloats();
            return floats;
        }
        fillDoubles();
        return doubles;
    }

    private void fillFloats() {
        float[] a = floats;
        switch (mode) {
            case 0 -> simdist.fillInts(index, words, 0, n);
            case 6 -> Normals.fill(simdist, index, a, 0, n);
            case 1 -> {
                for (int d = 0; d < n; d += 1024) {
                    int c = Math.min(1024, n - d);
                    simdist.fillInts(index + d, chunk, 0, c);
                    TransformV1.normalFloatsFromWords(chunk, c, a, d);
                }
            }
            case 2 -> {
                for (int d = 0; d < n; d += 1024) {
                    int c = Math.min(1024, n - d);
                    simdist.fillInts(index + d, chunk, 0, c);
                    TransformPrototypes.boxMullerFloats(chunk, c, a, d);
                }
            }
            case 3, 5 -> {
                for (int d = 0; d < n; d += 1024) {
                    int c = Math.min(1024, n - d);
                    simdist.fillInts(index + d, chunk, 0, c);
                    TransformPrototypes.zigguratFloats(SEED, 0, index + d, chunk, c, a, d, mode == 3);
                }
            }
            default -> {
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) peer.sample();
                }
            }
        }
        index += n;
    }

    private void fillDoubles() {
        double[] a = doubles;
        switch (mode) {
            case 0 -> simdist.fillInts(2 * index, words, 0, 2 * n);
            case 6 -> Normals.fill(simdist, index, a, 0, n);
            case 1 -> {
                TransformV1.Tail tail = TransformV1.TAIL.get();
                for (int d = 0; d < n; d += 512) {
                    int c = Math.min(512, n - d);
                    simdist.fillInts(2 * (index + d), chunk, 0, 2 * c);
                    TransformV1.normalDoublesFromWords(chunk, c, a, d, tail);
                }
            }
            case 2 -> {
                for (int d = 0; d < n; d += 512) {
                    int c = Math.min(512, n - d);
                    simdist.fillInts(2 * (index + d), chunk, 0, 2 * c);
                    TransformPrototypes.boxMullerDoubles(chunk, c, a, d);
                }
            }
            default -> {
                for (int i = 0; i < a.length; i++) {
                    a[i] = peer.sample();
                }
            }
        }
        index += n;
    }
}
