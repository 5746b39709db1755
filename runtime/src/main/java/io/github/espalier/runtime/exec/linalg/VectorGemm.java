package io.github.espalier.runtime.exec.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API GEMM: a register-blocked micro-kernel of 4 rows x 2 vectors of C, walking one packed
 * panel's k steps. Loaded only when {@code jdk.incubator.vector} is present (see {@link Gemms}).
 *
 * <p>{@code fma} must be false on CPUs without FMA: there {@code FloatVector.fma} falls back to
 * per-lane Java and is about 1000x slower; multiply then add is used instead.
 */
final class VectorGemm implements Gemm {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int PANEL = PackedMatrix.PANEL;
    private static final int ROWS = 4;

    private final boolean fma;

    VectorGemm(boolean fma) {
        this.fma = fma;
    }

    /** Whether the preferred species tiles a panel in pairs of vectors (4, 8 or 16 lanes). */
    static boolean supportsPreferredSpecies() {
        return LANES >= 4 && PANEL % (2 * LANES) == 0;
    }

    @Override
    public void multiply(
            float[] a,
            PackedMatrix b,
            float[] bias,
            float[] c,
            int rowStart,
            int rowEnd,
            int panelStart,
            int panelEnd) {
        // Only a last column block narrower than two vectors is stored through this buffer.
        float[] spill = b.n() % (2 * LANES) == 0 ? null : new float[2 * LANES];
        for (int p = panelStart; p < panelEnd; p++) {
            for (int col = 0; col < PANEL; col += 2 * LANES) {
                int j0 = p * PANEL + col;
                if (j0 >= b.n()) {
                    break;
                }
                int bBase = b.panelOffset(p) + col;
                int i = rowStart;
                for (; i + ROWS <= rowEnd; i += ROWS) {
                    block4(a, b, bias, c, i, bBase, j0, spill);
                }
                for (; i < rowEnd; i++) {
                    block1(a, b, bias, c, i, bBase, j0, spill);
                }
            }
        }
    }

    private FloatVector madd(FloatVector x, FloatVector y, FloatVector acc) {
        return fma ? x.fma(y, acc) : x.mul(y).add(acc);
    }

    private void block4(float[] a, PackedMatrix b, float[] bias, float[] c, int i, int bBase, int j0, float[] spill) {
        int k = b.k();
        float[] bd = b.data();
        int a0 = i * k;
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int kk = 0; kk < k; kk++) {
            int bOff = bBase + kk * PANEL;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bd, bOff);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bd, bOff + LANES);
            FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + kk]);
            c00 = madd(b0, x0, c00);
            c01 = madd(b1, x0, c01);
            FloatVector x1 = FloatVector.broadcast(SPECIES, a[a1 + kk]);
            c10 = madd(b0, x1, c10);
            c11 = madd(b1, x1, c11);
            FloatVector x2 = FloatVector.broadcast(SPECIES, a[a2 + kk]);
            c20 = madd(b0, x2, c20);
            c21 = madd(b1, x2, c21);
            FloatVector x3 = FloatVector.broadcast(SPECIES, a[a3 + kk]);
            c30 = madd(b0, x3, c30);
            c31 = madd(b1, x3, c31);
        }
        store(c00, c01, bias, c, i, b.n(), j0, spill);
        store(c10, c11, bias, c, i + 1, b.n(), j0, spill);
        store(c20, c21, bias, c, i + 2, b.n(), j0, spill);
        store(c30, c31, bias, c, i + 3, b.n(), j0, spill);
    }

    private void block1(float[] a, PackedMatrix b, float[] bias, float[] c, int i, int bBase, int j0, float[] spill) {
        int k = b.k();
        float[] bd = b.data();
        int a0 = i * k;
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = c00;
        for (int kk = 0; kk < k; kk++) {
            int bOff = bBase + kk * PANEL;
            FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + kk]);
            c00 = madd(FloatVector.fromArray(SPECIES, bd, bOff), x0, c00);
            c01 = madd(FloatVector.fromArray(SPECIES, bd, bOff + LANES), x0, c01);
        }
        store(c00, c01, bias, c, i, b.n(), j0, spill);
    }

    /**
     * Stores two vectors at C[row, j0 ...] plus the bias, if any, clipping at column n (padding columns are
     * dropped).
     */
    private static void store(
            FloatVector v0, FloatVector v1, float[] bias, float[] c, int row, int n, int j0, float[] spill) {
        int offset = row * n + j0;
        if (j0 + 2 * LANES <= n) {
            FloatVector s0 = bias == null ? v0 : v0.add(FloatVector.fromArray(SPECIES, bias, j0));
            FloatVector s1 = bias == null ? v1 : v1.add(FloatVector.fromArray(SPECIES, bias, j0 + LANES));
            s0.intoArray(c, offset);
            s1.intoArray(c, offset + LANES);
        } else {
            v0.intoArray(spill, 0);
            v1.intoArray(spill, LANES);
            for (int j = 0; bias != null && j < n - j0; j++) {
                spill[j] += bias[j0 + j];
            }
            System.arraycopy(spill, 0, c, offset, n - j0);
        }
    }

    @Override
    public String describe() {
        return "vector " + SPECIES.vectorBitSize() + "-bit " + (fma ? "fma" : "mul+add");
    }
}
