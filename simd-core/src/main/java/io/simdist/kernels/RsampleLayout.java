package io.simdist.kernels;

import java.util.Arrays;

/**
 * How the rsample kernels walk a row-major {@code [batch x features]} block, broadcast a parameter and
 * order a gradient reduction. All of it is a function of the shape alone, never of the vector width,
 * the backend or the thread count, which is what makes the reduced gradients bit-identical everywhere.
 *
 * <h2>Pieces</h2>
 * The noise is generated and consumed in pieces of at most {@value #PIECE} elements (an L1-sized
 * buffer). With {@code features <= PIECE} a piece is {@code rowsPerPiece = PIECE / features} whole rows
 * (fewer at the end), so every piece starts at column 0; with wider rows a piece is a run of at most
 * {@code PIECE} columns of one row.
 *
 * <h2>Reduction order</h2>
 * Rows are grouped into blocks of {@code rowsPerBlock} rows (about {@value #BLOCK} elements; 64 pieces
 * when rows are narrow). Inside a block each term is added, in double, to an accumulator chosen by its
 * position in its piece (narrow rows) or by its column (wide rows), pieces in order; accumulators start
 * at +0. At the end of a block the accumulators are summed into the block's partial gradient: for a
 * per-feature parameter, the accumulators of feature {@code d} in increasing position (row of the
 * piece); for a scalar one, all of them in increasing position; each such sum starts from its first
 * accumulator. The gradient is the sum of the block partials in block order, starting from the first
 * block's, in double, rounded once to the parameter's type (a call with no rows gives +0). Blocks are
 * what a parallel backward runs on separate threads.
 */
final class RsampleLayout {
    /** Elements per piece of noise: 4 KiB of floats. */
    static final int PIECE = 1024;
    /** About this many elements per reduction block (and per parallel task). */
    static final int BLOCK = Parallel.CHUNK;

    /** Broadcast modes of a parameter. */
    static final int SCALAR = 0;
    static final int FEATURE = 1;
    static final int ELEMENT = 2;

    int batch;
    int features;
    int size;
    /** Whole rows per piece when {@code features <= PIECE}, else 1. */
    int rowsPerPiece;
    int rowsPerBlock;
    int blocks;
    /** Accumulator positions a block uses: {@code min(rowsPerPiece, batch) * features} or {@code features}. */
    int accumulators;

    /**
     * Sets the shape (a layout is reused per thread, so the single-threaded kernels allocate nothing).
     *
     * @return this
     * @throws IllegalArgumentException if {@code batch < 0}, {@code features < 1} or the block has more
     *     than {@code Integer.MAX_VALUE} elements
     */
    RsampleLayout set(int batch, int features) {
        if (batch == this.batch && features == this.features && features > 0) {
            return this;  // the shape of the last call: already checked and worked out
        }
        size(batch, features);
        this.batch = batch;
        this.features = features;
        this.size = batch * features;
        boolean narrow = features <= PIECE;
        this.rowsPerPiece = narrow ? PIECE / features : 1;
        this.rowsPerBlock = narrow ? rowsPerPiece * (BLOCK / PIECE) : Math.max(1, BLOCK / features);
        this.blocks = (batch + rowsPerBlock - 1) / rowsPerBlock;
        this.accumulators = narrow ? Math.min(rowsPerPiece, batch) * features : features;
        return this;
    }

