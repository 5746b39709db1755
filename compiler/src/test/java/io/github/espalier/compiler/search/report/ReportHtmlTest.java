package io.github.espalier.compiler.search.report;

import static io.github.espalier.compiler.search.report.ReportJsonTest.CANDIDATES;
import static io.github.espalier.compiler.search.report.ReportJsonTest.CHOSEN;
import static io.github.espalier.compiler.search.report.ReportJsonTest.DOMINATED;
import static io.github.espalier.compiler.search.report.ReportJsonTest.FAST_BUT_UNFAITHFUL;
import static io.github.espalier.compiler.search.report.ReportJsonTest.SLOW_PREDICTED_ONLY;
import static io.github.espalier.compiler.search.report.ReportJsonTest.UNSCORED;
import static io.github.espalier.compiler.search.report.SampleReports.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.compiler.search.SearchReport;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportHtmlTest {
    private final String page = ReportHtml.render(report(CANDIDATES, CHOSEN));

    @Test
    void titlesThePageWithTheModelAndBudget() {
        assertThat(page)
                .contains("<title>Espalier search: sentence-transformers/all-MiniLM-L12-v2 within 30.00 ms</title>")
                .contains("<h1>sentence-transformers/all-MiniLM-L12-v2 within 30.00 ms</h1>");
    }

    @Test
    void summarizesTheChoiceAgainstTheOriginal() {
        assertThat(section("summary"))
                .contains("30.00 ms") // budget and chosen latency
                .contains("0.9650") // chosen mean cosine
                .contains("0.9712") // held out
                .contains("60.00 ms") // original
                .contains("2.00×")
                .contains("3 min 07 s")
                .contains("AMD EPYC 7B13, 4 threads, Temurin 25");
    }

    @Test
    void plotsOneMarkerPerCandidateAndTheOriginal() {
        String plot = section("pareto");

        assertThat(count(plot, "data-candidate=\"")).isEqualTo(CANDIDATES.size());
        assertThat(count(plot, "class=\"candidate measured\"")).isEqualTo(3);
        assertThat(count(plot, "class=\"candidate predicted\"")).isEqualTo(1);
        assertThat(count(plot, "class=\"candidate unscored\"")).isEqualTo(1);
        assertThat(count(plot, "class=\"original\"")).isEqualTo(1);
        assertThat(count(plot, "class=\"chosen\"")).isEqualTo(1);
        assertThat(plot).contains("class=\"front\"").contains("class=\"budget\"");
    }

    @Test
    void listsEveryCandidateAndMarksTheChosenRow() {
        String table = section("candidates");

        assertThat(count(table, "<tr")).isEqualTo(1 + CANDIDATES.size());
        assertThat(count(table, "<tr class=\"chosen\">")).isEqualTo(1);
        assertThat(table).contains("yes (predicted)").contains("not scored");
    }

    @Test
    void showsTheChosenLayersAgainstTheOriginalOnes() {
        String layers = section("chosen-layers");

        assertThat(count(layers, "8 / 12")).isEqualTo(8);
        assertThat(count(layers, "1536 / 3072")).isEqualTo(8);
        assertThat(count(layers, "<td class=\"text dropped\"")).isEqualTo(4);
        assertThat(layers).contains("64 / 144").contains("12288 / 36864");
    }

    @Test
    void checksTheLatencyModel() {
        // Errors of -12 %, -7.1 % and -10 % on the three timed candidates.
        assertThat(section("latency-model"))
                .contains("<strong>3</strong>")
                .contains("9.7 %")
                .contains("-9.7 %");
    }

    @Test
    void whenNothingMetTheBudgetSaysSoAndNamesTheNearMisses() {
        String failed =
                ReportHtml.render(report(List.of(FAST_BUT_UNFAITHFUL, DOMINATED, SLOW_PREDICTED_ONLY, UNSCORED), null));

        assertThat(failed)
                .contains("No variant met the budget")
                .contains("#2: 44.00 ms, mean cosine 0.9900 (14.00 ms over the budget)")
                .contains("#0: 25.00 ms, mean cosine 0.9300 (0.0200 below the minimum cosine)")
                .contains("#1: 28.00 ms, mean cosine 0.9200 (0.0300 below the minimum cosine)")
                .doesNotContain("id=\"chosen-layers\"")
                .doesNotContain("class=\"chosen\"");
    }

    @Test
    void escapesEveryTextFromTheReport() {
        SearchReport base = report(CANDIDATES, CHOSEN);
        SearchReport hostile = new SearchReport(
                "<script>alert('model')</script> & co",
                "cpu \"<b>fast</b>\"",
                base.settings(),
                base.original(),
                base.candidates(),
                base.chosen(),
                base.heldOut(),
                base.elapsed());

        String page = ReportHtml.render(hostile);

        assertThat(page)
                .doesNotContain("<script")
                .doesNotContain("<b>")
                .contains("&lt;script&gt;alert(&#39;model&#39;)&lt;/script&gt; &amp; co")
                .contains("cpu &quot;&lt;b&gt;fast&lt;/b&gt;&quot;");
    }

    @Test
    void needsNothingFromOutsideThePage() {
        String realistic = ReportHtml.render(SampleReports.realistic());

        for (String html : List.of(page, realistic)) {
            assertThat(html)
                    .doesNotContain("<script")
                    .doesNotContain("<link")
                    .doesNotContain("src=")
                    .doesNotContain("href=")
                    .doesNotContain("url(")
                    .doesNotContain("@import");
            // The SVG namespace is a name, not something fetched.
            assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http");
        }
    }

    private String section(String id) {
        int start = page.indexOf("<section id=\"" + id + "\">");
        assertThat(start).as("section %s", id).isNotNegative();
        return page.substring(start, page.indexOf("</section>", start));
    }

    private static int count(String text, String what) {
        return (int)
                Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
    }
}
