package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The preprocessed training rows an {@link Algorithm} fits: a feature matrix and one target per row. Immutable by
 * contract: neither the algorithm nor the caller modifies the arrays.
 *
 * @param features one feature vector per row, all of the same length (possibly 0)
 * @param targets regression: the value per row; classification: the class index per row, in {@code [0, classes)}
 * @param classes classification: the class labels, at least 2; regression: empty
 */
public record TrainingData(Task task, double[][] features, double[] targets, List<String> classes) {
    public TrainingData {
        requireNonNull(task, "task is null");
        requireNonNull(features, "features is null");
        requireNonNull(targets, "targets is null");
        classes = List.copyOf(requireNonNull(classes, "classes is null"));
        if (features.length == 0) {
            throw new IllegalArgumentException("features has no rows");
        }
        if (targets.length != features.length) {
            throw new IllegalArgumentException(
                    "targets has %d rows, features %d".formatted(targets.length, features.length));
        }
        for (double[] row : features) {
            if (row.length != features[0].length) {
                throw new IllegalArgumentException("feature rows differ in length");
            }
        }
        switch (task) {
            case REGRESSION -> {
                if (!classes.isEmpty()) {
                    throw new IllegalArgumentException("regression data has classes: " + classes);
                }
            }
            case CLASSIFICATION -> {
                if (classes.size() < 2) {
                    throw new IllegalArgumentException("classification needs at least 2 classes: " + classes);
                }
                for (double target : targets) {
                    if (target < 0 || target >= classes.size() || target != Math.rint(target)) {
                        throw new IllegalArgumentException("target is not a class index: " + target);
                    }
                }
            }
        }
    }

    public int rowCount() {
        return features.length;
    }

    public int featureCount() {
        return features[0].length;
    }

    public int classCount() {
        return classes.size();
    }
}
