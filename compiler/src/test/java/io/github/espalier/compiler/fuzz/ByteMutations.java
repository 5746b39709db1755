package io.github.espalier.compiler.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Mutations of a valid seed file, the way a coverage-blind fuzzer damages input: bit flips, boundary
 * values written over length and count fields, cut files, inserted and deleted runs. Positions are
 * fractions of the seed's length, so one generated mutation applies to any seed.
 */
public final class ByteMutations {
    /** Values that break length, count and offset arithmetic when written over a 4- or 8-byte field. */
    private static final long[] BOUNDARIES = {
        0,
        1,
        -1,
        0x7F,
        0x80,
        0xFF,
        0x7FFF,
        0xFFFF,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE,
        0xFFFFFFFFL,
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        1L << 31,
        1L << 40,
        64
    };

    private ByteMutations() {}

    /** One edit of a byte array. */
    public sealed interface Edit {
        byte[] apply(byte[] bytes);
    }

    record Flip(double at, int mask) implements Edit {
        @Override
        public byte[] apply(byte[] bytes) {
            byte[] out = bytes.clone();
            if (out.length > 0) {
                out[index(at, out.length)] ^= (byte) mask;
            }
            return out;
        }
    }

    /** Writes a boundary value little-endian (the artifact's order) or big-endian (the tokenizer section's). */
    record Boundary(double at, long value, int width, boolean littleEndian) implements Edit {
        @Override
        public byte[] apply(byte[] bytes) {
            byte[] out = bytes.clone();
            int start = index(at, out.length);
            for (int i = 0; i < width && start + i < out.length; i++) {
                int shift = 8 * (littleEndian ? i : width - 1 - i);
                out[start + i] = (byte) (value >>> shift);
            }
            return out;
        }
    }

    record Truncate(double keep) implements Edit {
        @Override
        public byte[] apply(byte[] bytes) {
            return Arrays.copyOf(bytes, index(keep, bytes.length + 1));
        }
    }

    record Insert(double at, byte[] run) implements Edit {
        @Override
        public String toString() {
            return "Insert[at=" + at + ", run=" + HexFormat.of().formatHex(run) + "]";
        }

        @Override
        public byte[] apply(byte[] bytes) {
            int start = index(at, bytes.length + 1);
            byte[] out = new byte[bytes.length + run.length];
            System.arraycopy(bytes, 0, out, 0, start);
            System.arraycopy(run, 0, out, start, run.length);
            System.arraycopy(bytes, start, out, start + run.length, bytes.length - start);
            return out;
        }
    }

    record Delete(double at, int length) implements Edit {
        @Override
        public byte[] apply(byte[] bytes) {
            int start = index(at, bytes.length + 1);
            int end = Math.min(bytes.length, start + length);
            byte[] out = new byte[bytes.length - (end - start)];
            System.arraycopy(bytes, 0, out, 0, start);
            System.arraycopy(bytes, end, out, start, bytes.length - end);
            return out;
        }
    }

    /** One to eight edits, applied in order. */
    public static List<Edit> edits(Random random) {
        List<Edit> edits = new ArrayList<>();
        for (int i = random.nextInt(8); i >= 0; i--) {
            edits.add(edit(random));
        }
        return edits;
    }

    public static byte[] apply(List<Edit> edits, byte[] seed) {
        byte[] bytes = seed;
        for (Edit edit : edits) {
            bytes = edit.apply(bytes);
        }
        return bytes;
    }

    private static Edit edit(Random random) {
        double at = random.nextDouble();
        int kind = random.nextInt(11);
        if (kind < 4) {
            return new Flip(at, 1 + random.nextInt(255));
        }
        if (kind < 8) {
            int[] widths = {1, 2, 4, 8};
            return new Boundary(
                    at, BOUNDARIES[random.nextInt(BOUNDARIES.length)], widths[random.nextInt(4)], random.nextBoolean());
        }
        return switch (kind) {
            case 8 -> new Truncate(at);
            case 9 -> {
                byte[] run = new byte[random.nextInt(65)];
                random.nextBytes(run);
                yield new Insert(at, run);
            }
            default -> new Delete(at, 1 + random.nextInt(256));
        };
    }

    private static int index(double fraction, int length) {
        return Math.max(0, Math.min(length - 1, (int) (fraction * length)));
    }
}
