package io.github.espalier.runtime.artifact;

import io.github.espalier.runtime.EspalierException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Byte layout constants of the artifact format (see docs/artifact-format.md) and its error messages. */
final class ArtifactFormat {
    static final byte[] MAGIC = "ESPALIER".getBytes(StandardCharsets.US_ASCII);
    /** Bumped on every incompatible layout change; readers refuse newer versions. */
    static final int VERSION = 1;

    static final int HEADER_SIZE = 64;
    static final int ALIGNMENT = 64;

    static final int VERSION_OFFSET = 8;
    static final int FLAGS_OFFSET = 12;
    static final int FILE_LENGTH_OFFSET = 16;
    static final int TABLE_OFFSET_OFFSET = 24;
    static final int TABLE_LENGTH_OFFSET = 32;
    static final int SECTION_COUNT_OFFSET = 40;
    static final int CHECKSUM_OFFSET = 44;
    /** Bytes from here to the end of the header must be zero in this version. */
    static final int RESERVED_OFFSET = 48;

    static final int KIND_BLOB = 0;
    static final int KIND_TENSOR = 1;

    /** Blob sections the format itself uses; user sections may not take names with this prefix. */
    static final String RESERVED_PREFIX = "espalier.";

    static final String METADATA_SECTION = "espalier.metadata";
    static final String PROGRAM_SECTION = "espalier.program";

    /** Tensor ranks above this are rejected as corruption before any allocation. */
    static final int MAX_RANK = 16;

    private ArtifactFormat() {}

    static long align(long position) {
        return (position + ALIGNMENT - 1) & -ALIGNMENT;
    }

    static EspalierException corrupt(String source, String detail) {
        return new EspalierException("Artifact " + source + " cannot be read: " + detail
                + ". Rebuild it with the Espalier compiler (re-run the build that compiled the model).");
    }

    /** Tensors are stored little-endian and exposed without copying, so the CPU must be little-endian. */
    static void requireLittleEndian() {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new EspalierException("Espalier artifacts store tensors little-endian and map them without"
                    + " copying; this " + ByteOrder.nativeOrder() + " machine is not supported");
        }
    }
}
