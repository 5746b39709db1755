package io.github.espalier.runtime.artifact;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A compiled-model artifact opened for reading: header and checksum verified, tensors exposed as slices
 * of the file's memory without copying. Closing it unmaps the memory; tensors and sections must not be
 * used after that. Thread-safe for reading.
 */
public final class ModelArtifact implements AutoCloseable {
    private static final int STREAM_CHUNK = 8 << 20;

    private final String source;
    private final Arena arena;
    private final ArtifactParser.Contents contents;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ModelArtifact(String source, Arena arena, ArtifactParser.Contents contents) {
        this.source = source;
        this.arena = arena;
        this.contents = contents;
    }

    /** Memory-maps a file. */
    public static ModelArtifact open(Path file) {
        ArtifactFormat.requireLittleEndian();
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < ArtifactFormat.HEADER_SIZE) {
                throw ArtifactFormat.corrupt(source, "it is truncated (" + size + " bytes)");
            }
            Arena arena = Arena.ofShared();
            try {
                MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
                return new ModelArtifact(source, arena, ArtifactParser.parse(mapped, source));
            } catch (RuntimeException | IOException e) {
                arena.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new EspalierException("Artifact " + source + " does not exist; check the path or rebuild", e);
        } catch (IOException e) {
            throw new EspalierException("Cannot read artifact " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a stream (e.g. a classpath resource inside a jar) into 64-byte aligned off-heap memory. Writes no
     * files. The stream is read but not closed.
     */
    public static ModelArtifact read(InputStream in, String sourceName) {
        ArtifactFormat.requireLittleEndian();
        try {
            byte[] header = in.readNBytes(ArtifactFormat.HEADER_SIZE);
            long fileLength = ArtifactParser.checkHeader(MemorySegment.ofArray(header), sourceName);
            List<byte[]> chunks = readRest(in, fileLength - header.length);
            long actual =
                    header.length + chunks.stream().mapToLong(c -> c.length).sum();
            if (actual != fileLength) {
                throw ArtifactFormat.corrupt(
                        sourceName,
                        (actual < fileLength ? "it is truncated: " : "it has trailing data: ") + "at least " + actual
                                + " bytes where the header declares " + fileLength);
            }
            Arena arena = Arena.ofShared();
            try {
                MemorySegment memory = arena.allocate(fileLength, ArtifactFormat.ALIGNMENT);
                long at = 0;
                for (byte[] part : prepend(header, chunks)) {
                    MemorySegment.copy(part, 0, memory, ValueLayout.JAVA_BYTE, at, part.length);
                    at += part.length;
                }
                return new ModelArtifact(sourceName, arena, ArtifactParser.parse(memory, sourceName));
            } catch (RuntimeException e) {
                arena.close();
                throw e;
            }
        } catch (IOException e) {
            throw new EspalierException("Cannot read artifact " + sourceName + ": " + e.getMessage(), e);
        }
    }

    /** Reads up to {@code expected + 1} bytes in chunks, so a lying header cannot make us allocate much. */
    private static List<byte[]> readRest(InputStream in, long expected) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        long left = expected + 1;
        while (left > 0) {
            byte[] chunk = in.readNBytes((int) Math.min(STREAM_CHUNK, left));
            if (chunk.length == 0) {
                break;
            }
            chunks.add(chunk);
            left -= chunk.length;
        }
        return chunks;
    }

    private static List<byte[]> prepend(byte[] first, List<byte[]> rest) {
        List<byte[]> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** Where the artifact came from (file path or resource URL), for messages. */
    public String source() {
        return source;
    }

    public Map<String, String> metadata() {
        return contents.metadata();
    }

    public Program program() {
        return contents.program();
    }

    /** Every constant tensor stored in the artifact, keyed by name; slices of the artifact's memory. */
    public Map<String, Tensor> tensors() {
        requireOpen();
        return contents.tensors();
    }

    /** A named binary section written with {@link ArtifactWriter#section}, such as the tokenizer. */
    public Optional<MemorySegment> section(String name) {
        requireOpen();
        return Optional.ofNullable(contents.sections().get(name));
    }

    /** Unmaps or frees the memory. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            arena.close();
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new EspalierException("Artifact " + source + " is closed");
        }
    }
}
