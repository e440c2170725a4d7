package io.simdist.kernels;

import io.simdist.rng.Checks;
import io.simdist.rng.Philox4x32;
import io.simdist.simd.Backends;
import java.util.Objects;

/**
 * The log-density and entropy of a normal distribution in float, with their gradients:
 * <pre>  log N(x; loc, scale) = -eps^2 / 2 - log(scale) - log(2 pi) / 2,   eps = (x - loc) / scale
 *  H = 1/2 + log(2 pi) / 2 + log(scale)</pre>
 * Shapes and broadcasting are {@link NormalRsample}'s: {@code x} is a row-major {@code [batch x
 * features]} block, {@code loc} and {@code scale} have 1, {@code features} or {@code batch * features}
 * values, and a reduced gradient has its parameter's shape, summed in {@link RsampleLayout}'s fixed
 * order. {@code log} is {@link Elementary#log}, so the values are the same on every backend and JVM.
 *
 * <h2>Per element, in float</h2>
 * <ul>
 *   <li>{@code lp = fma(-eps/2, eps, -(log(scale) + log(2 pi)/2))} with {@code eps = (x - loc) / scale};</li>
 *   <li>given {@code g = dL/dlp}: {@code t = g * eps / scale}, {@code dL/dx = -t}, the loc term is
 *       {@code t} and the scale term {@code fma(t, eps, -(g / scale))} (that is
 *       {@code g (eps^2 - 1) / scale});</li>
 *   <li>of an rsample ({@link #ofRsample}): {@code eps} is the forward pass's noise, exactly, so the
 *       log-density needs no division, and with eps held fixed {@code d lp / d loc = 0},
 *       {@code d lp / d scale = -1 / scale} (the scale term is {@code -(g / scale)});</li>
 *   <li>entropy per parameter value: {@code H = log(scale) + (1/2 + log(2 pi)/2)},
 *       {@code dH/dscale = 1 / scale} (the gradient is {@code dL/dH / scale}).</li>
 * </ul>
 * These loops are plain Java (the same on every backend); the noise of {@link #ofRsample} comes from
 * the backend in use.
 *
 * <h2>Errors</h2>
 * As {@link NormalRsample}: all checks before anything is written, messages naming parameter, index
 * and value; {@code x} must be finite.
 */
public final class NormalLogProb {
    /** {@code 1/2 + log(2 pi) / 2}, rounded to float. */
    static final float ENTROPY_CONSTANT = 1.4189385f;

    private static final ThreadLocal<DensityTerms> DENSITY_TERMS = ThreadLocal.withInitial(DensityTerms::new);
    private static final ThreadLocal<RsampleTerms> RSAMPLE_TERMS = ThreadLocal.withInitial(RsampleTerms::new);

    private NormalLogProb() {}

    /**
     * {@code out[outFrom + i] = log N(x_i; loc_i, scale_i)} for the {@code batch * features} elements.
     *
     * @param batch rows, {@code >= 0}
     * @param features columns, {@code >= 1}
     * @param x the values, {@code batch * features} finite elements from {@code xFrom}
     * @param xFrom first element of {@code x}
     * @param loc 1, {@code features} or {@code batch * features} finite locations
     * @param scale 1, {@code features} or {@code batch * features} scales, each {@code > 0} and finite
     * @param out receives the log-densities
     * @param outFrom first element of {@code out} written
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException for a bad shape, length or value (named with its index)
     * @throws IndexOutOfBoundsException if a range is not inside its array
     */
    public static void logProb(int batch, int features, float[] x, int xFrom, float[] loc, float[] scale,
            float[] out, int outFrom) {
        RsampleScratch s = RsampleScratch.get();
        RsampleLayout l = s.layout;
        int modes = checkDensity(l, batch, features, x, xFrom, loc, scale);
        Objects.requireNonNull(out, "out");
        Checks.inside("out", outFrom, l.size, out.length);
        float[] locs = l.tile(loc, NormalRsample.locMode(modes), s.locF);
        float[] scales = l.tile(scale, NormalRsample.scaleMode(modes), s.scaleF);
        RsampleLayout.Pieces pc = s.pieces.start(l, 0, batch);
        while (pc.next()) {
            int lo = l.paramOffset(NormalRsample.locMode(modes), pc.e, pc.column);
            int so = l.paramOffset(NormalRsample.scaleMode(modes), pc.e, pc.column);
            for (int j = 0; j < pc.n; j++) {
                float sc = scales[so + j];
                float eps = (x[xFrom + pc.e + j] - locs[lo + j]) / sc;
                out[outFrom + pc.e + j] = ofEps(eps, sc);
            }
        }
    }

