package io.github.espalier.runtime.model;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.artifact.ModelArtifact;
import io.github.espalier.runtime.cpu.CpuFeatures;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.Executor;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.Tensor;
import io.github.espalier.runtime.tokenizer.Tokenizer;
import io.github.espalier.runtime.tokenizer.Tokenizers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A loaded compiled model: what generated wrapper classes delegate to.
 *
 * <p>Thread-safety: one instance serves concurrent {@link #run} and {@link #embed} calls; they share only
 * the read-only artifact memory and the compute pool (each call is split over the pool's threads, so
 * concurrent calls take turns on them), and give, bit for bit, the results of the same calls made one after
 * another, at any point of the JVM's life (the kernels round the same way before and after JIT compilation).
 *
 * <p>Closing while calls are in progress is safe: {@link #close()} refuses new calls at once, waits for the
 * calls in progress to return (they complete normally), then releases the memory and threads. Calls made
 * after close has begun throw {@link IllegalStateException}.
 *
 * <p>Holds the artifact's memory and its compute threads (parked while idle) until {@link #close()}.
 */
public final class CompiledModel implements AutoCloseable {
    /** Texts per forward pass in {@link #embed}: bounds the activations' memory for long lists. */
    static final int EMBED_BATCH = 32;

    /**
     * Operators whose result for one sequence depends on the other sequences of the batch (dynamic
     * quantization takes its scale over the whole tensor, padding included). A model that has them
     * embeds one text per forward pass, so an embedding never depends on its batch neighbours.
     */
    private static final Set<String> BATCH_COUPLED_OPS = Set.of("DynamicQuantizeLinear");

    private static final System.Logger LOG = System.getLogger(CompiledModel.class.getName());

    private final ModelArtifact artifact;
    private final Program program;
    private final UnaryOperator<Map<String, Tensor>> executor;
    private final ComputePool pool;
    private final Tokenizer tokenizer;
    private final EmbeddingSettings settings;
    private final ModelInfo info;
    private final CallGate gate;
    private final int embedBatch;

    /** Package-private so tests can put a reference runner in place of the executor. */
    CompiledModel(
            ModelArtifact artifact,
            UnaryOperator<Map<String, Tensor>> executor,
            ComputePool pool,
            Tokenizer tokenizer) {
        this.artifact = artifact;
        this.program = artifact.program();
        this.executor = executor;
        this.pool = pool;
        this.tokenizer = tokenizer;
        this.embedBatch =
                program.instructions().stream().anyMatch(i -> BATCH_COUPLED_OPS.contains(i.op())) ? 1 : EMBED_BATCH;
        Map<String, String> metadata = artifact.metadata();
        this.settings = EmbeddingSettings.from(
                metadata, program, tokenizer == null ? 0 : tokenizer.maxLength(), artifact.source());
        this.info = new ModelInfo(
                metadata.getOrDefault(ArtifactMetadata.MODEL_NAME, "unnamed"),
                metadata.getOrDefault(ArtifactMetadata.TARGET, "unknown"),
                CpuFeatures.detect().kernelFamily(),
                pool.parallelism(),
                metadata.getOrDefault(ArtifactMetadata.COMPILER_VERSION, "unknown"),
                metadata.getOrDefault(ArtifactMetadata.MODEL_DIGEST, "unknown"),
                settings.pooling(),
                settings.normalize(),
                settings.maxSequenceLength(),
                metadata.getOrDefault(ArtifactMetadata.VARIANT, "original"));
        this.gate = new CallGate(info.modelName(), this::release);
    }

    /**
     * Loads the artifact stored as a classpath resource next to {@code anchor} (resolved as
     * {@link Class#getResource} does). A resource in a folder is memory-mapped; one inside a jar is read into
     * off-heap memory. No files are written.
     */
    public static CompiledModel load(Class<?> anchor, String resourceName, ModelOptions options) {
        URL url = anchor.getResource(resourceName);
        if (url == null) {
            throw new EspalierException("Model resource '" + resourceName + "' was not found next to "
                    + anchor.getName() + "; check that the compiled artifact is packaged with the class");
        }
        if ("file".equals(url.getProtocol())) {
            try {
                return open(Path.of(url.toURI()), options);
            } catch (URISyntaxException | IllegalArgumentException notAPath) {
                // Fall through: read it as a stream like any other resource.
            }
        }
        try (InputStream in = anchor.getResourceAsStream(resourceName)) {
            if (in == null) {
                throw new EspalierException("Model resource " + url + " cannot be opened");
            }
            return create(ModelArtifact.read(in, url.toString()), options);
        } catch (IOException e) {
            throw new EspalierException("Cannot read model resource " + url + ": " + e.getMessage(), e);
        }
    }

    /** Loads an artifact file, memory-mapped. */
    public static CompiledModel open(Path artifact, ModelOptions options) {
        return create(ModelArtifact.open(artifact), options);
    }

    private static CompiledModel create(ModelArtifact artifact, ModelOptions options) {
        ComputePool pool = null;
        try {
            Tokenizer tokenizer = artifact.section(ArtifactMetadata.TOKENIZER_SECTION)
                    .map(Tokenizers::read)
                    .orElse(null);
            pool = ComputePool.create(options.threads());
            Executor executor = new Executor(artifact.program(), artifact.tensors(), pool);
            WarmUp.run(artifact.program().inputs(), executor::run);
            CompiledModel model = new CompiledModel(artifact, executor::run, pool, tokenizer);
            LOG.log(System.Logger.Level.INFO, model.loadMessage());
            warnIfCompiledForMoreThanThisCpu(model.info);
            return model;
        } catch (RuntimeException | Error e) {
            if (pool != null) {
                pool.close();
            }
            artifact.close();
            // The tokenizer reader and the program's checks know nothing of files; what they refuse in an
            // artifact that passed its checksum must still name it.
            if (e instanceof EspalierException refused) {
                throw new EspalierException("Artifact " + artifact.source() + ": " + refused.getMessage(), refused);
            }
            throw e;
        }
    }

    /**
     * The Java kernels cannot crash on any CPU, but a variant tuned for a higher x86-64 level than this
     * machine's runs slower than one built for it; say so, once, at load.
     */
    private static void warnIfCompiledForMoreThanThisCpu(ModelInfo info) {
        CpuFeatures cpu = CpuFeatures.detect();
        if (info.target().startsWith("x86-64") && !cpu.supportsTarget(info.target())) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    info.modelName() + " was compiled for " + info.target() + " but this CPU is "
                            + cpu.targetLevel() + "; compile a variant for " + cpu.targetLevel()
                            + " (or x86-64) for best speed here");
        }
    }

    private String loadMessage() {
        String message = "Loaded " + info.modelName() + " (target " + info.target() + ", kernels " + info.kernels()
                + ", " + info.threads() + " threads) from " + artifact.source();
        return CpuFeatures.detect().vectorApiAvailable()
                ? message
                : message + "; start the JVM with " + CpuFeatures.VECTOR_FLAG + " for faster vector kernels";
    }

    public List<ValueSpec> inputs() {
        return program.inputs();
    }

    public List<ValueSpec> outputs() {
        return program.outputs();
    }

    /**
     * Runs the graph on named input tensors. Names, element types, ranks and fixed sizes are checked against
     * {@link #inputs()}, and inputs that share a symbolic dimension (e.g. {@code batch_size}) must agree on it.
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        return gate.call(() -> checkedRun(inputs));
    }

    private Map<String, Tensor> checkedRun(Map<String, Tensor> inputs) {
        InputCheck.check(program.inputs(), inputs);
        try {
            return executor.apply(inputs);
        } catch (EspalierException failed) {
            // As at load: the kernels know nothing of files, and an artifact that passed its checksum but fails
            // on these inputs (not on the warm-up's zeros) must still be named.
            throw new EspalierException("Model " + artifact.source() + ": " + failed.getMessage(), failed);
        }
    }

    /**
     * Tokenizes, runs, pools and (if configured at compile time) L2-normalizes one embedding per text, in
     * forward passes of at most {@value #EMBED_BATCH} texts (one, for models with batch-coupled operators).
     * Only texts of the same token length share a pass, so no pass computes padding; the embeddings come
     * back in the order of {@code texts}.
     * Texts longer than the compiled maximum length are truncated; an empty text embeds its special tokens.
     *
     * @throws EspalierException if {@code texts} is null or empty, or holds a null
     */
    public float[][] embed(List<String> texts) {
        return gate.call(() -> embedInBatches(texts));
    }

    private float[][] embedInBatches(List<String> texts) {
        if (texts == null) {
            throw new EspalierException("texts must not be null");
        }
        if (texts.isEmpty()) {
            throw new EspalierException("texts must not be empty: pass at least one text to embed");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new EspalierException("texts[" + i + "] is null; every text must be a string");
            }
        }
        if (tokenizer == null) {
            throw new EspalierException("Model " + info.modelName() + " was compiled without a tokenizer, so embed()"
                    + " cannot tokenize; call run() with token ids or recompile with the tokenizer");
        }
        float[][] embeddings = new float[texts.size()][];
        for (TokenBatch batch : TokenBatch.sameLength(tokenizer, texts, embedBatch)) {
            float[][] pooled = embedBatch(batch);
            for (int row = 0; row < batch.size(); row++) {
                embeddings[batch.texts()[row]] = pooled[row];
            }
        }
        return embeddings;
    }

    private float[][] embedBatch(TokenBatch batch) {
        Tensor output = checkedRun(batch.inputs(program.inputs())).get(settings.output());
        if (output == null) {
            throw new EspalierException("The model produced no output '" + settings.output() + "'");
        }
        return SentencePooling.pool(output, settings.output(), batch.mask(), settings.pooling(), settings.normalize());
    }

    public ModelInfo info() {
        gate.requireOpen();
        return info;
    }

    /**
     * Refuses new calls, waits for the calls in progress to return, then stops the compute threads and
     * releases the artifact's memory. Idempotent; every call returns once they are released.
     */
    @Override
    public void close() {
        gate.close();
    }

    private void release() {
        try {
            pool.close();
        } finally {
            artifact.close();
        }
    }
}
