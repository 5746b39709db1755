package io.github.espalier.runtime.artifact;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.tensor.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads little-endian values from a part of an artifact. Every read is checked against what is left, and
 * every count against the bytes that could possibly hold it, so corrupt data fails before it allocates.
 */
final class SegmentReader {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment segment;
    private final String source;
    private final String part;
    private long position;

    SegmentReader(MemorySegment segment, String source, String part) {
        this.segment = segment;
        this.source = source;
        this.part = part;
    }

    int u8() {
        require(1);
        return Byte.toUnsignedInt(segment.get(ValueLayout.JAVA_BYTE, position++));
    }

    int u32() {
        require(4);
        int value = segment.get(INT, position);
        position += 4;
        return value;
    }

    long i64() {
        require(8);
        long value = segment.get(LONG, position);
        position += 8;
        return value;
    }

    float f32() {
        return Float.intBitsToFloat(u32());
    }

    /** A count of items that take at least {@code minBytesEach} bytes each, checked against what is left. */
    int count(String what, int minBytesEach) {
        int count = u32();
        if (count < 0 || (long) count * minBytesEach > remaining()) {
            throw corrupt(what + " count " + Integer.toUnsignedString(count) + " exceeds the data left");
        }
        return count;
    }

    /** A non-negative 64-bit length that must fit in what is left. */
    long length(String what) {
        long length = i64();
        if (length < 0 || length > remaining()) {
            throw corrupt(what + " length " + Long.toUnsignedString(length) + " exceeds the data left");
        }
        return length;
    }

    String string() {
        int length = count("string byte", 1);
        byte[] utf8 = segment.asSlice(position, length).toArray(ValueLayout.JAVA_BYTE);
        position += length;
        return new String(utf8, StandardCharsets.UTF_8);
    }

    DType dtype() {
        int code = u32();
        for (DType type : DType.values()) {
            if (type.onnxCode() == code) {
                return type;
            }
        }
        throw corrupt("unknown element type code " + code);
    }

    long[] shape() {
        int rank = count("rank", 8);
        if (rank > ArtifactFormat.MAX_RANK) {
            throw corrupt("rank " + rank + " exceeds " + ArtifactFormat.MAX_RANK);
        }
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = i64();
            if (shape[i] < 0) {
                throw corrupt("negative dimension " + shape[i]);
            }
        }
        return shape;
    }

    /** The next {@code length} bytes as a slice (no copy). */
    MemorySegment slice(long length) {
        require(length);
        MemorySegment slice = segment.asSlice(position, length);
        position += length;
        return slice;
    }

    long remaining() {
        return segment.byteSize() - position;
    }

    EspalierException corrupt(String detail) {
        return ArtifactFormat.corrupt(source, part + " is corrupt at byte " + position + ": " + detail);
    }

    private void require(long bytes) {
        if (bytes > remaining()) {
            throw corrupt("needs " + bytes + " more bytes but only " + remaining() + " are left");
        }
    }
}
