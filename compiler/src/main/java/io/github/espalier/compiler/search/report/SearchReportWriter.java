package io.github.espalier.compiler.search.report;

import io.github.espalier.compiler.search.SearchReport;
import io.github.espalier.runtime.artifact.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        return new ReportFiles(write(directory.resolve(JSON_FILE), json), write(directory.resolve(HTML_FILE), html));
    }

    private static Path write(Path file, String content) throws IOException {
        AtomicFiles.write(file, temporary -> Files.writeString(temporary, content, StandardCharsets.UTF_8));
        return file;
    }
}
