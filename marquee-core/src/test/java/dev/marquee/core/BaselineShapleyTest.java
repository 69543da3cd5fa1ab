package dev.marquee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineShapleyTest {
    @Test
    void givesEachColumnItsOwnEffectForAnAdditiveModel() {
        FittedPipeline pipeline = numericPipeline(3);
        // 2·x0 − x1 + 0.5·x2 + 1 on standardised features: each column's Shapley value is its own term's change.
        FittedModel additive = model(3, 1, (features, output) ->
                output[0] = 2 * features[0] - features[1] + 0.5 * features[2] + 1);
        BaselineShapley shapley = new BaselineShapley(pipeline, additive);
        double[] features = pipeline.transform(new Object[] {3.0, 4.0, 5.0}, 0);
        double[] baseline = pipeline.transform(new Object[3], 0);

        double[][] contributions = shapley.contributions(features);

        assertThat(contributions[0][0]).isCloseTo(2 * (features[0] - baseline[0]), within(1e-12));
        assertThat(contributions[0][1]).isCloseTo(-(features[1] - baseline[1]), within(1e-12));
        assertThat(contributions[0][2]).isCloseTo(0.5 * (features[2] - baseline[2]), within(1e-12));
        assertThat(shapley.method()).isEqualTo("baseline_shapley");
        assertThat(shapley.scale()).isEqualTo("value");
    }

    @Test
    void splitsAnInteractionEquallyAndAddsUpExactly() {
        FittedPipeline pipeline = numericPipeline(2);
        FittedModel product = model(2, 1, (features, output) -> output[0] = features[0] * features[1]);
        double[] features = pipeline.transform(new Object[] {5.0, 7.0}, 0);

        double[][] contributions = new BaselineShapley(pipeline, product).contributions(features);

        // The baseline is the training mean, 0 after standardisation: the product is shared half and half.
        double value = features[0] * features[1];
        assertThat(contributions[0][0]).isCloseTo(value / 2, within(1e-12));
        assertThat(contributions[0][1]).isCloseTo(value / 2, within(1e-12));
        assertThat(contributions[0][2]).isCloseTo(0, within(1e-12));
    }

    @Test
    void sampledValuesForManyColumnsStillAddUpExactlyAndReplay() {
        int columns = BaselineShapley.EXACT_COLUMNS + 5;
        FittedPipeline pipeline = numericPipeline(columns);
        FittedModel nonLinear = model(columns, 2, (features, output) -> {
            double score = 0;
            for (int feature = 0; feature < features.length; feature++) {
                score += Math.sin(features[feature] * (feature + 1)) * features[(feature + 1) % features.length];
            }
            output[1] = 1 / (1 + Math.exp(-score));
            output[0] = 1 - output[1];
        });
        Object[] row = new Object[columns];
        for (int column = 0; column < columns; column++) {
            row[column] = (double) column;
        }
        double[] features = pipeline.transform(row, 0);
        double[] predicted = new double[2];
        nonLinear.predict(features, predicted);
        BaselineShapley shapley = new BaselineShapley(pipeline, nonLinear);

        double[][] contributions = shapley.contributions(features);

        for (int output = 0; output < 2; output++) {
            double total = 0;
            for (double contribution : contributions[output]) {
                total += contribution;
            }
            assertThat(total).isCloseTo(predicted[output], within(1e-12));
        }
        assertThat(shapley.contributions(features)).isDeepEqualTo(contributions);
        assertThat(shapley.scale()).isEqualTo("probability");
    }

    /** A pipeline of numeric columns c0, c1, ... fitted on rows whose column j takes the values j + 0..9. */
    private static FittedPipeline numericPipeline(int columns) {
        List<Column> inputs = new ArrayList<>();
        for (int column = 0; column < columns; column++) {
            inputs.add(new Column("c" + column, ColumnType.NUMERIC));
        }
        List<Object[]> rows = new ArrayList<>();
        for (int row = 0; row < 10; row++) {
            Object[] cells = new Object[columns];
            for (int column = 0; column < columns; column++) {
                cells[column] = (double) (column + row);
            }
            rows.add(cells);
        }
        return FittedPipeline.fit(inputs, rows);
    }

    private interface Scorer {
        void score(double[] features, double[] output);
    }

    private static FittedModel model(int features, int outputs, Scorer scorer) {
        return new FittedModel() {
            @Override
            public int featureCount() {
                return features;
            }

            @Override
            public int outputCount() {
                return outputs;
            }

            @Override
            public void predict(double[] values, double[] output) {
                scorer.score(values, output);
            }
        };
    }
}
