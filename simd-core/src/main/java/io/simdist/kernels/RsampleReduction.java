package io.simdist.kernels;

import static io.simdist.kernels.RsampleLayout.ELEMENT;

/**
 * A backward pass whose per-element gradient terms are float values computed piece by piece (the tanh
 * path, the log-density): the terms of each piece are made by a {@link Terms}, then reduced to each
 * parameter's shape in {@link RsampleLayout}'s fixed order (element-shaped gradients are written, or
 * added, term by term). Single-threaded; allocates nothing.
 */
final class RsampleReduction {
    private RsampleReduction() {}

    /** Makes the gradient terms of one piece. One mutable instance per thread and kind, set per call. */
    abstract static class Terms {
        /**
         * Writes the terms of the {@code pc.n} elements of piece {@code pc} into {@code termLoc[0 ..]} and
         * {@code termScale[0 ..]}.
         */
        abstract void terms(KernelProvider p, RsampleLayout.Pieces pc, float[] termLoc, float[] termScale);
    }

    /**
     * Runs {@code terms} over every piece of {@code l} and writes the gradients.
     *
     * @param gradLoc receives the reduced (or element) loc terms, or null
     * @param gradScale receives the scale terms, or null
     * @param add add to the buffers' contents
     */
    static void run(KernelProvider p, RsampleLayout l, int locMode, float[] gradLoc, int scaleMode,
            float[] gradScale, boolean add, Terms terms) {
        RsampleScratch s = RsampleScratch.get();
        boolean reduceLoc = gradLoc != null && locMode != ELEMENT;
        boolean reduceScale = gradScale != null && scaleMode != ELEMENT;
        double[] accLoc = reduceLoc ? s.accLoc(l.accumulators) : null;
        double[] accScale = reduceScale ? s.accScale(l.accumulators) : null;
        double[] partLoc = s.partLoc(l.features);
        double[] partScale = s.partScale(l.features);
        double[] totalLoc = s.totalLoc(l.features);
        double[] totalScale = s.totalScale(l.features);
        for (int blk = 0; blk < l.blocks; blk++) {
            int rowFrom = blk * l.rowsPerBlock;
            l.clearAccumulators(accLoc, accScale);
            RsampleLayout.Pieces pc = s.pieces.start(l, rowFrom, Math.min(l.batch, rowFrom + l.rowsPerBlock));
            while (pc.next()) {
                terms.terms(p, pc, s.termsF, s.termsScaleF);
                int ao = l.accOffset(pc.column);
                if (reduceLoc) {
                    p.accumulate(s.termsF, 0, null, 0, accLoc, null, ao, pc.n);
                } else if (gradLoc != null) {
                    p.elementGrad(s.termsF, 0, null, 0, gradLoc, pc.e, null, 0, add, pc.n);
                }
                if (reduceScale) {
                    p.accumulate(s.termsScaleF, 0, null, 0, accScale, null, ao, pc.n);
                } else if (gradScale != null) {
                    p.elementGrad(s.termsScaleF, 0, null, 0, gradScale, pc.e, null, 0, add, pc.n);
                }
            }
            // block 0's partial is the start of the totals; later ones are added to them
            if (reduceLoc) {
                l.blockPartial(locMode, accLoc, blk == 0 ? totalLoc : partLoc, 0);
                if (blk > 0) {
                    NormalRsample.addInto(locMode, gradLoc, l, partLoc, 0, totalLoc, blk);
                }
            }
            if (reduceScale) {
                l.blockPartial(scaleMode, accScale, blk == 0 ? totalScale : partScale, 0);
                if (blk > 0) {
                    NormalRsample.addInto(scaleMode, gradScale, l, partScale, 0, totalScale, blk);
                }
            }
        }
        NormalRsample.finish(p, locMode, gradLoc, l, totalLoc, add);
        NormalRsample.finish(p, scaleMode, gradScale, l, totalScale, add);
    }
}
