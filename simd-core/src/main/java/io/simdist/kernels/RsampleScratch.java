package io.simdist.kernels;

import static io.simdist.kernels.RsampleLayout.PIECE;

/**
 * Per-thread buffers of the rsample kernels: a piece of noise, parameter tiles, per-element terms,
 * reduction accumulators, the piece cursor and the layout of the single-threaded calls. One per
 * thread, so the single-threaded kernels allocate nothing once warm.
 */
final class RsampleScratch {
    private static final ThreadLocal<RsampleScratch> SCRATCH = ThreadLocal.withInitial(RsampleScratch::new);
    /** Never written: the zeros that stand for an absent upstream gradient. */
    static final float[] ZEROS = new float[PIECE];

    final float[] termsF = new float[PIECE];
    final float[] termsScaleF = new float[PIECE];
    final float[] rowTileF = new float[PIECE];
    /** The squashing factors of a piece of the tanh forward pass ({@link TanhNormalRsample#squash}). */
    final float[] squashF = new float[PIECE];
    /** The terms {@code T} of the whole rows of a piece of the tanh forward pass. */
    final double[] rowTermsD = new double[PIECE];
    /** Their squashing products, then the products' logs ({@link ReparamKernels#logOfProducts}). */
    final float[] rowLogsF = new float[PIECE];
    /** The log-probability of a row that spans pieces (left cleared between rows). */
    final TanhNormalRsample.RowAccumulator rowLogProb = new TanhNormalRsample.RowAccumulator();

    final float[] epsF = new float[PIECE];
    final double[] epsD = new double[PIECE];
    final float[] locF = new float[PIECE];
    final float[] scaleF = new float[PIECE];
    /** A piece's tile of the scales' {@code TanhNormalRsample.logNorm}, where the caller has them. */
    final float[] logNormF = new float[PIECE];
    final double[] locD = new double[PIECE];
    final double[] scaleD = new double[PIECE];
    final RsampleLayout.Pieces pieces = new RsampleLayout.Pieces();
    final RsampleLayout layout = new RsampleLayout();
    private double[] accLoc = new double[PIECE];
    private double[] accScale = new double[PIECE];
    private double[] partLoc = new double[PIECE];
    private double[] partScale = new double[PIECE];
    private double[] totalLoc = new double[PIECE];
    private double[] totalScale = new double[PIECE];

    double[] accLoc(int n) {
        return accLoc = atLeast(accLoc, n);
    }

    double[] accScale(int n) {
        return accScale = atLeast(accScale, n);
    }

    double[] partLoc(int n) {
        return partLoc = atLeast(partLoc, n);
    }

    double[] partScale(int n) {
        return partScale = atLeast(partScale, n);
    }

    double[] totalLoc(int n) {
        return totalLoc = atLeast(totalLoc, n);
    }

    double[] totalScale(int n) {
        return totalScale = atLeast(totalScale, n);
    }

    /**
     * Space for {@code n} values: the array itself if large enough. The accumulators are kept zero
     * between uses (each block clears them as it reads them); partials and totals are overwritten.
     */
    private static double[] atLeast(double[] a, int n) {
        return a.length >= n ? a : new double[n];
    }
    
    private float[] segmentF0 = new float[0];
    private float[] segmentF1 = new float[0];
    private double[] segmentD0 = new double[0];
    private double[] segmentD1 = new double[0];

    /** Heap room for {@code n} floats copied from or to a memory segment (two independent buffers). */
    float[] segmentFloats(int which, int n) {
        if (which == 0) {
            return segmentF0 = segmentF0.length >= n ? segmentF0 : new float[n];
        }
        return segmentF1 = segmentF1.length >= n ? segmentF1 : new float[n];
    }

    /** Heap room for {@code n} doubles copied from or to a memory segment (two independent buffers). */
    double[] segmentDoubles(int which, int n) {
        if (which == 0) {
            return segmentD0 = segmentD0.length >= n ? segmentD0 : new double[n];
        }
        return segmentD1 = segmentD1.length >= n ? segmentD1 : new double[n];
    }

    /** @return this thread's buffers */
    static RsampleScratch get() {
        return SCRATCH.get();
    }
}
