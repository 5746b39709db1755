package io.github.espalier.compiler.search.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.espalier.compiler.search.Architecture;
import io.github.espalier.compiler.search.Candidate;
import io.github.espalier.compiler.search.LayerShape;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyModelCheckTest {
    private static final Architecture SHAPE = Architecture.uniform(2, new LayerShape(4, 256));

    @Test
    void averagesTheErrorsOfTheMeasuredCandidatesOnly() {
        List<Candidate> candidates = List.of(
                new Candidate(SHAPE, 11, 10.0, null), // 10 % slow
                new Candidate(SHAPE, 15, 20.0, null), // 25 % fast
                new Candidate(SHAPE, 99, null, null)); // never timed: cannot be checked

        LatencyModelCheck check = LatencyModelCheck.of(candidates).orElseThrow();

        assertThat(check.compared()).isEqualTo(2);
        assertThat(check.meanAbsolutePercentError()).isCloseTo(17.5, within(1e-9));
        assertThat(check.meanSignedPercentError()).isCloseTo(-7.5, within(1e-9));
    }

    @Test
    void withoutMeasurementsThereIsNothingToCheck() {
        assertThat(LatencyModelCheck.of(List.of(new Candidate(SHAPE, 11, null, null))))
                .isEmpty();
    }
}
