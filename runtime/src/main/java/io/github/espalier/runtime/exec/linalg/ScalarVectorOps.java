package io.github.espalier.runtime.exec.linalg;

/** Plain loops; the axpy vectorizes under C2, the dot product is a strict-order float reduction. */
final class ScalarVectorOps implements VectorOps {
    @Override
    public float dot(float[] x, int xOffset, float[] y, int yOffset, int length) {
        float sum = 0;
        for (int i = 0; i < length; i++) {
            sum += x[xOffset + i] * y[yOffset + i];
        }
        return sum;
    }

    @Override
    public void axpy(float a, float[] x, int xOffset, float[] y, int yOffset, int length) {
        for (int i = 0; i < length; i++) {
            y[yOffset + i] += a * x[xOffset + i];
        }
    }

    @Override
    public float expShifted(float[] x, int offset, int length, float shift) {
        float sum = 0;
        for (int i = offset; i < offset + length; i++) {
            float e = (float) Math.exp(x[i] - shift);
            x[i] = e;
            sum += e;
        }
        return sum;
    }

    @Override
    public void gelu(float[] x, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            x[i] = GeluMath.gelu(x[i]);
        }
    }
}
