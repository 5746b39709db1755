package io.github.espalier.compiler.search.report;

import io.github.espalier.compiler.search.Candidate;
import io.github.espalier.compiler.search.SearchReport;
import io.github.espalier.compiler.search.SearchSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The latency against mean cosine plot, as static inline SVG so it renders offline, without scripts, anywhere.
 *
 * <p>Every candidate gets one marker carrying {@code data-candidate="its index"} and a {@code <title>} that browsers
 * show on hover: a filled circle when its latency was measured, a hollow diamond when only predicted, and a short
 * grey cross just above the latency axis when it was never scored. Colours are set as attributes, not CSS, so the SVG keeps its
 * look when copied out of the page.
 */
final class ParetoPlot {
    private static final int WIDTH = 820;
    private static final int HEIGHT = 520;
    private static final int LEFT = 76;
    private static final int RIGHT = WIDTH - 24;
    private static final int TOP = 20;
    private static final int BOTTOM = 410;
    /** Keeps markers at the ends of an axis clear of the frame. */
    private static final int INSET = 12;

    private static final String POINT = "#2f5f9e";
    private static final String FRONT = "#e07b1a";
    private static final String CHOSEN = "#c0262d";
    private static final String FEASIBLE = "#e6f4e8";
    private static final String INK = "#1f2328";
    private static final String MUTED = "#6b7280";
    private static final String GRID = "#e5e7eb";
    /** Labels that may cross points or lines get a white outline, so they stay legible over them. */
    private static final String HALO = "stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\"";

    private final SearchReport report;
    private final SearchSettings settings;
    private final PlotAxis x;
    private final PlotAxis y;
    private final StringBuilder svg = new StringBuilder();

    private ParetoPlot(SearchReport report) {
        this.report = report;
        this.settings = report.settings();
        double slowest = Math.max(settings.latencyBudgetMs(), report.original().latencyMs());
        double leastFaithful = Math.min(settings.minFidelity(), originalCosine(report));
        for (Candidate candidate : report.candidates()) {
            slowest = Math.max(slowest, candidate.latencyMs());
            if (candidate.fidelity() != null) {
                leastFaithful = Math.min(leastFaithful, candidate.fidelity().meanCosine());
            }
        }
        // Latency from zero, so distances along it read as speed-ups.
        this.x = PlotAxis.covering(0, slowest, 8, LEFT + INSET, RIGHT - INSET);
        this.y = PlotAxis.covering(leastFaithful, originalCosine(report), 6, BOTTOM - INSET, TOP + INSET);
    }

    static String render(SearchReport report) {
        return new ParetoPlot(report).draw();
    }

    /** The original's fidelity is 1 by definition, but a search that scored it anyway is plotted as scored. */
    static double originalCosine(SearchReport report) {
        return report.original().fidelity() == null
                ? 1
                : report.original().fidelity().meanCosine();
    }

