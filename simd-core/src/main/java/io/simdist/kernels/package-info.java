/**
 * Bulk kernels behind one provider interface: the scalar reference, the Java Vector API provider and
 * (through {@link java.util.ServiceLoader}) the optional native one. All give bit-identical results.
 *
 * <p>The samplers: {@link io.simdist.kernels.Normals} (standard normals, f32 and f64, by normal
 * transform v2, the Box-Muller transform of {@link io.simdist.kernels.NormalTransforms}) and {@link io.simdist.kernels.Bernoullis}
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
 *
 * <h2>Why normal transform v2 is Box-Muller</h2>
 * Three transforms were measured side by side (JMH, {@code TransformPrototypeBenchmark} in
 * {@code bench}, one thread, 2026-12-06, 2-core Ice Lake Xeon VM, AVX-512, JDK 25.0.3; fills of
 * n = 4096, G values/s, the words alone and the Commons RNG ziggurat over XoRoShiRo128++ in the same
 * run; each candidate through the same loop: 1024 words into scratch, then the transform; 2 forks of
 * 5 x 1 s, errors 7-28%; {@code bench/results/2026-12-06-transform-prototypes.json}):
 * <table>
 *   <caption>f32 and f64 normals, n = 4096</caption>
 *   <tr><th>transform</th><th>f32</th><th>f64</th></tr>
 *   <tr><td>the Philox words alone (1 or 2 per value)</td><td>0.878</td><td>0.412</td></tr>
 *   <tr><td>v1: inverse CDF (bit-level log, Giles / AS 241)</td><td>0.422</td><td>0.174</td></tr>
 *   <tr><td>Box-Muller prototype</td><td>0.579</td><td>0.208</td></tr>
 *   <tr><td>v2: Box-Muller as shipped (exact small radii; Estrin's f64 log)</td><td>0.536</td><td>0.198</td></tr>
 *   <tr><td>ziggurat (128 layers, two gathers, index-pure scalar slow path)</td><td>0.199</td><td>-</td></tr>
 *   <tr><td>ziggurat, fast path alone (wrong values; cost attribution)</td><td>0.460</td><td>-</td></tr>
 *   <tr><td>Commons RNG ziggurat over XoRoShiRo128++</td><td>0.207</td><td>0.215</td></tr>
 * </table>
 * The ziggurat's fast path (two gathers per vector) costs about what the whole Box-Muller transform
 * costs, and its slow path (about 1.2% of lanes, so about one 16-lane vector in six: a derived-stream
 * Philox block, an exp, a scalar loop) then more than doubles the time. Box-Muller has no branch, no
 * table, no rejection: each lane does the same work at every width, and a small call computes a pair
 * with one log, one square root and two short polynomials. So v2 is Box-Muller (1.27x v1 in f32, 1.14x
 * in f64 here); an f64 ziggurat was not built, since its slow path and gathers cost the same way. v2
 * is a little slower than the prototype because it keeps small radii exact (the complement branch).
 * On this CPU the Philox words themselves are the limit: the words alone run at 0.88 G/s, so v2 is
 * 61% of the word rate in f32 and 48% of half of it in f64.
 */
package io.simdist.kernels;
