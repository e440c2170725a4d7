/**
 * The distribution facade, with PyTorch's {@code sample()} / {@code rsample()} semantics over the bulk
 * kernels of {@link io.simdist.kernels}.
 *
 * <ul>
 *   <li>{@link io.simdist.dist.Generator}: a Philox stream with a position (mutable, one per thread);
 *       every call documents how many words it consumes, so a program's draws are reproducible. Its
 *       views {@link io.simdist.dist.Generator#asRandomGenerator()} (JDK) and
 *       {@link io.simdist.dist.CommonsRng#uniformRandomProvider(io.simdist.dist.Generator)} (Apache Commons
 *       RNG, an optional dependency) let other libraries' samplers read the same stream.</li>
 *   <li>{@link io.simdist.dist.Normal} (float) and {@link io.simdist.dist.NormalF64} (double):
 *       {@code sample} returns plain values, {@code rsample} an {@link io.simdist.dist.RSample} whose
 *       {@code backward} gives the gradients with respect to loc and scale.</li>
 *   <li>{@link io.simdist.dist.TanhNormal}: the SAC policy distribution, rsample with the row
 *       log-probabilities and a fused backward.</li>
 *   <li>{@link io.simdist.dist.Bernoulli}: draws as bytes, floats or packed bits; no rsample (a
 *       discrete draw has no pathwise gradient), the score-function gradient instead.</li>
 *   <li>{@link io.simdist.dist.RelaxedBernoulli}: the Concrete (Gumbel-sigmoid) relaxation, whose
 *       rsample has gradients with respect to the logits and the temperature, and its straight-through
 *       variant (hard values forward, the relaxed gradient backward).</li>
 * </ul>
 * Distributions are immutable and validated at construction; they are safe to share between threads.
 */
package io.simdist.dist;
