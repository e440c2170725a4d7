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
        return writable(dst, "dst", layout, from, len);
    }

    /**
     * {@link #writable(MemorySegment, ValueLayout, long, long)} with the parameter's name for messages.
     *
     * @param dst the segment
     * @param name its parameter name, for messages
     * @param layout the element layout
     * @param from the first element
     * @param len the number of elements
     * @return the slice of the elements
     * @throws NullPointerException if {@code dst} or {@code layout} is null
     * @throws IndexOutOfBoundsException if the elements are not inside {@code dst}
     * @throws IllegalArgumentException if {@code dst} is read-only or the range is misaligned
     * @throws IllegalStateException if {@code dst}'s scope is closed or confined to another thread
     */
    public static MemorySegment writable(MemorySegment dst, String name, ValueLayout layout, long from,
            long len) {
        Objects.requireNonNull(dst, name);
        Objects.requireNonNull(layout, "layout");
        Objects.checkFromIndexSize(from, len, dst.byteSize() / layout.byteSize());
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException(name + " must be writable, was a read-only segment");
        }
        return readable(dst, name, layout, from, len);
    }

    /**
     * Checks that elements {@code [from, from + len)} of {@code layout} can be read from {@code src}
     * now, and returns their slice.
     *
     * @param src the segment
     * @param name its parameter name, for messages
     * @param layout the element layout
     * @param from the first element
     * @param len the number of elements
     * @return the slice of the elements
     * @throws IndexOutOfBoundsException if the elements are not inside {@code src}
     * @throws IllegalArgumentException if the range is misaligned for {@code layout}
     * @throws IllegalStateException if {@code src}'s scope is closed or confined to another thread
     */
    public static MemorySegment readable(MemorySegment src, String name, ValueLayout layout, long from, long len) {
        long size = layout.byteSize();
        Objects.checkFromIndexSize(from, len, src.byteSize() / size);
        MemorySegment slice = src.asSlice(from * size, len * size);
        if (len > 0) {
            if (slice.maxByteAlignment() < layout.byteAlignment()) {
                throw new IllegalArgumentException(name + " at element " + from + " must be aligned to "
                        + layout.byteAlignment() + " bytes for " + layout
                        + ", was not; use the _UNALIGNED layout for unaligned memory");
            }
            slice.get(ValueLayout.JAVA_BYTE, 0);
        }
        return slice;
    }
}
