package com.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.espalier.it.ArtifactTokenizer;
import io.github.espalier.it.Europarl;
import io.github.espalier.it.Fidelity;
import io.github.espalier.it.OnnxRuntimeReference;
import io.github.espalier.runtime.model.Pooling;
import org.junit.jupiter.api.Test;

class BgeSmallFidelityTest {
    @Test
    void embeddingsMatchOnnxRuntimeOnEuroparl() throws Exception {
        try (BgeSmall model = BgeSmall.load();
                ArtifactTokenizer tokenizer = ArtifactTokenizer.of(BgeSmall.class);
                OnnxRuntimeReference reference = new OnnxRuntimeReference("/bge-small-en-v1.5.onnx")) {
            System.out.println(model.info());
            Fidelity.Result result = Fidelity.compare(
                    Europarl.texts(Integer.getInteger("fidelity.texts", 500)),
                    model::embed,
                    reference.batched(tokenizer, Pooling.CLS, true));
            System.out.println("bge-small: " + result);
            assertTrue(result.minCosine() >= 0.99999, result::toString);
        }
    }
}
