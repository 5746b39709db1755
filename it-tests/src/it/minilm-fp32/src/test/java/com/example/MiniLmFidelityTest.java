package com.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.espalier.it.ArtifactTokenizer;
import io.github.espalier.it.Europarl;
import io.github.espalier.it.Fidelity;
import io.github.espalier.it.OnnxRuntimeReference;
import io.github.espalier.runtime.model.Pooling;
import org.junit.jupiter.api.Test;

class MiniLmFidelityTest {
    @Test
    void embeddingsMatchOnnxRuntimeOnEuroparl() throws Exception {
        try (MiniLm model = MiniLm.load();
                ArtifactTokenizer tokenizer = ArtifactTokenizer.of(MiniLm.class);
                OnnxRuntimeReference reference = new OnnxRuntimeReference("/all-minilm-l6-v2.onnx")) {
            System.out.println(model.info());
            Fidelity.Result result = Fidelity.compare(
                    Europarl.texts(Integer.getInteger("fidelity.texts", 500)),
                    model::embed,
                    reference.batched(tokenizer, Pooling.MEAN, true));
            System.out.println("minilm-fp32: " + result);
            assertTrue(result.minCosine() >= 0.99999, result::toString);
        }
    }
}
