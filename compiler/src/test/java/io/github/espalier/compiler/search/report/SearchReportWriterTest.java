package io.github.espalier.compiler.search.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.compiler.search.SearchReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class SearchReportWriterTest {
    @TempDir
    Path build;

    @Test
    void writesBothFilesIntoAFolderItCreates() throws IOException {
        SearchReport report = SampleReports.realistic();
        Path folder = build.resolve("espalier/search");

        ReportFiles files = SearchReportWriter.write(report, folder);

        assertThat(files.json()).isEqualTo(folder.resolve("report.json")).hasContent(ReportJson.render(report));
        assertThat(files.html()).isEqualTo(folder.resolve("report.html")).hasContent(ReportHtml.render(report));
        assertThat(filesIn(folder)).containsExactlyInAnyOrder(files.json(), files.html());
    }

    @Test
    void replacesAReportFromAnEarlierSearchAndLeavesNoTemporaryFiles() throws IOException {
        Files.writeString(build.resolve("report.json"), "{\"old\": true}");
        Files.writeString(build.resolve("report.html"), "<p>old</p>");

        ReportFiles files = SearchReportWriter.write(SampleReports.realistic(), build);

        assertThat(Files.readString(files.json())).doesNotContain("old").contains("espalier-search-report/1");
        assertThat(Files.readString(files.html())).doesNotContain("<p>old</p>");
        assertThat(filesIn(build)).containsExactlyInAnyOrder(files.json(), files.html());
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void theReportIsAsReadableAsAnyNewFileInItsFolder() throws IOException {
        Path ordinary = Files.createFile(build.resolve("ordinary.txt"));

        ReportFiles files = SearchReportWriter.write(SampleReports.realistic(), build);

        assertThat(Files.getPosixFilePermissions(files.html())).isEqualTo(Files.getPosixFilePermissions(ordinary));
        assertThat(Files.getPosixFilePermissions(files.json())).isEqualTo(Files.getPosixFilePermissions(ordinary));
    }

    private static List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
