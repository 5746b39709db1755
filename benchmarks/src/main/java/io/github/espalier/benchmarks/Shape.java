package io.github.espalier.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** A batch of {@code batch} sequences of {@code tokens} tokens each, all real (no padding). */
record Shape(int batch, int tokens) {
    /** The shapes the issue asks for: one short and one long sentence, a small and a large batch. */
    static final List<Shape> STANDARD =
            List.of(new Shape(1, 16), new Shape(1, 128), new Shape(8, 64), new Shape(32, 128));

    private static final long CLS = 101;
    private static final long SEP = 102;
    /** Ordinary word pieces of the BERT uncased vocabulary, clear of the special and unused tokens. */
    private static final int FIRST_WORD = 1996;

    private static final int LAST_WORD = 29611;

    String label() {
        return batch + " x " + tokens;
    }

    /** Inputs of this shape: {@code [CLS] words [SEP]}, the same for a given seed. */
    TokenBatch inputs(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[][] ids = new long[batch][tokens];
        long[][] mask = new long[batch][tokens];
        long[][] types = new long[batch][tokens];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < tokens; t++) {
                ids[b][t] = t == 0 ? CLS : t == tokens - 1 ? SEP : random.nextInt(FIRST_WORD, LAST_WORD);
                mask[b][t] = 1;
            }
        }
        return new TokenBatch(ids, mask, types);
    }

    /** The inputs of an encoder: token ids, attention mask, token type ids. */
    record TokenBatch(long[][] ids, long[][] mask, long[][] types) {
        /** The rows of a tokenized batch of texts. */
        static TokenBatch of(io.github.espalier.runtime.model.TokenBatch batch) {
            return new TokenBatch(
                    rows(batch.ids(), batch.sequence()),
                    rows(batch.mask(), batch.sequence()),
                    rows(batch.typeIds(), batch.sequence()));
        }

        private static long[][] rows(long[] flat, int width) {
            long[][] rows = new long[flat.length / width][];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = Arrays.copyOfRange(flat, r * width, (r + 1) * width);
            }
            return rows;
        }
    }
}
