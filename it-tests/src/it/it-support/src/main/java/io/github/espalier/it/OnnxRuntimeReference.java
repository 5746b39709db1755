package io.github.espalier.it;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.espalier.runtime.model.Pooling;
import io.github.espalier.runtime.tokenizer.Encoding;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference: the same ONNX graph run by ONNX Runtime, then pooling and L2 normalization computed here as
 * sentence-transformers does.
 */
public final class OnnxRuntimeReference implements AutoCloseable {
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    /** ONNX Runtime as users run it: graph optimization ALL. */
    public OnnxRuntimeReference(String onnxResource) throws OrtException {
        this(onnxResource, OrtSession.SessionOptions.OptLevel.ALL_OPT);
    }

    /**
     * @param onnxResource the model's classpath resource, e.g. {@code /all-minilm-l6-v2.onnx}
     * @param optimization ONNX Runtime's graph optimization level
     */
    public OnnxRuntimeReference(String onnxResource, OrtSession.SessionOptions.OptLevel optimization)
            throws OrtException {
        try (InputStream in = OnnxRuntimeReference.class.getResourceAsStream(onnxResource);
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (in == null) {
                throw new IllegalStateException(onnxResource + " is not on the test classpath");
            }
            options.setOptimizationLevel(optimization);
            session = environment.createSession(in.readAllBytes(), options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Embeds each batch of texts as one padded batch, tokenized as the generated class does. */
    public Fidelity.Embedder batched(ArtifactTokenizer tokenizer, Pooling pooling, boolean normalize) {
        return texts -> embed(tokenizer.encodeBatch(texts), pooling, normalize);
    }

    /**
     * Embeds each text in a run of its own. Dynamically quantized graphs need this: their quantization range
     * spans the whole input tensor, so in a padded batch a text's result depends on its neighbours.
     */
    public Fidelity.Embedder oneTextPerRun(ArtifactTokenizer tokenizer, Pooling pooling, boolean normalize) {
        return texts -> {
            float[][] embeddings = new float[texts.size()][];
            for (int i = 0; i < embeddings.length; i++) {
                embeddings[i] = embed(tokenizer.encodeBatch(List.of(texts.get(i))), pooling, normalize)[0];
            }
            return embeddings;
        };
    }

    /** Embeds one padded batch: runs the graph, pools its first output and normalizes if asked. */
    private float[][] embed(List<Encoding> batch, Pooling pooling, boolean normalize) throws OrtException {
        int length = batch.getFirst().length();
        long[][] ids = new long[batch.size()][];
        long[][] mask = new long[batch.size()][];
        long[][] types = new long[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            Encoding encoding = batch.get(i);
            if (encoding.length() != length) {
                throw new IllegalStateException("encodeBatch must pad every text to one length");
            }
            ids[i] = encoding.ids();
            mask[i] = encoding.attentionMask();
            types[i] = encoding.typeIds();
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            put(inputs, "input_ids", ids);
            put(inputs, "attention_mask", mask);
            put(inputs, "token_type_ids", types);
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                float[][] pooled = new float[batch.size()][];
                for (int i = 0; i < pooled.length; i++) {
                    pooled[i] = pool(hidden[i], mask[i], pooling);
                    if (normalize) {
                        normalize(pooled[i]);
                    }
                }
                return pooled;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private void put(Map<String, OnnxTensor> inputs, String name, long[][] values) throws OrtException {
        if (session.getInputNames().contains(name)) {
            inputs.put(name, OnnxTensor.createTensor(environment, values));
        }
    }

    private static float[] pool(float[][] tokens, long[] mask, Pooling pooling) {
        if (pooling == Pooling.CLS) {
            return tokens[0].clone();
        }
        double[] sum = new double[tokens[0].length];
        long count = 0;
        for (int t = 0; t < tokens.length; t++) {
            if (mask[t] != 0) {
                count++;
                for (int d = 0; d < sum.length; d++) {
                    sum[d] += tokens[t][d];
                }
            }
        }
        float[] mean = new float[sum.length];
        for (int d = 0; d < mean.length; d++) {
            mean[d] = (float) (sum[d] / Math.max(count, 1));
        }
        return mean;
    }

    private static void normalize(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += (double) v * v;
        }
        double scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
        for (int d = 0; d < vector.length; d++) {
            vector[d] = (float) (vector[d] * scale);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
