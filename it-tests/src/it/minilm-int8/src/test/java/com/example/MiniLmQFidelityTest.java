package com.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.espalier.it.ArtifactTokenizer;
import io.github.espalier.it.Europarl;
import io.github.espalier.it.QuantizedFidelity;
import io.github.espalier.runtime.model.Pooling;
import org.junit.jupiter.api.Test;

class MiniLmQFidelityTest {
    @Test
    void embeddingsAreAsCloseToOnnxRuntimeAsOnnxRuntimeIsToItself() throws Exception {
        try (MiniLmQ model = MiniLmQ.load();
                ArtifactTokenizer tokenizer = ArtifactTokenizer.of(MiniLmQ.class)) {
            System.out.println(model.info());
            QuantizedFidelity fidelity = QuantizedFidelity.measure(
                    Europarl.texts(Integer.getInteger("fidelity.texts", 500)),
                    model::embed,
                    "/all-minilm-l6-v2-q.onnx",
                    tokenizer,
                    Pooling.MEAN,
                    true);
            System.out.println("minilm-int8: " + fidelity);
            assertTrue(fidelity.withinOnnxRuntimeSpread(), fidelity::toString);
        }
    }
}
