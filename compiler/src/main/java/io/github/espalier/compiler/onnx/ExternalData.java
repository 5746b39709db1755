package io.github.espalier.compiler.onnx;

import ai.onnx.proto.OnnxMl;
import io.github.espalier.compiler.CompilationException;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads tensors stored beside the model ({@code data_location = EXTERNAL}). A model file is untrusted
 * input, so the data file must stay inside the model's folder: absolute paths, {@code ..} escapes and
 * symbolic links leading out are refused, and so are ranges outside the file.
 */
final class ExternalData {
    private final Path folder;

    ExternalData(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    /** The tensor's external bytes, which must be exactly {@code byteCount}; checked before allocating. */
    Tensor read(OnnxMl.TensorProto proto, DType dtype, long[] shape, long byteCount) {
        String location = null;
        long offset = 0;
        long length = -1;
        String what = "tensor '" + proto.getName() + "'";
        for (OnnxMl.StringStringEntryProto entry : proto.getExternalDataList()) {
            switch (entry.getKey()) {
                case "location" -> location = entry.getValue();
                case "offset" -> offset = parseLong(entry.getValue(), "offset", what);
                case "length" -> length = parseLong(entry.getValue(), "length", what);
                default -> {
                    // "checksum" and future keys do not change where the bytes are.
                }
            }
        }
        if (location == null || location.isEmpty()) {
            throw new CompilationException("External data of " + what + " names no location");
        }
        Path file = resolveInside(location, what);
        if (length >= 0 && length != byteCount) {
            throw new CompilationException("External data of " + what + " in " + file + " has length " + length
                    + " but its declared shape needs " + byteCount + " bytes");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                Arena arena = Arena.ofConfined()) {
            long size = channel.size();
            if (offset < 0 || offset > size || byteCount > size - offset) {
                throw new CompilationException("External data of " + what + " lies outside " + file + ": offset "
                        + offset + " + " + byteCount + " bytes, but the file holds " + size + " bytes");
            }
            Tensor tensor = Tensor.allocate(dtype, shape);
            if (byteCount > 0) {
                MemorySegment source = channel.map(FileChannel.MapMode.READ_ONLY, offset, byteCount, arena);
                TensorDecoder.copyLittleEndian(source, tensor.data(), dtype);
            }
            return tensor;
        } catch (IOException e) {
            throw new CompilationException("Cannot read external data of " + what + " from " + file + ": " + e, e);
        }
    }

    private Path resolveInside(String location, String tensor) {
        Path relative;
        try {
            relative = Path.of(location);
        } catch (InvalidPathException e) {
            throw new CompilationException(
                    "External data location '" + location.replace("\0", "\\0") + "' of " + tensor
                            + " is not a valid path (" + e.getReason() + "); the model file is corrupt",
                    e);
        }
        if (relative.isAbsolute() || location.startsWith("/") || location.startsWith("\\")) {
            throw escape(tensor, location, "is an absolute path");
        }
        Path file = folder.resolve(relative).normalize();
        if (!file.startsWith(folder)) {
            throw escape(tensor, location, "leaves the model's folder");
        }
        if (!Files.isRegularFile(file)) {
            throw new CompilationException(
                    "External data file " + file + " of " + tensor + " does not exist; keep it beside the model file");
        }
        try {
            if (!file.toRealPath().startsWith(folder.toRealPath())) {
                throw escape(tensor, location, "is a link that leads out of the model's folder");
            }
        } catch (IOException e) {
            throw new CompilationException("Cannot resolve external data file " + file + " of " + tensor + ": " + e, e);
        }
        return file;
    }

    private CompilationException escape(String tensor, String location, String why) {
        return new CompilationException("External data location '" + location + "' of " + tensor + " " + why
                + "; external data must lie inside the model's folder " + folder);
    }

    private static long parseLong(String value, String key, String tensor) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new CompilationException(
                    "External data " + key + " '" + value + "' of " + tensor + " is not a number", e);
        }
    }
}
