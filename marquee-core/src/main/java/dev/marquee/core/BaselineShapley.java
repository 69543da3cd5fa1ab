package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Model-agnostic Shapley values of the input columns relative to one baseline (Sundararajan & Najmi, "The many
 * Shapley values for model explanation", 2020): the game's value of a set of columns is the model's output on a row
 * whose columns in the set hold the caller's values and all others are missing — the row the fitted pipeline imputes
 * from training statistics, so no background data is needed. The base value is the output on the all-missing row,
 * and contributions add up exactly to output − base (local accuracy) on the model's own scale: probabilities for
 * classification, the value for regression.
 *
 * <p>Up to {@value #EXACT_COLUMNS} columns the values are exact (all 2<sup>d</sup> coalitions); beyond, they are
 * estimated from {@value #PERMUTATIONS} antithetic permutations drawn from a fixed seed, which still add up exactly and
 * replay identically. Cost per row: 2<sup>d</sup> or {@value #PERMUTATIONS}·(d + 1) model evaluations. Immutable
 * and thread-safe.
 */
public final class BaselineShapley implements ColumnAttribution {
    /** Most columns for which every coalition is evaluated. */
    public static final int EXACT_COLUMNS = 10;

    /** Permutations sampled beyond {@link #EXACT_COLUMNS} (half of them the reverses of the other half). */
    public static final int PERMUTATIONS = 16;

    private static final long PERMUTATION_SEED = 0x5eed5eedL;

    private final FittedPipeline pipeline;
    private final FittedModel model;
    private final int[] offsets;
    private final double[] baseline;

    public BaselineShapley(FittedPipeline pipeline, FittedModel model) {
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.model = requireNonNull(model, "model is null");
        if (model.featureCount() != pipeline.featureCount()) {
            throw new IllegalArgumentException("model has %d features, pipeline %d"
                    .formatted(model.featureCount(), pipeline.featureCount()));
        }
        int columns = pipeline.encoders().size();
        offsets = new int[columns + 1];
        for (int column = 0; column < columns; column++) {
            offsets[column + 1] = offsets[column] + pipeline.encoders().get(column).width();
        }
        baseline = pipeline.transform(new Object[columns], 0);
    }

    @Override
    public String method() {
        return "baseline_shapley";
    }

    @Override
    public String scale() {
        return model.outputCount() == 1 ? "value" : "probability";
    }

    @Override
    public List<String> columns() {
        return pipeline.columns();
    }

    @Override
    public double[][] contributions(double[] features) {
        int columns = offsets.length - 1;
        int outputs = model.outputCount();
        double[][] contributions = new double[outputs][columns + 1];
        if (columns <= EXACT_COLUMNS) {
            exact(features, contributions);
        }
        else {
            sampled(features, contributions);
        }
        double[] base = new double[outputs];
        model.predict(baseline, base);
        for (int output = 0; output < outputs; output++) {
            contributions[output][columns] = base[output];
        }
        return contributions;
    }

    /** φ_i = Σ over coalitions S without i of |S|!(d−|S|−1)!/d! · (v(S ∪ {i}) − v(S)). */
    private void exact(double[] features, double[][] contributions) {
        int columns = offsets.length - 1;
        int outputs = model.outputCount();
        double[][] values = new double[1 << columns][outputs];
        double[] row = baseline.clone();
        for (int coalition = 0; coalition < values.length; coalition++) {
            for (int column = 0; column < columns; column++) {
                copyColumn((coalition & (1 << column)) != 0 ? features : baseline, row, column);
            }
            model.predict(row, values[coalition]);
        }
        double[] weights = new double[columns];
        for (int size = 0; size < columns; size++) {
            weights[size] = 1 / (columns * binomial(columns - 1, size));
        }
        for (int coalition = 0; coalition < values.length; coalition++) {
            int size = Integer.bitCount(coalition);
            for (int column = 0; column < columns; column++) {
                if ((coalition & (1 << column)) != 0) {
                    continue;
                }
                double weight = weights[size];
                double[] with = values[coalition | (1 << column)];
                double[] without = values[coalition];
                for (int output = 0; output < outputs; output++) {
                    contributions[output][column] += weight * (with[output] - without[output]);
                }
            }
        }
    }

    /** Averages the marginal contributions along antithetic pairs of random column orders. */
    private void sampled(double[] features, double[][] contributions) {
        int columns = offsets.length - 1;
        int outputs = model.outputCount();
        SplittableRandom random = new SplittableRandom(PERMUTATION_SEED);
        double[] previous = new double[outputs];
        double[] current = new double[outputs];
        int[] order = new int[columns];
        for (int permutation = 0; permutation < PERMUTATIONS; permutation++) {
            if (permutation % 2 == 0) {
                shuffle(order, random);
            }
            else {
                reverse(order);
            }
            double[] row = baseline.clone();
            model.predict(row, previous);
            for (int column : order) {
                copyColumn(features, row, column);
                model.predict(row, current);
                for (int output = 0; output < outputs; output++) {
                    contributions[output][column] += (current[output] - previous[output]) / PERMUTATIONS;
                }
                System.arraycopy(current, 0, previous, 0, outputs);
            }
        }
    }

    private void copyColumn(double[] source, double[] target, int column) {
        System.arraycopy(source, offsets[column], target, offsets[column], offsets[column + 1] - offsets[column]);
    }

    private static double binomial(int n, int k) {
        double result = 1;
        for (int index = 1; index <= k; index++) {
            result = result * (n - k + index) / index;
        }
        return result;
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int index = 0; index < order.length; index++) {
            order[index] = index;
        }
        for (int index = order.length - 1; index > 0; index--) {
            int other = random.nextInt(index + 1);
            int swap = order[index];
            order[index] = order[other];
            order[other] = swap;
        }
    }

    private static void reverse(int[] order) {
        for (int left = 0, right = order.length - 1; left < right; left++, right--) {
            int swap = order[left];
            order[left] = order[right];
            order[right] = swap;
        }
    }
}
