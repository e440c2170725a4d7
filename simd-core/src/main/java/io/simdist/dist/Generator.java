package io.simdist.dist;

import io.simdist.rng.Checks;
import io.simdist.rng.Philox4x32;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A Philox4x32 stream ({@link Philox4x32}: a 64-bit key and a 64-bit stream id) with a position: the
 * index of the next unused 32-bit word. Every draw of the distributions in this package reads words
 * from the position on and moves it past them, so a program that makes the same calls on a generator
 * made the same way gets the same values, on every backend, vector width and JVM.
 *
 * <h2>Words each call consumes</h2>
 * The position is counted in words. A call that draws {@code n} values consumes:
 * <ul>
 *   <li>Bernoulli as bytes, floats or bits, relaxed and straight-through Bernoulli: {@code n} words;
 *       value {@code j} reads word {@code position + j};</li>
 *   <li>float normals (normal, tanh-normal), which come in pairs (normal transform v2: pair {@code k}
 *       reads words {@code 2k} and {@code 2k + 1}): the position is first rounded up to even (skipping
 *       at most one word), then {@code n} words, rounded up to even; value {@code j} is normal variate
 *       {@code position + j}. So an odd {@code n} leaves the second half of its last pair unused;</li>
 *   <li>double normals (pair {@code k} reads Philox block {@code k}, words {@code 4k .. 4k + 3}): the
 *       position is first rounded up to a multiple of 4 (skipping at most three words), then
 *       {@code 2n} words, {@code n} rounded up to even; value {@code j} is double variate
 *       {@code position / 2 + j};</li>
 *   <li>other double variates: the position is first rounded up to even (skipping at most one word),
 *       then {@code 2n} words; value {@code j} is double variate {@code position / 2 + j}, from words
 *       {@code position + 2j} and {@code position + 2j + 1};</li>
 *   <li>{@link #split()}: 2 words;</li>
 *   <li>the views {@link #asRandomGenerator()} and {@link CommonsRng#uniformRandomProvider(Generator)}:
 *       one word per {@code nextInt}, two per {@code nextLong}, from the position as it is;</li>
 *   <li>statistics, {@code logProb}, {@code cdf}, {@code icdf} and backward passes: none.</li>
 * </ul>
 * The rsample of a distribution consumes exactly what its {@code sample} consumes and draws the same
 * values. No call reads a word an earlier call consumed, so draws of different kinds from one
 * generator never share words.
 *
 * <h2>Threads</h2>
 * A generator is <b>not thread-safe</b>: it is a mutable position. Give each thread its own, from
 * {@link #split()} or {@link #stream(long)}. The distributions themselves are immutable and can be
 * shared.
 *
 * <h2>Errors</h2>
 * A stream has {@code Long.MAX_VALUE} words; a call that would move the position past
 * {@code Long.MAX_VALUE} throws {@link IllegalStateException} and changes nothing. A call that throws
 * for any reason leaves the position where it was.
 */
public final class Generator {
    private final Philox4x32 rng;
    private long position;

    private Generator(Philox4x32 rng, long position) {
        this.rng = rng;
        this.position = position;
    }

    /**
     * The generator of stream 0 of key {@code seed}, at position 0.
     *
     * @param seed the 64-bit Philox key
     * @return a new generator
     */
    public static Generator seed(long seed) {
        return new Generator(Philox4x32.of(seed), 0);
    }

    /**
     * A generator reading {@code rng} from word {@code position} on.
     *
     * @param rng the stream
     * @param position the next word to use, {@code >= 0}
     * @return a new generator
     * @throws NullPointerException if {@code rng} is null
     * @throws IllegalArgumentException if {@code position < 0}
     */
    public static Generator of(Philox4x32 rng, long position) {
        Objects.requireNonNull(rng, "rng");
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0, was " + position);
        }
        return new Generator(rng, position);
    }

    /**
     * A generator on stream {@code id} of this generator's key, at position 0. This generator is not
     * changed. Streams of one key with different ids never share a word.
     *
     * @param id the stream id, any 64-bit value
     * @return a new generator
     */
    public Generator stream(long id) {
        return new Generator(rng.stream(id), 0);
    }

    /**
     * A new, independent generator for another thread or task. It reads words {@code position} and
     * {@code position + 1} of this generator (consuming them) as the low and high halves of a 64-bit
     * key, and returns stream 0 of that key at position 0. So splits are deterministic: the k-th split
     * of a generator made the same way is the same generator. (Distinct Philox keys give unrelated
     * streams, the use Random123 recommends; two splits share a key with probability 2^-64.)
     *
     * @return a new generator
     * @throws IllegalStateException if fewer than 2 words are left
     */
    public Generator split() {
        long at = first(1, 2);
        int[] w = new int[2];
        rng.fillInts(at, w, 0, 2);
        position = at + 2;
        return new Generator(Philox4x32.of(((long) w[1] << 32) | (w[0] & 0xFFFFFFFFL)), 0);
    }

    /**
     * A generator at the same stream and position; the two then move independently (drawing the same
     * values if they make the same calls).
     *
     * @return a new generator
     */
    public Generator copy() {
        return new Generator(rng, position);
    }

    /** @return the stream this generator reads (immutable) */
    public Philox4x32 rng() {
        return rng;
    }

    /** @return the index of the next unused word, {@code >= 0} */
    public long position() {
        return position;
    }

    /**
     * Moves the position forward by {@code words}, in O(1).
     *
     * @param words words to skip, {@code >= 0}
     * @throws IllegalArgumentException if {@code words < 0} or the position would pass
     *     {@code Long.MAX_VALUE}
     */
    public void skip(long words) {
        if (words < 0 || words > Long.MAX_VALUE - position) {
            throw new IllegalArgumentException("words must be in [0, " + (Long.MAX_VALUE - position)
                    + "] (the words left), was " + words);
        }
        position += words;
    }

    /**
     * A view of this generator as a {@link RandomGenerator}, so any JDK algorithm (bounded ints, streams,
     * {@code nextGaussian}, a {@code RandomGenerator}-based sampler) can run on its Philox stream: each
     * draw reads this generator's next words and moves its position past them. {@code nextInt()},
     * {@code nextFloat()} and {@code nextBoolean()} take one word, {@code nextLong()} and
     * {@code nextDouble()} two (for {@code nextLong}, the first word is the low half); the bounded and
     * Gaussian methods are the JDK's default algorithms and take a varying number of words. No
     * alignment: the view starts at the position, even or odd. So its values are a pure function of the
     * stream and the position, and {@link #of(Philox4x32, long)} gives random access. For Apache Commons
     * RNG's samplers, see {@link CommonsRng#uniformRandomProvider(Generator)}.
     *
     * <p>Draws through the view and through this generator can be mixed; they never share a word. The
     * view is not thread-safe, like the generator.
     *
     * @return the view (a new object per call; views of one generator share its position)
     * @throws IllegalStateException from a draw that needs more words than the stream has left, which
     *     leaves the position unchanged
     */
    public RandomGenerator asRandomGenerator() {
        return new GeneratorRandom(this);
    }

    /**
     * The position of the next {@code words} words, then moves past them.
     *
     * @throws IllegalStateException if fewer than {@code words} words are left (nothing changes)
     */
    long takeWords(int words) {
        if (words > Long.MAX_VALUE - position) {
            throw new IllegalStateException("the generator has " + (Long.MAX_VALUE - position)
                    + " words left, a draw of " + words + " word(s) needs more");
        }
        long at = position;
        position += words;
        return at;
    }

    /**
     * The first variate of a draw of {@code variates} values of {@code wordsPerVariate} words each,
     * without moving the position (so a draw that fails later leaves it unchanged).
     *
     * @throws IllegalStateException if the draw would move the position past {@code Long.MAX_VALUE}
     */
    long first(int wordsPerVariate, long variates) {
        long firstVariate = wordsPerVariate == 1 ? position : position / 2 + (position & 1);
        if (variates > Checks.lastVariate(wordsPerVariate) - firstVariate) {
            throw new IllegalStateException("the generator has " + (Long.MAX_VALUE - position)
                    + " words left, a draw of " + variates + " variates of " + wordsPerVariate
                    + " word(s) needs more");
        }
        return firstVariate;
    }

    /** Moves the position past a draw of {@code variates} values that started at {@code firstVariate}. */
    void consumed(int wordsPerVariate, long firstVariate, long variates) {
        position = (firstVariate + variates) * wordsPerVariate;
    }

    /**
     * The first variate of a draw of {@code variates} standard normals (normal transform v2, pairs:
     * f32 pair {@code k} reads words {@code 2k, 2k + 1}, f64 pair {@code k} words {@code 4k .. 4k + 3}),
     * without moving the position: the first whole pair at or after the position, so that a draw never
     * reads a word an earlier draw consumed.
     *
     * @param wordsPerVariate 1 (f32) or 2 (f64)
     * @throws IllegalStateException if the draw's pairs would pass the end of the stream
     */
    long firstNormal(int wordsPerVariate, long variates) {
        int wordsPerPair = 2 * wordsPerVariate;  // 2 or 4, so the rounding is a shift and a mask
        int shift = Integer.numberOfTrailingZeros(wordsPerPair);
        long firstPair = (position >>> shift) + ((position & (wordsPerPair - 1)) != 0 ? 1 : 0);
        long pairs = variates / 2 + (variates & 1);
        long lastPair = Long.MAX_VALUE >>> shift;  // 2^62 - 1 (f32) or 2^61 - 1 (f64)
        if (pairs > lastPair + 1 - firstPair) {
            throw new IllegalStateException("the generator has " + (Long.MAX_VALUE - position)
                    + " words left, a draw of " + variates + " normal variates of " + wordsPerVariate
                    + " word(s) (in pairs) needs more");
        }
        return 2 * firstPair;
    }

    /**
     * Moves the position past a normal draw of {@code variates} values that started at
     * {@code firstVariate} (from {@link #firstNormal}): past its last whole pair, so an odd count leaves
     * the second half of its last pair unused.
     */
    void consumedNormal(int wordsPerVariate, long firstVariate, long variates) {
        long end = (firstVariate + variates + (variates & 1)) * wordsPerVariate;
        position = end < 0 ? Long.MAX_VALUE : end;  // the stream's end: 2^63 words, one more than a long holds
    }

    @Override
    public String toString() {
        return "Generator[" + rng + ", position=" + position + "]";
    }
}
