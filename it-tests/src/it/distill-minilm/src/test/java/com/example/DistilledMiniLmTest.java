package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.espalier.it.ArtifactTokenizer;
import io.github.espalier.it.Europarl;
import io.github.espalier.it.Fidelity;
import io.github.espalier.it.OnnxRuntimeReference;
import io.github.espalier.runtime.model.Pooling;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The distilled student, used as users use it, against ONNX Runtime running the original checkpoint. */
class DistilledMiniLmTest {
    @Test
    void theStudentKeepsFourOfSixLayersAndEmbedsLikeTheOriginal() throws Exception {
        try (MiniLm model = MiniLm.load();
                ArtifactTokenizer tokenizer = ArtifactTokenizer.of(MiniLm.class);
                OnnxRuntimeReference reference = new OnnxRuntimeReference("/all-minilm-l6-v2.onnx")) {
            String variant = model.info().variant();
            System.out.println("distill-minilm: variant " + variant);
            assertTrue(variant.contains("distilled by Espalier"), variant);
            assertTrue(variant.startsWith("4 of 6 layers"), variant);

            float[][] embeddings = model.embed(List.of(
                    "The committee adopted the report.",
                    "The report was approved by the committee.",
                    "It rained all day in the mountains."));
            for (float[] embedding : embeddings) {
                assertEquals(384, embedding.length);
                double norm = 0;
                for (float value : embedding) {
                    norm += value * value;
                }
                assertEquals(1, Math.sqrt(norm), 1e-4);
            }
            assertTrue(
                    dot(embeddings[0], embeddings[1]) > dot(embeddings[0], embeddings[2]),
                    "a paraphrase is closer than an unrelated sentence");

            Fidelity.Result result = Fidelity.compare(
                    Europarl.texts(100), model::embed, reference.batched(tokenizer, Pooling.MEAN, true));
            System.out.println("distill-minilm: against the original model " + result);
            assertTrue(result.meanCosine() >= 0.8, result::toString);
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
