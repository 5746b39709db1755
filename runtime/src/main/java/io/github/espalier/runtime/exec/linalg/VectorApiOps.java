package io.github.espalier.runtime.exec.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API level-1 loops; {@code fma} only on CPUs with FMA (see {@link VectorGemm}). */
final class VectorApiOps implements VectorOps {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

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
        float sum = acc.reduceLanes(VectorOperators.ADD);
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
}
