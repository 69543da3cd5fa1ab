package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.runtime.ExperimentStatistics.Interval;
import java.util.List;
import java.util.Optional;

/**
 * The comparison of an endpoint's variants on their logged outcomes.
 *
 * @param metric {@code conversion} when every reward is 0 or 1 (rates, Wilson intervals, two-proportion z-test),
 *     else {@code reward} (means, Student t intervals, Welch's t-test)
 * @param control the first route, which every other variant is compared with
 * @param confidence the level of every interval, and 1 − the significance level of every test
 */
public record ExperimentReport(
        String endpoint,
        String metric,
        String control,
        double confidence,
        List<VariantSummary> variants,
        List<VariantComparison> comparisons) {
    public ExperimentReport {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(metric, "metric is null");
        requireNonNull(control, "control is null");
        variants = List.copyOf(requireNonNull(variants, "variants is null"));
        comparisons = List.copyOf(requireNonNull(comparisons, "comparisons is null"));
    }

    /**
     * One variant's outcomes.
     *
     * @param requests recorded inferences (those that carried a request id) in the retention window
     * @param feedback logged outcomes
     * @param mean the conversion rate or mean reward; empty without feedback
     * @param interval its confidence interval; empty when there are too few observations
     */
    public record VariantSummary(
            String route,
            String model,
            int version,
            double weight,
            long requests,
            long feedback,
            Optional<Double> mean,
            Optional<Interval> interval) {
        public VariantSummary {
            requireNonNull(route, "route is null");
            requireNonNull(model, "model is null");
            requireNonNull(mean, "mean is null");
            requireNonNull(interval, "interval is null");
        }
    }

    /**
     * A variant against the control.
     *
     * @param difference the variant's rate or mean minus the control's
     * @param interval the confidence interval of the difference
     * @param test {@code two-proportion z-test} or {@code Welch's t-test}
     * @param pValue two-sided
     * @param significant whether {@code pValue} is below 1 − confidence
     * @param verdict the result in a sentence
     */
    public record VariantComparison(
            String route,
            String versus,
            Optional<Double> difference,
            Optional<Interval> interval,
            String test,
            Optional<Double> statistic,
            Optional<Double> degreesOfFreedom,
            Optional<Double> pValue,
            boolean significant,
            String verdict) {
        public VariantComparison {
            requireNonNull(route, "route is null");
            requireNonNull(versus, "versus is null");
            requireNonNull(difference, "difference is null");
            requireNonNull(interval, "interval is null");
            requireNonNull(test, "test is null");
            requireNonNull(statistic, "statistic is null");
            requireNonNull(degreesOfFreedom, "degreesOfFreedom is null");
            requireNonNull(pValue, "pValue is null");
            requireNonNull(verdict, "verdict is null");
        }
    }
}
