package io.github.espalier.runtime.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntheticInputsTest {
    private static final List<Dim> TOKENS = List.of(Dim.symbol("batch_size"), Dim.symbol("sequence_length"));

    @Test
    void fillsIdsMaskAndTypesOfTheAskedShape() {
        Map<String, Tensor> inputs = SyntheticInputs.tokens(
                List.of(
                        new ValueSpec("input_ids", DType.INT64, TOKENS),
                        new ValueSpec("attention_mask", DType.INT64, TOKENS),
                        new ValueSpec("token_type_ids", DType.INT64, List.of(Dim.of(2), Dim.symbol("s")))),
                2,
                1500);

        assertThat(inputs).containsOnlyKeys("input_ids", "attention_mask", "token_type_ids");
        assertThat(inputs.values())
                .allSatisfy(tensor -> assertThat(tensor.shape()).containsExactly(2, 1500));
        assertThat(inputs.get("attention_mask").toLongArray()).containsOnly(1L);
        assertThat(inputs.get("token_type_ids").toLongArray()).containsOnly(0L);
        long[] ids = inputs.get("input_ids").toLongArray();
        assertThat(Arrays.stream(ids).min().orElseThrow()).isEqualTo(SyntheticInputs.FIRST_TOKEN);
        assertThat(Arrays.stream(ids).max().orElseThrow()).isEqualTo(SyntheticInputs.LAST_TOKEN);
    }

    @Test
    void refusesAnInputThatIsNotTokens() {
        List<ValueSpec> inputs = List.of(
                new ValueSpec("input_ids", DType.INT64, TOKENS),
                new ValueSpec("pixel_values", DType.FLOAT, List.of(Dim.of(1), Dim.of(3), Dim.of(224), Dim.of(224))));

        assertThatThrownBy(() -> SyntheticInputs.tokens(inputs, 1, 128))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("input 'pixel_values' is FLOAT [1, 3, 224, 224]")
                .hasMessageContaining("int64 token inputs of shape [1, 128]");
    }

    @Test
    void refusesAFixedSizeOtherThanTheAskedShape() {
        List<ValueSpec> inputs = List.of(new ValueSpec("input_ids", DType.INT64, List.of(Dim.of(1), Dim.of(64))));

        assertThatThrownBy(() -> SyntheticInputs.tokens(inputs, 1, 128))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("input 'input_ids' is INT64 [1, 64]");
    }
}
