package io.github.espalier.compiler.search.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesEveryCharacterThatCouldOpenATagOrCloseAnAttribute() {
        assertThat(Html.escape("<a href=\"x\" title='y'>Tom & Jerry</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;");
    }

    @Test
    void leavesOtherTextAlone() {
        assertThat(Html.escape("BERT-base · 12 layers × 768, 30 ms")).isEqualTo("BERT-base · 12 layers × 768, 30 ms");
    }
}
