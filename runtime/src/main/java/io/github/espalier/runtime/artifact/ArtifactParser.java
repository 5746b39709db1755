package io.github.espalier.runtime.artifact;

import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/** Validates a whole artifact held in memory and splits it into metadata, program, tensors and sections. */
final class ArtifactParser {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int CRC_CHUNK = 1 << 30;

    private final MemorySegment file;
    private final String source;

    private ArtifactParser(MemorySegment file, String source) {
        this.file = file;
        this.source = source;
    }

    /** Everything read from one artifact; tensors and sections are slices of {@code file}. */
    record Contents(
            Map<String, String> metadata,
            Program program,
            Map<String, Tensor> tensors,
            Map<String, MemorySegment> sections) {}

    static Contents parse(MemorySegment file, String source) {
        return new ArtifactParser(file, source).parse();
    }

    /**
     * Checks magic, version and declared length of a header, so a stream reader can refuse a wrong file
     * before reading it all. Returns the declared file length.
     */
    static long checkHeader(MemorySegment header, String source) {
        if (header.byteSize() < ArtifactFormat.HEADER_SIZE) {
            throw ArtifactFormat.corrupt(
                    source,
                    "it is truncated (" + header.byteSize() + " bytes, shorter than the " + ArtifactFormat.HEADER_SIZE
                            + "-byte header)");
        }
        byte[] magic = header.asSlice(0, ArtifactFormat.MAGIC.length).toArray(ValueLayout.JAVA_BYTE);
        if (!Arrays.equals(magic, ArtifactFormat.MAGIC)) {
            throw ArtifactFormat.corrupt(source, "it is not an Espalier artifact (no ESPALIER magic at its start)");
        }
        int version = header.get(INT, ArtifactFormat.VERSION_OFFSET);
        if (version > ArtifactFormat.VERSION) {
            throw ArtifactFormat.corrupt(
                    source,
                    "it has format version " + Integer.toUnsignedString(version)
                            + " but this runtime reads up to version " + ArtifactFormat.VERSION
                            + " (or upgrade the Espalier runtime to the compiler's version)");
        }
        if (version < 1) {
            throw ArtifactFormat.corrupt(source, "it has invalid format version " + version);
        }
        boolean reservedZero = header.get(INT, ArtifactFormat.FLAGS_OFFSET) == 0;
        for (long at = ArtifactFormat.RESERVED_OFFSET; at < ArtifactFormat.HEADER_SIZE; at++) {
            reservedZero &= header.get(ValueLayout.JAVA_BYTE, at) == 0;
        }
        if (!reservedZero) {
            throw ArtifactFormat.corrupt(source, "its header has non-zero reserved bytes");
        }
        long fileLength = header.get(LONG, ArtifactFormat.FILE_LENGTH_OFFSET);
        if (fileLength < ArtifactFormat.HEADER_SIZE) {
            throw ArtifactFormat.corrupt(source, "its header declares an invalid length " + fileLength);
        }
        return fileLength;
    }

