package io.github.espalier.compiler.fuzz;

import static io.github.espalier.compiler.onnx.OnnxModels.FLOAT;
import static io.github.espalier.compiler.onnx.OnnxModels.attribute;
import static io.github.espalier.compiler.onnx.OnnxModels.model;
import static io.github.espalier.compiler.onnx.OnnxModels.node;
import static io.github.espalier.compiler.onnx.OnnxModels.rawFloats;
import static io.github.espalier.compiler.onnx.OnnxModels.typedLongs;
import static io.github.espalier.compiler.onnx.OnnxModels.value;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import io.github.espalier.compiler.CompileRequest;
import io.github.espalier.compiler.ModelCompiler;
import io.github.espalier.runtime.model.Pooling;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The valid inputs the fuzzers mutate: a small ONNX model, the real MiniLM tokenizer.json, and both compiled. */
final class Seeds {
    static final String CLASS_NAME = "com.example.Fuzzed";
    /** Where {@link #compile} puts the artifact, relative to the scratch folder. */
    static final String ARTIFACT = "resources/com/example/Fuzzed.esp";

    private static final String MINILM_TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";

    private Seeds() {}

    /** A small model with raw and typed initializers, a Constant node, an attribute and a symbolic dim. */
    static OnnxMl.ModelProto onnxModel() {
        return model(OnnxMl.GraphProto.newBuilder()
                .setName("seed")
                .addInput(value("x", FLOAT, "batch", 4))
                .addOutput(value("y", FLOAT, "batch", 3))
                .addInitializer(rawFloats("w", List.of(4L, 3L), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))
                .addInitializer(typedLongs("shape", List.of(2L), -1, 3))
                .addNode(node("Constant", "bias", List.of(), List.of("b"))
                        .addAttribute(attribute("value", AttributeType.TENSOR)
                                .setT(rawFloats("", List.of(3L), 0.5f, -0.5f, 0.25f))))
                .addNode(node("MatMul", "mm", List.of("x", "w"), List.of("m")))
                .addNode(node("Add", "add", List.of("m", "b"), List.of("a")))
                .addNode(node("Softmax", "softmax", List.of("a"), List.of("s"))
                        .addAttribute(attribute("axis", AttributeType.INT).setI(-1)))
                .addNode(node("Reshape", "reshape", List.of("s", "shape"), List.of("y")))
                .build());
    }

    /** all-MiniLM-L6-v2's tokenizer.json, from the langchain4j jar on the test classpath. */
    static byte[] minilmTokenizerJson() {
        try (InputStream in = Seeds.class.getResourceAsStream(MINILM_TOKENIZER)) {
            if (in == null) {
                throw new IllegalStateException(MINILM_TOKENIZER + " is not on the test classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles a model (and a tokenizer.json, or null) into {@code scratch}; returns the artifact. */
    static Path compile(Scratch scratch, byte[] onnx, byte[] tokenizerJson) {
        Path model = scratch.write("model.onnx", onnx);
        Path tokenizer = tokenizerJson == null ? null : scratch.write("tokenizer.json", tokenizerJson);
        new ModelCompiler()
                .compile(new CompileRequest(
                        model,
                        tokenizer,
                        CLASS_NAME,
                        List.of("x86-64"),
                        Pooling.MEAN,
                        true,
                        16,
                        scratch.folder().resolve("sources"),
                        scratch.folder().resolve("resources")));
        return scratch.folder().resolve(ARTIFACT);
    }
}