    /**
     * The gradients of {@link #logProb} given {@code dLogProb = dL/dlogProb}: with respect to {@code x}
     * (per element, into {@code gradX}), {@code loc} and {@code scale} (reduced to their shapes).
     *
     * @param batch rows
     * @param features columns
     * @param x the values of the forward call
     * @param xFrom first element of {@code x}
     * @param loc the locations of the forward call
     * @param scale the scales of the forward call
     * @param dLogProb {@code dL/dlogProb}, {@code batch * features} elements from {@code dFrom}
     * @param dFrom first element of {@code dLogProb}
     * @param gradX receives {@code dL/dx} per element from {@code gradXFrom}, or null
     * @param gradXFrom first element of {@code gradX}
     * @param gradLoc receives {@code dL/dloc} (the length of {@code loc}), or null
     * @param gradScale receives {@code dL/dscale} (the length of {@code scale}), or null
     * @param accumulate add to the gradient buffers instead of overwriting them
     * @throws NullPointerException if {@code x}, {@code loc}, {@code scale} or {@code dLogProb} is null
     * @throws IllegalArgumentException for a bad shape, length or value, or a gradient buffer that is an
     *     input or another gradient buffer
     * @throws IndexOutOfBoundsException if a range is not inside its array
     */
    public static void logProbBackward(int batch, int features, float[] x, int xFrom, float[] loc, float[] scale,
            float[] dLogProb, int dFrom, float[] gradX, int gradXFrom, float[] gradLoc, float[] gradScale,
            boolean accumulate) {
        RsampleScratch s = RsampleScratch.get();
        RsampleLayout l = s.layout;
        int modes = checkDensity(l, batch, features, x, xFrom, loc, scale);
        Objects.requireNonNull(dLogProb, "dLogProb");
        Checks.inside("dLogProb", dFrom, l.size, dLogProb.length);
        if (gradX != null) {
            Checks.inside("gradX", gradXFrom, l.size, gradX.length);
        }
        checkGrads(loc.length, scale.length, gradX, gradLoc, gradScale, x, dLogProb);
        DensityTerms t = DENSITY_TERMS.get();
        t.set(l, modes, x, xFrom, loc, scale, dLogProb, dFrom, gradX, gradXFrom, accumulate);
        RsampleReduction.run(Backends.current(), l, NormalRsample.locMode(modes), gradLoc,
                NormalRsample.scaleMode(modes), gradScale, accumulate, t);
    }

    /**
     * The log-density of the values of a {@link NormalRsample} forward pass, from its noise:
     * {@code out[outFrom + i] = fma(-eps_i/2, eps_i, -(log(scale_i) + log(2 pi)/2))}. With {@code eps}
     * null the noise is regenerated from the stream (float normal variate {@code index + i}), exactly
     * as the forward pass drew it.
     *
     * @param rng the stream of the forward pass
     * @param index its index
     * @param batch rows
     * @param features columns
     * @param scale the scales of the forward pass
     * @param eps the stored noise, or null to regenerate it
     * @param epsFrom first element of {@code eps}
     * @param out receives the log-densities
     * @param outFrom first element of {@code out} written
     * @throws NullPointerException if {@code rng}, {@code scale} or {@code out} is null
     * @throws IllegalArgumentException for a bad shape, scale length or value, {@code index < 0} or
     *     variates past the stream's end
     * @throws IndexOutOfBoundsException if a range is not inside its array
     */
    public static void ofRsample(Philox4x32 rng, long index, int batch, int features, float[] scale, float[] eps,
            int epsFrom, float[] out, int outFrom) {
        RsampleScratch s = RsampleScratch.get();
        RsampleLayout l = s.layout;
        Objects.requireNonNull(rng, "rng");
        Objects.requireNonNull(scale, "scale");
        l.set(batch, features);
        int scaleMode = l.mode("scale", scale.length);
        Checks.range("index", index, 1, 0, l.size, l.size);
        if (eps != null) {
            Checks.inside("eps", epsFrom, l.size, eps.length);
        }
        Objects.requireNonNull(out, "out");
        Checks.inside("out", outFrom, l.size, out.length);
        checkScales(scale);
        KernelProvider p = Backends.current();
        float[] scales = l.tile(scale, scaleMode, s.scaleF);
        RsampleLayout.Pieces pc = s.pieces.start(l, 0, batch);
        while (pc.next()) {
            float[] e = eps != null ? eps : s.epsF;
            int eo = eps != null ? epsFrom + pc.e : 0;
            if (eps == null) {
                p.normalFloats(rng.key(), rng.streamId(), index + pc.e, e, eo, pc.n);
            }
            int so = l.paramOffset(scaleMode, pc.e, pc.column);
            for (int j = 0; j < pc.n; j++) {
                out[outFrom + pc.e + j] = ofEps(e[eo + j], scales[so + j]);
            }
        }
    }

