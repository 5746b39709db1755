package io.github.espalier.compiler;

import io.github.espalier.compiler.backend.java.LoadCheck;
import io.github.espalier.compiler.backend.java.ProgramArtifacts;
import io.github.espalier.compiler.backend.java.ProgramBuilder;
import io.github.espalier.compiler.codegen.WrapperGenerator;
import io.github.espalier.compiler.codegen.WrapperSpec;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.onnx.OnnxImporter;
import io.github.espalier.compiler.passes.Optimizer;
import io.github.espalier.compiler.tokenizer.TokenizerImporter;
import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.artifact.ArtifactWriter;
import io.github.espalier.runtime.model.ArtifactMetadata;
import io.github.espalier.runtime.program.Program;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.lang.model.SourceVersion;

/**
 * The compiler's entry point: import, optimize, lower, write the artifact, generate the wrapper. Every
 * CPU target compiles to the same pure-Java artifact for now; the target list is recorded in it.
 */
public final class ModelCompiler {
    private static final System.Logger LOG = System.getLogger(ModelCompiler.class.getName());

    /**
     * Compiles and returns the files written: the artifact under the resources folder and the wrapper
     * source under the sources folder. Either both are in place afterwards or, on failure, neither is
     * touched.
     *
     * @throws CompilationException with a message that says what failed and what to do
     */
    public List<Path> compile(CompileRequest request) {
        return compile(request, Variant.ORIGINAL);
    }

    /**
     * A change to the model between fusion and lowering, such as the search's pruning, and what
     * {@code info().variant()} says of it.
     *
     * @param description null for the model as exported
     * @param fromFused turns the fused graph into the variant's fused graph
     */
    public record Variant(String description, UnaryOperator<Graph> fromFused) {
        public static final Variant ORIGINAL = new Variant(null, UnaryOperator.identity());
    }

    /** Compiles {@code variant} of the request's model; see {@link #compile(CompileRequest)}. */
    public List<Path> compile(CompileRequest request, Variant variant) {
        List<String> targets = Targets.validate(request.targets());
        checkClassName(request.className());
        checkReadable(request.modelFile(), "Model file");
        if (request.tokenizerFile() != null) {
            checkReadable(request.tokenizerFile(), "Tokenizer file");
        }
        if (request.maxSequenceLength() < 2) {
            throw new CompilationException("maxSequenceLength must be at least 2 (room for the special tokens), got "
                    + request.maxSequenceLength());
        }

        Path model = request.modelFile();
        Graph graph = naming(model, () -> Optimizer.lowering()
                .optimize(variant.fromFused().apply(Optimizer.fusing().optimize(OnnxImporter.importModel(model)))));
        Program program = naming(model, () -> LoadCheck.verified(ProgramBuilder.build(graph), graph.initializers()));
        byte[] tokenizer = request.tokenizerFile() == null
                ? null
                : naming(
                        request.tokenizerFile(),
                        () -> TokenizerImporter.importJson(request.tokenizerFile(), request.maxSequenceLength()));
        String simpleName = request.className().substring(request.className().lastIndexOf('.') + 1);
        WrapperSpec spec = new WrapperSpec(
                request.className(),
                simpleName + ".esp",
                program.inputs(),
                program.outputs(),
                request.tokenizerFile() != null,
                CompilerVersion.get());
        ArtifactWriter artifact = artifact(request, graph, program, targets, tokenizer);
        if (variant.description() != null) {
            artifact.metadata(ArtifactMetadata.VARIANT, variant.description());
        }

        Path resource = request.resourcesDir().resolve(packagePath(spec)).resolve(spec.resourceName());
        Path source = request.sourcesDir().resolve(packagePath(spec)).resolve(simpleName + ".java");
        try (Staging staging = Staging.near(request.sourcesDir(), request.resourcesDir())) {
            artifact.writeTo(staging.file(resource));
            Files.writeString(
                    staging.file(source), WrapperGenerator.generate(spec).toString());
            staging.commit();
        } catch (IOException e) {
            throw new CompilationException(
                    "Cannot write the compiled model for " + request.className() + ": " + e.getMessage()
                            + "; check that the output folders are writable",
                    e);
        }
        LOG.log(Level.INFO, "Compiled {0} into {1} for targets {2}", request.modelFile(), request.className(), targets);
        return List.of(resource, source);
    }

