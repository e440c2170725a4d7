package io.simdist.dist;

import io.simdist.kernels.NormalRsample.EpsPolicy;
import java.util.Objects;

/** The parameter and value checks of the facade; every message names the parameter, the index and the value. */
final class Params {
    /**
     * The largest draw, in elements, whose noise the policy-free {@code rsample(g, batch)} calls keep
     * ({@link EpsPolicy#STORE}): 1024 floats, 4 KiB, the size of the per-thread buffer a
     * {@link EpsPolicy#RECOMPUTE} draw uses anyway. Above it they keep none, so a large draw costs no
     * second array. Both policies give the same bits; only the backward pass's work differs (it reads
     * the noise instead of drawing it again).
     */
    static final int STORE_LIMIT = 1024;

    private Params() {}

    /**
     * The eps policy of the calls that take none: {@link EpsPolicy#STORE} for a draw of at most
     * {@link #STORE_LIMIT} elements (or a batch whose size does not fit an int: the size check then
     * fails as usual), else {@link EpsPolicy#RECOMPUTE}.
     */
    static EpsPolicy defaultPolicy(int batch, int features) {
        return (long) batch * features <= STORE_LIMIT ? EpsPolicy.STORE : EpsPolicy.RECOMPUTE;
    }

    /** A copy of {@code a}, checked non-null and non-empty. */
    static float[] copyNonEmpty(String name, float[] a) {
        Objects.requireNonNull(a, name);
        if (a.length == 0) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return a.clone();
    }

    /** A copy of {@code a}, checked non-null and non-empty. */
    static double[] copyNonEmpty(String name, double[] a) {
        Objects.requireNonNull(a, name);
        if (a.length == 0) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return a.clone();
    }

    /**
     * Copies and checks the parameters of a location-scale family: non-empty, equal lengths, {@code loc}
     * finite, {@code scale > 0} and finite.
     *
     * @return {@code {loc, scale}}, copies
     */
    static float[][] locScale(float[] loc, float[] scale) {
        float[] l = copyNonEmpty("loc", loc);
        float[] s = copyNonEmpty("scale", scale);
        sameLength("scale", s.length, "loc", l.length);
        finite("loc", l);
        positiveFinite("scale", s);
        return new float[][] {l, s};
    }

    /** The double twin of {@link #locScale(float[], float[])}. */
    static double[][] locScale(double[] loc, double[] scale) {
        double[] l = copyNonEmpty("loc", loc);
        double[] s = copyNonEmpty("scale", scale);
        sameLength("scale", s.length, "loc", l.length);
        finite("loc", l);
        positiveFinite("scale", s);
        return new double[][] {l, s};
    }

    /** A reusable sample must have the distribution's number of features. */
    static void sameFeatures(int sampleFeatures, int features) {
        if (sampleFeatures != features) {
            throw new IllegalArgumentException("into must have this distribution's " + features
                    + " features, had " + sampleFeatures);
        }
    }

    static void sameLength(String name, int length, String otherName, int otherLength) {
        if (length != otherLength) {
            throw new IllegalArgumentException(name + ".length must equal " + otherName + ".length ("
                    + otherLength + "), was " + length);
        }
    }

    /**
     * Checks the array lengths of a location-scale backward pass: {@code gradValues} as long as the
     * values, each gradient array {@code features} long ({@code -1} for an array that is not wanted).
     */
    static void locScaleBackward(int gradValues, int values, int gradLoc, int gradScale, int features) {
        sameLength("gradValues", gradValues, "values", values);
        if (gradLoc >= 0) {
            sameLength("gradLoc", gradLoc, "loc", features);
        }
        if (gradScale >= 0) {
            sameLength("gradScale", gradScale, "scale", features);
        }
    }

    static void finite(String name, float[] a) {
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be finite, was " + a[i]);
            }
        }
    }

    static void finite(String name, double[] a) {
        finite(name, a, 0, a.length);
    }

    static void finite(String name, double[] a, int from, int len) {
        for (int i = from; i < from + len; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be finite, was " + a[i]);
            }
        }
    }

    static void positiveFinite(String name, float[] a) {
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] > 0 && a[i] < Float.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException(name + "[" + i + "] must be > 0 and finite, was " + a[i]);
            }
        }
    }

    static void positiveFinite(String name, double[] a) {
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] > 0 && a[i] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException(name + "[" + i + "] must be > 0 and finite, was " + a[i]);
            }
        }
    }

    static void notNaN(String name, float[] a, int from, int len) {
        for (int i = from; i < from + len; i++) {
            if (Float.isNaN(a[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must not be NaN");
            }
        }
    }

    static void notNaN(String name, double[] a, int from, int len) {
        for (int i = from; i < from + len; i++) {
            if (Double.isNaN(a[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must not be NaN");
            }
        }
    }

    static void probabilities(String name, float[] a, int from, int len) {
        for (int i = from; i < from + len; i++) {
            if (!(a[i] >= 0 && a[i] <= 1)) {
                throw new IllegalArgumentException(name + "[" + i + "] must be in [0, 1], was " + a[i]);
            }
        }
    }

    static void probabilities(String name, double[] a, int from, int len) {
        for (int i = from; i < from + len; i++) {
            if (!(a[i] >= 0 && a[i] <= 1)) {
                throw new IllegalArgumentException(name + "[" + i + "] must be in [0, 1], was " + a[i]);
            }
        }
    }

    /**
     * Checks that {@code len} values of a distribution with {@code features} columns from {@code from}
     * are whole rows inside an array of length {@code length}; returns the rows.
     */
    static int rows(String name, int from, int len, int length, int features) {
        Objects.checkFromIndexSize(from, len, length);
        if (len % features != 0) {
            throw new IllegalArgumentException(name + ": the number of values must be a multiple of the "
                    + "number of features (" + features + "), was " + len);
        }
        return len / features;
    }

    /** Checks a batch size and returns {@code batch * features}. */
    static int size(int batch, int features) {
        if (batch < 0) {
            throw new IllegalArgumentException("batch must be >= 0, was " + batch);
        }
        if ((long) batch * features > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("batch * features must fit in an array, was " + batch + " * "
                    + features);
        }
        return batch * features;
    }
}
