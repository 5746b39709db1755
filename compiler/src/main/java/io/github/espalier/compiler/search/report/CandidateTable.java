package io.github.espalier.compiler.search.report;

import io.github.espalier.compiler.search.Architecture;
import io.github.espalier.compiler.search.Candidate;
import io.github.espalier.compiler.search.SearchReport;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Every candidate in the order the search scored them, with the row of the chosen one marked. */
final class CandidateTable {
    private CandidateTable() {}

    static String render(SearchReport report) {
        Set<Candidate> front = Set.copyOf(ParetoFront.of(report.candidates()));
        StringBuilder html = new StringBuilder();
        html.append("<table id=\"candidate-table\" class=\"data\">\n<thead><tr>");
        html.append("<th>#</th><th class=\"text\">Architecture</th><th>Layers</th><th>Predicted ms</th>");
        html.append("<th>Measured ms</th><th>Mean cosine</th><th>p5 cosine</th><th>Recall@10</th>");
        html.append("<th>Distilled mean cosine</th><th>Distilled recall@10</th>");
        html.append("<th>Within budget</th><th>Pareto front</th></tr></thead>\n<tbody>\n");
        List<Candidate> candidates = report.candidates();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate candidate = candidates.get(i);
            boolean chosen = candidate.equals(report.chosen());
            html.append(chosen ? "<tr class=\"chosen\">" : "<tr>");
            html.append(cell(chosen ? i + " \u2605" : Integer.toString(i)));
            html.append("<td class=\"text\">")
                    .append(architecture(candidate.architecture()))
                    .append("</td>");
            html.append(cell(candidate.architecture().keptLayers() + " / "
                    + candidate.architecture().layers().size()));
            html.append(cell(Formats.ms(candidate.predictedMs())));
            html.append(cell(candidate.measuredMs() == null ? Formats.NONE : Formats.ms(candidate.measuredMs())));
            if (candidate.fidelity() == null) {
                html.append("<td class=\"muted\" colspan=\"3\">not scored</td>");
            } else {
                html.append(cell(Formats.cosine(candidate.fidelity().meanCosine())));
                html.append(cell(Formats.cosine(candidate.fidelity().p5Cosine())));
                html.append(cell(Formats.recall(candidate.fidelity().recallAt10())));
            }
            if (candidate.distilled() == null) {
                html.append("<td class=\"muted\" colspan=\"2\">not distilled</td>");
            } else {
                html.append(cell(Formats.cosine(candidate.distilled().meanCosine())));
                html.append(cell(Formats.recall(candidate.distilled().recallAt10())));
            }
            html.append(cell(withinBudget(candidate, report)));
            html.append(cell(front.contains(candidate) ? "\u25cf" : ""));
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        return html.toString();
    }

    /** Layer by layer as {@link Architecture#toString()} writes it, with dropped layers set apart. */
    static String architecture(Architecture architecture) {
        return architecture.layers().stream()
                .map(layer ->
                        layer.dropped() ? "<span class=\"dropped\">dropped</span>" : Html.escape(layer.toString()))
                .collect(Collectors.joining(" ", "<code>", "</code>"));
    }

    private static String withinBudget(Candidate candidate, SearchReport report) {
        String verdict = Budget.fits(candidate, report.settings()) ? "yes" : "no";
        return candidate.measuredMs() == null ? verdict + " (predicted)" : verdict;
    }

    private static String cell(String text) {
        return "<td>" + Html.escape(text) + "</td>";
    }
}
