package io.github.espalier.compiler.search.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.espalier.compiler.search.SearchReport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the written report in a real browser, Debian's headless Chromium, as a person would: what it parses and
 * what it paints, not only the text written. The page and screenshot stay in {@code target/search-report-browser}
 * for a person to look at after the build.
 */
class SearchReportBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 60;
    private static final Path OUTPUT = Path.of("target", "search-report-browser");

    private static SearchReport report;
    private static ReportFiles files;
    private static ReportFiles failed;

    @TempDir
    Path profile;

    @BeforeAll
    static void writeTheReports() throws IOException {
        report = SampleReports.realistic();
        files = SearchReportWriter.write(report, OUTPUT);
        failed = SearchReportWriter.write(SampleReports.nothingWithinBudget(), OUTPUT.resolve("nothing-within-budget"));
    }

    /** Checked per test, not per class, so that a machine without Chromium reports each test as skipped. */
    @BeforeEach
    void needsChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI must install chromium (Debian's package) for this test: .ci/run does so when " + CHROMIUM
                        + " is missing");
            }
            assumeTrue(false, "No " + CHROMIUM + ": install it with `apt-get install chromium` to run this test");
        }
    }

    @Test
    void theBrowserParsesOneMarkerPerCandidateAndBothTables() throws Exception {
        String dom = chromium("--dump-dom", files.html().toUri().toString());

        assertThat(dom).contains("<svg").contains("id=\"candidate-table\"").contains("id=\"layer-table\"");
        assertThat(count(dom, "data-candidate=\""))
                .isEqualTo(report.candidates().size());
        assertThat(count(dom, "<circle class=\"candidate measured\"")).isPositive();
        assertThat(count(dom, "<path class=\"candidate predicted\"")).isPositive();
        assertThat(count(dom, "<path class=\"candidate unscored\"")).isPositive();
        assertThat(section(dom, "candidate-table", "</table>")).satisfies(table -> assertThat(count(table, "<tr"))
                .isEqualTo(1 + report.candidates().size()));
    }

    @Test
    void whenNothingMetTheBudgetTheBrowserShowsTheNearMissesAndNoLayers() throws Exception {
        String dom = chromium("--dump-dom", failed.html().toUri().toString());

        assertThat(section(dom, "no-variant", "</div>"))
                .contains("No variant met the budget")
                .contains("<li>");
        assertThat(count(dom, "data-candidate=\""))
                .isEqualTo(report.candidates().size());
        assertThat(dom).doesNotContain("id=\"layer-table\"").doesNotContain("class=\"chosen\"");
    }

    @Test
    void theBrowserPaintsThePlotInItsColours() throws Exception {
        Path screenshot = OUTPUT.resolve("report.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);

        chromium(
                "--screenshot=" + screenshot,
                "--window-size=1280,2000",
                files.html().toUri().toString());

        assertThat(screenshot).exists();
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertThat(image).as("a PNG that javax.imageio decodes").isNotNull();
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(2000);
        assertThat(distinctColours(image))
                .as("distinct colours; one would mean a blank page")
                .isGreaterThan(50);
        assertThat(hasColourNear(image, 0x2f5f9e)).as("the candidates' blue").isTrue();
        assertThat(hasColourNear(image, 0xc0262d))
                .as("the chosen variant's red")
                .isTrue();
        assertThat(hasColourNear(image, 0xe07b1a))
                .as("the Pareto front's orange")
                .isTrue();
    }

    private String chromium(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile.resolve("profile")));
        command.addAll(List.of(arguments));
        // Output to files, not pipes: a full pipe would stall Chromium while this thread waits for it to end.
        Path stdout = profile.resolve("stdout.txt");
        Path stderr = profile.resolve("stderr.txt");
        Process chromium = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!chromium.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            // Its renderer and helper processes first, so none outlives the test.
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly();
            chromium.waitFor(10, TimeUnit.SECONDS);
            fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command + "\n"
                    + Files.readString(stderr));
        }
        assertThat(chromium.exitValue())
                .as("Chromium's exit status for %s; it wrote:%n%s", command, Files.readString(stderr))
                .isZero();
        return Files.readString(stdout);
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return colours.size();
    }

    /** Near, not equal: edges are anti-aliased and colours may be managed, but fills keep close to their value. */
    private static boolean hasColourNear(BufferedImage image, int rgb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int pixel = image.getRGB(x, y);
                int distance = Math.abs((pixel >> 16 & 0xff) - (rgb >> 16 & 0xff))
                        + Math.abs((pixel >> 8 & 0xff) - (rgb >> 8 & 0xff))
                        + Math.abs((pixel & 0xff) - (rgb & 0xff));
                if (distance <= 24) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String section(String dom, String id, String end) {
        int start = dom.indexOf("id=\"" + id + "\"");
        assertThat(start).as("element %s", id).isNotNegative();
        return dom.substring(start, dom.indexOf(end, start));
    }

    private static int count(String text, String what) {
        return (int)
                Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
    }
}
