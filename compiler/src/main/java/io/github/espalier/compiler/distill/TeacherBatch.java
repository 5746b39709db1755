package io.github.espalier.compiler.distill;

/**
 * What the original model does on one batch of training text, computed once and reused by every student
 * and step.
 *
 * @param input the hidden states entering the first encoder layer [batch·seq, width]
 * @param mask 1 for real tokens, 0 for padding [batch·seq]
 * @param maskAdd what attention adds to the scores: 0 for real tokens, a large negative number for padding
 * @param layerOutputs each original layer's output, by layer index [batch·seq, width]
 * @param unitEmbeddings the pooled, normalized sentence embeddings [batch][width]
 */
record TeacherBatch(
        int batch,
        int seq,
        int width,
        int tokens,
        float[] input,
        float[] mask,
        float[] maskAdd,
        float[][] layerOutputs,
        float[][] unitEmbeddings) {
    int rows() {
        return batch * seq;
    }
}
