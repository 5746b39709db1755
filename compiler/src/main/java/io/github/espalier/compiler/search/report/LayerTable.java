package io.github.espalier.compiler.search.report;

import io.github.espalier.compiler.search.Architecture;
import io.github.espalier.compiler.search.LayerShape;
import java.util.Locale;

/** The chosen architecture layer by layer, each part kept against what the original layer has. */
final class LayerTable {
    private LayerTable() {}

    static String render(Architecture chosen, Architecture original) {
        StringBuilder html = new StringBuilder();
        html.append("<table id=\"layer-table\" class=\"data layers\">\n<thead><tr><th>Layer</th>");
        html.append("<th class=\"text\">Attention heads kept</th><th class=\"text\">Feed-forward neurons kept</th>");
        html.append("</tr></thead>\n<tbody>\n");
        int heads = 0;
        int totalHeads = 0;
        int neurons = 0;
        int totalNeurons = 0;
        for (int i = 0; i < chosen.layers().size(); i++) {
            LayerShape layer = chosen.layers().get(i);
            LayerShape full = i < original.layers().size() ? original.layers().get(i) : null;
            html.append("<tr><td>").append(i).append("</td>");
            if (layer.dropped()) {
                html.append("<td class=\"text dropped\" colspan=\"2\">dropped: its input passes straight on</td>");
            } else {
                html.append(kept(layer.heads(), full == null ? 0 : full.heads()));
                html.append(kept(layer.neurons(), full == null ? 0 : full.neurons()));
            }
            html.append("</tr>\n");
            heads += layer.heads();
            neurons += layer.neurons();
            totalHeads += full == null ? 0 : full.heads();
            totalNeurons += full == null ? 0 : full.neurons();
        }
        html.append("</tbody>\n<tfoot><tr><th>All</th>");
        html.append(kept(heads, totalHeads)).append(kept(neurons, totalNeurons));
        html.append("</tr></tfoot>\n</table>\n");
        return html.toString();
    }

    /** "8 / 12" with a bar showing the share kept; the total reads "—" if the original has no such layer. */
    private static String kept(int kept, int total) {
        if (total <= 0) {
            return "<td class=\"text\">" + kept + " / " + Formats.NONE + "</td>";
        }
        double share = Math.min(1, kept / (double) total);
        return String.format(
                Locale.ROOT,
                "<td class=\"text\"><span class=\"bar\"><span style=\"width:%.1f%%\"></span></span>%d / %d"
                        + " <span class=\"muted\">(%.0f %%)</span></td>",
                100 * share,
                kept,
                total,
                100 * share);
    }
}
