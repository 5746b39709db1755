package io.github.espalier.runtime.cpu;

import jdk.incubator.vector.FloatVector;

/**
 * The Vector API's preferred width. Loaded only after checking that {@code jdk.incubator.vector} is in the
 * boot layer; otherwise resolving {@link FloatVector} would fail.
 */
final class VectorWidth {
    private VectorWidth() {}

    static int preferredBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
}
