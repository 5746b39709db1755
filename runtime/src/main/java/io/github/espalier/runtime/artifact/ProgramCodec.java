package io.github.espalier.runtime.artifact;

import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.Instruction;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Encodes a {@link Program} as the artifact's program section, and decodes it with every count checked. */
final class ProgramCodec {
    private static final int DIM_FIXED = 0;
    private static final int DIM_SYMBOL = 1;

    private static final int ATTR_LONG = 1;
    private static final int ATTR_FLOAT = 2;
    private static final int ATTR_STRING = 3;
    private static final int ATTR_LONGS = 4;
    private static final int ATTR_FLOATS = 5;
    private static final int ATTR_STRINGS = 6;
    private static final int ATTR_TENSOR = 7;

    private ProgramCodec() {}

    static byte[] encode(Program program) {
        LittleEndianOutput out = new LittleEndianOutput();
        writeSpecs(out, program.inputs());
        writeSpecs(out, program.outputs());
        writeStrings(out, program.constants());
        out.u32(program.instructions().size());
        for (Instruction instruction : program.instructions()) {
            out.string(instruction.name()).string(instruction.op());
            writeStrings(out, instruction.inputs());
            writeStrings(out, instruction.outputs());
            Map<String, Object> attributes = instruction.attributes().asMap();
            out.u32(attributes.size());
            attributes.forEach((name, value) -> writeAttribute(out.string(name), value));
        }
        return out.toByteArray();
    }

    static Program decode(SegmentReader in) {
        List<ValueSpec> inputs = readSpecs(in);
        List<ValueSpec> outputs = readSpecs(in);
        List<String> constants = readStrings(in);
        int count = in.count("instruction", 5 * 4);
        List<Instruction> instructions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = in.string();
            String op = in.string();
            List<String> ins = readStrings(in);
            List<String> outs = readStrings(in);
            int attributeCount = in.count("attribute", 4 + 1);
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (int a = 0; a < attributeCount; a++) {
                attributes.put(in.string(), readAttribute(in));
            }
            instructions.add(new Instruction(name, op, ins, outs, Attributes.of(attributes)));
        }
        if (in.remaining() != 0) {
            throw in.corrupt(in.remaining() + " unexpected bytes after the last instruction");
        }
        return new Program(inputs, outputs, constants, instructions);
    }

    private static void writeSpecs(LittleEndianOutput out, List<ValueSpec> specs) {
        out.u32(specs.size());
        for (ValueSpec spec : specs) {
            out.string(spec.name())
                    .u32(spec.dtype().onnxCode())
                    .u32(spec.shape().size());
            for (Dim dim : spec.shape()) {
                if (dim.isSymbolic()) {
                    out.u8(DIM_SYMBOL).string(dim.symbol());
                } else {
                    out.u8(DIM_FIXED).i64(dim.size());
                }
            }
        }
    }

    private static List<ValueSpec> readSpecs(SegmentReader in) {
        int count = in.count("value spec", 4 + 4 + 4);
        List<ValueSpec> specs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = in.string();
            DType dtype = in.dtype();
            int rank = in.count("rank", 1 + 4);
            List<Dim> shape = new ArrayList<>(rank);
            for (int d = 0; d < rank; d++) {
                shape.add(readDim(in));
            }
            specs.add(new ValueSpec(name, dtype, shape));
        }
        return specs;
    }

    private static Dim readDim(SegmentReader in) {
        int kind = in.u8();
        if (kind == DIM_SYMBOL) {
            return Dim.symbol(in.string());
        }
        if (kind == DIM_FIXED) {
            long size = in.i64();
            if (size < 0) {
                throw in.corrupt("negative dimension " + size);
            }
            return Dim.of(size);
        }
        throw in.corrupt("unknown dimension kind " + kind);
    }

    private static void writeStrings(LittleEndianOutput out, List<String> strings) {
        out.u32(strings.size());
        strings.forEach(out::string);
    }

    private static List<String> readStrings(SegmentReader in) {
        int count = in.count("string", 4);
        List<String> strings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            strings.add(in.string());
        }
        return strings;
    }

    private static void writeAttribute(LittleEndianOutput out, Object value) {
        switch (value) {
            case Long v -> out.u8(ATTR_LONG).i64(v);
            case Float v -> out.u8(ATTR_FLOAT).f32(v);
            case String v -> out.u8(ATTR_STRING).string(v);
            case long[] v -> {
                out.u8(ATTR_LONGS).u32(v.length);
                for (long x : v) {
                    out.i64(x);
                }
            }
            case float[] v -> {
                out.u8(ATTR_FLOATS).u32(v.length);
                for (float x : v) {
                    out.f32(x);
                }
            }
            case String[] v -> {
                out.u8(ATTR_STRINGS);
                writeStrings(out, List.of(v));
            }
            case Tensor v -> writeTensor(out.u8(ATTR_TENSOR), v);
            default -> throw new IllegalArgumentException("Unsupported attribute value " + value.getClass());
        }
    }

    private static Object readAttribute(SegmentReader in) {
        int tag = in.u8();
        return switch (tag) {
            case ATTR_LONG -> in.i64();
            case ATTR_FLOAT -> in.f32();
            case ATTR_STRING -> in.string();
            case ATTR_LONGS -> {
                long[] values = new long[in.count("long", 8)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.i64();
                }
                yield values;
            }
            case ATTR_FLOATS -> {
                float[] values = new float[in.count("float", 4)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.f32();
                }
                yield values;
            }
            case ATTR_STRINGS -> readStrings(in).toArray(String[]::new);
            case ATTR_TENSOR -> readTensor(in);
            default -> throw in.corrupt("unknown attribute type " + tag);
        };
    }

    private static void writeTensor(LittleEndianOutput out, Tensor tensor) {
        long byteSize = TensorBytes.byteSize(tensor);
        if (byteSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Tensor attribute " + tensor + " is too large; store it as a constant");
        }
        out.u32(tensor.dtype().onnxCode()).u32(tensor.rank());
        for (long d : tensor.shape()) {
            out.i64(d);
        }
        byte[] bytes = new byte[(int) byteSize];
        TensorBytes.toLittleEndian(tensor, 0, tensor.elementCount(), MemorySegment.ofArray(bytes));
        out.i64(byteSize).bytes(bytes);
    }

    private static Tensor readTensor(SegmentReader in) {
        DType dtype = in.dtype();
        long[] shape = in.shape();
        long length = in.length("tensor attribute");
        checkTensorLength(in, dtype, shape, length);
        return TensorBytes.fromLittleEndian(dtype, shape, in.slice(length));
    }

    /** Whether {@code length} bytes are exactly the elements of {@code shape}; overflow counts as corrupt. */
    static void checkTensorLength(SegmentReader in, DType dtype, long[] shape, long length) {
        long expected;
        try {
            long count = 1;
            for (long d : shape) {
                count = Math.multiplyExact(count, d);
            }
            expected = Math.multiplyExact(count, (long) dtype.byteSize());
        } catch (ArithmeticException overflow) {
            throw in.corrupt("tensor shape overflows");
        }
        if (expected != length) {
            throw in.corrupt("tensor of " + dtype + " " + Arrays.toString(shape) + " needs " + expected
                    + " bytes but holds " + length);
        }
    }
}
