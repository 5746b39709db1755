package io.github.espalier.runtime.artifact;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian byte buffer for the small encoded parts of an artifact (table, program). */
final class LittleEndianOutput {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] bytes = new byte[256];
    private int size;

    LittleEndianOutput u8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
        return this;
    }

    LittleEndianOutput u32(int value) {
        ensure(4);
        INT.set(bytes, size, value);
        size += 4;
        return this;
    }

    LittleEndianOutput i64(long value) {
        ensure(8);
        LONG.set(bytes, size, value);
        size += 8;
        return this;
    }

    LittleEndianOutput f32(float value) {
        return u32(Float.floatToRawIntBits(value));
    }

    /** A UTF-8 string prefixed by its byte length. */
    LittleEndianOutput string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        u32(utf8.length);
        return bytes(utf8);
    }

    LittleEndianOutput bytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
