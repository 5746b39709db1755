package io.github.espalier.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** ONNX Runtime Java as users run it: graph optimization ALL, a fixed intra-op thread count, one session. */
final class OnnxRuntimeEngine implements Engine {
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    private OnnxRuntimeEngine(OrtSession session) {
        this.session = session;
    }

    static OnnxRuntimeEngine load(Precision precision, int threads) throws OrtException, IOException {
        try (InputStream in = OnnxRuntimeEngine.class.getResourceAsStream(precision.onnxResource);
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            return new OnnxRuntimeEngine(OrtEnvironment.getEnvironment().createSession(in.readAllBytes(), options));
        }
    }

    @Override
    public void run(Shape.TokenBatch batch) throws OrtException {
        try (OnnxTensor ids = OnnxTensor.createTensor(environment, batch.ids());
                OnnxTensor mask = OnnxTensor.createTensor(environment, batch.mask());
                OnnxTensor types = OnnxTensor.createTensor(environment, batch.types());
                OrtSession.Result result =
                        session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
            // The hidden states are copied out, as our forward() does: both sides pay for a Java result.
            result.get(0).getValue();
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not close its session", e);
        }
    }
}