    private Contents parse() {
        long fileLength = checkHeader(file, source);
        if (fileLength != file.byteSize()) {
            throw ArtifactFormat.corrupt(
                    source,
                    (file.byteSize() < fileLength ? "it is truncated: " : "it has trailing data: ") + file.byteSize()
                            + " bytes where the header declares " + fileLength);
        }
        verifyChecksum();

        long tableOffset = file.get(LONG, ArtifactFormat.TABLE_OFFSET_OFFSET);
        long tableLength = file.get(LONG, ArtifactFormat.TABLE_LENGTH_OFFSET);
        int sectionCount = file.get(INT, ArtifactFormat.SECTION_COUNT_OFFSET);
        if (tableOffset != ArtifactFormat.HEADER_SIZE
                || tableLength < 0
                || tableLength > fileLength - tableOffset
                || sectionCount < 0) {
            throw ArtifactFormat.corrupt(source, "its section table position is invalid");
        }
        SegmentReader table = new SegmentReader(file.asSlice(tableOffset, tableLength), source, "the section table");
        long dataStart = tableOffset + tableLength;

        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, MemorySegment> sections = new LinkedHashMap<>();
        if ((long) sectionCount * (4 + 1 + 8 + 8) > tableLength) {
            throw table.corrupt("section count " + sectionCount + " does not fit the table");
        }
        for (int i = 0; i < sectionCount; i++) {
            readEntry(table, dataStart, tensors, sections);
        }
        if (table.remaining() != 0) {
            throw table.corrupt(table.remaining() + " unexpected bytes after the last entry");
        }

        Map<String, String> metadata = decodeMetadata(required(sections, ArtifactFormat.METADATA_SECTION));
        Program program = ProgramCodec.decode(
                new SegmentReader(required(sections, ArtifactFormat.PROGRAM_SECTION), source, "the program section"));
        for (String constant : program.constants()) {
            if (!tensors.containsKey(constant)) {
                throw ArtifactFormat.corrupt(source, "the program's constant '" + constant + "' has no tensor");
            }
        }
        sections.keySet().removeIf(name -> name.startsWith(ArtifactFormat.RESERVED_PREFIX));
        return new Contents(
                Collections.unmodifiableMap(metadata),
                program,
                Collections.unmodifiableMap(tensors),
                Collections.unmodifiableMap(sections));
    }

    private void verifyChecksum() {
        CRC32C crc = new CRC32C();
        for (long at = ArtifactFormat.HEADER_SIZE; at < file.byteSize(); at += CRC_CHUNK) {
            long length = Math.min(CRC_CHUNK, file.byteSize() - at);
            crc.update(file.asSlice(at, length).asByteBuffer());
        }
        int stored = file.get(INT, ArtifactFormat.CHECKSUM_OFFSET);
        if ((int) crc.getValue() != stored) {
            throw ArtifactFormat.corrupt(source, "its checksum does not match (the file is damaged or was modified)");
        }
    }

    private void readEntry(
            SegmentReader table, long dataStart, Map<String, Tensor> tensors, Map<String, MemorySegment> sections) {
        String name = table.string();
        int kind = table.u8();
        long offset = table.i64();
        long length = table.i64();
        if (offset < dataStart
                || offset % ArtifactFormat.ALIGNMENT != 0
                || length < 0
                || offset > file.byteSize()
                || length > file.byteSize() - offset) {
            throw table.corrupt("section '" + name + "' at " + offset + " with " + length
                    + " bytes lies outside the data area or is not " + ArtifactFormat.ALIGNMENT + "-byte aligned");
        }
        MemorySegment content = file.asSlice(offset, length);
        switch (kind) {
            case ArtifactFormat.KIND_BLOB -> {
                if (sections.put(name, content) != null) {
                    throw table.corrupt("duplicate section '" + name + "'");
                }
            }
            case ArtifactFormat.KIND_TENSOR -> {
                DType dtype = table.dtype();
                long[] shape = table.shape();
                ProgramCodec.checkTensorLength(table, dtype, shape, length);
                if (tensors.put(name, Tensor.wrap(dtype, shape, content)) != null) {
                    throw table.corrupt("duplicate tensor '" + name + "'");
                }
            }
            default -> throw table.corrupt("unknown section kind " + kind + " for '" + name + "'");
        }
    }

    private MemorySegment required(Map<String, MemorySegment> sections, String name) {
        MemorySegment section = sections.get(name);
        if (section == null) {
            throw ArtifactFormat.corrupt(source, "it has no '" + name + "' section");
        }
        return section;
    }

    private Map<String, String> decodeMetadata(MemorySegment section) {
        SegmentReader in = new SegmentReader(section, source, "the metadata section");
        int count = in.count("metadata entry", 8);
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            metadata.put(in.string(), in.string());
        }
        return metadata;
    }
}
