package io.github.espalier.compiler.search.report;

import io.github.espalier.compiler.search.SearchReport;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a search's findings as {@code report.json} and {@code report.html} into one folder. */
public final class SearchReportWriter {
    public static final String JSON_FILE = "report.json";
    public static final String HTML_FILE = "report.html";

    private SearchReportWriter() {}

    /**
     * Writes both files into {@code directory}, creating it if needed. Each file is replaced whole, so a reader never
     * sees one half-written, and a report from an earlier search is overwritten.
     */
    public static ReportFiles write(SearchReport report, Path directory) throws IOException {
        String json = ReportJson.render(report);
        String html = ReportHtml.render(report);
        return new ReportFiles(
                AtomicFile.write(directory.resolve(JSON_FILE), json),
                AtomicFile.write(directory.resolve(HTML_FILE), html));
    }
}
