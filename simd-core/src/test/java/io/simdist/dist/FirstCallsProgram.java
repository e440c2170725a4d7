package io.simdist.dist;

import io.simdist.kernels.NormalRsample.EpsPolicy;

/**
 * What a server does, for {@link FirstCallClassesTest}: its constructor is the start-up (the
 * distributions, their reusable samples, a generator), each method the first requests of one family.
 * The test loads it in a class loader of its own, so only these calls load simdist's classes there.
 */
public final class FirstCallsProgram {
    private final float[] loc = {0.1f, -0.2f, 0.3f, 0f, 0.5f, -0.5f};
    private final float[] scale = {1f, 0.5f, 2f, 0.7f, 1.2f, 0.3f};
    private final float[] upstream = {0.5f, -0.5f, 0.25f, 1f, -1f, 0.1f};
    private final float[] dLogProb = {0.3f};
    private final float[] gradLoc = new float[6];
    private final float[] gradScale = new float[6];
    private final float[] dst = new float[6];
    private final Generator g = Generator.seed(42);
    private final TanhNormal policy = TanhNormal.of(loc, scale);
    private final TanhNormal.Sample action = policy.newSample(1, EpsPolicy.STORE);
    private final Normal normal = Normal.of(loc, scale);
    private final RSample latent = normal.newRSample(1, EpsPolicy.STORE);

    /** The start-up. */
    public FirstCallsProgram() {}

    /**
     * SAC: a reusable and an allocating step.
     *
     * @return a checksum of the outputs
     */
    public double sac() {
        policy.rsample(g, action);
        action.backward(upstream, dLogProb, gradLoc, gradScale, false);
        Normal.Grad grad = policy.rsample(g, 1).backward(upstream, dLogProb);
        return gradLoc[0] + gradScale[5] + grad.loc()[0] + action.actions()[0];
    }

    /**
     * A normal: an action draw, then a reusable and an allocating reparameterised step.
     *
     * @return a checksum of the outputs
     */
    public double normal() {
        normal.sample(g, 1, dst, 0);
        normal.rsample(g, latent);
        latent.backward(upstream, gradLoc, gradScale, false);
        Normal.Grad grad = normal.rsample(g, 1).backward(upstream);
        return dst[0] + gradLoc[0] + gradScale[5] + grad.scale()[0];
    }
}
