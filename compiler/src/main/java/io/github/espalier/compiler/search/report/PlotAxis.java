package io.github.espalier.compiler.search.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One axis of the plot: a value range widened to round numbers, mapped linearly onto a pixel range, with ticks at
 * round steps (1, 2 or 5 times a power of ten) so the labels read easily.
 *
 * @param low the value at {@code pixelLow}
 * @param high the value at {@code pixelHigh}
 * @param step the distance between ticks
 * @param pixelLow where {@code low} is drawn
 * @param pixelHigh where {@code high} is drawn; below {@code pixelLow} for a vertical axis, as SVG's y grows downwards
 */
record PlotAxis(double low, double high, double step, double pixelLow, double pixelHigh) {
    /** An axis that shows at least {@code from} to {@code to} with about {@code ticks} ticks. */
    static PlotAxis covering(double from, double to, int ticks, double pixelLow, double pixelHigh) {
        double span = to - from;
        if (!(span > 0)) {
            // One value only: give it room either side rather than divide by zero.
            double margin = Math.max(Math.abs(from) * 0.05, 1e-3);
            return covering(from - margin, from + margin, ticks, pixelLow, pixelHigh);
        }
        double step = roundStep(span / Math.max(1, ticks - 1));
        double low = Math.floor(from / step) * step;
        double high = Math.ceil(to / step) * step;
        return new PlotAxis(low, high, step, pixelLow, pixelHigh);
    }

    double pixel(double value) {
        return pixelLow + (value - low) / (high - low) * (pixelHigh - pixelLow);
    }

    List<Double> ticks() {
        List<Double> ticks = new ArrayList<>();
        // Whole multiples of the step: no rounding error adds up along the axis, and zero is never -0.0.
        long first = Math.round(low / step);
        long last = Math.round(high / step);
        for (long multiple = first; multiple <= last; multiple++) {
            ticks.add(multiple * step);
        }
        return ticks;
    }

    /** A tick's label with as many decimals as the step needs, and no more. */
    String label(double tick) {
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
        return Formats.fixed(tick, decimals);
    }

    private static double roundStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / power;
        double round = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return round * power;
    }
}
