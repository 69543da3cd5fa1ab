package dev.marquee.classic;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import dev.marquee.core.ParameterReader;
import dev.marquee.core.Task;
import java.util.Locale;
import java.util.Optional;

/**
 * The hyper-parameters that decide how one tree grows, shared by {@code decision_tree} and {@code random_forest}.
 *
 * @param maxDepth the most splits from the root to a leaf
 * @param minSamplesSplit a node with fewer training rows becomes a leaf
 * @param minSamplesLeaf a split must leave at least this many training rows on each side
 * @param maxFeatures how many features each split considers
 * @param maxBins the most histogram bins per feature
 * @param minImpurityDecrease a split must lower the impurity, weighted by its share of the rows, by at least this
 */
record TreeParameters(
        int maxDepth,
        int minSamplesSplit,
        int minSamplesLeaf,
        MaxFeatures maxFeatures,
        int maxBins,
        double minImpurityDecrease) {
    static final String MAX_DEPTH = "max_depth";
    static final String MIN_SAMPLES_SPLIT = "min_samples_split";
    static final String MIN_SAMPLES_LEAF = "min_samples_leaf";
    static final String MAX_FEATURES = "max_features";
    static final String MAX_BINS = "max_bins";
    static final String MIN_IMPURITY_DECREASE = "min_impurity_decrease";
    /** Deep enough to be unlimited in practice (scikit-learn's None), and it bounds recursion and TreeSHAP paths. */
    static final int MOST_DEPTH = 64;
    static final int DEFAULT_MAX_BINS = 255;

    TreeParameters {
        requireNonNull(maxFeatures, "maxFeatures is null");
    }

    /**
     * Declares the tree parameters on {@code reader}.
     *
     * @param defaultMaxFeatures the default of {@code max_features}
     * @param allowAuto whether {@code max_features} may be {@code auto}: the task's default
     */
    static TreeParameters read(ParameterReader reader, MaxFeatures defaultMaxFeatures, boolean allowAuto) {
        int maxDepth = reader.integer(
                MAX_DEPTH, MOST_DEPTH, value -> value >= 1 && value <= MOST_DEPTH, "be between 1 and " + MOST_DEPTH);
        int minSamplesSplit = reader.integer(MIN_SAMPLES_SPLIT, 2, value -> value >= 2, "be >= 2");
        int minSamplesLeaf = reader.integer(MIN_SAMPLES_LEAF, 1, value -> value >= 1, "be >= 1");
        MaxFeatures maxFeatures = reader.parsed(
                MAX_FEATURES,
                defaultMaxFeatures,
                text -> MaxFeatures.parse(text, allowAuto),
                MaxFeatures::text,
                (allowAuto ? "be sqrt, log2, auto" : "be sqrt, log2") + ", a count >= 1 or a fraction in (0, 1]");
        int maxBins = reader.integer(
                MAX_BINS,
                DEFAULT_MAX_BINS,
                value -> value >= 2 && value <= FeatureBins.MOST_BINS,
                "be between 2 and " + FeatureBins.MOST_BINS);
        double minImpurityDecrease =
                reader.real(MIN_IMPURITY_DECREASE, 0, value -> value >= 0, "be >= 0");
        return new TreeParameters(
                maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures, maxBins, minImpurityDecrease);
    }

    /**
     * How many features each split considers: {@code sqrt} or {@code log2} of the feature count, a count, a fraction
     * of the features, or {@code auto} (sqrt for classification, all for regression). As in scikit-learn, a number
     * written with a decimal point or exponent is a fraction (so {@code 1.0} means all features) and one without is a
     * count; a share always gives at least one feature.
     *
     * @param amount the count or the fraction; 0 for the other rules
     */
    record MaxFeatures(Rule rule, double amount) {
        enum Rule {
            SQRT,
            LOG2,
            AUTO,
            COUNT,
            FRACTION
        }

        MaxFeatures {
            requireNonNull(rule, "rule is null");
        }

        static final MaxFeatures ALL = new MaxFeatures(Rule.FRACTION, 1);
        static final MaxFeatures AUTO = new MaxFeatures(Rule.AUTO, 0);

        /** Reads the form {@link #text()} writes, in any case; empty when {@code text} is none of the rules. */
        static Optional<MaxFeatures> parse(String text, boolean allowAuto) {
            String value = text.strip().toLowerCase(Locale.ROOT);
            switch (value) {
                case "sqrt" -> {
                    return Optional.of(new MaxFeatures(Rule.SQRT, 0));
                }
                case "log2" -> {
                    return Optional.of(new MaxFeatures(Rule.LOG2, 0));
                }
                case "auto" -> {
                    if (allowAuto) {
                        return Optional.of(AUTO);
                    }
                }
                default -> {
                    if (value.matches("[0-9]{1,9}")) {
                        int count = Integer.parseInt(value);
                        if (count >= 1) {
                            return Optional.of(new MaxFeatures(Rule.COUNT, count));
                        }
                    }
                    else if (value.matches("[0-9.eE+-]+")) {
                        try {
                            double fraction = Double.parseDouble(value);
                            if (fraction > 0 && fraction <= 1) {
                                return Optional.of(new MaxFeatures(Rule.FRACTION, fraction));
                            }
                        }
                        catch (NumberFormatException e) {
                            // Not a fraction after all, so none of the rules.
                        }
                    }
                }
            }
            return Optional.empty();
        }

        /** The text form recorded among the resolved parameters. */
        String text() {
            return switch (rule) {
                case SQRT, LOG2, AUTO -> rule.name().toLowerCase(Locale.ROOT);
                case COUNT -> Integer.toString((int) amount);
                case FRACTION -> Double.toString(amount);
            };
        }

        /**
         * The number of features to consider for data with {@code featureCount} features, at least 1 unless there
         * are none.
         *
         * @throws MarqueeException INVALID_ARGUMENT when a count exceeds the features
         */
        int resolve(String algorithm, Task task, int featureCount) {
            int count = switch (rule) {
                case SQRT -> (int) Math.sqrt(featureCount);
                case LOG2 -> featureCount == 0 ? 0 : 31 - Integer.numberOfLeadingZeros(featureCount);
                case AUTO -> switch (task) {
                    case CLASSIFICATION -> (int) Math.sqrt(featureCount);
                    case REGRESSION -> featureCount;
                };
                case FRACTION -> (int) (amount * featureCount);
                case COUNT -> {
                    if (amount > featureCount) {
                        throw MarqueeException.invalid(
                                "parameter '%s' of %s must be at most the feature count %d, was %d",
                                MAX_FEATURES, algorithm, featureCount, (int) amount);
                    }
                    yield (int) amount;
                }
            };
            return Math.min(featureCount, Math.max(1, count));
        }
    }
}
