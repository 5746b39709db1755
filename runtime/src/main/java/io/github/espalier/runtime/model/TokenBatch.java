package io.github.espalier.runtime.model;

import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.Tensor;
import io.github.espalier.runtime.tokenizer.Encoding;
import io.github.espalier.runtime.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Texts tokenized and padded to one length, remembering which texts they are.
 *
 * @param texts indices of the texts, in batch order
 * @param sequence tokens per row, padding included
 * @param ids token ids, row-major [texts, sequence]
 * @param typeIds token type ids, same layout
 * @param mask 1 for real tokens, 0 for padding, same layout
 */
public record TokenBatch(int[] texts, int sequence, long[] ids, long[] typeIds, long[] mask) {
    /**
     * The texts in batches of at most {@code maxBatch}, shortest first, so each batch pads its texts to a
     * length close to their own: a list that mixes short and long texts does little work on padding.
     * Fixed-size batches suit training, where each batch is a step.
     */
    public static List<TokenBatch> of(Tokenizer tokenizer, List<String> texts, int maxBatch) {
        List<Encoding> encodings = encode(tokenizer, texts);
        List<Integer> order = IntStream.range(0, texts.size())
                .boxed()
                .sorted(Comparator.comparingInt(i -> encodings.get(i).length()))
                .toList();
        return chunked(tokenizer, encodings, List.of(order), maxBatch);
    }

    /**
     * The texts grouped by token length, shortest first, in batches of at most {@code maxBatch} texts of
     * one length: no batch has padding, so a forward pass computes real tokens only. Passes get smaller
     * when lengths vary, which still beats computing the padding (docs/benchmarks.md).
     */
    public static List<TokenBatch> sameLength(Tokenizer tokenizer, List<String> texts, int maxBatch) {
        List<Encoding> encodings = encode(tokenizer, texts);
        Map<Integer, List<Integer>> byLength = IntStream.range(0, texts.size())
                .boxed()
                .collect(Collectors.groupingBy(i -> encodings.get(i).length(), TreeMap::new, Collectors.toList()));
        return chunked(tokenizer, encodings, byLength.values(), maxBatch);
    }

    private static List<Encoding> encode(Tokenizer tokenizer, List<String> texts) {
        return texts.stream().map(tokenizer::encode).toList();
    }

    /** Each group, in order, cut into batches of at most {@code maxBatch} texts. */
    private static List<TokenBatch> chunked(
            Tokenizer tokenizer, List<Encoding> encodings, Collection<List<Integer>> groups, int maxBatch) {
        List<TokenBatch> batches = new ArrayList<>();
        for (List<Integer> group : groups) {
            for (int from = 0; from < group.size(); from += maxBatch) {
                int[] chunk = group.subList(from, Math.min(group.size(), from + maxBatch)).stream()
                        .mapToInt(Integer::intValue)
                        .toArray();
                batches.add(padded(tokenizer, encodings, chunk));
            }
        }
        return batches;
    }

    private static TokenBatch padded(Tokenizer tokenizer, List<Encoding> encodings, int[] chunk) {
        int sequence =
                IntStream.of(chunk).map(i -> encodings.get(i).length()).max().orElse(0);
        long[] ids = new long[chunk.length * sequence];
        long[] typeIds = new long[ids.length];
        long[] mask = new long[ids.length];
        for (int b = 0; b < chunk.length; b++) {
            Encoding encoding = tokenizer.pad(encodings.get(chunk[b]), sequence);
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
        return (int) Arrays.stream(mask).filter(m -> m != 0).count();
    }

    /** The graph inputs of a BERT-style model, filled from this batch. */
    public Map<String, Tensor> inputs(List<ValueSpec> specs) {
        return TokenInputs.of(specs, ids, mask, typeIds, texts.length, sequence);
    }

    /** The rows of a [texts, sequence, width] tensor that belong to real tokens, row-major [tokens, width]. */
    public float[] tokenRows(Tensor states) {
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
