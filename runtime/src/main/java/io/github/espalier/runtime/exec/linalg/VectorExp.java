package io.github.espalier.runtime.exec.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * exp on float lanes from plain arithmetic (Cephes' expf: range reduction by ln 2, degree-6 polynomial,
 * about 1 ulp). {@code lanewise(EXP)} is not used because the JIT replaces its Java fallback by a native
 * routine that rounds differently, so a call made before compilation and the same call after it would
 * differ in the last bit; adds and multiplies round the same way in both.
 */
final class VectorExp {
    private static final float LOG2E = 1.44269504088896341f;
    // ln 2 split in two so that n · LN2_HIGH is exact for the n that occur
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    // Adding 1.5 · 2²³ rounds a float below 2²² to the nearest integer, ties to even
    private static final float ROUNDING = 12582912f;
    private static final float UNDERFLOW = -87.33654f; // below: 2ⁿ leaves the normal range, the result is 0
    private static final float OVERFLOW = 88.37626f; // above: 2ⁿ would pass 2¹²⁷, the result saturates
    private static final float[] POLYNOMIAL = {
        1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f, 4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f
    };

    private VectorExp() {}

    static FloatVector exp(FloatVector x, boolean fma) {
        FloatVector clamped = x.min(OVERFLOW).max(UNDERFLOW);
        FloatVector n = clamped.mul(LOG2E).add(ROUNDING).sub(ROUNDING);
        FloatVector r = clamped.sub(n.mul(LN2_HIGH)).sub(n.mul(LN2_LOW));
        FloatVector p = FloatVector.broadcast(x.species(), POLYNOMIAL[0]);
        for (int i = 1; i < POLYNOMIAL.length; i++) {
            FloatVector coefficient = FloatVector.broadcast(x.species(), POLYNOMIAL[i]);
            p = fma ? p.fma(r, coefficient) : p.mul(r).add(coefficient);
        }
        FloatVector expR = p.mul(r.mul(r)).add(r).add(1f);
        FloatVector powerOfTwo = ((IntVector) n.convert(VectorOperators.F2I, 0))
                .add(127)
                .lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        return expR.mul(powerOfTwo).blend(0f, x.compare(VectorOperators.LT, UNDERFLOW));
    }
}
