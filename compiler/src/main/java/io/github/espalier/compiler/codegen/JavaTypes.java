package io.github.espalier.compiler.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.TypeName;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import java.util.Locale;
import java.util.stream.Collectors;

/** How graph values appear in Java: element types after the dtype, one array level per dimension. */
final class JavaTypes {
    private JavaTypes() {}

    /** The primitive element type; the one-byte types (INT8, UINT8, BOOL) all travel as {@code byte}. */
    static TypeName element(DType dtype) {
        return switch (dtype) {
            case FLOAT -> TypeName.FLOAT;
            case DOUBLE -> TypeName.DOUBLE;
            case INT64 -> TypeName.LONG;
            case INT32 -> TypeName.INT;
            case INT8, UINT8, BOOL -> TypeName.BYTE;
        };
    }

    /** The element type nested {@code rank} times: rank 0 is the bare primitive. */
    static TypeName array(TypeName element, int rank) {
        TypeName type = element;
        for (int i = 0; i < rank; i++) {
            type = ArrayTypeName.of(type);
        }
        return type;
    }

    static TypeName of(ValueSpec value) {
        return array(element(value.dtype()), value.shape().size());
    }

    /** The {@code ValueLayout} constant that reads this element type from a tensor's memory. */
    static String layout(TypeName element) {
        return "JAVA_" + element.toString().toUpperCase(Locale.ROOT);
    }

    /** Helper method name suffix, unique per element type and rank: {@code Float3}. */
    static String suffix(TypeName element, int rank) {
        String name = element.toString();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1) + rank;
    }

    /** How a value is described in Javadoc: {@code INT64 [batch_size, sequence_length]}. */
    static String describe(ValueSpec value) {
        return value.dtype() + " "
                + value.shape().stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
