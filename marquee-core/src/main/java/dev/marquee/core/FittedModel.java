package dev.marquee.core;

/**
 * A trained model over feature vectors, as produced by an {@link Algorithm}. Implementations are immutable,
 * thread-safe, and serialisable with Jackson (records are); their JSON is part of the artifact format, so changing it
 * needs a reader for the old shape.
 */
public interface FittedModel {
    /** The length of the feature vectors it scores. */
    int featureCount();

    /** The number of outputs per row: 1 for regression, one probability per class for classification. */
    int outputCount();

    /**
     * Scores one feature vector without allocating.
     *
     * @param features {@link #featureCount()} values
     * @param output receives {@link #outputCount()} values: the prediction, or class probabilities summing to 1 in
     *     {@link TrainingData#classes()} order
     */
    void predict(double[] features, double[] output);
}
