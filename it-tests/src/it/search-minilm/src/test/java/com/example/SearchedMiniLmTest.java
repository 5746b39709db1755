package com.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.espalier.it.ArtifactTokenizer;
import io.github.espalier.it.Europarl;
import io.github.espalier.it.Fidelity;
import io.github.espalier.it.OnnxRuntimeReference;
import io.github.espalier.runtime.model.Pooling;
import org.junit.jupiter.api.Test;

/** The searched variant, used as users use it, against ONNX Runtime running the unpruned checkpoint. */
class SearchedMiniLmTest {
    @Test
    void thePrunedVariantStaysCloseToTheOriginalModel() throws Exception {
        try (MiniLm model = MiniLm.load();
                ArtifactTokenizer tokenizer = ArtifactTokenizer.of(MiniLm.class);
                OnnxRuntimeReference reference = new OnnxRuntimeReference("/all-minilm-l6-v2.onnx")) {
            String variant = model.info().variant();
            System.out.println("search-minilm: variant " + variant);
            assertTrue(variant.contains("searched by Espalier"), variant);
            Fidelity.Result result = Fidelity.compare(
                    Europarl.texts(200), model::embed, reference.batched(tokenizer, Pooling.MEAN, true));
            System.out.println("search-minilm: against the original model " + result);
            assertTrue(result.meanCosine() >= 0.8, result::toString);
        }
    }
}
