package io.github.espalier.compiler.search.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.espalier.compiler.search.Architecture;
import io.github.espalier.compiler.search.Candidate;
import io.github.espalier.compiler.search.Fidelity;
import io.github.espalier.compiler.search.LayerShape;
import io.github.espalier.compiler.search.SearchReport;
import io.github.espalier.compiler.search.SearchSettings;
import java.util.Optional;
import java.util.Set;

/**
 * {@code report.json}: the search's findings for tools, in the shape {@code docs/search-report.md} documents.
 * Fields are only ever added; a missing value (not timed, not scored, nothing chosen) is {@code null}, never left
 * out, and a number that is not finite is written as {@code null} too, so the file is always strict JSON.
 */
final class ReportJson {
    /** Changes only when a field is removed or changes meaning. */
    static final String FORMAT = "espalier-search-report/1";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {}

    static String render(SearchReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("model", report.modelName());
        root.put("machine", report.machine());
        number(root, "elapsedSeconds", report.elapsed().toMillis() / 1000.0);
        root.set("settings", settings(report.settings()));
        root.set("original", candidate(report.original()));

        Set<Candidate> front = Set.copyOf(ParetoFront.of(report.candidates()));
        ArrayNode candidates = root.putArray("candidates");
        for (Candidate candidate : report.candidates()) {
            ObjectNode node = candidate(candidate);
            node.put("withinBudget", Budget.fits(candidate, report.settings()));
            node.put("paretoFront", front.contains(candidate));
            node.put("chosen", candidate.equals(report.chosen()));
            candidates.add(node);
        }
        root.set("chosen", report.chosen() == null ? null : candidate(report.chosen()));
        root.set("heldOut", fidelity(report.heldOut()));
        root.set("latencyModel", latencyModel(LatencyModelCheck.of(report.candidates())));
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serializes; reaching here is a bug, not an input problem.
            throw new IllegalStateException("Could not write the search report as JSON", e);
        }
    }

    private static ObjectNode settings(SearchSettings settings) {
        ObjectNode node = MAPPER.createObjectNode();
        number(node, "latencyBudgetMs", settings.latencyBudgetMs());
        node.put("batchSize", settings.batchSize());
        node.put("sequenceLength", settings.sequenceLength());
        node.put("threads", settings.threads());
        number(node, "minFidelity", settings.minFidelity());
        number(node, "searchTimeSeconds", settings.searchTime().toMillis() / 1000.0);
        node.put("seed", settings.seed());
        return node;
    }

    private static ObjectNode candidate(Candidate candidate) {
        ObjectNode node = MAPPER.createObjectNode();
        node.set("architecture", architecture(candidate.architecture()));
        number(node, "predictedMs", candidate.predictedMs());
        if (candidate.measuredMs() == null) {
            node.putNull("measuredMs");
        } else {
            number(node, "measuredMs", candidate.measuredMs());
        }
        node.set("fidelity", fidelity(candidate.fidelity()));
        node.set("distilled", fidelity(candidate.distilled()));
        return node;
    }

    /** One entry per layer in running order: {@code {"heads": 12, "neurons": 1536}}, or {@code "dropped"}. */
    private static ArrayNode architecture(Architecture architecture) {
        ArrayNode layers = MAPPER.createArrayNode();
        for (LayerShape layer : architecture.layers()) {
            if (layer.dropped()) {
                layers.add("dropped");
            } else {
                layers.addObject().put("heads", layer.heads()).put("neurons", layer.neurons());
            }
        }
        return layers;
    }

    private static ObjectNode fidelity(Fidelity fidelity) {
        if (fidelity == null) {
            return null;
        }
        ObjectNode node = MAPPER.createObjectNode();
        number(node, "meanCosine", fidelity.meanCosine());
        number(node, "p5Cosine", fidelity.p5Cosine());
        number(node, "recallAt10", fidelity.recallAt10());
        return node;
    }

    private static ObjectNode latencyModel(Optional<LatencyModelCheck> check) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("compared", check.map(LatencyModelCheck::compared).orElse(0));
        number(node, "meanAbsolutePercentError", check.map(LatencyModelCheck::meanAbsolutePercentError));
        number(node, "meanSignedPercentError", check.map(LatencyModelCheck::meanSignedPercentError));
        return node;
    }

    private static void number(ObjectNode node, String field, Optional<Double> value) {
        number(node, field, value.orElse(Double.NaN));
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}
