package io.github.espalier.compiler.search.report;

import io.github.espalier.compiler.search.Candidate;
import io.github.espalier.compiler.search.Fidelity;
import io.github.espalier.compiler.search.SearchReport;
import io.github.espalier.compiler.search.SearchSettings;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code report.html}: one page a person reads to see what the search found and whether to trust it. It is
 * self-contained, with styles inline and the plot as static SVG, because build machines are often offline and the
 * page must render the same when opened from a CI artifact years later; it needs no script.
 */
final class ReportHtml {
    /** How many near misses to name when nothing met the budget. */
    private static final int NEAR_MISSES = 3;

    private static final String STYLE = """
            :root { color-scheme: light; }
            body { margin: 0; background: #f6f7f9; color: #1f2328;
              font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
            main { max-width: 1120px; margin: 0 auto; padding: 28px 32px 48px; }
            h1 { font-size: 26px; margin: 0 0 4px; }
            h2 { font-size: 19px; margin: 36px 0 10px; padding-bottom: 6px; border-bottom: 1px solid #d8dce2; }
            p { margin: 8px 0; }
            .lede { color: #4b5563; margin: 0 0 20px; }
            .muted { color: #6b7280; }
            code { font: 12.5px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
            .cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; }
            .card { background: #fff; border: 1px solid #e2e5ea; border-radius: 8px; padding: 12px 14px; }
            .card .label { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #6b7280; }
            .card .value { font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; }
            .card .detail { font-size: 13px; color: #4b5563; }
            .card.highlight { border-color: #c0262d; box-shadow: inset 4px 0 0 #c0262d; }
            .facts { margin-top: 12px; color: #4b5563; font-size: 13.5px; }
            .notice { background: #fff4f4; border: 1px solid #f1b9bb; border-left: 5px solid #c0262d;
              border-radius: 6px; padding: 12px 16px; }
            .notice h3 { margin: 10px 0 4px; font-size: 15px; }
            .notice ul { margin: 4px 0; padding-left: 22px; }
            .plot { background: #fff; border: 1px solid #e2e5ea; border-radius: 8px; padding: 8px; }
            .plot svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
            table.data { border-collapse: collapse; background: #fff; font-size: 13.5px; width: 100%;
              font-variant-numeric: tabular-nums; }
            table.data th, table.data td { padding: 5px 10px; border-bottom: 1px solid #eceef1; text-align: right; }
            table.data th { background: #eef1f5; font-weight: 600; vertical-align: bottom; }
            table.data .text { text-align: left; }
            /* Numbers keep to one line and headings wrap above them, leaving the architectures room. */
            table.data td:not(.text) { white-space: nowrap; }
            table.data td.muted { text-align: center; }
            table.data tbody tr:nth-child(even) { background: #fafbfc; }
            table.data tr.chosen, table.data tr.chosen:nth-child(even) { background: #fdecec; font-weight: 600; }
            table.data tfoot th { background: #fff; border-top: 2px solid #d8dce2; }
            table.layers { width: auto; min-width: 560px; }
            td.dropped, code .dropped { color: #9a3412; font-style: italic; }
            .bar { display: inline-block; width: 80px; height: 8px; margin-right: 10px; background: #e5e7eb;
              border-radius: 4px; vertical-align: middle; overflow: hidden; }
            .bar span { display: block; height: 100%; background: #2f5f9e; }
            footer { margin-top: 40px; font-size: 12.5px; color: #6b7280; }
            """;

    private final SearchReport report;
    private final SearchSettings settings;
    private final StringBuilder html = new StringBuilder();

    private ReportHtml(SearchReport report) {
        this.report = report;
        this.settings = report.settings();
    }

    static String render(SearchReport report) {
        return new ReportHtml(report).page();
    }

