package io.simdist.kernels;

import io.simdist.simd.Backends;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API species, in {@code static final} fields so that C2 sees them as constants (a species
 * that is not a compile-time constant makes every operation tens of times slower). Only the Vector
 * API classes touch this class, so a JVM without {@code jdk.incubator.vector} never loads it.
 *
 * <p>The width is the preferred one, capped at 512 bits, unless {@code simdist.vector.bits} forces a
 * narrower one (the tests run each width in its own JVM).
 */
final class VectorConstants {
    /** Widest vector this JVM and CPU run natively. */
    static final int PREFERRED_BITS = VectorShape.preferredShape().vectorBitSize();
    /** The width used: forced by {@code simdist.vector.bits}, else the preferred one capped at 512. */
    static final int BITS = chooseBits();

    static final VectorShape SHAPE = VectorShape.forBitSize(BITS);
    static final VectorSpecies<Long> LONGS = LongVector.SPECIES_MAX.withShape(SHAPE);
    static final VectorSpecies<Integer> INTS = IntVector.SPECIES_MAX.withShape(SHAPE);
    static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_MAX.withShape(SHAPE);
    static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_MAX.withShape(SHAPE);
    static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_MAX.withShape(SHAPE);

    private VectorConstants() {}

    private static int chooseBits() {
        int requested = Backends.requestedVectorBits();
        int preferred = Math.min(PREFERRED_BITS, 512);
        // a forced width above the preferred one is refused by VectorKernelProvider before use
        return requested == 0 ? Math.max(preferred, 128) : Math.min(requested, Math.max(preferred, 128));
    }
}
