package dev.marquee.core;

/**
 * A {@link FittedModel} that attributes each prediction to its features: exactly for linear models, by TreeSHAP for
 * trees and tree ensembles. Models without it are explained by a model-agnostic method instead. Implementations are
 * immutable and thread-safe, like every fitted model.
 *
 * <p>For every output {@code o} (see {@link FittedModel#outputCount()}), the contributions satisfy local accuracy:
 * {@code base + Σ contributions[o][f] = score(o)}, where {@code base = contributions[o][featureCount()]} is the
 * expected score over the training data and {@code score(o)} is the model's output {@code o} on
 * {@link #contributionScale()} (for example the log-odds of class {@code o}, or the probability itself).
 */
public interface ExplainableModel extends FittedModel {
    /**
     * How the contributions are computed: {@code exact} (the default, for models whose output is a sum of
     * per-feature terms), {@code tree_shap}, or another well-known method's name.
     */
    default String contributionMethod() {
        return "exact";
    }

    /** What the contributions add up to, e.g. {@code "log_odds"}, {@code "probability"} or {@code "value"}. */
    String contributionScale();

    /**
     * Writes the contribution of every feature to every output, and the base value, for one feature vector.
     *
     * @param features {@link #featureCount()} values
     * @param contributions {@link #outputCount()} rows of {@link #featureCount()} + 1 values: the contribution per
     *     feature, then the base value; overwritten
     */
    void contributions(double[] features, double[][] contributions);
}