    private String page() {
        String budget = Formats.ms(settings.latencyBudgetMs()) + " ms";
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.append("<title>")
                .append(Html.escape("Espalier search: " + report.modelName() + " within " + budget))
                .append("</title>\n");
        html.append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<main>\n");
        html.append("<h1>")
                .append(Html.escape(report.modelName()))
                .append(" within ")
                .append(budget);
        html.append("</h1>\n<p class=\"lede\">")
                .append(Html.escape(String.format(
                        Locale.ROOT,
                        "Pruning search: the most faithful variant whose median latency for a batch of %d \u00d7 %d"
                                + " tokens on %d threads stays within the budget, keeping a mean cosine of at"
                                + " least %s to the original model.",
                        settings.batchSize(),
                        settings.sequenceLength(),
                        settings.threads(),
                        Formats.cosine(settings.minFidelity()))))
                .append("</p>\n");

        html.append("<section id=\"summary\">\n");
        if (report.chosen() == null) {
            noVariant();
        } else {
            summary(report.chosen());
        }
        facts();
        html.append("</section>\n");

        html.append("<section id=\"pareto\">\n<h2>Latency against fidelity</h2>\n");
        html.append("<p class=\"muted\">One point per candidate. The step line joins the candidates no other beats on"
                + " both latency and fidelity; the search chooses the most faithful of them inside the shaded"
                + " region. Hover a point for its architecture.</p>\n");
        html.append("<div class=\"plot\">\n").append(ParetoPlot.render(report)).append("</div>\n</section>\n");

        if (report.chosen() != null) {
            html.append("<section id=\"chosen-layers\">\n<h2>Chosen architecture, layer by layer</h2>\n");
            html.append(LayerTable.render(
                    report.chosen().architecture(), report.original().architecture()));
            html.append("</section>\n");
        }

        latencyModel();

        html.append("<section id=\"candidates\">\n<h2>All candidates</h2>\n");
        html.append("<p class=\"muted\">In the order the search scored them. Latency counts as within the budget by"
                + " its measurement where there is one, else by its prediction.</p>\n");
        html.append(CandidateTable.render(report)).append("</section>\n");

        html.append("<footer>Written by Espalier's search. The same findings, for tools, are in report.json"
                + " beside this page.</footer>\n");
        html.append("</main>\n</body>\n</html>\n");
        return html.toString();
    }

    private void summary(Candidate chosen) {
        Candidate original = report.original();
        html.append("<div class=\"cards\">\n");
        card("Latency budget", Formats.ms(settings.latencyBudgetMs()) + " ms", "median, per batch", false);
        card(
                "Chosen variant",
                Formats.ms(chosen.latencyMs()) + " ms",
                (chosen.measuredMs() != null ? "measured" : "predicted, not measured") + " \u00b7 "
                        + chosen.architecture().keptLayers() + " of "
                        + chosen.architecture().layers().size() + " layers",
                true);
        card("Fidelity, validation text", cosine(chosen.fidelity()), fidelityDetail(chosen.fidelity()), true);
        card("Fidelity, held-out text", cosine(report.heldOut()), fidelityDetail(report.heldOut()), false);
        card(
                "Original model",
                Formats.ms(original.latencyMs()) + " ms",
                original.measuredMs() != null ? "measured" : "predicted",
                false);
        card("Speed-up", Formats.speedUp(original.latencyMs() / chosen.latencyMs()), "original / chosen", false);
        card(
                "Search time",
                Formats.duration(report.elapsed()),
                "of " + Formats.duration(settings.searchTime()) + " allowed",
                false);
        card("Candidates", Integer.toString(report.candidates().size()), measuredCount() + " timed for real", false);
        html.append("</div>\n");
    }

    private void noVariant() {
        ClosestCandidates closest = ClosestCandidates.of(report, NEAR_MISSES);
        html.append("<div class=\"notice\" id=\"no-variant\">\n<p><strong>No variant met the budget.</strong> None of"
                        + " the ")
                .append(report.candidates().size())
                .append(" candidates ran within ")
                .append(Formats.ms(settings.latencyBudgetMs()))
                .append(" ms while keeping a mean cosine of at least ")
                .append(Formats.cosine(settings.minFidelity()))
                .append(", so nothing was compiled. The original model takes ")
                .append(Formats.ms(report.original().latencyMs()))
                .append(" ms.</p>\n");
        html.append("<h3>Fastest variants faithful enough</h3>\n");
        nearMisses(
                closest.fastestFaithful(),
                candidate -> Formats.ms(candidate.latencyMs() - settings.latencyBudgetMs()) + " ms over the budget");
        html.append("<h3>Most faithful variants within the budget</h3>\n");
        nearMisses(
                closest.mostFaithfulWithinBudget(),
                candidate ->
                        Formats.cosine(settings.minFidelity()
                                        - candidate.fidelity().meanCosine()) + " below the minimum cosine");
        html.append("</div>\n");
    }

