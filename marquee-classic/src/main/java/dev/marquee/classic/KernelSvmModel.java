package dev.marquee.classic;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.FittedModel;
import dev.marquee.core.Task;

/**
 * A fitted kernel SVM, stored as libsvm and scikit-learn store it ({@code support_vectors_}, {@code n_support},
 * {@code dual_coef_}, {@code intercept_ = -rho}, {@code probA_}, {@code probB_}), and evaluated in plain Java.
 *
 * <p>Classification with k classes: the support vectors are grouped by class in class order, {@link
 * #supportCounts()} per class. For each pair of classes i < j, in the order (0, 1), (0, 2), …, (1, 2), …, the
 * decision value is {@code Σ dualCoefficients[j - 1][s] K(sv_s, x)} over the support vectors s of class i, plus
 * {@code Σ dualCoefficients[i][s] K(sv_s, x)} over those of class j, plus the pair's intercept; a positive value is
 * a vote for class i, otherwise for class j. The predicted class has the most votes, the lowest index on a tie, as
 * libsvm's and scikit-learn's {@code predict}.
 *
 * <p>Probabilities: each pair's decision value becomes a probability by its Platt sigmoid {@code 1 / (1 + exp(A d +
 * B))}, kept within [1e-7, 1 - 1e-7], and the pairwise probabilities are coupled into class probabilities by Wu, Lin
 * and Weng's method, as libsvm. Where the coupled probabilities would favour another class than the vote, the vote
 * decides: its class takes the largest probability (see {@link PlattScaling#favour}), so the most probable class is
 * always the predicted one.
 *
 * <p>Regression: one support-vector group, one row of dual coefficients and one intercept; the prediction is {@code
 * Σ dualCoefficients[0][s] K(sv_s, x) + intercept}. No sigmoids.
 *
 * <p>Immutable by contract (the arrays are never modified) and thread-safe. Unlike most models its {@link #predict}
 * allocates scratch arrays: one kernel value per support vector and one decision value per pair. Its JSON shape is
 * part of the artifact format.
 *
 * @param featureCount the length of the support vectors and of the rows it scores
 * @param supportVectors the support vectors, each {@code featureCount} long
 * @param supportCounts classification: the number of support vectors per class, k ≥ 2 entries; regression: one
 *     entry, the number of support vectors
 * @param dualCoefficients k - 1 rows (regression: 1) of one coefficient per support vector
 * @param intercepts one per pair of classes (regression: 1)
 * @param probabilityA the Platt slope A per pair of classes (regression: none)
 * @param probabilityB the Platt offset B per pair of classes (regression: none)
 */
