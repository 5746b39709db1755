package io.github.espalier.runtime.exec.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API level-1 loops; {@code fma} only on CPUs with FMA (see {@link VectorGemm}). Every result is the
 * same before and after the JIT compiles these loops (see {@link #sumInLaneOrder} and {@link VectorExp}).
 */
final class VectorApiOps implements VectorOps {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private static final double[] COEFFICIENTS = GeluMath.ERFC_COEFFICIENTS;

    private final boolean fma;

    VectorApiOps(boolean fma) {
        this.fma = fma;
    }

    @Override
    public float dot(float[] x, int xOffset, float[] y, int yOffset, int length) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i + LANES <= length; i += LANES) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, xOffset + i);
            FloatVector yv = FloatVector.fromArray(SPECIES, y, yOffset + i);
            acc = fma ? xv.fma(yv, acc) : xv.mul(yv).add(acc);
        }
        float sum = sumInLaneOrder(acc);
        for (; i < length; i++) {
            sum += x[xOffset + i] * y[yOffset + i];
        }
        return sum;
    }

    @Override
    public void axpy(float a, float[] x, int xOffset, float[] y, int yOffset, int length) {
        FloatVector av = FloatVector.broadcast(SPECIES, a);
        int i = 0;
        for (; i + LANES <= length; i += LANES) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, xOffset + i);
            FloatVector yv = FloatVector.fromArray(SPECIES, y, yOffset + i);
            (fma ? xv.fma(av, yv) : xv.mul(av).add(yv)).intoArray(y, yOffset + i);
        }
        for (; i < length; i++) {
            y[yOffset + i] += a * x[xOffset + i];
        }
    }

    @Override
    public float scaleAddMax(float[] x, int offset, int length, float scale, float[] add, int addOffset) {
        FloatVector maxima = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i + LANES <= length; i += LANES) {
            FloatVector s = FloatVector.fromArray(SPECIES, x, offset + i).mul(scale);
            if (add != null) {
                s = s.add(FloatVector.fromArray(SPECIES, add, addOffset + i));
            }
            s.intoArray(x, offset + i);
            maxima = maxima.max(s);
        }
        float max = maxima.reduceLanes(VectorOperators.MAX);
        for (; i < length; i++) {
            float scaled = x[offset + i] * scale;
            float s = add == null ? scaled : scaled + add[addOffset + i];
            x[offset + i] = s;
            max = Math.max(max, s);
        }
        return max;
    }

    @Override
    public float expShifted(float[] x, int offset, int length, float shift) {
        FloatVector sums = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i + LANES <= length; i += LANES) {
            FloatVector e =
                    VectorExp.exp(FloatVector.fromArray(SPECIES, x, offset + i).sub(shift), fma);
            e.intoArray(x, offset + i);
            sums = sums.add(e);
        }
        float sum = sumInLaneOrder(sums);
        for (; i < length; i++) {
            float e = (float) Math.exp(x[offset + i] - shift);
            x[offset + i] = e;
            sum += e;
        }
        return sum;
    }

    @Override
    public void normalizeRow(
            float[] x, int xOffset, float[] y, int yOffset, float[] gamma, float[] beta, float epsilon) {
        int width = gamma.length;
        int vectorEnd = width - width % LANES;
        FloatVector sums = FloatVector.zero(SPECIES);
        for (int i = 0; i < vectorEnd; i += LANES) {
            sums = sums.add(FloatVector.fromArray(SPECIES, x, xOffset + i));
        }
        float sum = sumInLaneOrder(sums);
        for (int i = vectorEnd; i < width; i++) {
            sum += x[xOffset + i];
        }
        float mean = sum / width;
        FloatVector squares = FloatVector.zero(SPECIES);
        for (int i = 0; i < vectorEnd; i += LANES) {
            FloatVector d = FloatVector.fromArray(SPECIES, x, xOffset + i).sub(mean);
            squares = fma ? d.fma(d, squares) : d.mul(d).add(squares);
        }
        float squareSum = sumInLaneOrder(squares);
        for (int i = vectorEnd; i < width; i++) {
            float d = x[xOffset + i] - mean;
            squareSum += d * d;
        }
        float inverseStd = (float) (1.0 / Math.sqrt(squareSum / width + epsilon));
        for (int i = 0; i < vectorEnd; i += LANES) {
            FloatVector normalized = FloatVector.fromArray(SPECIES, x, xOffset + i)
                    .sub(mean)
                    .mul(inverseStd)
                    .mul(FloatVector.fromArray(SPECIES, gamma, i));
            if (beta != null) {
                normalized = normalized.add(FloatVector.fromArray(SPECIES, beta, i));
            }
            normalized.intoArray(y, yOffset + i);
        }
        for (int i = vectorEnd; i < width; i++) {
            float normalized = (x[xOffset + i] - mean) * inverseStd * gamma[i];
            y[yOffset + i] = beta == null ? normalized : normalized + beta[i];
        }
    }

    /**
     * GeluMath's erfc form in float lanes. The exponent {@code -z² + poly} is rounded to float, so erfc
     * (and GELU of negative inputs) carries a relative error of about 1e-6, far below what the model's
     * float sums already introduce.
     */
    @Override
    public void gelu(float[] x, int offset, int length) {
        int i = 0;
        for (; i + LANES <= length; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, offset + i);
            FloatVector z = v.abs().mul((float) GeluMath.INV_SQRT2);
            FloatVector t = FloatVector.broadcast(SPECIES, 1f).div(z.mul(0.5f).add(1f));
            FloatVector poly = FloatVector.broadcast(SPECIES, (float) COEFFICIENTS[COEFFICIENTS.length - 1]);
            for (int c = COEFFICIENTS.length - 2; c >= 0; c--) {
                FloatVector coefficient = FloatVector.broadcast(SPECIES, (float) COEFFICIENTS[c]);
                poly = fma ? poly.fma(t, coefficient) : poly.mul(t).add(coefficient);
            }
            FloatVector erfc = t.mul(VectorExp.exp(poly.sub(z.mul(z)), fma));
            FloatVector factor = erfc.blend(erfc.neg().add(2f), v.compare(VectorOperators.GE, 0f));
            v.mul(0.5f).mul(factor).intoArray(x, offset + i);
        }
        for (; i < length; i++) {
            x[offset + i] = GeluMath.gelu(x[offset + i]);
        }
    }

    /**
     * The sum of the lanes, first to last. {@code reduceLanes(ADD)} leaves the order to the implementation: the
     * JIT adds lanes as a tree, the Java fallback in order, so results would change in the last bit once a
     * loop is compiled.
     */
    private static float sumInLaneOrder(FloatVector lanes) {
        float sum = 0;
        for (int lane = 0; lane < LANES; lane++) {
            sum += lanes.lane(lane);
        }
        return sum;
    }
}
