package io.github.espalier.compiler.distill;

/**
 * Weighted mean squared error between student and teacher hidden states of real tokens ({@link Sequences}
 * holds no padding). The weights are per dimension, so that a few dimensions with large values need not drown
 * the rest.
 */
final class HiddenStateLoss {
    /** The loss and its gradient with respect to the student's states [rows, width]. */
    record Result(double loss, float[] gradient) {}

    private HiddenStateLoss() {}

    /**
     * {@code Σ w[d] · (s − t)² / (rows · width)}.
     *
     * @param weights [width], each dimension's weight
     */
    static Result evaluate(float[] student, float[] teacher, float[] weights, int rows, int width) {
        if (rows < 1
                || student.length != (long) rows * width
                || teacher.length != student.length
                || weights.length != width) {
            throw new IllegalArgumentException("hidden-state loss: student of " + student.length + ", teacher of "
                    + teacher.length + " and weights of " + weights.length + " elements do not fit " + rows + " x "
                    + width);
        }
        float[] gradient = new float[student.length];
        double scale = 1.0 / ((double) rows * width);
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            for (int d = 0, i = r * width; d < width; d++, i++) {
                double difference = (double) student[i] - teacher[i];
                sum += weights[d] * difference * difference;
                gradient[i] = (float) (2 * weights[d] * difference * scale);
            }
        }
        return new Result(sum * scale, gradient);
    }
}
