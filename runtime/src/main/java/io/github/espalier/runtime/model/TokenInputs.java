package io.github.espalier.runtime.model;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The graph inputs of a BERT-style encoder, filled from tokenized text: what {@code embed} and the search feed. */
public final class TokenInputs {
    private TokenInputs() {}

    /**
     * One int64 [batch, sequence] tensor per input, by name: {@code input_ids}, {@code attention_mask},
     * {@code token_type_ids}; the arrays are row-major.
     *
     * @throws EspalierException for an input of another name, which tokens cannot fill
     */
    public static Map<String, Tensor> of(
            List<ValueSpec> specs, long[] ids, long[] mask, long[] typeIds, int batch, int sequence) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (ValueSpec spec : specs) {
            long[] values =
                    switch (spec.name()) {
                        case "input_ids" -> ids;
                        case "attention_mask" -> mask;
                        case "token_type_ids" -> typeIds;
                        default ->
                            throw new EspalierException("Text cannot fill input '" + spec.name() + "' (tokenizing fills"
                                    + " input_ids, attention_mask and token_type_ids); call run() with every input");
                    };
            inputs.put(spec.name(), Tensor.ofLongs(values, batch, sequence));
        }
        return inputs;
    }
}
