package io.simdist.kernels;

import static io.simdist.kernels.VectorConstants.FLOATS;

import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;

/**
 * Runs a {@link VectorElementary} function over an array. Only this class names Vector API types, so a
 * test class that calls it links without {@code jdk.incubator.vector} and can skip itself first.
 */
final class VectorElementaryLoops {
    private VectorElementaryLoops() {}

    /** The vector twin of the named {@link Elementary} function. */
    private static UnaryOperator<FloatVector> twin(String name) {
        return switch (name) {
            case "exp" -> VectorElementary::exp;
            case "log" -> VectorElementary::log;
            case "log1p" -> VectorElementary::log1p;
            case "sigmoid" -> VectorElementary::sigmoid;
            case "softplus" -> VectorElementary::softplus;
            case "logSigmoid" -> VectorElementary::logSigmoid;
            case "tanh" -> VectorElementary::tanh;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** @return the lanes per vector at the width in use */
    static int lanes() {
        return FLOATS.length();
    }

    /** {@code dst[i] = f(src[i])} for {@code i < n}, n a multiple of {@link #lanes()}. */
    static void apply(String name, float[] src, float[] dst, int n) {
        UnaryOperator<FloatVector> f = twin(name);
        for (int i = 0; i < n; i += FLOATS.length()) {
            f.apply(FloatVector.fromArray(FLOATS, src, i)).intoArray(dst, i);
        }
    }
}
