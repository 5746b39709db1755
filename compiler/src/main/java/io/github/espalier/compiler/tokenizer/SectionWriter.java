package io.github.espalier.compiler.tokenizer;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes the big-endian primitives of the tokenizer section into memory. */
final class SectionWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    SectionWriter writeByte(int value) {
        return write(() -> out.writeByte(value));
    }

    SectionWriter writeBoolean(boolean value) {
        return write(() -> out.writeBoolean(value));
    }

    SectionWriter writeShort(int value) {
        return write(() -> out.writeShort(value));
    }

    SectionWriter writeInt(int value) {
        return write(() -> out.writeInt(value));
    }

    /** An int byte count and the UTF-8 bytes (not {@code writeUTF}: it caps strings at 64 KiB). */
    SectionWriter writeString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return write(() -> {
            out.writeInt(utf8.length);
            out.write(utf8);
        });
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    private interface Write {
        void run() throws IOException;
    }

    private SectionWriter write(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return this;
    }
}
