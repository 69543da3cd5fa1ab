package dev.marquee.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.marquee.core.FittedPipeline;
import dev.marquee.core.LoadedModel;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.Predictions;
import dev.marquee.core.ProgressListener;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class LinearSvmTest {
    private final LinearSvm algorithm = new LinearSvm();

    @Test
    void separatesLinearlySeparableClasses() {
        LinearSvmModel model = fit(SvmFixtures.separable(300, 41), Map.of());

        assertThat(SvmFixtures.accuracy(model, SvmFixtures.separable(300, 42))).isEqualTo(1.0);
        // The boundary is x1 + x2 = 0: equal weights, and an intercept small against them.
        assertThat(model.coefficients()[0][0]).isCloseTo(model.coefficients()[0][1], within(0.2));
        assertThat(Math.abs(model.intercepts()[0])).isLessThan(0.2 * model.coefficients()[0][0]);
    }

    @Test
    void separatesWithTheHingeLossToo() {
        LinearSvmModel model = fit(SvmFixtures.separable(300, 43), Map.of("loss", "hinge"));

        assertThat(SvmFixtures.accuracy(model, SvmFixtures.separable(300, 44))).isEqualTo(1.0);
    }

    @Test
    void predictsClassOneExactlyWhereTheDecisionValueIsPositive() {
        LinearSvmModel model = fit(SvmFixtures.separable(200, 45), Map.of());
        double[] output = new double[2];

        for (double[] features : SvmFixtures.separable(200, 46).features()) {
            model.predict(features, output);
            assertThat(output[0] + output[1]).isCloseTo(1, within(1e-12));
            assertThat(output[1] > output[0]).isEqualTo(model.decisionValue(0, features) > 0);
        }
    }

    @Test
    void separatesThreeClassesOneVsRestWithTheHighestDecisionValueMostProbable() {
        TrainingData training = SvmFixtures.clusters(300, 47);
        TrainingData test = SvmFixtures.clusters(150, 48);

        LinearSvmModel model = fit(training, Map.of());

        assertThat(model.coefficients()).hasNumberOfRows(3);
        assertThat(SvmFixtures.accuracy(model, test)).isGreaterThan(0.95);
        double[] output = new double[3];
        double[] decisions = new double[3];
        for (double[] features : test.features()) {
            model.predict(features, output);
            for (int label = 0; label < 3; label++) {
                decisions[label] = model.decisionValue(label, features);
            }
            assertThat(Arrays.stream(output).sum()).isCloseTo(1, within(1e-12));
            assertThat(SvmFixtures.argmax(output)).isEqualTo(SvmFixtures.argmax(decisions));
        }
    }

    @Test
    void fitsALineWithTheEpsilonInsensitiveLoss() {
        LinearSvmModel model = fit(SvmFixtures.line(400, 49), Map.of("c", "10"));

        assertThat(model.coefficients()[0][0]).isCloseTo(2, within(0.02));
        assertThat(model.coefficients()[0][1]).isCloseTo(-1, within(0.02));
        assertThat(model.intercepts()[0]).isCloseTo(1, within(0.02));
        assertThat(model.outputCount()).isEqualTo(1);
    }

    @Test
    void fitsALineWithTheSquaredLossAndAnEpsilonTube() {
        LinearSvmModel model =
                fit(SvmFixtures.line(400, 50), Map.of("loss", "squared_epsilon_insensitive", "epsilon", "0.1"));

        assertThat(model.coefficients()[0][0]).isCloseTo(2, within(0.05));
        assertThat(model.intercepts()[0]).isCloseTo(1, within(0.05));
    }

    @Test
    void replaysExactlyForASeed() {
        TrainingData training = SvmFixtures.clusters(150, 51);

        LinearSvmModel first = fit(training, Map.of());
        LinearSvmModel second = fit(training, Map.of());

        assertThat(first).usingRecursiveComparison().isEqualTo(second);
    }

    @Test
    void explainsEachDecisionValueExactly() {
        LinearSvmModel binary = fit(SvmFixtures.separable(100, 52), Map.of());
        LinearSvmModel multiclass = fit(SvmFixtures.clusters(150, 53), Map.of());
        double[] features = {0.7, -1.3};

        double[][] binaryContributions = new double[2][3];
        binary.contributions(features, binaryContributions);
        double decision = binary.decisionValue(0, features);
        assertThat(Arrays.stream(binaryContributions[1]).sum()).isCloseTo(decision, within(1e-12));
        assertThat(Arrays.stream(binaryContributions[0]).sum()).isCloseTo(-decision, within(1e-12));
        assertThat(binaryContributions[1][2]).isEqualTo(binary.intercepts()[0]);
        assertThat(binary.contributionScale()).isEqualTo("decision_value");

        double[][] contributions = new double[3][3];
        multiclass.contributions(features, contributions);
        for (int label = 0; label < 3; label++) {
            assertThat(Arrays.stream(contributions[label]).sum())
                    .isCloseTo(multiclass.decisionValue(label, features), within(1e-12));
            assertThat(contributions[label][0]).isEqualTo(multiclass.coefficients()[label][0] * features[0]);
        }
    }

    @Test
    void stopsWhenCancelled() {
        TrainingContext cancelled = new TrainingContext(1, ProgressListener.NONE, () -> true);

        assertThatThrownBy(() -> algorithm.fit(SvmFixtures.separable(20, 54), Map.of(), cancelled))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void rejectsBadParametersNamingThem() {
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("C", "1")))
                .isInstanceOf(MarqueeException.class)
                .hasMessage("unknown parameter 'C' for linear_svm; "
                        + "known parameters are [c, epsilon, loss, max_iterations, tolerance]");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("c", "0")))
                .hasMessage("parameter 'c' of linear_svm must be > 0, was 0.0");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("loss", "log")))
                .hasMessage("parameter 'loss' of linear_svm must be one of [auto, squared_hinge, hinge, "
                        + "epsilon_insensitive, squared_epsilon_insensitive], was 'log'");
        assertThatThrownBy(() -> algorithm.fit(SvmFixtures.line(20, 55), Map.of("loss", "hinge"), Fixtures.QUIET))
                .isInstanceOf(MarqueeException.class)
                .hasMessage("parameter 'loss' of linear_svm must be one of "
                        + "[epsilon_insensitive, squared_epsilon_insensitive] for REGRESSION, was 'hinge'");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("max_iterations", "0")))
                .hasMessage("parameter 'max_iterations' of linear_svm must be between 1 and 100000, was 0");
        assertThat(algorithm.resolveParameters(Map.of("loss", " Hinge "))).isEqualTo(Map.of(
                "c", "1.0",
                "loss", "hinge",
                "epsilon", "0.0",
                "tolerance", "1.0E-4",
                "max_iterations", "1000"));
    }

    @Test
    void roundTripsThroughAnArtifactWithIdenticalPredictions() {
        for (TrainingData raw : List.of(
                SvmFixtures.separable(100, 56), SvmFixtures.clusters(90, 57), SvmFixtures.line(100, 58))) {
            FittedPipeline pipeline = SvmFixtures.pipeline(raw);
            TrainingData data = new TrainingData(
                    raw.task(), pipeline.transform(SvmFixtures.rows(raw.features())), raw.targets(), raw.classes());
            LinearSvmModel model = fit(data, Map.of());

            LoadedModel loaded = ModelArtifacts.load(Fixtures.artifact(
                    LinearSvm.NAME, SvmFixtures.POINT_INPUTS, SvmFixtures.output(raw), pipeline, model));

            Object[][] rows = {{0.5, -1.0}, {-2.0, 1.5}, {3.0, 0.0}};
            Predictions predictions = loaded.predict(rows);
            for (int row = 0; row < rows.length; row++) {
                double[] expected = new double[model.outputCount()];
                model.predict(pipeline.transform(rows[row], row), expected);
                if (raw.task() == Task.CLASSIFICATION) {
                    assertThat(predictions.probabilities()[row]).containsExactly(expected);
                }
                else {
                    assertThat(predictions.values()[row]).isEqualTo(expected[0]);
                }
            }
        }
    }

    @Test
    void rejectsAnArtifactWhoseInterceptsDoNotMatchTheCoefficients() {
        TrainingData data = SvmFixtures.clusters(90, 59);
        FittedPipeline pipeline = SvmFixtures.pipeline(data);
        byte[] artifact = Fixtures.artifact(
                LinearSvm.NAME, SvmFixtures.POINT_INPUTS, SvmFixtures.output(data), pipeline, fit(data, Map.of()));

        byte[] corrupted = SvmFixtures.corrupted(artifact, model -> SvmFixtures.dropLast(model, "intercepts"));

        assertThatThrownBy(() -> ModelArtifacts.load(corrupted))
                .isInstanceOf(MarqueeException.class)
                .hasMessageStartingWith("model artifact has an invalid 'model'")
                .rootCause()
                .hasMessage("need as many intercepts as coefficient rows, at least one: 3 and 2");
    }

    private LinearSvmModel fit(TrainingData data, Map<String, String> parameters) {
        return (LinearSvmModel) algorithm.fit(data, parameters, Fixtures.QUIET);
    }
}