    private String draw() {
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pareto\" viewBox=\"0 0 %d %d\" width=\"%d\""
                        + " height=\"%d\" role=\"img\" aria-label=\"Latency against mean cosine, one point per"
                        + " candidate\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\""
                        + " font-size=\"12\" fill=\"%s\">\n",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT,
                INK));
        svg.append(rect(0, 0, WIDTH, HEIGHT, "fill=\"#ffffff\""));
        feasibleRegion();
        grid();
        thresholds();
        front();
        candidates();
        original();
        chosen();
        frameAndTitles();
        legend();
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** Where a variant may be chosen: within the budget and at least the minimum fidelity. */
    private void feasibleRegion() {
        double right = clamp(x.pixel(settings.latencyBudgetMs()), LEFT, RIGHT);
        double top = TOP;
        double bottom = clamp(y.pixel(settings.minFidelity()), TOP, BOTTOM);
        svg.append(rect(LEFT, top, right - LEFT, bottom - top, "fill=\"" + FEASIBLE + "\""));
    }

    private void grid() {
        for (double tick : x.ticks()) {
            double px = x.pixel(tick);
            svg.append(line(px, TOP, px, BOTTOM, "stroke=\"" + GRID + "\""));
            svg.append(text(px, BOTTOM + 18, "middle", x.label(tick), ""));
        }
        for (double tick : y.ticks()) {
            double py = y.pixel(tick);
            svg.append(line(LEFT, py, RIGHT, py, "stroke=\"" + GRID + "\""));
            svg.append(text(LEFT - 8, py + 4, "end", y.label(tick), ""));
        }
    }

    private void thresholds() {
        double budget = x.pixel(settings.latencyBudgetMs());
        svg.append(line(
                budget,
                TOP,
                budget,
                BOTTOM,
                "class=\"budget\" stroke=\"" + INK + "\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\""));
        svg.append(text(
                budget + 6,
                TOP + 14,
                "start",
                "budget " + Formats.ms(settings.latencyBudgetMs()) + " ms",
                "font-weight=\"600\" " + HALO));
        double minimum = y.pixel(settings.minFidelity());
        svg.append(line(LEFT, minimum, RIGHT, minimum, "stroke=\"" + MUTED + "\" stroke-dasharray=\"2 3\""));
        svg.append(text(
                RIGHT - 6,
                minimum - 6,
                "end",
                "minimum cosine " + Formats.cosine(settings.minFidelity()),
                "fill=\"" + MUTED + "\" " + HALO));
    }

    /** A step line: the best mean cosine to be had at each latency, rising at each front point. */
    private void front() {
        List<Candidate> front = ParetoFront.of(report.candidates());
        if (front.isEmpty()) {
            return;
        }
        StringBuilder path = new StringBuilder();
        Candidate first = front.getFirst();
        path.append("M").append(number(x.pixel(first.latencyMs()))).append(' ');
        path.append(number(y.pixel(first.fidelity().meanCosine())));
        for (Candidate next : front.subList(1, front.size())) {
            path.append(" H").append(number(x.pixel(next.latencyMs())));
            path.append(" V").append(number(y.pixel(next.fidelity().meanCosine())));
        }
        svg.append("<path class=\"front\" d=\"")
                .append(path)
                .append("\" fill=\"none\" stroke=\"")
                .append(FRONT)
                .append("\" stroke-width=\"2\"/>\n");
    }

    private void candidates() {
        List<Candidate> candidates = report.candidates();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate candidate = candidates.get(i);
            double px = x.pixel(candidate.latencyMs());
            String title = "<title>" + Html.escape(describe(i, candidate)) + "</title>";
            String id = "data-candidate=\"" + i + "\"";
            if (candidate.fidelity() == null) {
                svg.append(String.format(
                        Locale.ROOT,
                        "<path class=\"candidate unscored\" %s d=\"%s\" stroke=\"%s\" stroke-width=\"2\">%s</path>\n",
                        id,
                        cross(px, BOTTOM - 8, 4),
                        MUTED,
                        title));
                continue;
            }
            double py = y.pixel(candidate.fidelity().meanCosine());
            if (candidate.measuredMs() != null) {
                svg.append(String.format(
                        Locale.ROOT,
                        "<circle class=\"candidate measured\" %s cx=\"%s\" cy=\"%s\" r=\"4.5\" fill=\"%s\""
                                + " fill-opacity=\"0.85\" stroke=\"#ffffff\" stroke-width=\"1\">%s</circle>\n",
                        id,
                        number(px),
                        number(py),
                        POINT,
                        title));
            } else {
                svg.append(String.format(
                        Locale.ROOT,
                        "<path class=\"candidate predicted\" %s d=\"%s\" fill=\"#ffffff\" stroke=\"%s\""
                                + " stroke-width=\"1.5\">%s</path>\n",
                        id,
                        diamond(px, py, 5.5),
                        POINT,
                        title));
            }
        }
    }

    private void original() {
        Candidate original = report.original();
        double px = x.pixel(original.latencyMs());
        double py = y.pixel(originalCosine(report));
        svg.append(String.format(
                Locale.ROOT,
                "<rect class=\"original\" x=\"%s\" y=\"%s\" width=\"10\" height=\"10\" fill=\"%s\"><title>%s</title>"
                        + "</rect>\n",
                number(px - 5),
                number(py - 5),
                INK,
                Html.escape("original: " + original.architecture() + ", " + Formats.ms(original.latencyMs()) + " ms")));
        svg.append(text(px - 10, py + 4, "end", "original", "font-weight=\"600\" " + HALO));
    }

    private void chosen() {
        Candidate chosen = report.chosen();
        if (chosen == null || chosen.fidelity() == null) {
            return;
        }
        double px = x.pixel(chosen.latencyMs());
        double py = y.pixel(chosen.fidelity().meanCosine());
        svg.append(String.format(
                Locale.ROOT,
                "<circle class=\"chosen\" cx=\"%s\" cy=\"%s\" r=\"10\" fill=\"none\" stroke=\"%s\""
                        + " stroke-width=\"2.5\"/>\n",
                number(px),
                number(py),
                CHOSEN));
        svg.append(text(px + 13, py - 9, "start", "chosen", "fill=\"" + CHOSEN + "\" font-weight=\"700\" " + HALO));
    }

    private void frameAndTitles() {
        svg.append(rect(LEFT, TOP, RIGHT - LEFT, BOTTOM - TOP, "fill=\"none\" stroke=\"" + MUTED + "\""));
        svg.append(text(
                (LEFT + RIGHT) / 2.0,
                BOTTOM + 42,
                "middle",
                String.format(
                        Locale.ROOT,
                        "Latency, ms (batch %d \u00d7 %d tokens, %d threads)",
                        settings.batchSize(),
                        settings.sequenceLength(),
                        settings.threads()),
                "font-size=\"13\" font-weight=\"600\""));
        double middle = (TOP + BOTTOM) / 2.0;
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"18\" y=\"%s\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"600\""
                        + " transform=\"rotate(-90 18 %s)\">Mean cosine to the original</text>\n",
                number(middle),
                number(middle)));
    }

    private void legend() {
        List<String> items = new ArrayList<>();
        items.add(String.format(
                Locale.ROOT, "<circle cx=\"6\" cy=\"-4\" r=\"4.5\" fill=\"%s\"/>%s", POINT, label("measured")));
        items.add(String.format(
                Locale.ROOT,
                "<path d=\"%s\" fill=\"#ffffff\" stroke=\"%s\" stroke-width=\"1.5\"/>%s",
                diamond(6, -4, 5.5),
                POINT,
                label("predicted only")));
        items.add(String.format(
                Locale.ROOT,
                "<path d=\"M-2 0 H7 V-9 H14\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%s",
                FRONT,
                label("Pareto front")));
        if (report.chosen() != null) {
            items.add(String.format(
                    Locale.ROOT,
                    "<circle cx=\"6\" cy=\"-4\" r=\"6.5\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"/>%s",
                    CHOSEN,
                    label("chosen")));
        }
        items.add(String.format(
                Locale.ROOT,
                "<rect x=\"1\" y=\"-9\" width=\"10\" height=\"10\" fill=\"%s\"/>%s",
                INK,
                label("original model")));
        items.add(String.format(
                Locale.ROOT,
                "<line x1=\"-2\" y1=\"-4\" x2=\"14\" y2=\"-4\" stroke=\"%s\" stroke-width=\"1.5\""
                        + " stroke-dasharray=\"5 3\"/>%s",
                INK,
                label("latency budget")));
        items.add(String.format(
                Locale.ROOT,
                "<rect x=\"-2\" y=\"-10\" width=\"16\" height=\"12\" fill=\"%s\" stroke=\"#b7dcbc\"/>%s",
                FEASIBLE,
                label("may be chosen")));
        if (report.candidates().stream().anyMatch(candidate -> candidate.fidelity() == null)) {
            items.add(String.format(
                    Locale.ROOT,
                    "<path d=\"%s\" stroke=\"%s\" stroke-width=\"2\"/>%s",
                    cross(6, -4, 4),
                    MUTED,
                    label("not scored")));
        }
        svg.append("<g class=\"legend\">\n");
        int columns = 4;
        double columnWidth = (RIGHT - LEFT) / (double) columns;
        for (int i = 0; i < items.size(); i++) {
            double left = LEFT + (i % columns) * columnWidth;
            double baseline = BOTTOM + 78 + (i / columns) * 24;
            svg.append(String.format(
                    Locale.ROOT,
                    "<g transform=\"translate(%s %s)\">%s</g>\n",
                    number(left),
                    number(baseline),
                    items.get(i)));
        }
        svg.append("</g>\n");
    }

    private static String label(String text) {
        return "<text x=\"22\" y=\"0\">" + Html.escape(text) + "</text>";
    }

    private static String describe(int index, Candidate candidate) {
        StringBuilder text = new StringBuilder("#").append(index).append(": ").append(candidate.architecture());
        text.append("\n").append(Formats.ms(candidate.latencyMs())).append(" ms ");
        text.append(candidate.measuredMs() != null ? "measured" : "predicted");
        if (candidate.fidelity() != null) {
            text.append(", mean cosine ")
                    .append(Formats.cosine(candidate.fidelity().meanCosine()));
        } else {
            text.append(", not scored");
        }
        return text.toString();
    }

    private static String diamond(double cx, double cy, double radius) {
        return String.format(
                Locale.ROOT,
                "M%s %s L%s %s L%s %s L%s %s Z",
                number(cx),
                number(cy - radius),
                number(cx + radius),
                number(cy),
                number(cx),
                number(cy + radius),
                number(cx - radius),
                number(cy));
    }

    private static String cross(double cx, double cy, double radius) {
        return String.format(
                Locale.ROOT,
                "M%s %s L%s %s M%s %s L%s %s",
                number(cx - radius),
                number(cy - radius),
                number(cx + radius),
                number(cy + radius),
                number(cx - radius),
                number(cy + radius),
                number(cx + radius),
                number(cy - radius));
    }

    private static String rect(double left, double top, double width, double height, String attributes) {
        return String.format(
                Locale.ROOT,
                "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" %s/>\n",
                number(left),
                number(top),
                number(width),
                number(height),
                attributes);
    }

    private static String line(double x1, double y1, double x2, double y2, String attributes) {
        return String.format(
                Locale.ROOT,
                "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" %s/>\n",
                number(x1),
                number(y1),
                number(x2),
                number(y2),
                attributes);
    }

    private static String text(double left, double baseline, String anchor, String content, String attributes) {
        return String.format(
                Locale.ROOT,
                "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" %s>%s</text>\n",
                number(left),
                number(baseline),
                anchor,
                attributes,
                Html.escape(content));
    }

    private static double clamp(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
    }

    /** SVG coordinates to a tenth of a pixel: enough for a crisp plot, short enough to keep the file small. */
    private static String number(double value) {
        return Formats.fixed(value, 1);
    }
}
