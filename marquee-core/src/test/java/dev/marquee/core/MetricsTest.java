package dev.marquee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void computesAucWithTiesCountingHalf() {
        boolean[] positive = {false, false, true, true};

        assertThat(Metrics.rocAuc(positive, new double[] {0.1, 0.4, 0.35, 0.8})).hasValue(0.75);
        assertThat(Metrics.rocAuc(positive, new double[] {0.1, 0.2, 0.3, 0.4})).hasValue(1);
        assertThat(Metrics.rocAuc(positive, new double[] {0.5, 0.5, 0.5, 0.5})).hasValue(0.5);
        assertThat(Metrics.rocAuc(new boolean[] {true, true}, new double[] {0.1, 0.2})).isEmpty();
    }

    @Test
    void computesBinaryClassificationMetrics() {
        int[] actual = {0, 0, 1, 1};
        double[][] probabilities = {{0.9, 0.1}, {0.6, 0.4}, {0.65, 0.35}, {0.2, 0.8}};

        Map<String, Double> metrics = Metrics.classification(actual, probabilities);

        assertThat(metrics.get("accuracy")).isEqualTo(0.75);
        double logLoss = -(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4;
        assertThat(metrics.get("log_loss")).isCloseTo(logLoss, within(1e-12));
        assertThat(metrics.get("roc_auc")).isEqualTo(0.75);
    }

    @Test
    void averagesOneVersusRestAucOverClassesThatOccur() {
        int[] actual = {0, 1, 2, 2};
        double[][] probabilities = {{0.8, 0.1, 0.1}, {0.1, 0.8, 0.1}, {0.1, 0.1, 0.8}, {0.5, 0.4, 0.1}};

        Map<String, Double> metrics = Metrics.classification(actual, probabilities);

        // Class 0: 1 vs {0.1,0.1,0.5} -> 1; class 1: 1; class 2: positives {0.8,0.1} vs {0.1,0.1} -> (1 + 0.5)/2.
        assertThat(metrics.get("roc_auc")).isCloseTo((1 + 1 + 0.75) / 3, within(1e-12));
        assertThat(metrics.get("accuracy")).isEqualTo(0.75);
    }

    @Test
    void clipsZeroProbabilitiesInLogLoss() {
        Map<String, Double> metrics = Metrics.classification(new int[] {1}, new double[][] {{1, 0}});

        assertThat(metrics.get("log_loss")).isCloseTo(-Math.log(Metrics.EPSILON), within(1e-9));
    }

    @Test
    void computesRegressionMetricsAndOmitsUndefinedR2() {
        Map<String, Double> metrics = Metrics.regression(new double[] {1, 2, 3}, new double[] {1, 2, 5});

        assertThat(metrics.get("rmse")).isCloseTo(Math.sqrt(4.0 / 3), within(1e-12));
        assertThat(metrics.get("mae")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(metrics.get("r2")).isCloseTo(1 - 4.0 / 2, within(1e-12));
        assertThat(Metrics.regression(new double[] {2, 2}, new double[] {1, 2})).doesNotContainKey("r2");
    }

    // Expected values computed with scikit-learn 1.2.1 (average_precision_score, precision_recall_fscore_support,
    // confusion_matrix) on the same rows.
    @Test
    void matchesScikitLearnOnPrecisionRecallAndAveragePrecision() {
        int[] actual = {0, 0, 1, 1, 1, 0, 1, 0};
        double[] scores = {0.1, 0.6, 0.35, 0.8, 0.8, 0.2, 0.9, 0.8};
        double[][] probabilities = new double[scores.length][];
        boolean[] positive = new boolean[scores.length];
        for (int row = 0; row < scores.length; row++) {
            probabilities[row] = new double[] {1 - scores[row], scores[row]};
            positive[row] = actual[row] == 1;
        }

        assertThat(Metrics.averagePrecision(positive, scores).orElseThrow()).isCloseTo(0.7916666666666666, within(1e-12));
        List<ClassMetrics> perClass = Metrics.perClass(actual, probabilities, List.of("no", "yes"));
        assertThat(perClass).extracting(ClassMetrics::label).containsExactly("no", "yes");
        assertThat(perClass.get(0).precision()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(perClass.get(0).recall()).isCloseTo(0.5, within(1e-12));
        assertThat(perClass.get(1).f1()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(perClass).extracting(ClassMetrics::support).containsExactly(4L, 4L);
        assertThat(Metrics.confusionMatrix(actual, probabilities, 2)).isDeepEqualTo(new long[][] {{2, 2}, {1, 3}});
        Map<String, Double> metrics = Metrics.classification(actual, probabilities);
        assertThat(metrics.get("pr_auc")).isCloseTo(0.7916666666666666, within(1e-12));
        assertThat(metrics.get("f1_macro")).isCloseTo((0.5714285714285714 + 2 / 3.0) / 2, within(1e-12));
    }

    @Test
    void calibrationErrorIsZeroForCalibratedAndLargeForOverconfidentModels() {
        int[] actual = {1, 1, 1, 0, 0, 0, 1, 0};
        double[][] calibrated = new double[8][];
        double[][] overconfident = new double[8][];
        for (int row = 0; row < 8; row++) {
            calibrated[row] = new double[] {0.5, 0.5};
            overconfident[row] = actual[row] == 1 && row < 4 ? new double[] {0, 1} : new double[] {1, 0};
        }
        // Every prediction says 0.5 and half are right; the overconfident one is certain and right 7 times of 8.
        assertThat(Metrics.calibrationError(actual, calibrated)).isCloseTo(0, within(1e-12));
        assertThat(Metrics.calibrationError(actual, overconfident)).isCloseTo(0.125, within(1e-12));
    }
}