    /**
     * A digest of everything that determines the output: the model and tokenizer bytes, every request
     * parameter and the compiler version. Equal fingerprints mean an earlier output can be kept.
     */
    public String fingerprint(CompileRequest request) {
        checkReadable(request.modelFile(), "Model file");
        Digests.Builder digest =
                Digests.builder().add("compiler", CompilerVersion.fingerprint()).addFile("model", request.modelFile());
        if (request.tokenizerFile() != null) {
            checkReadable(request.tokenizerFile(), "Tokenizer file");
            digest.addFile("tokenizer", request.tokenizerFile());
        }
        return digest.add("className", request.className())
                .add("targets", String.valueOf(request.targets()))
                .add("pooling", String.valueOf(request.pooling()))
                .add("normalize", Boolean.toString(request.normalize()))
                .add("maxSequenceLength", Integer.toString(request.maxSequenceLength()))
                .add(
                        "sourcesDir",
                        request.sourcesDir().toAbsolutePath().normalize().toString())
                .add(
                        "resourcesDir",
                        request.resourcesDir().toAbsolutePath().normalize().toString())
                .hex();
    }

    private static ArtifactWriter artifact(
            CompileRequest request, Graph graph, Program program, List<String> targets, byte[] tokenizer) {
        // The file name says which checkpoint this is; exported graph names are often generic (torch_jit).
        String modelName = request.modelFile().getFileName().toString().replaceFirst("\\.onnx$", "");
        ArtifactWriter writer = ProgramArtifacts.writer(program, graph.initializers())
                .metadata(ArtifactMetadata.MODEL_NAME, modelName)
                .metadata(ArtifactMetadata.COMPILER_VERSION, CompilerVersion.get())
                .metadata(ArtifactMetadata.MODEL_DIGEST, Digests.sha256(request.modelFile()))
                .metadata(ArtifactMetadata.TARGET, String.join(",", targets))
                .metadata(ArtifactMetadata.POOLING, request.pooling().name())
                .metadata(ArtifactMetadata.NORMALIZE, Boolean.toString(request.normalize()))
                .metadata(ArtifactMetadata.MAX_SEQUENCE_LENGTH, Integer.toString(request.maxSequenceLength()));
        if (tokenizer != null) {
            writer.section(ArtifactMetadata.TOKENIZER_SECTION, tokenizer);
        }
        return writer;
    }

    /**
     * Runs one stage so that its failure names the input file: the only exception leaving the compiler is
     * a {@link CompilationException}, and its message always says which file it is about.
     */
    private static <T> T naming(Path input, Supplier<T> stage) {
        try {
            return stage.get();
        } catch (CompilationException | EspalierException e) {
            String name = input.getFileName().toString();
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e instanceof CompilationException compilation && message.contains(name)) {
                throw compilation;
            }
            throw new CompilationException(name + ": " + message, e);
        }
    }

    private static void checkClassName(String className) {
        if (className == null || !SourceVersion.isName(className)) {
            throw new CompilationException("className '" + className
                    + "' is not a valid fully qualified Java class name, e.g. com.example.MiniLm");
        }
        if (className.indexOf('.') < 0) {
            throw new CompilationException("className '" + className
                    + "' has no package; use a fully qualified name such as com.example." + className);
        }
    }

    private static void checkReadable(Path file, String what) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CompilationException(what + " not found or not readable: " + file.toAbsolutePath());
        }
    }

    private static Path packagePath(WrapperSpec spec) {
        List<String> parts = new ArrayList<>(List.of(spec.packageName().split("\\.")));
        return Path.of(parts.removeFirst(), parts.toArray(String[]::new));
    }
}
