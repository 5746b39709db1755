package io.github.espalier.runtime.tokenizer;

import io.github.espalier.runtime.EspalierException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the big-endian tokenizer section with every length checked against the bytes left, so a corrupt
 * section fails with an {@link EspalierException} instead of a huge allocation or an index error.
 */
final class SectionReader {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final MemorySegment section;
    private long position;

    SectionReader(MemorySegment section) {
        this.section = section;
    }

    byte readByte() {
        require(1);
        return section.get(ValueLayout.JAVA_BYTE, position++);
    }

    boolean readBoolean() {
        return readByte() != 0;
    }

    short readShort() {
        require(2);
        short value = section.get(SHORT, position);
        position += 2;
        return value;
    }

    int readInt() {
        require(4);
        int value = section.get(INT, position);
        position += 4;
        return value;
    }

    /** A non-negative int, at least {@code min}. */
    int readInt(String what, int min) {
        int value = readInt();
        if (value < min) {
            throw corrupt(what + " is " + value + ", expected at least " + min);
        }
        return value;
    }

    /**
     * An element count, checked against the bytes left given the smallest size of one element, so that
     * the caller may allocate arrays of that size.
     */
    int readCount(String what, int minBytesPerElement) {
        int count = readInt(what, 0);
        if ((long) count * minBytesPerElement > remaining()) {
            throw corrupt(what + " " + count + " does not fit in the " + remaining() + " bytes left");
        }
        return count;
    }

    String readString() {
        int length = readCount("string length", 1);
        byte[] bytes = section.asSlice(position, length).toArray(ValueLayout.JAVA_BYTE);
        position += length;
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw corrupt("a string is not valid UTF-8");
        }
    }

    void requireEnd() {
        if (remaining() != 0) {
            throw corrupt(remaining() + " unexpected bytes after the end");
        }
    }

    EspalierException corrupt(String detail) {
        return new EspalierException("Corrupt tokenizer section at byte " + position + ": " + detail
                + ". Recompile the model artifact with the Espalier compiler of this runtime's version.");
    }

    private long remaining() {
        return section.byteSize() - position;
    }

    private void require(int bytes) {
        if (remaining() < bytes) {
            throw corrupt("truncated, " + bytes + " more bytes needed");
        }
    }
}
