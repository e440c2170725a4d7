package io.simdist.dist;

import io.simdist.rng.Philox4x32;
import java.util.random.RandomGenerator;

/**
 * The {@link RandomGenerator} view of a {@link Generator} ({@link Generator#asRandomGenerator()}): each
 * draw reads the generator's next words and moves its position past them. {@link #nextInt()} is one
 * stream word, {@link #nextLong()} two (the first is the low half); every other method is the JDK's
 * default built on those two. The words of the current Philox block are cached, so a run of
 * {@code nextInt} calls computes one block per four words; the cache is keyed by the block index, so
 * draws through the generator itself in between change nothing.
 */
final class GeneratorRandom implements RandomGenerator {
    private static final long MASK32 = 0xFFFFFFFFL;

    private final Generator generator;
    private final int k0;
    private final int k1;
    private final int s0;
    private final int s1;
    private final int[] words = new int[4];
    /** The Philox block whose words {@link #words} holds, or -1. */
    private long block = -1;

    GeneratorRandom(Generator generator) {
        this.generator = generator;
        Philox4x32 rng = generator.rng();
        this.k0 = (int) rng.key();
        this.k1 = (int) (rng.key() >>> 32);
        this.s0 = (int) rng.streamId();
        this.s1 = (int) (rng.streamId() >>> 32);
    }

    /**
     * One word of the stream, the generator's next.
     *
     * @throws IllegalStateException if no word is left (the position does not move)
     */
    @Override
    public int nextInt() {
        return word(generator.takeWords(1));
    }

    /**
     * Two words of the stream, the generator's next two: {@code (second << 32) | first}, the first
     * read as unsigned.
     *
     * @throws IllegalStateException if fewer than two words are left (the position does not move)
     */
    @Override
    public long nextLong() {
        long w = generator.takeWords(2);
        int lo = word(w);
        return ((long) word(w + 1) << 32) | (lo & MASK32);
    }

    private int word(long w) {
        long b = w >>> 2;
        if (b != block) {
            Philox4x32.block((int) b, (int) (b >>> 32), s0, s1, k0, k1, words);
            block = b;
        }
        return words[(int) w & 3];
    }

    @Override
    public String toString() {
        return "RandomGenerator view of " + generator;
    }
}
