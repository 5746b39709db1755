package io.github.espalier.runtime.exec.linalg;

import java.util.Arrays;

/**
 * Plain Java GEMM for JVMs without the Vector API and CPUs where it does not pay. For each panel it
 * accumulates 4 rows of C at once in a small array: the loop over the panel's 32 contiguous columns has
 * no dependences, so C2 auto-vectorizes it (SSE included, multiply and add kept separate), and each
 * loaded row of B serves 4 rows of A.
 */
final class ScalarGemm implements Gemm {
    private static final int PANEL = PackedMatrix.PANEL;
    private static final int ROWS = 4;

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
        float[] acc = new float[ROWS * PANEL];
        for (int p = panelStart; p < panelEnd; p++) {
            int col0 = p * PANEL;
            int width = Math.min(PANEL, b.n() - col0);
            int i = rowStart;
            for (; i + ROWS <= rowEnd; i += ROWS) {
                block4(a, b, p, i, acc);
                for (int r = 0; r < ROWS; r++) {
                    store(acc, r * PANEL, bias, c, (i + r) * b.n(), col0, width);
                }
            }
            for (; i < rowEnd; i++) {
                block1(a, b, p, i, acc);
                store(acc, 0, bias, c, i * b.n(), col0, width);
            }
        }
    }

    /** Copies one accumulated row of a panel to C, adding the bias first if there is one. */
    private static void store(float[] acc, int accOffset, float[] bias, float[] c, int row, int col0, int width) {
        if (bias != null) {
            for (int j = 0; j < width; j++) {
                acc[accOffset + j] += bias[col0 + j];
            }
        }
        System.arraycopy(acc, accOffset, c, row + col0, width);
    }

    private static void block4(float[] a, PackedMatrix b, int panel, int row, float[] acc) {
        Arrays.fill(acc, 0f);
        int k = b.k();
        float[] bd = b.data();
        int panelBase = b.panelOffset(panel);
        for (int kk = 0; kk < k; kk++) {
            float a0 = a[row * k + kk];
            float a1 = a[(row + 1) * k + kk];
            float a2 = a[(row + 2) * k + kk];
            float a3 = a[(row + 3) * k + kk];
            int bRow = panelBase + kk * PANEL;
            for (int j = 0; j < PANEL; j++) {
                float bj = bd[bRow + j];
                acc[j] += a0 * bj;
                acc[PANEL + j] += a1 * bj;
                acc[2 * PANEL + j] += a2 * bj;
                acc[3 * PANEL + j] += a3 * bj;
            }
        }
    }

    private static void block1(float[] a, PackedMatrix b, int panel, int row, float[] acc) {
        Arrays.fill(acc, 0, PANEL, 0f);
        int k = b.k();
        float[] bd = b.data();
        int panelBase = b.panelOffset(panel);
        for (int kk = 0; kk < k; kk++) {
            float aik = a[row * k + kk];
            int bRow = panelBase + kk * PANEL;
            for (int j = 0; j < PANEL; j++) {
                acc[j] += aik * bd[bRow + j];
            }
        }
    }

    @Override
    public String describe() {
        return "scalar";
    }
}