    /**
     * Checks a shape.
     *
     * @return {@code batch * features}
     * @throws IllegalArgumentException if {@code batch < 0}, {@code features < 1} or the product overflows an int
     */
    static int size(int batch, int features) {
        if (batch < 0) {
            throw new IllegalArgumentException("batch must be >= 0, was " + batch);
        }
        if (features < 1) {
            throw new IllegalArgumentException("features must be >= 1, was " + features);
        }
        if ((long) batch * features > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch * features must be <= " + Integer.MAX_VALUE + ", was "
                    + batch + " * " + features);
        }
        return batch * features;
    }

    boolean narrow() {
        return features <= PIECE;
    }

    /**
     * The broadcast mode of a parameter of {@code length} values: 1 is a scalar, {@code features} one per
     * column, {@code batch * features} one per element. Where two readings coincide (one feature, or
     * one row) they mean the same values.
     *
     * @throws IllegalArgumentException naming {@code name} for any other length
     */
    int mode(String name, int length) {
        return mode(name, length, features, size);
    }

    /**
     * The broadcast mode of a parameter of {@code length} values over a {@code [size / features x features]}
     * block.
     *
     * @throws IllegalArgumentException if the length is not 1, {@code features} or {@code size}
     */
    static int mode(String name, int length, int features, int size) {
        if (length == 1) {
            return SCALAR;
        }
        if (length == features) {
            return FEATURE;
        }
        if (length == size) {
            return ELEMENT;
        }
        throw new IllegalArgumentException(name + ".length must be 1, features (" + features
                + ") or batch * features (" + size + "), was " + length);
    }

    /** Number of values of a reduced gradient of the given mode. */
    int reducedLength(int mode) {
        return mode == SCALAR ? 1 : features;
    }

    /** First element, at piece {@code (e, column)}, of a parameter of the given mode laid out by {@link #tile}. */
    int paramOffset(int mode, int e, int column) {
        if (mode == ELEMENT) {
            return e;
        }
        return mode == FEATURE && !narrow() ? column : 0;
    }

    /** First accumulator of the piece that starts at {@code column}. */
    int accOffset(int column) {
        return narrow() ? 0 : column;
    }

    /**
     * The values a piece reads for a parameter: the array itself per element or for wide rows, else a
     * tile holding it broadcast over one piece (a piece starts at column 0).
     */
    float[] tile(float[] p, int mode, float[] tile) {
        if (mode == ELEMENT || (mode == FEATURE && (!narrow() || batch == 1))) {
            return p;  // read in place (one row: piece position j is column j)
        }
        if (mode == SCALAR) {
            Arrays.fill(tile, 0, Math.min(PIECE, size), p[0]);
        } else {
            repeatRows(p, tile);
        }
        return tile;
    }

    /**
     * Copies the row {@code p[0 .. features)} over a piece's rows of {@code tile} (a {@code float[]} or
     * {@code double[]} pair): one row, then doubling copies, so log2(rows) + 1 copies instead of one per
     * row (a {@code [256 x 6]} pass made 170 short {@code System.arraycopy} stub calls per tile).
     */
    private void repeatRows(Object p, Object tile) {
        int filled = features;
        int total = Math.min(rowsPerPiece, batch) * features;
        System.arraycopy(p, 0, tile, 0, features);
        while (filled < total) {
            int n = Math.min(filled, total - filled);
            System.arraycopy(tile, 0, tile, filled, n);
            filled += n;
        }
    }

    /** The double twin of {@link #tile(float[], int, float[])}. */
    double[] tile(double[] p, int mode, double[] tile) {
        if (mode == ELEMENT || (mode == FEATURE && (!narrow() || batch == 1))) {
            return p;  // read in place (one row: piece position j is column j)
        }
        if (mode == SCALAR) {
            Arrays.fill(tile, 0, Math.min(PIECE, size), p[0]);
        } else {
            repeatRows(p, tile);
        }
        return tile;
    }

    /**
     * Writes the partial gradient of one block from its accumulators into {@code part[at ..]} (one value,
     * or one per feature). The accumulators are left as they are (each block clears them first, see
     * {@link #clearAccumulators}), so {@code part} may be {@code acc} itself (with {@code at = 0}).
     */
    void blockPartial(int mode, double[] acc, double[] part, int at) {
        if (mode == SCALAR) {
            double s = acc[0];
            for (int j = 1; j < accumulators; j++) {
                s += acc[j];
            }
            part[at] = s;
            return;
        }
        // row by row, so each feature's sum still runs over its rows in increasing order; the first row
        // is the start value (a sum of one term is the term)
        if (part != acc) {
            System.arraycopy(acc, 0, part, at, features);
        }
        for (int base = features; base < accumulators; base += features) {
            for (int d = 0; d < features; d++) {
                part[at + d] += acc[base + d];
            }
        }
    }

    /** Sets the accumulators a block uses to +0 (at the start of each block). */
    void clearAccumulators(double[] accLoc, double[] accScale) {
        if (accLoc != null) {
            Arrays.fill(accLoc, 0, accumulators, 0.0);
        }
        if (accScale != null) {
            Arrays.fill(accScale, 0, accumulators, 0.0);
        }
    }

    /** Walks the pieces of rows {@code [rowFrom, rowTo)}; one per thread, reused. */
    static final class Pieces {
        private RsampleLayout layout;
        private int row;
        private int rowTo;
        private int nextColumn;
        /** The current piece: first element, its column, number of elements. */
        int e;
        int column;
        int n;

        Pieces start(RsampleLayout l, int rowFrom, int to) {
            this.layout = l;
            this.row = rowFrom;
            this.rowTo = to;
            this.nextColumn = 0;
            return this;
        }

        boolean next() {
            if (row >= rowTo) {
                return false;
            }
            int f = layout.features;
            if (layout.narrow()) {
                int rows = Math.min(layout.rowsPerPiece, rowTo - row);
                e = row * f;
                column = 0;
                n = rows * f;
                row += rows;
            } else {
                e = row * f + nextColumn;
                column = nextColumn;
                n = Math.min(PIECE, f - nextColumn);
                nextColumn += n;
                if (nextColumn == f) {
                    nextColumn = 0;
                    row++;
                }
            }
            return true;
        }
    }
}
