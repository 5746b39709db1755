package io.github.espalier.compiler.search.report;

import static io.github.espalier.compiler.search.report.SampleReports.keeping;
import static io.github.espalier.compiler.search.report.SampleReports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.espalier.compiler.search.Candidate;
import io.github.espalier.compiler.search.Fidelity;
import io.github.espalier.compiler.search.LayerShape;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class ReportJsonTest {
    static final Candidate FAST_BUT_UNFAITHFUL =
            new Candidate(keeping(4, new LayerShape(8, 1536)), 22, 25.0, new Fidelity(0.93, 0.88, 0.80));
    static final Candidate DOMINATED =
            new Candidate(keeping(6, new LayerShape(6, 768)), 26, 28.0, new Fidelity(0.92, 0.86, 0.78));
    static final Candidate CHOSEN =
            new Candidate(keeping(8, new LayerShape(8, 1536)), 27, 30.0, new Fidelity(0.965, 0.92, 0.88));
    static final Candidate SLOW_PREDICTED_ONLY =
            new Candidate(keeping(12, new LayerShape(10, 2304)), 44, null, new Fidelity(0.99, 0.97, 0.95));
    static final Candidate UNSCORED = new Candidate(keeping(2, new LayerShape(4, 768)), 9, null, null);
    static final List<Candidate> CANDIDATES =
            List.of(FAST_BUT_UNFAITHFUL, DOMINATED, CHOSEN, SLOW_PREDICTED_ONLY, UNSCORED);

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void recordsWhatWasAskedAndWhereItRan() throws Exception {
        JsonNode json = mapper.readTree(ReportJson.render(report(CANDIDATES, CHOSEN)));

        assertThat(json.get("format").asText()).isEqualTo("espalier-search-report/1");
        assertThat(json.get("model").asText()).isEqualTo("sentence-transformers/all-MiniLM-L12-v2");
        assertThat(json.get("machine").asText()).isEqualTo("AMD EPYC 7B13, 4 threads, Temurin 25");
        assertThat(json.get("elapsedSeconds").asDouble()).isEqualTo(187.0);
        JsonNode settings = json.get("settings");
        assertThat(settings.get("latencyBudgetMs").asDouble()).isEqualTo(30.0);
        assertThat(settings.get("batchSize").asInt()).isEqualTo(8);
        assertThat(settings.get("sequenceLength").asInt()).isEqualTo(128);
        assertThat(settings.get("threads").asInt()).isEqualTo(4);
        assertThat(settings.get("minFidelity").asDouble()).isEqualTo(0.95);
        assertThat(settings.get("searchTimeSeconds").asDouble()).isEqualTo(600.0);
        assertThat(settings.get("seed").asLong()).isEqualTo(42);
    }

    @Test
    void writesArchitecturesLayerByLayerWithDroppedLayersAsAString() throws Exception {
        JsonNode json = mapper.readTree(ReportJson.render(report(CANDIDATES, CHOSEN)));

        JsonNode original = json.get("original").get("architecture");
        assertThat(original).hasSize(12);
        assertThat(original.get(11).get("heads").asInt()).isEqualTo(12);
        assertThat(original.get(11).get("neurons").asInt()).isEqualTo(3072);
        JsonNode fast = json.get("candidates").get(0).get("architecture");
        assertThat(fast).hasSize(12);
        assertThat(fast.get(3).get("heads").asInt()).isEqualTo(8);
        assertThat(fast.get(3).get("neurons").asInt()).isEqualTo(1536);
        assertThat(fast.get(4).isTextual()).isTrue();
        assertThat(fast.get(4).asText()).isEqualTo("dropped");
    }

    @Test
    void writesEachCandidateWithMissingValuesAsNull() throws Exception {
        JsonNode candidates =
                mapper.readTree(ReportJson.render(report(CANDIDATES, CHOSEN))).get("candidates");

        assertThat(candidates).hasSize(5);
        JsonNode fast = candidates.get(0);
        assertThat(fast.get("predictedMs").asDouble()).isEqualTo(22.0);
        assertThat(fast.get("measuredMs").asDouble()).isEqualTo(25.0);
        assertThat(fast.get("fidelity").get("meanCosine").asDouble()).isEqualTo(0.93);
        assertThat(fast.get("fidelity").get("p5Cosine").asDouble()).isEqualTo(0.88);
        assertThat(fast.get("fidelity").get("recallAt10").asDouble()).isEqualTo(0.80);
        assertThat(candidates.get(3).get("measuredMs").isNull()).isTrue();
        assertThat(candidates.get(4).get("fidelity").isNull()).isTrue();
    }

    @Test
    void flagsTheChosenTheFrontAndWhatFitsTheBudget() throws Exception {
        JsonNode json = mapper.readTree(ReportJson.render(report(CANDIDATES, CHOSEN)));

        assertThat(flags(json, "chosen")).containsExactly(false, false, true, false, false);
        // Measured 30 ms fits a 30 ms budget; the slow one only has a prediction, which is over.
        assertThat(flags(json, "withinBudget")).containsExactly(true, true, true, false, true);
        assertThat(flags(json, "paretoFront")).containsExactly(true, false, true, true, false);
        assertThat(json.get("chosen"))
                .isEqualTo(json.get("candidates")
                        .get(2)
                        .<ObjectNode>deepCopy()
                        .without(List.of("withinBudget", "paretoFront", "chosen")));
        assertThat(json.get("heldOut").get("meanCosine").asDouble()).isEqualTo(0.9712);
    }

    @Test
    void checksTheLatencyModelOnTheMeasuredCandidates() throws Exception {
        JsonNode latencyModel =
                mapper.readTree(ReportJson.render(report(CANDIDATES, CHOSEN))).get("latencyModel");

        double fast = 100.0 * (22 - 25) / 25;
        double dominated = 100.0 * (26 - 28) / 28;
        double chosen = 100.0 * (27 - 30) / 30;
        assertThat(latencyModel.get("compared").asInt()).isEqualTo(3);
        assertThat(latencyModel.get("meanAbsolutePercentError").asDouble())
                .isCloseTo((Math.abs(fast) + Math.abs(dominated) + Math.abs(chosen)) / 3, within(1e-9));
        assertThat(latencyModel.get("meanSignedPercentError").asDouble())
                .isCloseTo((fast + dominated + chosen) / 3, within(1e-9));
    }

    @Test
    void whenNothingWasChosenTheChoiceIsNull() throws Exception {
        JsonNode json = mapper.readTree(ReportJson.render(report(CANDIDATES, null)));

        assertThat(json.get("chosen").isNull()).isTrue();
        assertThat(json.get("heldOut").isNull()).isTrue();
        assertThat(flags(json, "chosen")).containsOnly(false);
    }

    @Test
    void numbersThatAreNotFiniteBecomeNullSoTheFileStaysStrictJson() throws Exception {
        Candidate unpredicted = new Candidate(keeping(3, new LayerShape(2, 512)), Double.NaN, 12.0, null);
        List<Candidate> neverTimed = List.of(new Candidate(keeping(3, new LayerShape(2, 512)), 11, null, null));

        JsonNode json = mapper.readTree(ReportJson.render(report(List.of(unpredicted), null)));
        JsonNode unchecked = mapper.readTree(ReportJson.render(report(neverTimed, null)));

        assertThat(json.get("candidates").get(0).get("predictedMs").isNull()).isTrue();
        assertThat(unchecked.get("latencyModel").get("compared").asInt()).isZero();
        assertThat(unchecked.get("latencyModel").get("meanAbsolutePercentError").isNull())
                .isTrue();
    }

    private static List<Boolean> flags(JsonNode json, String flag) {
        return StreamSupport.stream(json.get("candidates").spliterator(), false)
                .map(candidate -> candidate.get(flag).asBoolean())
                .toList();
    }
}
