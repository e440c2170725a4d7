package io.simdist.kernels;

import io.simdist.rng.Philox4x32;
import io.simdist.rng.Uniforms;

/**
 * The scalar reference provider: plain Java, one Philox block at a time. Every other provider must
 * produce exactly these bits.
 */
public final class ScalarKernelProvider implements KernelProvider {
    /** The shared instance. */
    public static final ScalarKernelProvider INSTANCE = new ScalarKernelProvider();

    private ScalarKernelProvider() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public String description() {
        return "scalar (plain Java reference)";
    }

    @Override
    public void philoxInts(long key, long streamId, long wordOffset, int[] dst, int from, int len) {
        words(key, streamId, wordOffset, dst, from, len);
    }

    @Override
    public void uniformFloats(long key, long streamId, long index, float[] dst, int from, int len) {
        int[] buf = new int[4];
        long block = -1;
        for (int j = 0; j < len; j++) {
            long w = index + j;
            if (w >>> 2 != block) {
                block = w >>> 2;
                philoxBlock(key, streamId, block, buf);
            }
            dst[from + j] = Uniforms.toFloat(buf[(int) (w & 3)]);
        }
    }

    @Override
    public void uniformDoubles(long key, long streamId, long index, double[] dst, int from, int len) {
        int[] buf = new int[4];
        long block = -1;
        for (int j = 0; j < len; j++) {
            long w = 2 * (index + j);
            if (w >>> 2 != block) {
                block = w >>> 2;
                philoxBlock(key, streamId, block, buf);
            }
            int k = (int) (w & 3);
            dst[from + j] = Uniforms.toDouble(buf[k], buf[k + 1]);
        }
    }

    /** Words {@code wordOffset ..} of the stream into {@code dst[from .. from + len)}. */
    static void words(long key, long streamId, long wordOffset, int[] dst, int from, int len) {
        int[] buf = new int[4];
        int i = 0;
        while (i < len) {
            long w = wordOffset + i;
            philoxBlock(key, streamId, w >>> 2, buf);
            for (int k = (int) (w & 3); k < 4 && i < len; k++, i++) {
                dst[from + i] = buf[k];
            }
        }
    }

    /**
     * Block {@code block} of stream {@code (key, streamId)}: Philox4x32-10 of counter
     * {@code (low32(block), high32(block), low32(streamId), high32(streamId))}.
     */
    static void philoxBlock(long key, long streamId, long block, int[] out) {
        Philox4x32.block((int) block, (int) (block >>> 32), (int) streamId, (int) (streamId >>> 32),
                (int) key, (int) (key >>> 32), out);
    }
}