public record KernelSvmModel(
        Task task,
        SvmKernel kernel,
        int featureCount,
        double[][] supportVectors,
        int[] supportCounts,
        double[][] dualCoefficients,
        double[] intercepts,
        double[] probabilityA,
        double[] probabilityB)
        implements FittedModel {
    public KernelSvmModel {
        requireNonNull(task, "task is null");
        requireNonNull(kernel, "kernel is null");
        requireNonNull(supportVectors, "supportVectors is null");
        requireNonNull(supportCounts, "supportCounts is null");
        requireNonNull(dualCoefficients, "dualCoefficients is null");
        requireNonNull(intercepts, "intercepts is null");
        requireNonNull(probabilityA, "probabilityA is null");
        requireNonNull(probabilityB, "probabilityB is null");
        if (featureCount < 0) {
            throw new IllegalArgumentException("featureCount must not be negative: " + featureCount);
        }
        for (double[] vector : supportVectors) {
            requireNonNull(vector, "support vector is null");
            if (vector.length != featureCount) {
                throw new IllegalArgumentException(
                        "support vector has %d features, expected %d".formatted(vector.length, featureCount));
            }
            Vectors.requireFinite(vector, "supportVectors");
        }
        int groups = supportCounts.length;
        int total = 0;
        for (int count : supportCounts) {
            if (count < 0) {
                throw new IllegalArgumentException("supportCounts must not be negative: " + count);
            }
            total += count;
        }
        if (total != supportVectors.length) {
            throw new IllegalArgumentException("supportCounts add up to %d, but there are %d support vectors"
                    .formatted(total, supportVectors.length));
        }
        int pairs = switch (task) {
            case REGRESSION -> {
                if (groups != 1) {
                    throw new IllegalArgumentException("regression needs one support count, had " + groups);
                }
                yield 1;
            }
            case CLASSIFICATION -> {
                if (groups < 2) {
                    throw new IllegalArgumentException("classification needs a support count per class, at least 2");
                }
                yield groups * (groups - 1) / 2;
            }
        };
        int coefficientRows = task == Task.REGRESSION ? 1 : groups - 1;
        if (dualCoefficients.length != coefficientRows) {
            throw new IllegalArgumentException("need %d rows of dual coefficients, had %d"
                    .formatted(coefficientRows, dualCoefficients.length));
        }
        for (double[] row : dualCoefficients) {
            requireNonNull(row, "dual coefficient row is null");
            if (row.length != supportVectors.length) {
                throw new IllegalArgumentException("dual coefficient row has %d entries for %d support vectors"
                        .formatted(row.length, supportVectors.length));
            }
            Vectors.requireFinite(row, "dualCoefficients");
        }
        if (intercepts.length != pairs) {
            throw new IllegalArgumentException("need %d intercepts, had %d".formatted(pairs, intercepts.length));
        }
        Vectors.requireFinite(intercepts, "intercepts");
        int sigmoids = task == Task.REGRESSION ? 0 : pairs;
        if (probabilityA.length != sigmoids || probabilityB.length != sigmoids) {
            throw new IllegalArgumentException("need %d Platt sigmoids, had %d slopes and %d offsets"
                    .formatted(sigmoids, probabilityA.length, probabilityB.length));
        }
        Vectors.requireFinite(probabilityA, "probabilityA");
        Vectors.requireFinite(probabilityB, "probabilityB");
    }

    @Override
    public int outputCount() {
        return task == Task.REGRESSION ? 1 : supportCounts.length;
    }

    @Override
    public void predict(double[] features, double[] output) {
        double[] kernelValues = new double[supportVectors.length];
        for (int vector = 0; vector < supportVectors.length; vector++) {
            kernelValues[vector] = kernel.value(supportVectors[vector], features);
        }
        switch (task) {
            case REGRESSION -> output[0] = Vectors.dot(dualCoefficients[0], kernelValues) + intercepts[0];
            case CLASSIFICATION -> classify(kernelValues, output);
        }
    }

    private void classify(double[] kernelValues, double[] output) {
        int classes = supportCounts.length;
        int[] starts = new int[classes];
        for (int label = 1; label < classes; label++) {
            starts[label] = starts[label - 1] + supportCounts[label - 1];
        }
        int[] votes = new int[classes];
        double[][] pairwise = new double[classes][classes];
        int pair = 0;
        for (int first = 0; first < classes; first++) {
            for (int second = first + 1; second < classes; second++, pair++) {
                double decision = intercepts[pair]
                        + partialSum(dualCoefficients[second - 1], kernelValues, starts[first], supportCounts[first])
                        + partialSum(dualCoefficients[first], kernelValues, starts[second], supportCounts[second]);
                votes[decision > 0 ? first : second]++;
                double probability = PlattScaling.pairwiseProbability(
                        new PlattScaling.Sigmoid(probabilityA[pair], probabilityB[pair]), decision);
                pairwise[first][second] = probability;
                pairwise[second][first] = 1 - probability;
            }
        }
        int winner = 0;
        for (int label = 1; label < classes; label++) {
            if (votes[label] > votes[winner]) {
                winner = label;
            }
        }
        PlattScaling.couple(pairwise, output);
        PlattScaling.favour(output, winner);
    }

    private static double partialSum(double[] coefficients, double[] kernelValues, int start, int count) {
        double sum = 0;
        for (int vector = start; vector < start + count; vector++) {
            sum += coefficients[vector] * kernelValues[vector];
        }
        return sum;
    }
}
