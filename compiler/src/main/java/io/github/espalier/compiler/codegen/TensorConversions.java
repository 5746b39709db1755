package io.github.espalier.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.element.Modifier;

/**
 * Generates the private helpers that copy nested Java arrays into tensors and back: one per element type
 * and rank that the graph uses, written as plain loops so the generated class reads like hand-written code.
 */
final class TensorConversions {
    private static final ClassName TENSOR = ClassName.get(Tensor.class);
    private static final ClassName DTYPE = ClassName.get(DType.class);

    private final Map<String, MethodSpec> methods = new TreeMap<>();

    /** An expression that turns the Java argument {@code parameter} into a tensor of the input's type. */
    CodeBlock toTensor(ValueSpec input, String parameter) {
        TypeName element = JavaTypes.element(input.dtype());
        int rank = input.shape().size();
        String name = "tensorOf" + JavaTypes.suffix(element, rank);
        methods.computeIfAbsent(name, n -> toTensorMethod(n, element, rank));
        return CodeBlock.of(
                "$L($S, $T.$L, $L)", name, parameter, DTYPE, input.dtype().name(), parameter);
    }

    /** An expression that turns {@code tensor} into the Java array of the output's type. */
    CodeBlock fromTensor(ValueSpec output, CodeBlock tensor) {
        TypeName element = JavaTypes.element(output.dtype());
        int rank = output.shape().size();
        String name = "arrayOf" + JavaTypes.suffix(element, rank);
        methods.computeIfAbsent(name, n -> fromTensorMethod(n, element, rank));
        return CodeBlock.of("$L($S, $L)", name, output.name(), tensor);
    }

    List<MethodSpec> methods() {
        List<MethodSpec> all = new ArrayList<>(methods.values());
        if (methods.keySet().stream().anyMatch(n -> n.startsWith("tensorOf"))) {
            all.add(raggedMethod());
        }
        return all;
    }

    /** Measures each dimension from the first row, checks every row against it and copies row by row. */
    private static MethodSpec toTensorMethod(String name, TypeName element, int rank) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(TENSOR)
                .addParameter(String.class, "name")
                .addParameter(DTYPE, "dtype")
                .addParameter(JavaTypes.array(element, rank), "values");
        if (rank == 0) {
            return method.addStatement(
                            "return $T.wrap(dtype, new long[0], $T.ofArray(new $T[] {values}))",
                            TENSOR,
                            MemorySegment.class,
                            element)
                    .build();
        }
        method.beginControlFlow("if (values == null)")
                .addStatement("throw new $T(name + \" must not be null\")", NullPointerException.class)
                .endControlFlow();
        CodeBlock.Builder first = CodeBlock.builder().add("values");
        CodeBlock.Builder dims = CodeBlock.builder();
        method.addStatement("int d0 = values.length");
        dims.add("d0");
        for (int axis = 1; axis < rank; axis++) {
            first.add("[0]");
            CodeBlock row = first.build();
            // A null first row measures 0 here; the loop below then names it.
            method.addStatement("int d$L = d$L == 0 || $L == null ? 0 : $L.length", axis, axis - 1, row, row);
            dims.add(", d$L", axis);
        }
        CodeBlock size = CodeBlock.of("d0");
        for (int axis = 1; axis < rank; axis++) {
            size = CodeBlock.of("$T.multiplyExact($L, d$L)", Math.class, size, axis);
        }
        method.addStatement("$T[] flat = new $T[$L]", element, element, size);
        method.addStatement("int at = 0");
        // One loop per outer axis; each row is checked against the first row's length before it is copied.
        String row = "values";
        List<CodeBlock> index = new ArrayList<>();
        for (int axis = 0; axis < rank - 1; axis++) {
            String next = "row" + (axis + 1);
            method.beginControlFlow("for (int i$L = 0; i$L < d$L; i$L++)", axis, axis, axis, axis);
            index.add(CodeBlock.of("\"[\" + i$L + \"]\"", axis));
            method.addStatement("$T $L = $L[i$L]", JavaTypes.array(element, rank - axis - 1), next, row, axis);
            method.beginControlFlow("if ($L == null)", next);
            method.addStatement(
                    "throw new $T(name + $L + \" is null\")", NullPointerException.class, CodeBlock.join(index, " + "));
            method.endControlFlow();
            method.beginControlFlow("if ($L.length != d$L)", next, axis + 1);
            method.addStatement("throw ragged(name, $L, $L.length, d$L)", CodeBlock.join(index, " + "), next, axis + 1);
            method.endControlFlow();
            row = next;
        }
        method.addStatement("$T.arraycopy($L, 0, flat, at, d$L)", System.class, row, rank - 1);
        method.addStatement("at += d$L", rank - 1);
        for (int axis = 0; axis < rank - 1; axis++) {
            method.endControlFlow();
        }
        return method.addStatement(
                        "return $T.wrap(dtype, new long[] {$L}, $T.ofArray(flat))",
                        TENSOR,
                        dims.build(),
                        MemorySegment.class)
                .build();
    }

    /** Checks the tensor's rank, then allocates the nested arrays and copies the flat data row by row. */
    private static MethodSpec fromTensorMethod(String name, TypeName element, int rank) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(JavaTypes.array(element, rank))
                .addParameter(String.class, "name")
                .addParameter(TENSOR, "tensor")
                .addStatement("long[] shape = tensor.shape()")
                .beginControlFlow("if (shape.length != $L)", rank)
                .addStatement(
                        "throw new $T(\"Output \" + name + \" has rank \" + shape.length + \", expected $L\")",
                        IllegalStateException.class,
                        rank)
                .endControlFlow()
                .addStatement(
                        "$T[] flat = tensor.data().toArray($T.$L)",
                        element,
                        ValueLayout.class,
                        JavaTypes.layout(element));
        if (rank == 0) {
            return method.addStatement("return flat[0]").build();
        }
        if (rank == 1) {
            return method.addStatement("return flat").build();
        }
        CodeBlock.Builder dims = CodeBlock.builder();
        for (int axis = 0; axis < rank; axis++) {
            dims.add("[$T.toIntExact(shape[$L])]", Math.class, axis);
        }
        method.addStatement("$T out = new $T$L", JavaTypes.array(element, rank), element, dims.build());
        method.addStatement("int at = 0");
        String row = "out";
        for (int axis = 0; axis < rank - 1; axis++) {
            String next = "row" + (axis + 1);
            method.beginControlFlow("for ($T $L : $L)", JavaTypes.array(element, rank - axis - 1), next, row);
            row = next;
        }
        method.addStatement("$T.arraycopy(flat, at, $L, 0, $L.length)", System.class, row, row);
        method.addStatement("at += $L.length", row);
        for (int axis = 0; axis < rank - 1; axis++) {
            method.endControlFlow();
        }
        return method.addStatement("return out").build();
    }

    private static MethodSpec raggedMethod() {
        return MethodSpec.methodBuilder("ragged")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(IllegalArgumentException.class)
                .addParameter(String.class, "name")
                .addParameter(String.class, "index")
                .addParameter(TypeName.INT, "length")
                .addParameter(TypeName.INT, "expected")
                .addStatement(
                        "return new $T(name + index + \" has \" + length + \" elements but the first row has \""
                                + " + expected + \": arrays must be rectangular (pad shorter rows)\")",
                        IllegalArgumentException.class)
                .build();
    }
}
