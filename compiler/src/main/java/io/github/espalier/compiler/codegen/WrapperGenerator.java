package io.github.espalier.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.github.espalier.runtime.model.CompiledModel;
import io.github.espalier.runtime.model.ModelInfo;
import io.github.espalier.runtime.model.ModelOptions;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.lang.model.element.Modifier;

/**
 * Generates the typed wrapper class users call: {@code load}, {@code embed} (when a tokenizer was
 * compiled in), {@code forward} with one typed parameter per graph input, {@code info} and {@code close}.
 * The class depends on the Espalier runtime only and loads its artifact from the classpath.
 */
public final class WrapperGenerator {
    private static final ClassName TENSOR = ClassName.get(Tensor.class);
    private static final ClassName STRING = ClassName.get(String.class);
    private static final TypeName STRING_LIST = ParameterizedTypeName.get(ClassName.get(List.class), STRING);

    private WrapperGenerator() {}

    public static JavaFile generate(WrapperSpec spec) {
        ClassName self = ClassName.get(spec.packageName(), spec.simpleName());
        ClassName options = self.nestedClass("Options");
        ClassName output = self.nestedClass("Output");
        TensorConversions conversions = new TensorConversions();

        TypeSpec.Builder type = TypeSpec.classBuilder(self)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(AutoCloseable.class)
                .addJavadoc(classComment(spec))
                .addField(FieldSpec.builder(STRING, "ARTIFACT", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer("$S", spec.resourceName())
                        .build())
                .addField(CompiledModel.class, "model", Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PRIVATE)
                        .addParameter(CompiledModel.class, "model")
                        .addStatement("this.model = model")
                        .build())
                .addMethod(MethodSpec.methodBuilder("load")
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(self)
                        .addJavadoc(
                                "Loads the model with default options (one compute thread per available processor).\n")
                        .addJavadoc("\n@return the loaded model; close it to release its threads and memory\n")
                        .addStatement("return load($T.defaults())", options)
                        .build())
                .addMethod(MethodSpec.methodBuilder("load")
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(self)
                        .addParameter(options, "options")
                        .addJavadoc(
                                "Loads the model from the classpath resource {@code $L} next to this class; no file is\n"
                                        + "written.\n",
                                spec.resourceName())
                        .addJavadoc("\n@param options how the model runs in this process\n")
                        .addJavadoc("@return the loaded model; close it to release its threads and memory\n")
                        .addStatement("$T.requireNonNull(options, $S)", Objects.class, "options must not be null")
                        .addStatement(
                                "return new $T($T.load($T.class, ARTIFACT, new $T(options.threads())))",
                                self,
                                CompiledModel.class,
                                self,
                                ModelOptions.class)
                        .build());
        if (spec.hasTokenizer()) {
            type.addMethod(embedOne()).addMethod(embedMany());
        }
        type.addMethod(forward(spec, output, conversions))
                .addMethod(MethodSpec.methodBuilder("info")
                        .addModifiers(Modifier.PUBLIC)
                        .returns(ModelInfo.class)
                        .addJavadoc(
                                "What runs: the target variant chosen for this machine, the kernels, the threads, the\n"
                                        + "compiler version and the model's digest.\n")
                        .addJavadoc("\n@return a description of the loaded model\n")
                        .addStatement("return model.info()")
                        .build())
                .addMethod(MethodSpec.methodBuilder("close")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .addJavadoc(
                                "Refuses new calls, waits for the calls in progress to return (they complete normally),\n"
                                        + "then stops the compute threads and releases the model's memory. Calls made after\n"
                                        + "close has begun throw {@link IllegalStateException}. Idempotent.\n")
                        .addStatement("model.close()")
                        .build())
                .addType(OptionsType.build(options))
                .addType(outputType(spec, output))
                .addMethods(conversions.methods());
        return JavaFile.builder(spec.packageName(), type.build())
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    private static CodeBlock classComment(WrapperSpec spec) {
        return CodeBlock.builder()
                .add(
                        "The compiled model {@code $L}, generated by Espalier $L: do not edit.\n\n",
                        spec.resourceName(),
                        spec.compilerVersion())
                .add("<p>Thread-safety: one instance is safe for concurrent calls from any number of threads and\n"
                        + "gives, bit for bit, the results of the same calls made one after another; each call uses the\n"
                        + "instance's compute threads ({@link Options#threads(int)}), which park while idle. Several\n"
                        + "models may be loaded side by side.\n\n")
                .add("<p>Closing: {@link #close()} may be called while other threads are in a call: it refuses new\n"
                        + "calls, waits for those in progress to return normally, then releases the threads and the\n"
                        + "model's memory. Calls made after close has begun throw {@link IllegalStateException}.\n\n")
                .add("<p>Errors: wrong arguments ({@code null}, ragged arrays, shapes or sizes the graph does not\n"
                        + "accept) throw an exception whose message names the argument and what is expected.\n")
                .add(
                        spec.hasTokenizer()
                                ? "An empty list of texts is rejected; texts longer than the compiled maximum are\n"
                                        + "truncated, not rejected.\n\n"
                                : "\n")
                .add("<pre>{@code\ntry ($L model = $L.load()) {\n", spec.simpleName(), spec.simpleName())
                .add(
                        spec.hasTokenizer()
                                ? "    float[] vector = model.embed(\"a sentence\");\n"
                                : "    Output out = model.forward(...);\n")
                .add("}\n}</pre>\n")
                .build();
    }

    private static MethodSpec embedOne() {
        return MethodSpec.methodBuilder("embed")
                .addModifiers(Modifier.PUBLIC)
                .returns(float[].class)
                .addParameter(STRING, "text")
                .addJavadoc("Embeds one text: tokenized, truncated, run, pooled and normalized as compiled.\n")
                .addJavadoc("\n@param text the text to embed\n@return its embedding\n")
                .addStatement("$T.requireNonNull(text, $S)", Objects.class, "text must not be null")
                .addStatement("return model.embed($T.of(text))[0]", List.class)
                .build();
    }

    private static MethodSpec embedMany() {
        return MethodSpec.methodBuilder("embed")
                .addModifiers(Modifier.PUBLIC)
                .returns(float[][].class)
                .addParameter(STRING_LIST, "texts")
                .addJavadoc(
                        "Embeds several texts; texts of one token length share a forward pass, so none computes padding.\n")
                .addJavadoc("\n@param texts the texts to embed\n@return one embedding per text, in order\n")
                .addStatement("$T.requireNonNull(texts, $S)", Objects.class, "texts must not be null")
                .addStatement("return model.embed(texts)")
                .build();
    }

    private static MethodSpec forward(WrapperSpec spec, ClassName output, TensorConversions conversions) {
        NameAllocator names = new NameAllocator();
        MethodSpec.Builder method = MethodSpec.methodBuilder("forward")
                .addModifiers(Modifier.PUBLIC)
                .returns(output)
                .addJavadoc("Runs the graph on raw tensors. Every array must be rectangular (rows of one length);\n"
                        + "fixed dimensions of the graph are checked by the runtime.\n\n");
        for (ValueSpec input : spec.inputs()) {
            String name = JavaNames.allocate(names, input.name());
            method.addParameter(ParameterSpec.builder(JavaTypes.of(input), name).build());
            method.addJavadoc("@param $L graph input {@code $L}: $L\n", name, input.name(), JavaTypes.describe(input));
        }
        method.addJavadoc("@return the graph outputs\n");
        String inputs = names.newName("inputs");
        String results = names.newName("results");
        method.addStatement("$T<$T, $T> $L = new $T<>()", Map.class, STRING, TENSOR, inputs, LinkedHashMap.class);
        for (ValueSpec input : spec.inputs()) {
            method.addStatement(
                    "$L.put($S, $L)", inputs, input.name(), conversions.toTensor(input, names.get(input.name())));
        }
        method.addStatement("$T<$T, $T> $L = model.run($L)", Map.class, STRING, TENSOR, results, inputs);
        CodeBlock.Builder components = CodeBlock.builder();
        for (int i = 0; i < spec.outputs().size(); i++) {
            ValueSpec out = spec.outputs().get(i);
            components.add(
                    i == 0 ? "$L" : ", $L",
                    conversions.fromTensor(out, CodeBlock.of("$L.get($S)", results, out.name())));
        }
        return method.addStatement("return new $T($L)", output, components.build())
                .build();
    }

    private static TypeSpec outputType(WrapperSpec spec, ClassName output) {
        NameAllocator names = new NameAllocator();
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
        TypeSpec.Builder record = TypeSpec.recordBuilder(output)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("The graph outputs of one {@link #forward} call, as Java arrays.\n\n");
        for (ValueSpec out : spec.outputs()) {
            String name = JavaNames.allocate(names, out.name());
            constructor.addParameter(JavaTypes.of(out), name);
            record.addJavadoc("@param $L graph output {@code $L}: $L\n", name, out.name(), JavaTypes.describe(out));
        }
        return record.recordConstructor(constructor.build()).build();
    }
}