    /**
     * The gradient of {@link #ofRsample}'s log-densities with respect to {@code scale}, eps held fixed:
     * the terms {@code -(dL/dlp_i / scale_i)} reduced to the shape of {@code scale}. (With respect to
     * {@code loc} it is 0: {@code z - loc} is {@code eps * scale} whatever loc is.)
     *
     * @param batch rows
     * @param features columns
     * @param scale the scales of the forward pass
     * @param dLogProb {@code dL/dlogProb}, {@code batch * features} elements from {@code dFrom}
     * @param dFrom first element of {@code dLogProb}
     * @param gradScale receives {@code dL/dscale} (the length of {@code scale})
     * @param accumulate add to {@code gradScale} instead of overwriting it
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException for a bad shape, scale length or value, or a gradient buffer of
     *     another length than {@code scale} or that is an input
     * @throws IndexOutOfBoundsException if a range is not inside its array
     */
    public static void ofRsampleBackward(int batch, int features, float[] scale, float[] dLogProb, int dFrom,
            float[] gradScale, boolean accumulate) {
        RsampleScratch s = RsampleScratch.get();
        RsampleLayout l = s.layout;
        Objects.requireNonNull(scale, "scale");
        l.set(batch, features);
        int scaleMode = l.mode("scale", scale.length);
        Objects.requireNonNull(dLogProb, "dLogProb");
        Checks.inside("dLogProb", dFrom, l.size, dLogProb.length);
        Objects.requireNonNull(gradScale, "gradScale");
        checkGrads(1, scale.length, null, null, gradScale, scale, dLogProb);
        checkScales(scale);
        RsampleTerms t = RSAMPLE_TERMS.get();
        t.set(l, scaleMode, scale, dLogProb, dFrom);
        RsampleReduction.run(Backends.current(), l, RsampleLayout.SCALAR, null, scaleMode, gradScale, accumulate, t);
    }

    /**
     * The entropy of each scale value: {@code out[i] = log(scale[i]) + (1/2 + log(2 pi)/2)}.
     *
     * @param scale the scales, each {@code > 0} and finite
     * @param out receives one entropy per scale, {@code out.length >= scale.length}
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if a scale is not positive and finite
     * @throws IndexOutOfBoundsException if {@code out} is shorter than {@code scale}
     */
    public static void entropy(float[] scale, float[] out) {
        Objects.requireNonNull(out, "out");
        checkScales(Objects.requireNonNull(scale, "scale"));
        Checks.inside("out", 0, scale.length, out.length);
        for (int i = 0; i < scale.length; i++) {
            out[i] = Elementary.log(scale[i]) + ENTROPY_CONSTANT;
        }
    }

    /**
     * The gradient of {@link #entropy}: {@code gradScale[i] = dEntropy[i] / scale[i]} (added to it with
     * {@code accumulate}).
     *
     * @param scale the scales, each {@code > 0} and finite
     * @param dEntropy {@code dL/dH}, one per scale
     * @param gradScale receives {@code dL/dscale}, one per scale
     * @param accumulate add to {@code gradScale} instead of overwriting it
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if a scale is not positive and finite or a length differs
     */
    public static void entropyBackward(float[] scale, float[] dEntropy, float[] gradScale, boolean accumulate) {
        checkScales(Objects.requireNonNull(scale, "scale"));
        Objects.requireNonNull(dEntropy, "dEntropy");
        Objects.requireNonNull(gradScale, "gradScale");
        if (dEntropy.length != scale.length || gradScale.length != scale.length) {
            throw new IllegalArgumentException("dEntropy.length and gradScale.length must equal scale.length ("
                    + scale.length + "), were " + dEntropy.length + " and " + gradScale.length);
        }
        for (int i = 0; i < scale.length; i++) {
            float g = dEntropy[i] / scale[i];
            gradScale[i] = accumulate ? gradScale[i] + g : g;
        }
    }

    /** The log-density of standardized value {@code eps} under scale {@code s}. */
    static float ofEps(float eps, float s) {
        return Math.fma(-0.5f * eps, eps, -(Elementary.log(s) + TanhNormalRsample.HALF_LOG_2PI));
    }

