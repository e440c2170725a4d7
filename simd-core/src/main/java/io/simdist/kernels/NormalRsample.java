package io.simdist.kernels;

import static io.simdist.kernels.RsampleLayout.ELEMENT;
import static io.simdist.kernels.RsampleLayout.PIECE;

import io.simdist.rng.Checks;
import io.simdist.rng.Philox4x32;
import io.simdist.simd.Backends;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The fused reparameterised sample of a normal distribution, {@code z = loc + eps * scale} with
 * {@code eps ~ N(0, 1)} drawn independently of the parameters (the reparameterization trick of Kingma
 * and Welling, "Auto-Encoding Variational Bayes", 2014), and its backward pass
 * {@code dL/dloc = sum(dL/dz)}, {@code dL/dscale = sum(dL/dz * eps)}.
 *
 * <h2>Shapes and broadcasting</h2>
 * {@code z} is a row-major {@code [batch x features]} block of {@code batch * features} elements. Each
 * of {@code loc} and {@code scale} has 1 value (a scalar), {@code features} values (one per column,
 * broadcast over the rows) or {@code batch * features} values (one per element), chosen by its length.
 * A gradient has the shape of its parameter: the per-element terms are summed over the dimensions the
 * parameter was broadcast over.
 *
 * <h2>Index to word mapping</h2>
 * Element {@code i} (row {@code i / features}, column {@code i % features}) takes its noise from
 * normal variate {@code index + i} of the stream ({@link Normals}): float element {@code i} from word
 * {@code index + i}, double element {@code i} from words {@code 2(index + i)} and
 * {@code 2(index + i) + 1}. So {@code eps} here equals {@code Normals.fill(rng, index, eps, 0, n)}, and
 * {@code z} is a pure function of (key, stream, index, loc, scale).
 *
 * <h2>Eps policy</h2>
 * With an {@code eps} buffer ({@link EpsPolicy#STORE}) the forward pass writes the noise beside
 * {@code z} and the backward pass reads it; with {@code eps == null} ({@link EpsPolicy#RECOMPUTE}) the
 * forward pass keeps it only in a 4 KiB per-thread buffer, never in an array of the block's size, and
 * the backward pass regenerates it from the counter. Both give the same bits.
 *
 * <h2>Arithmetic and reduction order</h2>
 * {@code z = fma(eps, scale, loc)}, one rounding. Per-element gradients are {@code dz} and
 * {@code dz * eps} (one rounding each). A reduced gradient is accumulated in double in the fixed order
 * described in {@link RsampleLayout} (position accumulators inside blocks of about 65536 elements, block
 * partials summed in block order), then rounded once. The order depends on the shape only, so
 * gradients are bit-identical across backends, vector widths and thread counts. For float input every
 * term {@code dz * eps} is exact in double, so the reduced float gradient has a relative error of about
 * one float rounding unless the sum cancels heavily (a batch of 10^6 is tested against an exact sum).
 *
 * <h2>Errors</h2>
 * All arguments are checked before anything is written; a call that throws has written nothing.
 * Messages name the parameter, the index and the value, such as
 * {@code scale[3] must be > 0 and finite, was -0.5}.
 *
 * <h2>Threads and memory</h2>
 * The overloads that take an {@link Executor} split the rows at the fixed block boundaries and give
 * the bits of the single-threaded call. The single-threaded calls allocate nothing once warm (per-thread
 * buffers); the {@code MemorySegment} overloads copy through per-thread heap buffers.
 */
public final class NormalRsample {
    /** Whether the forward pass stores the noise for the backward pass or the backward pass recomputes it. */
    public enum EpsPolicy {
        /** Write eps beside z; the backward pass reads it (more memory, less work). */
        STORE,
        /** Keep no eps; the backward pass regenerates it from the counter (no memory, same bits). */
        RECOMPUTE
    }

    private NormalRsample() {}

    /**
     * Forward pass in float: {@code z[zFrom + i] = fma(eps_i, scale_i, loc_i)} for the
     * {@code batch * features} elements, with {@code eps_i} = float normal variate {@code index + i}.
     *
     * @param rng the stream
     * @param index the normal variate of element 0, {@code >= 0}
     * @param batch rows, {@code >= 0}
     * @param features columns, {@code >= 1}
     * @param loc 1, {@code features} or {@code batch * features} finite locations
     * @param scale 1, {@code features} or {@code batch * features} scales, each {@code > 0} and finite
     * @param z the output, {@code batch * features} elements from {@code zFrom}
     * @param zFrom first element of {@code z} written
     * @param eps where to store the noise ({@link EpsPolicy#STORE}), or null ({@link EpsPolicy#RECOMPUTE});
     *     must not be the array {@code z}
     * @param epsFrom first element of {@code eps} written
     * @throws NullPointerException if {@code rng}, {@code loc}, {@code scale} or {@code z} is null
     * @throws IllegalArgumentException for a bad shape, a parameter length that is not 1,
     *     {@code features} or {@code batch * features}, a non-finite location, a scale that is not
     *     positive and finite, {@code eps == z}, {@code index < 0} or variates past the stream's end
     * @throws IndexOutOfBoundsException if an output range is not inside its array
     */
    public static void forward(Philox4x32 rng, long index, int batch, int features, float[] loc, float[] scale,
            float[] z, int zFrom, float[] eps, int epsFrom) {
        forward(SmallCalls.provider(batch, features), SmallCalls.fitsAffine(batch, features), rng, index, batch, features, loc, scale, z,
                zFrom, eps, epsFrom);
    }

    /**
     * {@link #forward(Philox4x32, long, int, int, float[], float[], float[], int, float[], int)} with
     * parameters checked once ({@link LocScale}: one location and one scale per feature): the same
     * values, without the per-call check of the parameters' values. The stream range, the batch and the
     * output ranges are checked as for the array call.
     *
     * @param rng the stream
     * @param index the normal variate of element 0, {@code >= 0}
     * @param batch rows, {@code >= 0}
     * @param params the locations and scales, {@code D = params.features()} columns
     * @param z the output, {@code batch * D} elements from {@code zFrom}
     * @param zFrom first element of {@code z} written
     * @param eps where to store the noise, or null; must not be the array {@code z}
     * @param epsFrom first element of {@code eps} written
     * @throws NullPointerException if {@code rng}, {@code params} or {@code z} is null
     * @throws IllegalArgumentException for a bad batch, {@code eps == z}, {@code index < 0} or variates
     *     past the stream's end
     * @throws IndexOutOfBoundsException if an output range is not inside its array
     */
    public static void forward(Philox4x32 rng, long index, int batch, LocScale params, float[] z, int zFrom,
            float[] eps, int epsFrom) {
        int features = Objects.requireNonNull(params, "params").features();
        forward(SmallCalls.provider(batch, features), SmallCalls.fitsAffine(batch, features), true, rng, index,
                batch, features, params.loc, params.scale, z, zFrom, eps, epsFrom);
    }

    /** {@link #forward(KernelProvider, boolean, boolean, Philox4x32, long, int, int, float[], float[], float[], int, float[], int)} checking the parameters. */
    static void forward(KernelProvider p, boolean small, Philox4x32 rng, long index, int batch, int features,
            float[] loc, float[] scale, float[] z, int zFrom, float[] eps, int epsFrom) {
        forward(p, small, false, rng, index, batch, features, loc, scale, z, zFrom, eps, epsFrom);
    }

    /**
     * The forward pass on {@code p}, or on the small-call path ({@link SmallCalls}) with {@code small};
     * {@code checked}: the parameters' values are known good ({@link LocScale}).
     */
    static void forward(KernelProvider p, boolean small, boolean checked, Philox4x32 rng, long index, int batch,
            int features, float[] loc, float[] scale, float[] z, int zFrom, float[] eps, int epsFrom) {
        int modes = checkForward(rng, index, 1, batch, features, loc, loc == null ? 0 : loc.length, scale,
                scale == null ? 0 : scale.length, z, zFrom, z == null ? 0 : z.length, eps, epsFrom,
                eps == null ? 0 : eps.length);
        if (!checked) {
            // a call of at most ALWAYS elements checks with the scalar loop (no Vector API code), a larger
            // one with the backend's, on the small path too
            checkParams(small && (long) batch * features <= SmallCalls.ALWAYS ? ScalarKernelProvider.INSTANCE : p,
                    loc, scale);
        }
        if (small) {
            SmallCalls.forward(p, rng.key(), rng.streamId(), index, batch, features, loc, locMode(modes), scale,
                    scaleMode(modes), z, zFrom, eps, epsFrom);
            return;
        }
        RsampleLayout l = RsampleScratch.get().layout.set(batch, features);
        forwardRows(p, rng, index, l, loc, locMode(modes), scale, scaleMode(modes), z, zFrom, eps,
                epsFrom, 0, batch);
    }

    /**
     * {@link #forward(Philox4x32, long, int, int, float[], float[], float[], int, float[], int)} with the
     * rows split into fixed blocks run on {@code executor}; bit-identical to the single-threaded call.
     *
     * @param rng the stream
     * @param index the normal variate of element 0
     * @param batch rows
     * @param features columns
     * @param loc the locations
     * @param scale the scales
     * @param z the output
     * @param zFrom first element of {@code z} written
     * @param eps where to store the noise, or null
     * @param epsFrom first element of {@code eps} written
     * @param executor runs the blocks
     * @throws NullPointerException if {@code executor} is null, or as the single-threaded call
     * @throws IllegalArgumentException as the single-threaded call
     * @throws IndexOutOfBoundsException as the single-threaded call
     */
    public static void forward(Philox4x32 rng, long index, int batch, int features, float[] loc, float[] scale,
            float[] z, int zFrom, float[] eps, int epsFrom, Executor executor) {
        Objects.requireNonNull(executor, "executor");
        RsampleLayout l = new RsampleLayout();
        int modes = checkForward(rng, index, 1, batch, features, loc, loc == null ? 0 : loc.length, scale,
                scale == null ? 0 : scale.length, z, zFrom, z == null ? 0 : z.length, eps, epsFrom,
                eps == null ? 0 : eps.length);
        l.set(batch, features);
        KernelProvider p = Backends.current();
        checkParams(p, loc, scale);
        Parallel.forEachTask(l.blocks, executor, b -> forwardRows(p, rng, index, l, loc, locMode(modes), scale,
                scaleMode(modes), z, zFrom, eps, epsFrom, b * l.rowsPerBlock,
                Math.min(l.batch, (b + 1) * l.rowsPerBlock)));
    }

    /**
     * Forward pass in double: {@code z[zFrom + i] = fma(eps_i, scale_i, loc_i)} with {@code eps_i} =
     * double normal variate {@code index + i} (words {@code 2(index + i)}, {@code 2(index + i) + 1}).
     * Otherwise as the float overload.
     *
     * @param rng the stream
     * @param index the normal variate of element 0, {@code >= 0}
     * @param batch rows, {@code >= 0}
     * @param features columns, {@code >= 1}
     * @param loc 1, {@code features} or {@code batch * features} finite locations
     * @param scale 1, {@code features} or {@code batch * features} scales, each {@code > 0} and finite
     * @param z the output
     * @param zFrom first element of {@code z} written
     * @param eps where to store the noise, or null; not the array {@code z}
     * @param epsFrom first element of {@code eps} written
     * @throws NullPointerException if {@code rng}, {@code loc}, {@code scale} or {@code z} is null
     * @throws IllegalArgumentException as the float overload
     * @throws IndexOutOfBoundsException if an output range is not inside its array
     */
    public static void forward(Philox4x32 rng, long index, int batch, int features, double[] loc,
            double[] scale, double[] z, int zFrom, double[] eps, int epsFrom) {
        forward(SmallCalls.provider(batch, features), SmallCalls.fitsAffine(batch, features), rng, index, batch, features, loc, scale, z,
                zFrom, eps, epsFrom);
    }

    /** The forward pass on {@code p}, or on the small-call path ({@link SmallCalls}) with {@code small}. */
    static void forward(KernelProvider p, boolean small, Philox4x32 rng, long index, int batch, int features,
            double[] loc, double[] scale, double[] z, int zFrom, double[] eps, int epsFrom) {
        int modes = checkForward(rng, index, 2, batch, features, loc, loc == null ? 0 : loc.length, scale,
                scale == null ? 0 : scale.length, z, zFrom, z == null ? 0 : z.length, eps, epsFrom,
                eps == null ? 0 : eps.length);
        checkParams(loc, scale);
        if (small) {
            SmallCalls.forward(p, rng.key(), rng.streamId(), index, batch, features, loc, locMode(modes), scale,
                    scaleMode(modes), z, zFrom, eps, epsFrom);
            return;
        }
        RsampleLayout l = RsampleScratch.get().layout.set(batch, features);
        forwardRows(p, rng, index, l, loc, locMode(modes), scale, scaleMode(modes), z, zFrom, eps,
                epsFrom, 0, batch);
    }

    /**
     * {@link #forward(Philox4x32, long, int, int, double[], double[], double[], int, double[], int)} on
     * {@code executor}; bit-identical to the single-threaded call.
     *
     * @param rng the stream
     * @param index the normal variate of element 0
     * @param batch rows
     * @param features columns
     * @param loc the locations
     * @param scale the scales
     * @param z the output
     * @param zFrom first element of {@code z} written
     * @param eps where to store the noise, or null
     * @param epsFrom first element of {@code eps} written
     * @param executor runs the blocks
     * @throws NullPointerException if {@code executor} is null, or as the single-threaded call
     * @throws IllegalArgumentException as the single-threaded call
     * @throws IndexOutOfBoundsException as the single-threaded call
     */
    public static void forward(Philox4x32 rng, long index, int batch, int features, double[] loc,
            double[] scale, double[] z, int zFrom, double[] eps, int epsFrom, Executor executor) {
        Objects.requireNonNull(executor, "executor");
        RsampleLayout l = new RsampleLayout();
        int modes = checkForward(rng, index, 2, batch, features, loc, loc == null ? 0 : loc.length, scale,
                scale == null ? 0 : scale.length, z, zFrom, z == null ? 0 : z.length, eps, epsFrom,
                eps == null ? 0 : eps.length);
        l.set(batch, features);
        checkParams(loc, scale);
        KernelProvider p = Backends.current();
        Parallel.forEachTask(l.blocks, executor, b -> forwardRows(p, rng, index, l, loc, locMode(modes), scale,
                scaleMode(modes), z, zFrom, eps, epsFrom, b * l.rowsPerBlock,
                Math.min(l.batch, (b + 1) * l.rowsPerBlock)));
    }

    /**
     * Backward pass in float: the gradients of a loss L with respect to {@code loc} and {@code scale}
     * given {@code dz = dL/dz} of the forward pass with the same stream, index and shape:
     * {@code gradLoc = sum(dz)}, {@code gradScale = sum(dz * eps)}, each summed over the dimensions its
     * parameter was broadcast over (see the class comment for the order). The gradient lengths say the
     * parameters' shapes (1, {@code features} or {@code batch * features}); {@code scale} itself is not
     * needed.
     *
     * @param rng the stream of the forward pass
     * @param index the index of the forward pass
     * @param batch rows
     * @param features columns
     * @param dz {@code dL/dz}, {@code batch * features} elements from {@code dzFrom}
     * @param dzFrom first element of {@code dz} read
     * @param eps the noise stored by the forward pass ({@link EpsPolicy#STORE}), or null to recompute it
     * @param epsFrom first element of {@code eps} read
     * @param gradLoc receives {@code dL/dloc}, or null if not wanted
     * @param gradScale receives {@code dL/dscale}, or null if not wanted
     * @param accumulate add to what the gradient buffers hold ({@code g += grad}, as autograd does for a
     *     parameter used more than once) instead of overwriting it
     * @throws NullPointerException if {@code rng} or {@code dz} is null
     * @throws IllegalArgumentException for a bad shape or gradient length, a gradient buffer that is the
     *     array {@code dz} or {@code eps} or the other gradient, {@code index < 0} or variates past the
     *     stream's end
     * @throws IndexOutOfBoundsException if an input range is not inside its array
     */
    public static void backward(Philox4x32 rng, long index, int batch, int features, float[] dz, int dzFrom,
            float[] eps, int epsFrom, float[] gradLoc, float[] gradScale, boolean accumulate) {
        backward(SmallCalls.provider(batch, features), SmallCalls.fitsAffine(batch, features), rng, index, batch, features, dz, dzFrom, eps,
                epsFrom, gradLoc, gradScale, accumulate);
    }

    /** The backward pass on {@code p}, or on the small-call path ({@link SmallCalls}) with {@code small}. */
    static void backward(KernelProvider p, boolean small, Philox4x32 rng, long index, int batch, int features,
            float[] dz, int dzFrom, float[] eps, int epsFrom, float[] gradLoc, float[] gradScale,
            boolean accumulate) {
        int modes = checkBackward(rng, index, 1, batch, features, dz, dzFrom, dz == null ? 0 : dz.length, eps,
                epsFrom, eps == null ? 0 : eps.length, gradLoc, gradLoc == null ? 0 : gradLoc.length, gradScale,
                gradScale == null ? 0 : gradScale.length);
        if (small) {
            SmallCalls.backward(p, rng.key(), rng.streamId(), index, batch, features, dz, dzFrom, eps, epsFrom,
                    locMode(modes), gradLoc, scaleMode(modes), gradScale, accumulate);
            return;
        }
        RsampleLayout l = RsampleScratch.get().layout.set(batch, features);
        backwardSerial(p, rng, index, l, modes, dz, dzFrom, eps, epsFrom, gradLoc, gradScale, accumulate);
    }

    /**
     * {@link #backward(Philox4x32, long, int, int, float[], int, float[], int, float[], float[], boolean)}
     * with the blocks run on {@code executor}; the block partials are summed in block order, so the
     * result is bit-identical to the single-threaded call.
     *
     * @param rng the stream of the forward pass
     * @param index the index of the forward pass
     * @param batch rows
     * @param features columns
     * @param dz {@code dL/dz}
     * @param dzFrom first element of {@code dz} read
     * @param eps the stored noise, or null to recompute it
     * @param epsFrom first element of {@code eps} read
     * @param gradLoc receives {@code dL/dloc}, or null
     * @param gradScale receives {@code dL/dscale}, or null
     * @param accumulate add to the gradient buffers instead of overwriting them
     * @param executor runs the blocks
     * @throws NullPointerException if {@code executor} is null, or as the single-threaded call
     * @throws IllegalArgumentException as the single-threaded call
     * @throws IndexOutOfBoundsException as the single-threaded call
     */
    public static void backward(Philox4x32 rng, long index, int batch, int features, float[] dz, int dzFrom,
            float[] eps, int epsFrom, float[] gradLoc, float[] gradScale, boolean accumulate, Executor executor) {
        Objects.requireNonNull(executor, "executor");
        RsampleLayout l = new RsampleLayout();
        int modes = checkBackward(rng, index, 1, batch, features, dz, dzFrom, dz == null ? 0 : dz.length, eps,
                epsFrom, eps == null ? 0 : eps.length, gradLoc, gradLoc == null ? 0 : gradLoc.length, gradScale,
                gradScale == null ? 0 : gradScale.length);
        l.set(batch, features);
        backwardParallel(Backends.current(), rng, index, l, modes, dz, dzFrom, eps, epsFrom, gradLoc, gradScale,
                accumulate, executor);
    }

    /**
     * Backward pass in double; as the float overload, with {@code dz * eps} rounded to double before it
     * is added.
     *
     * @param rng the stream of the forward pass
     * @param index the index of the forward pass
     * @param batch rows
     * @param features columns
     * @param dz {@code dL/dz}, {@code batch * features} elements from {@code dzFrom}
     * @param dzFrom first element of {@code dz} read
     * @param eps the stored noise, or null to recompute it
     * @param epsFrom first element of {@code eps} read
     * @param gradLoc receives {@code dL/dloc}, or null
     * @param gradScale receives {@code dL/dscale}, or null
     * @param accumulate add to the gradient buffers instead of overwriting them
     * @throws NullPointerException if {@code rng} or {@code dz} is null
     * @throws IllegalArgumentException as the float overload
     * @throws IndexOutOfBoundsException if an input range is not inside its array
     */
    public static void backward(Philox4x32 rng, long index, int batch, int features, double[] dz, int dzFrom,
            double[] eps, int epsFrom, double[] gradLoc, double[] gradScale, boolean accumulate) {
        backward(SmallCalls.provider(batch, features), SmallCalls.fitsAffine(batch, features), rng, index, batch, features, dz, dzFrom, eps,
                epsFrom, gradLoc, gradScale, accumulate);
    }

    /** The backward pass on {@code p}, or on the small-call path ({@link SmallCalls}) with {@code small}. */
    static void backward(KernelProvider p, boolean small, Philox4x32 rng, long index, int batch, int features,
            double[] dz, int dzFrom, double[] eps, int epsFrom, double[] gradLoc, double[] gradScale,
            boolean accumulate) {
        int modes = checkBackward(rng, index, 2, batch, features, dz, dzFrom, dz == null ? 0 : dz.length, eps,
                epsFrom, eps == null ? 0 : eps.length, gradLoc, gradLoc == null ? 0 : gradLoc.length, gradScale,
                gradScale == null ? 0 : gradScale.length);
        if (small) {
            SmallCalls.backward(p, rng.key(), rng.streamId(), index, batch, features, dz, dzFrom, eps, epsFrom,
                    locMode(modes), gradLoc, scaleMode(modes), gradScale, accumulate);
            return;
        }
        RsampleLayout l = RsampleScratch.get().layout.set(batch, features);
        backwardSerial(p, rng, index, l, modes, dz, dzFrom, eps, epsFrom, gradLoc, gradScale, accumulate);
    }

    /**
     * {@link #backward(Philox4x32, long, int, int, double[], int, double[], int, double[], double[], boolean)}
     * on {@code executor}; bit-identical to the single-threaded call.
     *
     * @param rng the stream of the forward pass
     * @param index the index of the forward pass
     * @param batch rows
     * @param features columns
     * @param dz {@code dL/dz}
     * @param dzFrom first element of {@code dz} read
     * @param eps the stored noise, or null to recompute it
     * @param epsFrom first element of {@code eps} read
     * @param gradLoc receives {@code dL/dloc}, or null
     * @param gradScale receives {@code dL/dscale}, or null
     * @param accumulate add to the gradient buffers instead of overwriting them
     * @param executor runs the blocks
     * @throws NullPointerException if {@code executor} is null, or as the single-threaded call
     * @throws IllegalArgumentException as the single-threaded call
     * @throws IndexOutOfBoundsException as the single-threaded call
     */
    public static void backward(Philox4x32 rng, long index, int batch, int features, double[] dz, int dzFrom,
            double[] eps, int epsFrom, double[] gradLoc, double[] gradScale, boolean accumulate,
            Executor executor) {
        Objects.requireNonNull(executor, "executor");
        RsampleLayout l = new RsampleLayout();
        int modes = checkBackward(rng, index, 2, batch, features, dz, dzFrom, dz == null ? 0 : dz.length, eps,
                epsFrom, eps == null ? 0 : eps.length, gradLoc, gradLoc == null ? 0 : gradLoc.length, gradScale,
                gradScale == null ? 0 : gradScale.length);
        l.set(batch, features);
        backwardParallel(Backends.current(), rng, index, l, modes, dz, dzFrom, eps, epsFrom, gradLoc, gradScale,
                accumulate, executor);
    }

    /**
     * {@link #forward(Philox4x32, long, int, int, float[], float[], float[], int, float[], int)} into
     * memory segments (on or off the heap): element {@code i} of {@code z} (and of {@code eps}, with
     * {@link EpsPolicy#STORE}) is written at byte offset {@code 4i} in {@code layout}'s byte order. The
     * parameters stay on the heap. The bits are those of the array overload.
     *
     * @param rng the stream
     * @param index the normal variate of element 0, {@code >= 0}
     * @param batch rows
     * @param features columns
     * @param loc 1, {@code features} or {@code batch * features} finite locations
     * @param scale 1, {@code features} or {@code batch * features} positive finite scales
     * @param z receives the {@code batch * features} values, writable, at least that many elements
     * @param eps receives the noise, or null ({@link EpsPolicy#RECOMPUTE}); must not overlap {@code z}
     * @param layout the element layout (byte order and alignment) of both segments
     * @throws NullPointerException if {@code rng}, {@code loc}, {@code scale}, {@code z} or {@code layout}
     *     is null
     * @throws IllegalArgumentException as the array overload, or for a read-only or misaligned segment
     * @throws IndexOutOfBoundsException if a segment holds fewer than {@code batch * features} elements
     * @throws IllegalStateException if a segment's scope is closed or confined to another thread
     */
    public static void forward(Philox4x32 rng, long index, int batch, int features, float[] loc, float[] scale,
            MemorySegment z, MemorySegment eps, ValueLayout.OfFloat layout) {
        Objects.requireNonNull(layout, "layout");
        segmentForward(Backends.current(), rng, index, batch, features, loc, loc == null ? 0 : loc.length, scale,
                scale == null ? 0 : scale.length, z, eps, layout);
    }

    /**
     * The double twin of
     * {@link #forward(Philox4x32, long, int, int, float[], float[], MemorySegment, MemorySegment, ValueLayout.OfFloat)}:
     * element {@code i} at byte offset {@code 8i}.
     *
     * @param rng the stream
     * @param index the normal variate of element 0, {@code >= 0}
     * @param batch rows
     * @param features columns
     * @param loc the locations
     * @param scale the scales
     * @param z receives the values
     * @param eps receives the noise, or null
     * @param layout the element layout of both segments
     * @throws NullPointerException as the float overload
     * @throws IllegalArgumentException as the float overload
     * @throws IndexOutOfBoundsException as the float overload
     * @throws IllegalStateException as the float overload
     */
    public static void forward(Philox4x32 rng, long index, int batch, int features, double[] loc, double[] scale,
            MemorySegment z, MemorySegment eps, ValueLayout.OfDouble layout) {
        Objects.requireNonNull(layout, "layout");
        segmentForward(Backends.current(), rng, index, batch, features, loc, loc == null ? 0 : loc.length, scale,
                scale == null ? 0 : scale.length, z, eps, layout);
    }

    /**
     * {@link #backward(Philox4x32, long, int, int, float[], int, float[], int, float[], float[], boolean)}
     * reading {@code dz} (and the stored {@code eps}) from memory segments; the gradients stay on the
     * heap. The bits are those of the array overload.
     *
     * @param rng the stream of the forward pass
     * @param index its index
     * @param batch rows
     * @param features columns
     * @param dz {@code dL/dz}, at least {@code batch * features} elements
     * @param eps the noise stored by the forward pass, or null to recompute it
     * @param layout the element layout of both segments
     * @param gradLoc receives {@code dL/dloc}, or null
     * @param gradScale receives {@code dL/dscale}, or null
     * @param accumulate add to the gradient buffers instead of overwriting them
     * @throws NullPointerException if {@code rng}, {@code dz} or {@code layout} is null
     * @throws IllegalArgumentException as the array overload, or for a misaligned segment
     * @throws IndexOutOfBoundsException if a segment holds fewer than {@code batch * features} elements
     * @throws IllegalStateException if a segment's scope is closed or confined to another thread
     */
    public static void backward(Philox4x32 rng, long index, int batch, int features, MemorySegment dz,
            MemorySegment eps, ValueLayout.OfFloat layout, float[] gradLoc, float[] gradScale, boolean accumulate) {
        Objects.requireNonNull(layout, "layout");
        segmentBackward(Backends.current(), rng, index, batch, features, dz, eps, layout, gradLoc,
                gradLoc == null ? 0 : gradLoc.length, gradScale, gradScale == null ? 0 : gradScale.length, accumulate);
    }

    /**
     * The double twin of
     * {@link #backward(Philox4x32, long, int, int, MemorySegment, MemorySegment, ValueLayout.OfFloat, float[], float[], boolean)}.
     *
     * @param rng the stream of the forward pass
     * @param index its index
     * @param batch rows
     * @param features columns
     * @param dz {@code dL/dz}
     * @param eps the stored noise, or null
     * @param layout the element layout of both segments
     * @param gradLoc receives {@code dL/dloc}, or null
     * @param gradScale receives {@code dL/dscale}, or null
     * @param accumulate add to the gradient buffers
     * @throws NullPointerException as the float overload
     * @throws IllegalArgumentException as the float overload
     * @throws IndexOutOfBoundsException as the float overload
     * @throws IllegalStateException as the float overload
     */
    public static void backward(Philox4x32 rng, long index, int batch, int features, MemorySegment dz,
            MemorySegment eps, ValueLayout.OfDouble layout, double[] gradLoc, double[] gradScale,
            boolean accumulate) {
        Objects.requireNonNull(layout, "layout");
        segmentBackward(Backends.current(), rng, index, batch, features, dz, eps, layout, gradLoc,
                gradLoc == null ? 0 : gradLoc.length, gradScale, gradScale == null ? 0 : gradScale.length, accumulate);
    }

    /**
     * The same kernels on a given backend. <b>Internal:</b> for the tests and benchmarks that compare
     * backends; applications call the static methods, which run on {@link Backends#current()}. Each
     * method is its static namesake, argument for argument.
     *
     * @param provider the backend the kernels run on
     */
    public record On(KernelProvider provider) {
        /**
         * @param provider the backend the kernels run on
         * @throws NullPointerException if {@code provider} is null
         */
        public On {
            Objects.requireNonNull(provider, "provider");
        }

        /**
         * {@link NormalRsample#forward(Philox4x32, long, int, int, float[], float[], float[], int, float[], int)}.
         *
         * @param rng the stream
         * @param index the normal variate of element 0
         * @param batch rows
         * @param features columns
         * @param loc the locations
         * @param scale the scales
         * @param z the output
         * @param zFrom first element of {@code z} written
         * @param eps where to store the noise, or null
         * @param epsFrom first element of {@code eps} written
         */
        public void forward(Philox4x32 rng, long index, int batch, int features, float[] loc, float[] scale,
                float[] z, int zFrom, float[] eps, int epsFrom) {
            NormalRsample.forward(provider, false, rng, index, batch, features, loc, scale, z, zFrom, eps, epsFrom);
        }

        /**
         * {@link NormalRsample#forward(Philox4x32, long, int, int, double[], double[], double[], int, double[], int)}.
         *
         * @param rng the stream
         * @param index the normal variate of element 0
         * @param batch rows
         * @param features columns
         * @param loc the locations
         * @param scale the scales
         * @param z the output
         * @param zFrom first element of {@code z} written
         * @param eps where to store the noise, or null
         * @param epsFrom first element of {@code eps} written
         */
        public void forward(Philox4x32 rng, long index, int batch, int features, double[] loc, double[] scale,
                double[] z, int zFrom, double[] eps, int epsFrom) {
            NormalRsample.forward(provider, false, rng, index, batch, features, loc, scale, z, zFrom, eps, epsFrom);
        }

        /**
         * {@link NormalRsample#backward(Philox4x32, long, int, int, float[], int, float[], int, float[], float[],
         * boolean)}.
         *
         * @param rng the stream of the forward pass
         * @param index the index of the forward pass
         * @param batch rows
         * @param features columns
         * @param dz {@code dL/dz}
         * @param dzFrom first element of {@code dz} read
         * @param eps the stored noise, or null to recompute it
         * @param epsFrom first element of {@code eps} read
         * @param gradLoc receives {@code dL/dloc}, or null
         * @param gradScale receives {@code dL/dscale}, or null
         * @param accumulate add to the gradient buffers instead of overwriting them
         */
        public void backward(Philox4x32 rng, long index, int batch, int features, float[] dz, int dzFrom,
                float[] eps, int epsFrom, float[] gradLoc, float[] gradScale, boolean accumulate) {
            NormalRsample.backward(provider, false, rng, index, batch, features, dz, dzFrom, eps, epsFrom, gradLoc,
                    gradScale, accumulate);
        }

        /**
         * {@link NormalRsample#backward(Philox4x32, long, int, int, double[], int, double[], int, double[],
         * double[], boolean)}.
         *
         * @param rng the stream of the forward pass
         * @param index the index of the forward pass
         * @param batch rows
         * @param features columns
         * @param dz {@code dL/dz}
         * @param dzFrom first element of {@code dz} read
         * @param eps the stored noise, or null to recompute it
         * @param epsFrom first element of {@code eps} read
         * @param gradLoc receives {@code dL/dloc}, or null
         * @param gradScale receives {@code dL/dscale}, or null
         * @param accumulate add to the gradient buffers instead of overwriting them
         */
        public void backward(Philox4x32 rng, long index, int batch, int features, double[] dz, int dzFrom,
                double[] eps, int epsFrom, double[] gradLoc, double[] gradScale, boolean accumulate) {
            NormalRsample.backward(provider, false, rng, index, batch, features, dz, dzFrom, eps, epsFrom, gradLoc,
                    gradScale, accumulate);
        }
    }

    // ---- the passes over rows ----

    /** The backward pass in the calling thread: blocks in order, each partial added as it is done. */
    private static void backwardSerial(KernelProvider p, Philox4x32 rng, long index, RsampleLayout l, int modes,
            Object dz, int dzFrom, Object eps, int epsFrom, Object gradLoc, Object gradScale, boolean add) {
        backwardSerial(p, rng, index, l, modes, dz, dzFrom, eps, epsFrom, gradLoc, gradScale, add, null, null, null);
    }

    /**
     * The backward pass in the calling thread: blocks in order, each partial added as it is done. With
     * {@code dzSegment} (and {@code epsSegment}), each block's elements are first copied from the
     * segments into heap buffers, which stand in for {@code dz} and {@code eps}.
     */
    private static void backwardSerial(KernelProvider p, Philox4x32 rng, long index, RsampleLayout l, int modes,
            Object dz, int dzFrom, Object eps, int epsFrom, Object gradLoc, Object gradScale, boolean add,
            MemorySegment dzSegment, MemorySegment epsSegment, ValueLayout layout) {
        RsampleScratch s = RsampleScratch.get();
        // block 0 writes its partial straight into the totals (the sum starts from it), later blocks into
        // part, then added; one block with one accumulator per feature (a single row, or wide rows) has
        // its partial in the accumulators themselves (see RsampleLayout#blockPartial), used in place
        boolean inPlace = l.blocks == 1 && l.accumulators == l.features;
        double[] partLoc = s.partLoc(l.features);
        double[] partScale = s.partScale(l.features);
        double[] totalLoc = inPlace ? s.accLoc(l.accumulators) : s.totalLoc(l.features);
        double[] totalScale = inPlace ? s.accScale(l.accumulators) : s.totalScale(l.features);
        for (int blk = 0; blk < l.blocks; blk++) {
            if (dzSegment != null) {
                int first = blk * l.rowsPerBlock * l.features;
                int count = Math.min(l.size - first, l.rowsPerBlock * l.features);
                dz = copyIn(s, 0, dzSegment, layout, first, count);
                dzFrom = -first;
                if (epsSegment != null) {
                    eps = copyIn(s, 1, epsSegment, layout, first, count);
                    epsFrom = -first;
                }
            }
            backwardBlock(p, rng, index, l, modes, dz, dzFrom, eps, epsFrom, gradLoc, gradScale, add, blk,
                    blk == 0 ? totalLoc : partLoc, 0, blk == 0 ? totalScale : partScale, 0);
            if (blk > 0) {
                addInto(locMode(modes), gradLoc, l, partLoc, 0, totalLoc, blk);
                addInto(scaleMode(modes), gradScale, l, partScale, 0, totalScale, blk);
            }
        }
        finish(p, locMode(modes), gradLoc, l, totalLoc, add);
        finish(p, scaleMode(modes), gradScale, l, totalScale, add);
    }

    /** Elements {@code [first, first + count)} of a float or double segment in heap buffer {@code which}. */
    private static Object copyIn(RsampleScratch s, int which, MemorySegment src, ValueLayout layout, int first,
            int count) {
        if (layout instanceof ValueLayout.OfFloat f) {
            float[] b = s.segmentFloats(which, count);
            MemorySegment.copy(src, f, (long) first * Float.BYTES, b, 0, count);
            return b;
        }
        double[] b = s.segmentDoubles(which, count);
        MemorySegment.copy(src, (ValueLayout.OfDouble) layout, (long) first * Double.BYTES, b, 0, count);
        return b;
    }

    /**
     * The forward pass into segments: rows in runs of a few pieces computed into heap buffers, then
     * copied out. Each run is the slice of the whole pass (element i is variate {@code index + i}).
     */
    private static void segmentForward(KernelProvider p, Philox4x32 rng, long index, int batch, int features,
            Object loc, int locLength, Object scale, int scaleLength, MemorySegment z, MemorySegment eps,
            ValueLayout layout) {
        boolean f32 = layout instanceof ValueLayout.OfFloat;
        RsampleScratch s = RsampleScratch.get();
        RsampleLayout l = s.layout;
        Objects.requireNonNull(z, "z");
        int modes = checkModel(rng, index, f32 ? 1 : 2, batch, features, loc, locLength, scale, scaleLength);
        l.set(batch, features);
        MemorySegment zs = Segments.writable(z, "z", layout, 0, l.size);
        MemorySegment es = eps == null ? null : Segments.writable(eps, "eps", layout, 0, l.size);
        if (es != null && l.size > 0 && zs.asOverlappingSlice(es).isPresent()) {
            throw new IllegalArgumentException("eps must not overlap z");
        }
        if (f32) {
            checkParams(p, (float[]) loc, (float[]) scale);
        } else {
            checkParams((double[]) loc, (double[]) scale);
        }
        int rows = l.narrow() ? 4 * l.rowsPerPiece : 1;
        for (int r0 = 0; r0 < batch; r0 += rows) {
            int r1 = Math.min(batch, r0 + rows);
            int e0 = r0 * features;
            int n = (r1 - r0) * features;
            if (f32) {
                float[] zb = s.segmentFloats(0, n);
                float[] eb = es == null ? null : s.segmentFloats(1, n);
                forwardRows(p, rng, index, l, (float[]) loc, locMode(modes), (float[]) scale, scaleMode(modes), zb,
                        -e0, eb, -e0, r0, r1);
                MemorySegment.copy(zb, 0, zs, (ValueLayout.OfFloat) layout, (long) e0 * Float.BYTES, n);
                if (eb != null) {
                    MemorySegment.copy(eb, 0, es, (ValueLayout.OfFloat) layout, (long) e0 * Float.BYTES, n);
                }
            } else {
                double[] zb = s.segmentDoubles(0, n);
                double[] eb = es == null ? null : s.segmentDoubles(1, n);
                forwardRows(p, rng, index, l, (double[]) loc, locMode(modes), (double[]) scale, scaleMode(modes),
                        zb, -e0, eb, -e0, r0, r1);
                MemorySegment.copy(zb, 0, zs, (ValueLayout.OfDouble) layout, (long) e0 * Double.BYTES, n);
                if (eb != null) {
                    MemorySegment.copy(eb, 0, es, (ValueLayout.OfDouble) layout, (long) e0 * Double.BYTES, n);
                }
            }
        }
    }

    /** Checks a backward pass from segments and runs it. */
    private static void segmentBackward(KernelProvider p, Philox4x32 rng, long index, int batch, int features,
            MemorySegment dz, MemorySegment eps, ValueLayout layout, Object gradLoc, int gradLocLength,
            Object gradScale, int gradScaleLength, boolean accumulate) {
        boolean f32 = layout instanceof ValueLayout.OfFloat;
        RsampleLayout l = RsampleScratch.get().layout;
        Objects.requireNonNull(rng, "rng");
        Objects.requireNonNull(dz, "dz");
        l.set(batch, features);
        Checks.range("index", index, f32 ? 1 : 2, 0, l.size, l.size);
        MemorySegment dzs = Segments.readable(dz, "dz", layout, 0, l.size);
        MemorySegment es = eps == null ? null : Segments.readable(eps, "eps", layout, 0, l.size);
        int locMode = gradLoc == null ? ELEMENT : l.mode("gradLoc", gradLocLength);
        int scaleMode = gradScale == null ? ELEMENT : l.mode("gradScale", gradScaleLength);
        if (gradLoc != null && gradLoc == gradScale) {
            throw new IllegalArgumentException("gradLoc and gradScale must be different arrays");
        }
        backwardSerial(p, rng, index, l, locMode | scaleMode << 2, null, 0, null, 0, gradLoc, gradScale, accumulate,
                dzs, es, layout);
    }

    /** The backward pass with the blocks on {@code executor}; the partials summed in block order after. */
    private static void backwardParallel(KernelProvider p, Philox4x32 rng, long index, RsampleLayout l, int modes,
            Object dz, int dzFrom, Object eps, int epsFrom, Object gradLoc, Object gradScale, boolean add,
            Executor executor) {
        double[] partLoc = new double[l.blocks * l.features];
        double[] partScale = new double[l.blocks * l.features];
        Parallel.forEachTask(l.blocks, executor, blk -> backwardBlock(p, rng, index, l, modes, dz, dzFrom, eps,
                epsFrom, gradLoc, gradScale, add, blk, partLoc, blk * l.features, partScale, blk * l.features));
        combine(p, locMode(modes), gradLoc, l, partLoc, add);
        combine(p, scaleMode(modes), gradScale, l, partScale, add);
    }

    /** Block {@code blk} of the backward pass, for float or double arrays. */
    private static void backwardBlock(KernelProvider p, Philox4x32 rng, long index, RsampleLayout l, int modes,
            Object dz, int dzFrom, Object eps, int epsFrom, Object gradLoc, Object gradScale, boolean add, int blk,
            double[] partLoc, int plo, double[] partScale, int pso) {
        int rowFrom = blk * l.rowsPerBlock;
        int rowTo = Math.min(l.batch, rowFrom + l.rowsPerBlock);
        if (dz instanceof float[] f) {
            backwardRows(p, rng, index, l, f, dzFrom, (float[]) eps, epsFrom, locMode(modes), (float[]) gradLoc,
                    scaleMode(modes), (float[]) gradScale, add, rowFrom, rowTo, partLoc, plo, partScale, pso);
        } else {
            backwardRows(p, rng, index, l, (double[]) dz, dzFrom, (double[]) eps, epsFrom, locMode(modes),
                    (double[]) gradLoc, scaleMode(modes), (double[]) gradScale, add, rowFrom, rowTo, partLoc, plo,
                    partScale, pso);
        }
    }

    private static void forwardRows(KernelProvider p, Philox4x32 rng, long index, RsampleLayout l, float[] loc,
            int locMode, float[] scale, int scaleMode, float[] z, int zFrom, float[] eps, int epsFrom, int rowFrom,
            int rowTo) {
        RsampleScratch s = RsampleScratch.get();
        float[] locs = l.tile(loc, locMode, s.locF);
        float[] scales = l.tile(scale, scaleMode, s.scaleF);
        RsampleLayout.Pieces pc = s.pieces.start(l, rowFrom, rowTo);
        while (pc.next()) {
            float[] e = eps != null ? eps : s.epsF;
            int eo = eps != null ? epsFrom + pc.e : 0;
            p.normalFloats(rng.key(), rng.streamId(), index + pc.e, e, eo, pc.n);
            p.affine(e, eo, locs, l.paramOffset(locMode, pc.e, pc.column), scales,
                    l.paramOffset(scaleMode, pc.e, pc.column), z, zFrom + pc.e, pc.n);
        }
    }

    private static void forwardRows(KernelProvider p, Philox4x32 rng, long index, RsampleLayout l, double[] loc,
            int locMode, double[] scale, int scaleMode, double[] z, int zFrom, double[] eps, int epsFrom,
            int rowFrom, int rowTo) {
        RsampleScratch s = RsampleScratch.get();
        double[] locs = l.tile(loc, locMode, s.locD);
        double[] scales = l.tile(scale, scaleMode, s.scaleD);
        RsampleLayout.Pieces pc = s.pieces.start(l, rowFrom, rowTo);
        while (pc.next()) {
            double[] e = eps != null ? eps : s.epsD;
            int eo = eps != null ? epsFrom + pc.e : 0;
            p.normalDoubles(rng.key(), rng.streamId(), index + pc.e, e, eo, pc.n);
            p.affine(e, eo, locs, l.paramOffset(locMode, pc.e, pc.column), scales,
                    l.paramOffset(scaleMode, pc.e, pc.column), z, zFrom + pc.e, pc.n);
        }
    }

    /**
     * Rows {@code [rowFrom, rowTo)} (one block, or all rows of element-shaped gradients) of the backward
     * pass: element gradients written directly, reduced ones as the block partial at
     * {@code partLoc[plo ..]} and {@code partScale[pso ..]}.
     */
    private static void backwardRows(KernelProvider p, Philox4x32 rng, long index, RsampleLayout l, float[] dz,
            int dzFrom, float[] eps, int epsFrom, int locMode, float[] gradLoc, int scaleMode, float[] gradScale,
            boolean add, int rowFrom, int rowTo, double[] partLoc, int plo, double[] partScale, int pso) {
        RsampleScratch s = RsampleScratch.get();
        boolean reduceLoc = gradLoc != null && locMode != ELEMENT;
        boolean reduceScale = gradScale != null && scaleMode != ELEMENT;
        double[] accLoc = reduceLoc ? s.accLoc(l.accumulators) : null;
        double[] accScale = reduceScale ? s.accScale(l.accumulators) : null;
        float[] elemLoc = locMode == ELEMENT ? gradLoc : null;
        float[] elemScale = scaleMode == ELEMENT ? gradScale : null;
        l.clearAccumulators(accLoc, accScale);
        RsampleLayout.Pieces pc = s.pieces.start(l, rowFrom, rowTo);
        while (pc.next()) {
            float[] e = eps;
            int eo = epsFrom + pc.e;
            if (eps == null && gradScale != null) {
                e = s.epsF;
                eo = 0;
                p.normalFloats(rng.key(), rng.streamId(), index + pc.e, e, eo, pc.n);
            }
            if (reduceLoc || reduceScale) {
                p.accumulate(dz, dzFrom + pc.e, e, eo, accLoc, accScale, l.accOffset(pc.column), pc.n);
            }
            if (elemLoc != null || elemScale != null) {
                p.elementGrad(dz, dzFrom + pc.e, e, eo, elemLoc, pc.e, elemScale, pc.e, add, pc.n);
            }
        }
        if (reduceLoc) {
            l.blockPartial(locMode, accLoc, partLoc, plo);
        }
        if (reduceScale) {
            l.blockPartial(scaleMode, accScale, partScale, pso);
        }
    }

    private static void backwardRows(KernelProvider p, Philox4x32 rng, long index, RsampleLayout l, double[] dz,
            int dzFrom, double[] eps, int epsFrom, int locMode, double[] gradLoc, int scaleMode,
            double[] gradScale, boolean add, int rowFrom, int rowTo, double[] partLoc, int plo, double[] partScale,
            int pso) {
        RsampleScratch s = RsampleScratch.get();
        boolean reduceLoc = gradLoc != null && locMode != ELEMENT;
        boolean reduceScale = gradScale != null && scaleMode != ELEMENT;
        double[] accLoc = reduceLoc ? s.accLoc(l.accumulators) : null;
        double[] accScale = reduceScale ? s.accScale(l.accumulators) : null;
        double[] elemLoc = locMode == ELEMENT ? gradLoc : null;
        double[] elemScale = scaleMode == ELEMENT ? gradScale : null;
        l.clearAccumulators(accLoc, accScale);
        RsampleLayout.Pieces pc = s.pieces.start(l, rowFrom, rowTo);
        while (pc.next()) {
            double[] e = eps;
            int eo = epsFrom + pc.e;
            if (eps == null && gradScale != null) {
                e = s.epsD;
                eo = 0;
                p.normalDoubles(rng.key(), rng.streamId(), index + pc.e, e, eo, pc.n);
            }
            if (reduceLoc || reduceScale) {
                p.accumulate(dz, dzFrom + pc.e, e, eo, accLoc, accScale, l.accOffset(pc.column), pc.n);
            }
            if (elemLoc != null || elemScale != null) {
                p.elementGrad(dz, dzFrom + pc.e, e, eo, elemLoc, pc.e, elemScale, pc.e, add, pc.n);
            }
        }
        if (reduceLoc) {
            l.blockPartial(locMode, accLoc, partLoc, plo);
        }
        if (reduceScale) {
            l.blockPartial(scaleMode, accScale, partScale, pso);
        }
    }

    // ---- reduction bookkeeping ----

    /** Adds block {@code blk}'s partial into the running totals (block 0's is copied). */
    static void addInto(int mode, Object grad, RsampleLayout l, double[] part, int at, double[] total, int blk) {
        if (grad == null || mode == ELEMENT) {
            return;
        }
        int n = l.reducedLength(mode);
        if (blk == 0) {  // the sum starts from the first block's partial
            System.arraycopy(part, at, total, 0, n);
            return;
        }
        for (int k = 0; k < n; k++) {
            total[k] += part[at + k];
        }
    }

    /** Sums the block partials in block order (parallel path) and writes the gradient. */
    static void combine(KernelProvider p, int mode, Object grad, RsampleLayout l, double[] parts, boolean add) {
        if (grad == null || mode == ELEMENT) {
            return;
        }
        int n = l.reducedLength(mode);
        double[] total = new double[n];
        for (int blk = 0; blk < l.blocks; blk++) {
            addInto(mode, grad, l, parts, blk * l.features, total, blk);
        }
        finish(p, mode, grad, l, total, add);
    }

    /** Rounds the totals into the gradient buffer (added to it with {@code add}). */
    static void finish(KernelProvider p, int mode, Object grad, RsampleLayout l, double[] total, boolean add) {
        if (grad == null || mode == ELEMENT) {
            return;
        }
        int n = l.reducedLength(mode);
        if (l.blocks == 0) {  // no rows: the totals were never written, the gradient is +0
            Arrays.fill(total, 0, n, 0.0);
        }
        if (grad instanceof float[] g) {
            p.roundGradient(total, g, n, add);
        } else if (add) {
            double[] g = (double[]) grad;
            for (int k = 0; k < n; k++) {
                g[k] += total[k];
            }
        } else {
            System.arraycopy(total, 0, (double[]) grad, 0, n);
        }
    }

    // ---- argument checks ----

    /** The broadcast modes of loc (bits 0-1) and scale (bits 2-3). */
    static int locMode(int modes) {
        return modes & 3;
    }

    static int scaleMode(int modes) {
        return modes >> 2;
    }

    /**
     * Checks a forward call; returns the parameters' modes.
     * The parameters are checked by the caller's typed loop ({@link #checkParams}).
     */
    static int checkForward(Philox4x32 rng, long index, int wordsPerVariate, int batch,
            int features, Object loc, int locLength, Object scale, int scaleLength, Object z, int zFrom,
            int zLength, Object eps, int epsFrom, int epsLength) {
        int modes = checkModel(rng, index, wordsPerVariate, batch, features, loc, locLength, scale, scaleLength);
        int size = batch * features;
        Objects.requireNonNull(z, "z");
        Checks.fill("index", index, wordsPerVariate, "z", z, zFrom, size, zLength);
        checkNotInput("z", z, loc, scale);
        if (eps != null) {
            if (eps == z) {
                throw new IllegalArgumentException("eps must not be the array z");
            }
            checkNotInput("eps", eps, loc, scale);
            Checks.inside("eps", epsFrom, size, epsLength);
        }
        return modes;
    }

    /** An output is written before the parameters are all read: it must not be one of them. */
    private static void checkNotInput(String name, Object out, Object loc, Object scale) {
        if (out == loc || out == scale) {
            throw new IllegalArgumentException(name + " must not be the array " + (out == loc ? "loc" : "scale"));
        }
    }

    /**
     * Checks the shape, the stream range and the parameters' lengths (not their
     * values: see {@link #checkParams}); returns the parameters' modes.
     */
    static int checkModel(Philox4x32 rng, long index, int wordsPerVariate, int batch,
            int features, Object loc, int locLength, Object scale, int scaleLength) {
        Objects.requireNonNull(rng, "rng");
        Objects.requireNonNull(loc, "loc");
        Objects.requireNonNull(scale, "scale");
        int size = RsampleLayout.size(batch, features);
        int modes = RsampleLayout.mode("loc", locLength, features, size)
                | RsampleLayout.mode("scale", scaleLength, features, size) << 2;
        Checks.range("index", index, wordsPerVariate, 0, size, size);
        return modes;
    }

    static void checkParams(KernelProvider p, float[] loc, float[] scale) {
        if (p.paramsValid(loc, scale)) {
            return;
        }
        for (int i = 0; i < loc.length; i++) {
            if (!Float.isFinite(loc[i])) {
                throw new IllegalArgumentException("loc[" + i + "] must be finite, was " + loc[i]);
            }
        }
        for (int i = 0; i < scale.length; i++) {
            if (!(scale[i] > 0 && scale[i] < Float.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("scale[" + i + "] must be > 0 and finite, was " + scale[i]);
            }
        }
    }

    static void checkParams(double[] loc, double[] scale) {
        long bad = 0;
        for (double v : loc) {
            bad |= (Double.doubleToRawLongBits(v) & 0x7ff0000000000000L) + 0x0010000000000000L;
        }
        for (double v : scale) {
            long m = Double.doubleToRawLongBits(v) - 1;
            bad |= m | (0x7feffffffffffffeL - m);
        }
        if (bad >= 0) {
            return;
        }
        for (int i = 0; i < loc.length; i++) {
            if (!Double.isFinite(loc[i])) {
                throw new IllegalArgumentException("loc[" + i + "] must be finite, was " + loc[i]);
            }
        }
        for (int i = 0; i < scale.length; i++) {
            if (!(scale[i] > 0 && scale[i] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("scale[" + i + "] must be > 0 and finite, was " + scale[i]);
            }
        }
    }

    /** Checks a backward call; returns the gradients' modes. */
    static int checkBackward(Philox4x32 rng, long index, int wordsPerVariate, int batch,
            int features, Object dz, int dzFrom, int dzLength, Object eps, int epsFrom, int epsLength,
            Object gradLoc, int gradLocLength, Object gradScale, int gradScaleLength) {
        Objects.requireNonNull(rng, "rng");
        Objects.requireNonNull(dz, "dz");
        int size = RsampleLayout.size(batch, features);
        Checks.fill("index", index, wordsPerVariate, "dz", dz, dzFrom, size, dzLength);
        if (eps != null) {
            Checks.inside("eps", epsFrom, size, epsLength);
        }
        int locMode = gradLoc == null ? ELEMENT : RsampleLayout.mode("gradLoc", gradLocLength, features, size);
        int scaleMode = gradScale == null ? ELEMENT : RsampleLayout.mode("gradScale", gradScaleLength, features, size);
        checkGradBuffer("gradLoc", gradLoc, dz, eps);
        checkGradBuffer("gradScale", gradScale, dz, eps);
        if (gradLoc != null && gradLoc == gradScale) {
            throw new IllegalArgumentException("gradLoc and gradScale must be different arrays");
        }
        return locMode | scaleMode << 2;
    }

    private static void checkGradBuffer(String name, Object grad, Object dz, Object eps) {
        if (grad != null && (grad == dz || grad == eps)) {
            throw new IllegalArgumentException(name + " must not be the array " + (grad == dz ? "dz" : "eps"));
        }
    }
}
