package dev.marquee.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.marquee.core.FittedPipeline;
import dev.marquee.core.LoadedModel;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.Metrics;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.Predictions;
import dev.marquee.core.ProgressListener;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class KernelSvmTest {
    private final KernelSvm algorithm = new KernelSvm();

    @Test
    void learnsACircleThatALinearModelCannot() {
        TrainingData training = SvmFixtures.circle(300, 61);
        TrainingData test = SvmFixtures.circle(300, 62);

        KernelSvmModel rbf = fit(training, Map.of("c", "10"));
        LinearSvmModel linear = (LinearSvmModel) new LinearSvm().fit(training, Map.of(), Fixtures.QUIET);

        assertThat(SvmFixtures.accuracy(rbf, test)).isGreaterThan(0.95);
        // A quarter of the square lies inside the circle: a line does little better than always saying "outside".
        assertThat(SvmFixtures.accuracy(linear, test)).isLessThan(0.85);
    }

    @Test
    void votesOneAgainstOneWithTheVotedClassMostProbable() {
        TrainingData training = SvmFixtures.clusters(150, 63);
        KernelSvmModel model = fit(training, Map.of());

        assertThat(model.supportCounts()).hasSize(3);
        assertThat(model.dualCoefficients()).hasNumberOfRows(2);
        assertThat(SvmFixtures.accuracy(model, SvmFixtures.clusters(150, 64))).isGreaterThan(0.95);
        // Points between and far from the clusters too, where votes may tie and coupling may disagree with the vote.
        Random random = new Random(65);
        double[] output = new double[3];
        for (int point = 0; point < 300; point++) {
            double[] features = {8 * random.nextDouble() - 4, 8 * random.nextDouble() - 4};
            model.predict(features, output);
            assertThat(Arrays.stream(output).sum()).isCloseTo(1, within(1e-9));
            assertThat(SvmFixtures.argmax(output)).isEqualTo(votedClass(model, features));
        }
    }

    @Test
    void neverPredictsAClassWithoutTrainingRows() {
        TrainingData clusters = SvmFixtures.clusters(90, 78);
        double[] targets = clusters.targets().clone();
        for (int row = 0; row < targets.length; row++) {
            targets[row] = targets[row] == 1 ? 2 : targets[row] == 2 ? 3 : 0;
        }
        List<String> classes = List.of("north", "unseen", "east", "south-west");

        KernelSvmModel model =
                fit(new TrainingData(Task.CLASSIFICATION, clusters.features(), targets, classes), Map.of());

        double[] output = new double[4];
        for (double[] features : SvmFixtures.clusters(60, 79).features()) {
            model.predict(features, output);
            assertThat(SvmFixtures.argmax(output)).isNotEqualTo(1);
            assertThat(output[1]).isLessThan(0.01);
            assertThat(Arrays.stream(output).sum()).isCloseTo(1, within(1e-9));
        }
        assertThat(model.supportCounts()[1]).isZero();
    }

    @Test
    void fitsASineWithEpsilonRegression() {
        KernelSvmModel model = fit(SvmFixtures.sine(200, 66), Map.of("c", "10", "epsilon", "0.05"));

        TrainingData test = SvmFixtures.sine(200, 67);
        Map<String, Double> metrics = Metrics.regression(test.targets(), Fixtures.predictAll(model, test.features()));
        assertThat(metrics.get("rmse")).isLessThan(0.1);
        // Rows inside the tube are not support vectors.
        assertThat(model.supportVectors().length).isLessThan(200);
    }

    @Test
    void fitsALineWithTheLinearKernel() {
        KernelSvmModel model = fit(SvmFixtures.line(150, 68), Map.of("kernel", "linear", "epsilon", "0"));

        double[] output = new double[1];
        model.predict(new double[] {1, 1}, output);
        assertThat(output[0]).isCloseTo(2, within(0.05));
        model.predict(new double[] {0, 0}, output);
        assertThat(output[0]).isCloseTo(1, within(0.05));
    }

    @Test
    void separatesClassesWithThePolynomialKernel() {
        TrainingData training = SvmFixtures.circle(200, 69);

        KernelSvmModel model = fit(training, Map.of("kernel", "poly", "degree", "2", "coef0", "1"));

        assertThat(SvmFixtures.accuracy(model, SvmFixtures.circle(200, 70))).isGreaterThan(0.9);
        assertThat(model.kernel()).isEqualTo(
                new SvmKernel(SvmKernel.Type.POLY, KernelSvm.scaleGamma(training.features()), 2, 1));
    }

    @Test
    void scalesGammaByTheFeatureVarianceAsScikitLearn() {
        double[][] features = {{0, 2}, {2, 4}};

        // Values 0, 2, 2, 4: variance 2, two features.
        assertThat(KernelSvm.scaleGamma(features)).isEqualTo(0.25);
        assertThat(KernelSvm.scaleGamma(new double[][] {{1, 1}, {1, 1}})).isEqualTo(1);
    }

    @Test
    void replaysExactly() {
        TrainingData training = SvmFixtures.clusters(90, 71);

        assertThat(fit(training, Map.of())).usingRecursiveComparison().isEqualTo(fit(training, Map.of()));
    }

    @Test
    void reportsProgressPerPairEndingAtOne() {
        List<Double> fractions = new ArrayList<>();
        TrainingContext context = new TrainingContext(1, (fraction, message) -> fractions.add(fraction), () -> false);

        algorithm.fit(SvmFixtures.clusters(60, 72), Map.of(), context);

        assertThat(fractions).hasSize(4).isSorted().last().isEqualTo(1.0);
    }

    @Test
    void reportsLongSolvesWhileTheyRun() {
        List<String> messages = new ArrayList<>();
        TrainingContext context = new TrainingContext(1, (fraction, message) -> messages.add(message), () -> false);

        // Random labels and a high cost: SMO needs many iterations to fit the noise.
        TrainingData circle = SvmFixtures.circle(300, 80);
        Random random = new Random(81);
        double[] noise = random.doubles(300).map(value -> value < 0.5 ? 0 : 1).toArray();
        TrainingData data = new TrainingData(Task.CLASSIFICATION, circle.features(), noise, circle.classes());
        algorithm.fit(data, Map.of("c", "1000"), context);

        assertThat(messages).hasSizeGreaterThan(2);
        assertThat(messages.getFirst()).startsWith("classes 0 and 1: iteration 10000, violation ");
        assertThat(messages.get(messages.size() - 2)).startsWith("classes 0 and 1: converged after ");
    }

    @Test
    void stopsWhenCancelled() {
        TrainingContext cancelled = new TrainingContext(1, ProgressListener.NONE, () -> true);

        assertThatThrownBy(() -> algorithm.fit(SvmFixtures.circle(20, 73), Map.of(), cancelled))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void rejectsBadParametersNamingThem() {
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("nu", "0.5")))
                .isInstanceOf(MarqueeException.class)
                .hasMessage("unknown parameter 'nu' for kernel_svm; known parameters are "
                        + "[c, cache_megabytes, coef0, degree, epsilon, gamma, kernel, tolerance]");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("kernel", "sigmoid")))
                .hasMessage("parameter 'kernel' of kernel_svm must be one of [rbf, poly, linear], was 'sigmoid'");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("gamma", "auto")))
                .hasMessage("parameter 'gamma' of kernel_svm must be 'scale' or a finite number > 0, was 'auto'");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("gamma", "0")))
                .hasMessage("parameter 'gamma' of kernel_svm must be 'scale' or a finite number > 0, was '0'");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("degree", "0")))
                .hasMessage("parameter 'degree' of kernel_svm must be between 1 and 20, was 0");
        assertThatThrownBy(() -> algorithm.resolveParameters(Map.of("c", "-1")))
                .hasMessage("parameter 'c' of kernel_svm must be > 0, was -1.0");
        assertThat(algorithm.resolveParameters(Map.of("gamma", "0.5"))).isEqualTo(Map.of(
                "c", "1.0",
                "kernel", "rbf",
                "gamma", "0.5",
                "degree", "3",
                "coef0", "0.0",
                "epsilon", "0.1",
                "tolerance", "0.001",
                "cache_megabytes", "200"));
        assertThat(algorithm.resolveParameters(Map.of())).containsEntry("gamma", "scale");
    }

    @Test
    void roundTripsThroughAnArtifactWithIdenticalPredictions() {
        for (TrainingData raw : List.of(
                SvmFixtures.circle(100, 74), SvmFixtures.clusters(90, 75), SvmFixtures.line(100, 76))) {
            FittedPipeline pipeline = SvmFixtures.pipeline(raw);
            TrainingData data = new TrainingData(
                    raw.task(), pipeline.transform(SvmFixtures.rows(raw.features())), raw.targets(), raw.classes());
            KernelSvmModel model = fit(data, Map.of());

            LoadedModel loaded = ModelArtifacts.load(Fixtures.artifact(
                    KernelSvm.NAME, SvmFixtures.POINT_INPUTS, SvmFixtures.output(raw), pipeline, model));

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
    void rejectsAnArtifactWhoseDualCoefficientsDoNotMatchTheSupportVectors() {
        TrainingData data = SvmFixtures.clusters(60, 77);
        FittedPipeline pipeline = SvmFixtures.pipeline(data);
        KernelSvmModel model = fit(data, Map.of());
        byte[] artifact =
                Fixtures.artifact(KernelSvm.NAME, SvmFixtures.POINT_INPUTS, SvmFixtures.output(data), pipeline, model);

        byte[] corrupted = SvmFixtures.corrupted(artifact, json -> SvmFixtures.dropLast(json, "dualCoefficients"));

        assertThatThrownBy(() -> ModelArtifacts.load(corrupted))
                .isInstanceOf(MarqueeException.class)
                .hasMessageStartingWith("model artifact has an invalid 'model'")
                .rootCause()
                .hasMessage("dual coefficient row has %d entries for %d support vectors".formatted(
                        model.supportVectors().length - 1, model.supportVectors().length));
    }

    @Test
    void rejectsSupportCountsThatDoNotAddUp() {
        SvmKernel kernel = new SvmKernel(SvmKernel.Type.RBF, 1, 3, 0);
        double[][] vectors = {{0}, {1}};

        assertThatThrownBy(() -> new KernelSvmModel(Task.CLASSIFICATION, kernel, 1, vectors, new int[] {1, 2},
                        new double[][] {{1, -1}}, new double[] {0}, new double[] {-1}, new double[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("supportCounts add up to 3, but there are 2 support vectors");
    }

    /** The class libsvm's predict returns: most one-vs-one votes, the lowest index on a tie. */
    private static int votedClass(KernelSvmModel model, double[] features) {
        int classes = model.supportCounts().length;
        int[] votes = new int[classes];
        int pair = 0;
        for (int first = 0; first < classes; first++) {
            for (int second = first + 1; second < classes; second++, pair++) {
                double decision = model.intercepts()[pair];
                int vector = 0;
                for (int label = 0; label < classes; label++) {
                    for (int count = 0; count < model.supportCounts()[label]; count++, vector++) {
                        double kernel = model.kernel().value(model.supportVectors()[vector], features);
                        if (label == first) {
                            decision += model.dualCoefficients()[second - 1][vector] * kernel;
                        }
                        else if (label == second) {
                            decision += model.dualCoefficients()[first][vector] * kernel;
                        }
                    }
                }
                votes[decision > 0 ? first : second]++;
            }
        }
        return SvmFixtures.argmax(Arrays.stream(votes).asDoubleStream().toArray());
    }

    private KernelSvmModel fit(TrainingData data, Map<String, String> parameters) {
        return (KernelSvmModel) algorithm.fit(data, parameters, Fixtures.QUIET);
    }
}