    private static int checkDensity(RsampleLayout l, int batch, int features, float[] x, int xFrom, float[] loc,
            float[] scale) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(loc, "loc");
        Objects.requireNonNull(scale, "scale");
        l.set(batch, features);
        int modes = l.mode("loc", loc.length) | l.mode("scale", scale.length) << 2;
        Checks.inside("x", xFrom, l.size, x.length);
        NormalRsample.checkParams(Backends.current(), loc, scale);
        for (int i = 0; i < l.size; i++) {
            if (!Float.isFinite(x[xFrom + i])) {
                throw new IllegalArgumentException("x[" + (xFrom + i) + "] must be finite, was " + x[xFrom + i]);
            }
        }
        return modes;
    }

    private static void checkScales(float[] scale) {
        for (int i = 0; i < scale.length; i++) {
            if (!(scale[i] > 0 && scale[i] < Float.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("scale[" + i + "] must be > 0 and finite, was " + scale[i]);
            }
        }
    }

    private static void checkGrads(int locLength, int scaleLength, float[] gradX, float[] gradLoc,
            float[] gradScale, float[] in1, float[] in2) {
        if (gradLoc != null && gradLoc.length != locLength) {
            throw new IllegalArgumentException("gradLoc.length must equal loc.length (" + locLength + "), was "
                    + gradLoc.length);
        }
        if (gradScale != null && gradScale.length != scaleLength) {
            throw new IllegalArgumentException("gradScale.length must equal scale.length (" + scaleLength
                    + "), was " + gradScale.length);
        }
        float[][] grads = {gradX, gradLoc, gradScale};
        String[] names = {"gradX", "gradLoc", "gradScale"};
        for (int a = 0; a < 3; a++) {
            if (grads[a] == null) {
                continue;
            }
            if (grads[a] == in1 || grads[a] == in2) {
                throw new IllegalArgumentException(names[a] + " must not be an input array");
            }
            for (int b = a + 1; b < 3; b++) {
                if (grads[a] == grads[b]) {
                    throw new IllegalArgumentException(names[a] + " and " + names[b] + " must be different arrays");
                }
            }
        }
    }

    /** The terms of {@link #logProbBackward}; writes dL/dx on the way. */
    private static final class DensityTerms extends RsampleReduction.Terms {
        private RsampleLayout layout;
        private int locMode;
        private int scaleMode;
        private float[] x;
        private int xFrom;
        private float[] locs;
        private float[] scales;
        private float[] dLogProb;
        private int dFrom;
        private float[] gradX;
        private int gradXFrom;
        private boolean add;

        void set(RsampleLayout l, int modes, float[] x, int xFrom, float[] loc, float[] scale, float[] dLogProb,
                int dFrom, float[] gradX, int gradXFrom, boolean add) {
            RsampleScratch s = RsampleScratch.get();
            this.layout = l;
            this.locMode = NormalRsample.locMode(modes);
            this.scaleMode = NormalRsample.scaleMode(modes);
            this.x = x;
            this.xFrom = xFrom;
            this.locs = l.tile(loc, locMode, s.locF);
            this.scales = l.tile(scale, scaleMode, s.scaleF);
            this.dLogProb = dLogProb;
            this.dFrom = dFrom;
            this.gradX = gradX;
            this.gradXFrom = gradXFrom;
            this.add = add;
        }

        @Override
        void terms(KernelProvider p, RsampleLayout.Pieces pc, float[] termLoc, float[] termScale) {
            int lo = layout.paramOffset(locMode, pc.e, pc.column);
            int so = layout.paramOffset(scaleMode, pc.e, pc.column);
            for (int j = 0; j < pc.n; j++) {
                float sc = scales[so + j];
                float eps = (x[xFrom + pc.e + j] - locs[lo + j]) / sc;
                float g = dLogProb[dFrom + pc.e + j];
                float t = g * eps / sc;
                termLoc[j] = t;
                termScale[j] = Math.fma(t, eps, -(g / sc));
                if (gradX != null) {
                    int at = gradXFrom + pc.e + j;
                    gradX[at] = add ? gradX[at] - t : -t;
                }
            }
        }
    }

    /** The terms of {@link #ofRsampleBackward}. */
    private static final class RsampleTerms extends RsampleReduction.Terms {
        private RsampleLayout layout;
        private int scaleMode;
        private float[] scales;
        private float[] dLogProb;
        private int dFrom;

        void set(RsampleLayout l, int scaleMode, float[] scale, float[] dLogProb, int dFrom) {
            this.layout = l;
            this.scaleMode = scaleMode;
            this.scales = l.tile(scale, scaleMode, RsampleScratch.get().scaleF);
            this.dLogProb = dLogProb;
            this.dFrom = dFrom;
        }

        @Override
        void terms(KernelProvider p, RsampleLayout.Pieces pc, float[] termLoc, float[] termScale) {
            int so = layout.paramOffset(scaleMode, pc.e, pc.column);
            for (int j = 0; j < pc.n; j++) {
                termScale[j] = -(dLogProb[dFrom + pc.e + j] / scales[so + j]);
            }
        }
    }
}
