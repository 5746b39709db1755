package io.github.espalier.compiler.distill;

/**
 * Weighted mean squared error between student and teacher hidden states over real tokens only: padding rows
 * hold whatever attention made of them, which the model's output never uses, so they neither count nor get a
 * gradient. The weights are per dimension, so that a few dimensions with large values need not drown the rest.
 */
final class HiddenStateLoss {
    /** The loss and its gradient with respect to the student's states [rows, width]. */
    record Result(double loss, float[] gradient) {}

    private HiddenStateLoss() {}

    /**
     * {@code Σ w[d] · (s − t)² / (realRows · width)} over rows whose mask is not 0.
     *
     * @param weights [width], each dimension's weight
     * @param mask [rows], 1 for real tokens and 0 for padding
     */
    static Result evaluate(float[] student, float[] teacher, float[] weights, float[] mask, int rows, int width) {
        if (student.length != (long) rows * width
                || teacher.length != student.length
                || weights.length != width
                || mask.length != rows) {
            throw new IllegalArgumentException("hidden-state loss: student of " + student.length + ", teacher of "
                    + teacher.length + ", weights of " + weights.length + " and mask of " + mask.length
                    + " elements do not fit " + rows + " x "
                    + width);
        }
        float[] gradient = new float[student.length];
        int realRows = 0;
        for (float m : mask) {
            realRows += m != 0 ? 1 : 0;
        }
        if (realRows == 0) {
            return new Result(0, gradient);
        }
        double scale = 1.0 / ((double) realRows * width);
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            if (mask[r] != 0) {
                for (int d = 0, i = r * width; d < width; d++, i++) {
                    double difference = (double) student[i] - teacher[i];
                    sum += weights[d] * difference * difference;
                    gradient[i] = (float) (2 * weights[d] * difference * scale);
                }
            }
        }
        return new Result(sum * scale, gradient);
    }
}
