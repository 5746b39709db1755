package io.github.espalier.runtime.exec.linalg;

import io.github.espalier.runtime.exec.ComputePool;

/**
 * Cuts a product C [M, N] into tiles of up to 24 rows (two of the vector kernel's 12-row blocks) x 4 panels
 * and runs them on the pool, so each tile's epilogue runs while the tile is still in cache. Tiles go down a
 * column of panels before the next column, so a column's weights come from memory once and then from cache,
 * however many row tiles use them (one MiniLM pass at 1 x 128 on one thread: 35.8 ms row by row, 33.2 ms
 * column by column, on an Intel Xeon).
 */
public final class GemmTiles {
    private static final int ROWS_PER_TILE = 24;
    private static final int PANELS_PER_TILE = 4;

    /** Computes one tile: C rows {@code [rowStart, rowEnd)}, columns of panels {@code [panelStart, panelEnd)}. */
    @FunctionalInterface
    public interface Tile {
        void compute(int rowStart, int rowEnd, int panelStart, int panelEnd);
    }

    private GemmTiles() {}

    public static void forEach(ComputePool pool, int m, int panels, Tile tile) {
        int rowTiles = (m + ROWS_PER_TILE - 1) / ROWS_PER_TILE;
        int panelTiles = (panels + PANELS_PER_TILE - 1) / PANELS_PER_TILE;
        pool.parallelFor(rowTiles * panelTiles, index -> {
            int rowStart = (index % rowTiles) * ROWS_PER_TILE;
            int panelStart = (index / rowTiles) * PANELS_PER_TILE;
            tile.compute(
                    rowStart,
                    Math.min(m, rowStart + ROWS_PER_TILE),
                    panelStart,
                    Math.min(panels, panelStart + PANELS_PER_TILE));
        });
    }
}
