package io.github.espalier.compiler.search.report;

import java.nio.file.Path;

/**
 * Where a search report was written.
 *
 * @param json {@code report.json}, for tools
 * @param html {@code report.html}, for people
 */
public record ReportFiles(Path json, Path html) {}
