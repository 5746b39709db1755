package io.github.espalier.runtime.tokenizer;

import java.util.Arrays;

/**
 * Token to id, looked up by a range of a char array with an optional prefix, so that WordPiece can try
 * every candidate subword without building a string for it. Open addressing, linear probing.
 */
final class VocabIndex {
    private static final int ABSENT = -1;

    private final char[][] keys;
    private final int[] ids;
    private final int mask;

    VocabIndex(String[] tokens, int[] tokenIds) {
        int capacity = Integer.highestOneBit(Math.max(2, tokens.length * 2 - 1)) << 1;
        keys = new char[capacity][];
        ids = new int[capacity];
        mask = capacity - 1;
        for (int t = 0; t < tokens.length; t++) {
            char[] key = tokens[t].toCharArray();
            int slot = mix(polynomial(key, 0, key.length, 0)) & mask;
            while (keys[slot] != null && !Arrays.equals(keys[slot], key)) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            ids[slot] = tokenIds[t];
        }
    }

    /** The id of {@code prefix + text[from, to)}, or -1. */
    int find(char[] prefix, char[] text, int from, int to) {
        int slot = mix(polynomial(text, from, to, polynomial(prefix, 0, prefix.length, 0))) & mask;
        int length = prefix.length + to - from;
        for (char[] key = keys[slot]; key != null; key = keys[slot]) {
            if (key.length == length
                    && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)
                    && Arrays.equals(key, prefix.length, length, text, from, to)) {
                return ids[slot];
            }
            slot = (slot + 1) & mask;
        }
        return ABSENT;
    }

    int find(String token) {
        char[] chars = token.toCharArray();
        return find(new char[0], chars, 0, chars.length);
    }

    /** Continues the polynomial hash {@code seed} over more chars, so prefix and text hash as one key. */
    private static int polynomial(char[] chars, int from, int to, int seed) {
        int h = seed;
        for (int i = from; i < to; i++) {
            h = 31 * h + chars[i];
        }
        return h;
    }

    private static int mix(int h) {
        return (h ^ (h >>> 16)) * 0x45D9F3B;
    }
}