    private void nearMisses(List<Candidate> candidates, Function<Candidate, String> shortfall) {
        if (candidates.isEmpty()) {
            html.append("<p class=\"muted\">None.</p>\n");
            return;
        }
        html.append("<ul>\n");
        for (Candidate candidate : candidates) {
            html.append("<li>")
                    .append(Html.escape(String.format(
                            Locale.ROOT,
                            "#%d: %s ms, mean cosine %s (%s)",
                            report.candidates().indexOf(candidate),
                            Formats.ms(candidate.latencyMs()),
                            Formats.cosine(candidate.fidelity().meanCosine()),
                            shortfall.apply(candidate))))
                    .append("<br>")
                    .append(CandidateTable.architecture(candidate.architecture()))
                    .append("</li>\n");
        }
        html.append("</ul>\n");
    }

    private void facts() {
        html.append("<p class=\"facts\">Measured on <strong>")
                .append(Html.escape(report.machine()))
                .append("</strong> \u00b7 seed ")
                .append(settings.seed())
                .append(" \u00b7 search took ")
                .append(Formats.duration(report.elapsed()))
                .append("</p>\n");
    }

    private void latencyModel() {
        html.append("<section id=\"latency-model\">\n<h2>Latency model check</h2>\n");
        Optional<LatencyModelCheck> check = LatencyModelCheck.of(report.candidates());
        if (check.isEmpty()) {
            html.append("<p>No candidate was timed for real, so the latency model's predictions could not be"
                    + " checked: every latency on this page is a prediction.</p>\n");
        } else {
            LatencyModelCheck result = check.get();
            html.append("<p>On the <strong>")
                    .append(result.compared())
                    .append("</strong> candidates timed for real, the predictions were off by <strong>")
                    .append(Html.escape(Formats.percent(result.meanAbsolutePercentError())))
                    .append("</strong> on average (mean absolute error). On balance the model predicted ")
                    .append(result.meanSignedPercentError() <= 0 ? "faster" : "slower")
                    .append(" than measured (mean signed error ")
                    .append(Html.escape(Formats.signedPercent(result.meanSignedPercentError())))
                    .append(
                            ").</p>\n<p>A candidate is timed in alternation with the unpruned model, and its measured"
                                    + " latency is its ratio to the unpruned model times the unpruned model's latency by the"
                                    + " table, so a slow spell of the machine during the search does not count against it.</p>\n");
        }
        html.append("</section>\n");
    }

    private int measuredCount() {
        return (int) report.candidates().stream()
                .filter(candidate -> candidate.measuredMs() != null)
                .count();
    }

    private void card(String label, String value, String detail, boolean highlight) {
        html.append(highlight ? "<div class=\"card highlight\">" : "<div class=\"card\">");
        html.append("<div class=\"label\">").append(Html.escape(label)).append("</div>");
        html.append("<div class=\"value\">").append(Html.escape(value)).append("</div>");
        html.append("<div class=\"detail\">").append(Html.escape(detail)).append("</div></div>\n");
    }

    private static String cosine(Fidelity fidelity) {
        return fidelity == null ? Formats.NONE : Formats.cosine(fidelity.meanCosine());
    }

    private static String fidelityDetail(Fidelity fidelity) {
        return fidelity == null
                ? "not measured"
                : "p5 " + Formats.cosine(fidelity.p5Cosine()) + " \u00b7 recall@10 "
                        + Formats.recall(fidelity.recallAt10());
    }
}
