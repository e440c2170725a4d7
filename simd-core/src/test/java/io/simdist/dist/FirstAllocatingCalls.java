package io.simdist.dist;

/**
 * {@link FirstCallsProgram} for a server that makes no reusable sample at start-up, only the
 * distributions: its first requests draw with the allocating calls.
 */
public final class FirstAllocatingCalls {
    private final float[] loc = {0.1f, -0.2f, 0.3f, 0f, 0.5f, -0.5f};
    private final float[] scale = {1f, 0.5f, 2f, 0.7f, 1.2f, 0.3f};
    private final float[] upstream = {0.5f, -0.5f, 0.25f, 1f, -1f, 0.1f};
    private final float[] dLogProb = {0.3f};
    private final Generator g = Generator.seed(42);
    private final TanhNormal policy = TanhNormal.of(loc, scale);
    private final Normal normal = Normal.of(loc, scale);

    /** The start-up. */
    public FirstAllocatingCalls() {}

    /** @return a checksum of one allocating SAC step */
    public double sac() {
        TanhNormal.Sample s = policy.rsample(g, 1);
        return s.backward(upstream, dLogProb).loc()[0] + s.logProb()[0];
    }

    /** @return a checksum of one allocating reparameterised normal step */
    public double normal() {
        return normal.rsample(g, 1).backward(upstream).scale()[0];
    }
}
