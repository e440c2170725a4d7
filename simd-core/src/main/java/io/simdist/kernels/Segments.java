package io.simdist.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Checks shared by the fills that write into a {@link MemorySegment}. <b>Internal:</b> public only for
 * the distribution facade in {@code io.simdist.dist}.
 */
public final class Segments {
    private Segments() {}

    /**
     * Checks that elements {@code [from, from + len)} of {@code layout} can be written to {@code dst}
     * now, before anything is written, and returns their slice.
     *
     * @param dst the segment
     * @param layout the element layout
     * @param from the first element
     * @param len the number of elements
     * @return the slice of the elements
     * @throws NullPointerException if {@code dst} or {@code layout} is null
     * @throws IndexOutOfBoundsException if the elements are not inside {@code dst}
     * @throws IllegalArgumentException if {@code dst} is read-only or the range is misaligned for
     *     {@code layout}
     * @throws IllegalStateException if {@code dst}'s scope is closed or confined to another thread
     */
    public static MemorySegment writable(MemorySegment dst, ValueLayout layout, long from, long len) {
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(layout, "layout");
        long size = layout.byteSize();
        Objects.checkFromIndexSize(from, len, dst.byteSize() / size);
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("dst must be writable, was a read-only segment");
        }
        MemorySegment target = dst.asSlice(from * size, len * size);
        if (len > 0) {
            if (target.maxByteAlignment() < layout.byteAlignment()) {
                throw new IllegalArgumentException("dst at element " + from + " must be aligned to "
                        + layout.byteAlignment() + " bytes for " + layout
                        + ", was not; use the _UNALIGNED layout for unaligned memory");
            }
            // throws IllegalStateException now, before anything is written, if the segment's scope
            // is closed or confined to another thread
            target.get(ValueLayout.JAVA_BYTE, 0);
        }
        return target;
    }
}
