package io.simdist.dist;

import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Apache Commons RNG on a simdist stream: {@link #uniformRandomProvider(Generator)} gives a
 * {@link UniformRandomProvider} that reads a {@link Generator}'s words, so every Commons sampler
 * ({@code ZigguratSampler}, {@code AhrensDieterMarsagliaTsangGammaSampler}, ...) can run on a Philox4x32
 * stream, from any position, reproducibly and with random access ({@link Generator#of}).
 *
 * <p>Commons RNG is an <b>optional</b> dependency of simdist: only this class refers to it, and nothing
 * else in the library loads this class, so a program that does not call it needs no Commons jar.
 * Calling it without {@code commons-rng-client-api} (1.5 or later) on the class path or module path
 * throws {@link NoClassDefFoundError}.
 */
public final class CommonsRng {
    private CommonsRng() {}

    /**
     * A view of {@code generator} as a Commons {@link UniformRandomProvider}: each draw reads the
     * generator's next words and moves its position past them, exactly as
     * {@link Generator#asRandomGenerator()}. {@code nextInt()} is one stream word, {@code nextLong()}
     * two (the first is the low half); every other method is Commons' default built on those two (for
     * example {@code nextDouble()} is {@code (nextLong() >>> 11) * 2^-53}, two words). A sampler's
     * values are a pure function of the stream and the position it started at. Like the generator, the
     * view is not thread-safe.
     *
     * @param generator the generator to read; it keeps its identity and moves with every draw
     * @return the view
     * @throws NullPointerException if {@code generator} is null
     */
    public static UniformRandomProvider uniformRandomProvider(Generator generator) {
        GeneratorRandom words = new GeneratorRandom(Objects.requireNonNull(generator, "generator"));
        return new UniformRandomProvider() {
            @Override
            public int nextInt() {
                return words.nextInt();
            }

            @Override
            public long nextLong() {
                return words.nextLong();
            }

            @Override
            public String toString() {
                return "UniformRandomProvider view of " + generator;
            }
        };
    }
}
