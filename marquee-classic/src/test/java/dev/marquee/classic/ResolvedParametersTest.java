package dev.marquee.classic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marquee.core.Algorithm;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model manifests store resolved parameters and re-read them, so every text form an algorithm resolves to must
 * resolve to itself again, including for values given in another case, with blanks, or in a non-canonical number form.
 */
class ResolvedParametersTest {
    static Stream<Arguments> parameters() {
        return Stream.of(
                Arguments.of(new DecisionTree(), Map.of()),
                Arguments.of(new DecisionTree(), Map.of("max_features", " SQRT ", "max_depth", "7")),
                Arguments.of(new DecisionTree(), Map.of("max_features", "5e-1")),
                Arguments.of(new DecisionTree(), Map.of("max_features", "007")),
                Arguments.of(new RandomForest(), Map.of()),
                Arguments.of(new RandomForest(), Map.of("bootstrap", " False ", "max_features", "Log2")),
                Arguments.of(new KernelSvm(), Map.of()),
                Arguments.of(new KernelSvm(), Map.of("kernel", " POLY ", "gamma", "2")),
                Arguments.of(new KernelSvm(), Map.of("gamma", "Scale")),
                Arguments.of(new LinearSvm(), Map.of()),
                Arguments.of(new LinearSvm(), Map.of("loss", "Squared_Hinge")),
                Arguments.of(new Mlp(), Map.of()),
                Arguments.of(new Mlp(), Map.of(
                        "hidden_layers", " 64 , 32 ",
                        "activation", "TANH",
                        "solver", "sgd",
                        "learning_rate_schedule", "Adaptive",
                        "nesterov", "FALSE",
                        "early_stopping", "true")));
    }

    @ParameterizedTest
    @MethodSource("parameters")
    void resolvedParametersResolveToThemselves(Algorithm algorithm, Map<String, String> given) {
        Map<String, String> resolved = algorithm.resolveParameters(given);

        assertThat(algorithm.resolveParameters(resolved)).isEqualTo(resolved);
    }

    @Test
    void writesWordsInLowerCaseAndNumbersInTheirJavaForm() {
        assertThat(new RandomForest().resolveParameters(Map.of("bootstrap", " False ", "max_features", "5e-1")))
                .containsEntry("bootstrap", "false")
                .containsEntry("max_features", "0.5");
        assertThat(new KernelSvm().resolveParameters(Map.of("kernel", " POLY ", "gamma", "2")))
                .containsEntry("kernel", "poly")
                .containsEntry("gamma", "2.0");
        assertThat(new Mlp().resolveParameters(Map.of("activation", "TANH", "nesterov", "FALSE")))
                .containsEntry("activation", "tanh")
                .containsEntry("nesterov", "false")
                .containsEntry("tolerance", "1.0E-4");
    }
}
