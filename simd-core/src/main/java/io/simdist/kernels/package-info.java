/**
 * Bulk kernels behind one provider interface: the scalar reference, the Java Vector API provider and
 * (through {@link java.util.ServiceLoader}) the optional native one. All give bit-identical results.
 *
 * <p>The samplers: {@link io.simdist.kernels.Normals} (standard normals, f32 and f64, by the inverse
 * normal CDF of {@link io.simdist.kernels.NormalTransforms}) and {@link io.simdist.kernels.Bernoullis}
 * (0/1 draws by exact integer comparison, as bytes, floats or packed bits). Uniforms and raw words are
 * in {@link io.simdist.rng.Philox4x32}.
 *
 * <p>The gradients: {@link io.simdist.kernels.NormalRsample} (the fused reparameterised normal sample
 * {@code z = loc + eps * scale} and its backward pass, with eps stored or recomputed from the counter),
 * {@link io.simdist.kernels.TanhNormalRsample} (SAC's tanh-squashed normal: actions, row
 * log-probabilities and one backward pass), {@link io.simdist.kernels.NormalLogProb} (log-density and
 * entropy with their gradients), {@link io.simdist.kernels.BernoulliGradients} (score function,
 * log-probability, entropy, relaxed and straight-through Bernoulli rsample with a backward pass that
 * recomputes its noise), on pinned transcendentals from {@link io.simdist.kernels.Elementary}. Reduced
 * gradients are summed in a fixed order that depends on the shape only, so they are bit-identical on
 * every backend, at every vector width and thread count.
 */
package io.simdist.kernels;
