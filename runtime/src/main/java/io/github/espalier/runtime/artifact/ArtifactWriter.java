package io.github.espalier.runtime.artifact;

import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Builds a compiled-model artifact: metadata, the program, its constant tensors (64-byte aligned) and
 * named binary sections such as the tokenizer. The format is described in docs/artifact-format.md.
 * Not thread-safe; use one writer per artifact.
 */
public final class ArtifactWriter {
    /** The largest tensor rank an artifact stores; readers refuse more as corruption. */
    public static final int MAX_RANK = ArtifactFormat.MAX_RANK;

    private static final int COPY_CHUNK = 1 << 20;

    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final Map<String, byte[]> sections = new LinkedHashMap<>();
    private Program program;

    public ArtifactWriter metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    public ArtifactWriter program(Program newProgram) {
        this.program = Objects.requireNonNull(newProgram, "program");
        return this;
    }

    /** @throws IllegalArgumentException if the tensor's rank exceeds {@link #MAX_RANK} */
    public ArtifactWriter tensor(String name, Tensor tensor) {
        if (tensor.rank() > MAX_RANK) {
            throw new IllegalArgumentException(
                    "Tensor '" + name + "' has rank " + tensor.rank() + "; an artifact stores at most " + MAX_RANK);
        }
        tensors.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(tensor, "tensor"));
        return this;
    }

    public ArtifactWriter section(String name, byte[] content) {
        if (name.startsWith(ArtifactFormat.RESERVED_PREFIX)) {
            throw new IllegalArgumentException(
                    "Section names starting with '" + ArtifactFormat.RESERVED_PREFIX + "' are reserved: " + name);
        }
        sections.put(name, content.clone());
        return this;
    }

    /** Writes atomically: a temporary file in the target folder, then a move, so no reader sees half a file. */
    public void writeTo(Path file) throws IOException {
        List<Section> layout = layout();
        AtomicFiles.write(file, temp -> write(temp, layout));
    }

    /** The sections in file order, with their offsets assigned. */
    private List<Section> layout() {
        if (program == null) {
            throw new IllegalStateException("No program set: call program(...) before writeTo");
        }
        for (String constant : program.constants()) {
            if (!tensors.containsKey(constant)) {
                throw new IllegalStateException(
                        "The program names constant '" + constant + "' but no tensor of that name was added");
            }
        }
        List<Section> sectionList = new ArrayList<>();
        sectionList.add(Section.blob(ArtifactFormat.METADATA_SECTION, encodeMetadata()));
        sectionList.add(Section.blob(ArtifactFormat.PROGRAM_SECTION, ProgramCodec.encode(program)));
        sections.forEach((name, content) -> sectionList.add(Section.blob(name, content)));
        tensors.forEach((name, tensor) -> sectionList.add(new Section(name, null, tensor)));

        long offset = ArtifactFormat.align(ArtifactFormat.HEADER_SIZE + encodeTable(sectionList).length);
        List<Section> placed = new ArrayList<>(sectionList.size());
        for (Section section : sectionList) {
            placed.add(section.at(offset));
            offset = ArtifactFormat.align(offset + section.length());
        }
        return placed;
    }

    private byte[] encodeMetadata() {
        LittleEndianOutput out = new LittleEndianOutput();
        out.u32(metadata.size());
        metadata.forEach((key, value) -> out.string(key).string(value));
        return out.toByteArray();
    }

    private static byte[] encodeTable(List<Section> sectionList) {
        LittleEndianOutput out = new LittleEndianOutput();
        for (Section section : sectionList) {
            out.string(section.name())
                    .u8(section.tensor() == null ? ArtifactFormat.KIND_BLOB : ArtifactFormat.KIND_TENSOR)
                    .i64(section.offset())
                    .i64(section.length());
            if (section.tensor() != null) {
                out.u32(section.tensor().dtype().onnxCode())
                        .u32(section.tensor().rank());
                for (long d : section.tensor().shape()) {
                    out.i64(d);
                }
            }
        }
        return out.toByteArray();
    }

    private static void write(Path temp, List<Section> layout) throws IOException {
        byte[] table = encodeTable(layout);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ChecksummedWriter out = new ChecksummedWriter(channel);
            out.write(ByteBuffer.wrap(table));
            for (Section section : layout) {
                out.padTo(section.offset());
                if (section.tensor() == null) {
                    out.write(ByteBuffer.wrap(section.blob()));
                } else {
                    writeTensor(out, section.tensor());
                }
            }
            out.padTo(ArtifactFormat.align(out.position()));
            ByteBuffer header = header(out.position(), table.length, layout.size(), out.checksum());
            channel.write(header, 0);
            channel.force(true);
        }
    }

    private static void writeTensor(ChecksummedWriter out, Tensor tensor) throws IOException {
        int elementSize = tensor.dtype().byteSize();
        ByteBuffer staging = ByteBuffer.allocateDirect(COPY_CHUNK);
        MemorySegment stagingSegment = MemorySegment.ofBuffer(staging);
        long perChunk = COPY_CHUNK / elementSize;
        for (long first = 0; first < tensor.elementCount(); first += perChunk) {
            long count = Math.min(perChunk, tensor.elementCount() - first);
            TensorBytes.toLittleEndian(tensor, first, count, stagingSegment);
            out.write(staging.clear().limit((int) (count * elementSize)));
        }
    }

    private static ByteBuffer header(long fileLength, int tableLength, int sectionCount, int checksum) {
        ByteBuffer header = ByteBuffer.allocate(ArtifactFormat.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        header.put(ArtifactFormat.MAGIC)
                .putInt(ArtifactFormat.VERSION_OFFSET, ArtifactFormat.VERSION)
                .putInt(ArtifactFormat.FLAGS_OFFSET, 0)
                .putLong(ArtifactFormat.FILE_LENGTH_OFFSET, fileLength)
                .putLong(ArtifactFormat.TABLE_OFFSET_OFFSET, ArtifactFormat.HEADER_SIZE)
                .putLong(ArtifactFormat.TABLE_LENGTH_OFFSET, tableLength)
                .putInt(ArtifactFormat.SECTION_COUNT_OFFSET, sectionCount)
                .putInt(ArtifactFormat.CHECKSUM_OFFSET, checksum);
        return header.clear();
    }

    /** One section: a blob or a tensor, and where it starts in the file (0 until laid out). */
    private record Section(String name, byte[] blob, Tensor tensor, long offset) {
        Section(String name, byte[] blob, Tensor tensor) {
            this(name, blob, tensor, 0);
        }

        static Section blob(String name, byte[] content) {
            return new Section(name, content, null);
        }

        long length() {
            return tensor == null ? blob.length : TensorBytes.byteSize(tensor);
        }

        Section at(long newOffset) {
            return new Section(name, blob, tensor, newOffset);
        }
    }

    /** Writes sequentially after the header, keeping the CRC32C of everything written. */
    private static final class ChecksummedWriter {
        private final FileChannel channel;
        private final CRC32C crc = new CRC32C();
        private long position = ArtifactFormat.HEADER_SIZE;

        ChecksummedWriter(FileChannel channel) {
            this.channel = channel;
        }

        void write(ByteBuffer buffer) throws IOException {
            crc.update(buffer.duplicate());
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
        }

        void padTo(long offset) throws IOException {
            write(ByteBuffer.allocate(Math.toIntExact(offset - position)));
        }

        long position() {
            return position;
        }

        int checksum() {
            return (int) crc.getValue();
        }
    }
}
