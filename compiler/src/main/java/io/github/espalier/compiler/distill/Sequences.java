package io.github.espalier.compiler.distill;

import java.util.Arrays;

/**
 * How a batch of texts lies in the student's activations: each text's real tokens as consecutive rows, one
 * text after another, with no padding. The products, LayerNorm and GELU then work on real tokens only, and
 * attention runs each text at its own length. With padding, a batch whose texts were half to fully as long
 * as its longest spent a fifth of every product on rows whose values nothing reads.
 */
final class Sequences {
    private final int[] lengths;
    private final int[] starts;
    private final int tokens;

    private Sequences(int[] lengths) {
        this.lengths = lengths.clone();
        this.starts = new int[lengths.length];
        int total = 0;
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 1) {
                throw new IllegalArgumentException("text " + b + " of the batch has no tokens");
            }
            starts[b] = total;
            total += lengths[b];
        }
        this.tokens = total;
    }

    static Sequences of(int... lengths) {
        return new Sequences(lengths);
    }

    /**
     * The real tokens of each row of a padded [batch, seq] mask (1 real, 0 padding).
     *
     * @throws IllegalArgumentException where a row's padding is not all at its end, as tokenizers pad
     */
    static Sequences ofMask(long[] mask, int batch, int seq) {
        if (mask.length != (long) batch * seq) {
            throw new IllegalArgumentException(
                    "mask has " + mask.length + " elements, expected " + batch + " x " + seq);
        }
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            int length = 0;
            while (length < seq && mask[b * seq + length] != 0) {
                length++;
            }
            for (int s = length; s < seq; s++) {
                if (mask[b * seq + s] != 0) {
                    throw new IllegalArgumentException("row " + b + " of the mask has a real token at " + s
                            + " after padding at " + length + "; distillation needs padding at the end");
                }
            }
            lengths[b] = length;
        }
        return new Sequences(lengths);
    }

    /** Texts {@code [from, to)}, laid out on their own. */
    Sequences texts(int from, int to) {
        return new Sequences(Arrays.copyOfRange(lengths, from, to));
    }

    /**
     * Where to cut the texts into {@code parts} runs of consecutive texts with about equal tokens: {@code parts
     * + 1} text indices, the first 0 and the last {@link #count()}, every run holding at least one text.
     */
    int[] cuts(int parts) {
        if (parts < 1 || parts > count()) {
            throw new IllegalArgumentException("cannot cut " + count() + " texts into " + parts + " runs");
        }
        int[] cuts = new int[parts + 1];
        cuts[parts] = count();
        for (int k = 1; k < parts; k++) {
            double target = (double) tokens * k / parts;
            int best = cuts[k - 1] + 1;
            for (int b = best + 1; b <= count() - (parts - k); b++) {
                if (Math.abs(starts[b] - target) < Math.abs(starts[best] - target)) {
                    best = b;
                }
            }
            cuts[k] = best;
        }
        return cuts;
    }

    /** Texts in the batch. */
    int count() {
        return lengths.length;
    }

    /** Real tokens in all texts: the activations' rows. */
    int tokens() {
        return tokens;
    }

    /** The row of text b's first token. */
    int start(int b) {
        return starts[b];
    }

    int length(int b) {
        return lengths[b];
    }

    /** The real rows of a padded [count·seq, width] activation, in this layout [tokens, width]. */
    float[] compact(float[] padded, int seq, int width) {
        if (padded.length != (long) count() * seq * width) {
            throw new IllegalArgumentException("padded activation has " + padded.length + " elements, expected "
                    + count() + " x " + seq + " x " + width);
        }
        float[] compact = new float[tokens * width];
        for (int b = 0; b < count(); b++) {
            System.arraycopy(padded, b * seq * width, compact, starts[b] * width, lengths[b] * width);
        }
        return compact;
    }
}
