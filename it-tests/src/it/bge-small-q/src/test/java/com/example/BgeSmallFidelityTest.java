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
                OnnxRuntimeReference reference = new OnnxRuntimeReference("/bge-small-en-v1.5-q.onnx")) {
            System.out.println(model.info());
            // The execution without AVX checks fewer texts: its kernels are slower.
            int count = Integer.getInteger("fidelity.texts", 200);
            Fidelity.Result result = Fidelity.compare(
                    Europarl.texts(count), model::embed, tokenizer, reference, Pooling.CLS, true);
            System.out.println("bge-small-q: " + result);
            assertTrue(result.minCosine() >= 0.999, result::toString);
        }
    }
}
