package io.github.espalier.runtime.exec.linalg;

/**
 * The level-1 loops of attention and similar kernels: dot products and {@code y += a·x} on slices of
 * float arrays. Implementations: scalar, and Vector API (chosen by {@link Gemms#preferredOps()}).
 */
public interface VectorOps {
    /** Σ x[xOffset + i] · y[yOffset + i] for i in [0, length). */
    float dot(float[] x, int xOffset, float[] y, int yOffset, int length);

    /** y[yOffset + i] += a · x[xOffset + i] for i in [0, length). */
    void axpy(float a, float[] x, int xOffset, float[] y, int yOffset, int length);

    /**
     * x[offset + i] = x[offset + i] · scale + add[addOffset + i] (a multiply, then an add; add may be null) for
     * i in [0, length); returns their maximum (attention's scaled, masked scores and softmax's shift).
     */
    float scaleAddMax(float[] x, int offset, int length, float scale, float[] add, int addOffset);

    /** x[offset + i] = exp(x[offset + i] - shift) for i in [0, length); returns their sum (softmax's numerators). */
    float expShifted(float[] x, int offset, int length, float shift);

    /**
     * Layer normalization of one row: y[yOffset + i] = (x[xOffset + i] - mean) / sqrt(variance + epsilon)
     * · gamma[i] + beta[i] for i in [0, gamma.length); beta may be null.
     */
    void normalizeRow(float[] x, int xOffset, float[] y, int yOffset, float[] gamma, float[] beta, float epsilon);

    /** x[offset + i] = GELU(x[offset + i]) (exact, erf form; see {@link GeluMath}) for i in [0, length). */
    void gelu(float[] x, int offset, int length);
}
