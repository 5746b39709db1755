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
    public float scaleAddMax(float[] x, int offset, int length, float scale, float[] add, int addOffset) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < length; i++) {
            float scaled = x[offset + i] * scale;
            float s = add == null ? scaled : scaled + add[addOffset + i];
            x[offset + i] = s;
            max = Math.max(max, s);
        }
        return max;
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
    public void normalizeRow(
            float[] x, int xOffset, float[] y, int yOffset, float[] gamma, float[] beta, float epsilon) {
        int width = gamma.length;
        float sum = 0;
        for (int i = 0; i < width; i++) {
            sum += x[xOffset + i];
        }
        float mean = sum / width;
        float squares = 0;
        for (int i = 0; i < width; i++) {
            float d = x[xOffset + i] - mean;
            squares += d * d;
        }
        float inverseStd = (float) (1.0 / Math.sqrt(squares / width + epsilon));
        for (int i = 0; i < width; i++) {
            float normalized = (x[xOffset + i] - mean) * inverseStd * gamma[i];
            y[yOffset + i] = beta == null ? normalized : normalized + beta[i];
        }
    }

    @Override
    public void gelu(float[] x, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            x[i] = GeluMath.gelu(x[i]);
        }
    }
}
