package io.github.espalier.compiler.search;

import io.github.espalier.runtime.model.TokenInputs;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.Tensor;
import io.github.espalier.runtime.tokenizer.Encoding;
import io.github.espalier.runtime.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Texts tokenized and padded to one length, remembering which texts they are. Texts of similar length are
 * batched together so little work goes to padding.
 *
 * @param texts indices of the texts, in batch order
 * @param sequence tokens per row, padding included
 * @param ids token ids, row-major [texts, sequence]
 * @param typeIds token type ids, same layout
 * @param mask 1 for real tokens, 0 for padding, same layout
 */
public record TokenBatch(int[] texts, int sequence, long[] ids, long[] typeIds, long[] mask) {
    public static List<TokenBatch> of(Tokenizer tokenizer, List<String> texts, int maxBatch) {
        int[] lengths =
                texts.stream().mapToInt(text -> tokenizer.encode(text).length()).toArray();
        List<Integer> order = IntStream.range(0, texts.size())
                .boxed()
                .sorted(Comparator.comparingInt(i -> lengths[i]))
                .toList();
        List<TokenBatch> batches = new ArrayList<>();
        for (int from = 0; from < order.size(); from += maxBatch) {
            int[] chunk = order.subList(from, Math.min(order.size(), from + maxBatch)).stream()
                    .mapToInt(Integer::intValue)
                    .toArray();
            batches.add(encode(tokenizer, texts, chunk));
        }
        return batches;
    }

    private static TokenBatch encode(Tokenizer tokenizer, List<String> texts, int[] chunk) {
        List<Encoding> encodings =
                tokenizer.encodeBatch(IntStream.of(chunk).mapToObj(texts::get).toList());
        int sequence = encodings.getFirst().length();
        long[] ids = new long[chunk.length * sequence];
        long[] typeIds = new long[ids.length];
        long[] mask = new long[ids.length];
        for (int b = 0; b < chunk.length; b++) {
            Encoding encoding = encodings.get(b);
            System.arraycopy(encoding.ids(), 0, ids, b * sequence, sequence);
            System.arraycopy(encoding.typeIds(), 0, typeIds, b * sequence, sequence);
            System.arraycopy(encoding.attentionMask(), 0, mask, b * sequence, sequence);
        }
        return new TokenBatch(chunk, sequence, ids, typeIds, mask);
    }

    public int size() {
        return texts.length;
    }

    /** Real tokens, padding excluded. */
    public int tokens() {
        return (int) java.util.Arrays.stream(mask).filter(m -> m != 0).count();
    }

    /** The graph inputs of a BERT-style model, filled from this batch. */
    public Map<String, Tensor> inputs(List<ValueSpec> specs) {
        return TokenInputs.of(specs, ids, mask, typeIds, texts.length, sequence);
    }

    /** The rows of a [texts, sequence, width] tensor that belong to real tokens, row-major [tokens, width]. */
    float[] tokenRows(Tensor states) {
        int width = Math.toIntExact(states.dim(-1));
        float[] all = states.toFloatArray();
        float[] rows = new float[tokens() * width];
        int next = 0;
        for (int position = 0; position < mask.length; position++) {
            if (mask[position] != 0) {
                System.arraycopy(all, position * width, rows, next, width);
                next += width;
            }
        }
        return rows;
    }
}
