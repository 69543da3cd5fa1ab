package dev.marquee.runtime;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import dev.marquee.runtime.ExperimentReport.VariantComparison;
import dev.marquee.runtime.ExperimentReport.VariantSummary;
import dev.marquee.runtime.ExperimentStatistics.Comparison;
import dev.marquee.runtime.ExperimentStatistics.Interval;
import dev.marquee.store.ExperimentFeedback;
import dev.marquee.store.InferenceAssignment;
import dev.marquee.store.MetadataStore;
import dev.marquee.store.VariantTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A/B experiments on endpoints: feedback (rewards, clicks) attributed to the variant that served an inference, and
 * the comparison of every variant with the control (the first route) at 95 % confidence. Thread-safe.
 */
public final class Experiments {
    /** Level of every interval; 1 − it is the significance level of every test. */
    public static final double CONFIDENCE = 0.95;
    private static final int MINIMUM_EXPECTED_COUNT = 5;

    private final MetadataStore store;
    private final Deployments deployments;

    public Experiments(MetadataStore store, Deployments deployments) {
        this.store = requireNonNull(store, "store is null");
        this.deployments = requireNonNull(deployments, "deployments is null");
    }

    /**
     * Records an outcome. With a request id it goes to the variant that answered that inference (NOT_FOUND when no
     * inference with that id was recorded for the endpoint within the retention); with a routing key, to the
     * variant the key is assigned to under the current weights.
     */
    public FeedbackReceipt feedback(String tenantId, String endpointName, FeedbackRequest feedback) {
        Deployment deployment = deployments.get(tenantId, endpointName);
        String route;
        if (feedback.requestId().isPresent()) {
            String id = feedback.requestId().get();
            route = deployments.assignments()
                    .find(tenantId, endpointName, id)
                    .map(InferenceAssignment::routeName)
                    .orElseThrow(() -> MarqueeException.notFound(
                            "'id': no inference with id '%s' was recorded for endpoint '%s' in the last %s; send"
                                    + " feedback with the id the inference request carried",
                            abbreviate(id), endpointName, deployments.settings().experimentRetention()));
        } else {
            route = deployment.variantFor(feedback.routingKey().orElseThrow()).name();
        }
        store.experiments().recordFeedback(new ExperimentFeedback(
                tenantId, endpointName, feedback.requestId(), route, feedback.reward(), deployments.clock().instant()));
        deployments.assignments().purgeIfDue();
        return new FeedbackReceipt(endpointName, feedback.requestId(), route, feedback.reward());
    }

    /** Compares the endpoint's current routes on the feedback logged for them. */
    public ExperimentReport report(String tenantId, String endpointName) {
        Deployment deployment = deployments.get(tenantId, endpointName);
        deployments.assignments().awaitWritten(deployments.settings().assignmentWait());
        Map<String, VariantTotals> totals = store.experiments().totals(tenantId, endpointName).stream()
                .collect(Collectors.toMap(VariantTotals::routeName, Function.identity()));
        List<Variant> variants = deployment.variants();
        List<VariantTotals> observed = variants.stream()
                .map(variant -> totals.getOrDefault(variant.name(), new VariantTotals(variant.name(), 0, 0, 0, 0, 0)))
                .toList();
        boolean conversion = observed.stream().allMatch(total -> total.nonBinaryRewards() == 0);
        List<VariantSummary> summaries = new ArrayList<>();
        for (int index = 0; index < variants.size(); index++) {
            summaries.add(summary(variants.get(index), observed.get(index), conversion));
        }
        List<VariantComparison> comparisons = new ArrayList<>();
        for (int index = 1; index < variants.size(); index++) {
            comparisons.add(conversion
                    ? compareRates(variants.getFirst().name(), observed.getFirst(), variants.get(index).name(),
                            observed.get(index))
                    : compareMeans(variants.getFirst().name(), observed.getFirst(), variants.get(index).name(),
                            observed.get(index)));
        }
        return new ExperimentReport(
                endpointName,
                conversion ? "conversion" : "reward",
                variants.getFirst().name(),
                CONFIDENCE,
                summaries,
                comparisons);
    }

    private static VariantSummary summary(Variant variant, VariantTotals totals, boolean conversion) {
        long n = totals.feedback();
        Optional<Double> mean = n > 0 ? Optional.of(totals.rewardSum() / n) : Optional.empty();
        Optional<Interval> interval;
        if (conversion) {
            interval = n > 0
                    ? Optional.of(ExperimentStatistics.wilson(Math.round(totals.rewardSum()), n, CONFIDENCE))
                    : Optional.empty();
        } else {
            interval = n >= 2
                    ? Optional.of(ExperimentStatistics.meanInterval(mean.orElseThrow(), variance(totals), n, CONFIDENCE))
                    : Optional.empty();
        }
        return new VariantSummary(
                variant.name(),
                variant.version().modelName(),
                variant.version().version(),
                variant.weight(),
                totals.requests(),
                n,
                mean,
                interval);
    }

    static VariantComparison compareRates(String control, VariantTotals controlTotals, String route,
            VariantTotals routeTotals) {
        String test = "two-proportion z-test";
        if (controlTotals.feedback() == 0 || routeTotals.feedback() == 0) {
            return notEnoughData(route, control, test, 1, controlTotals, routeTotals);
        }
        long controlSuccesses = Math.round(controlTotals.rewardSum());
        long routeSuccesses = Math.round(routeTotals.rewardSum());
        Comparison comparison = ExperimentStatistics.twoProportionZTest(
                controlSuccesses, controlTotals.feedback(), routeSuccesses, routeTotals.feedback(), CONFIDENCE);
        long fewest = Math.min(
                Math.min(controlSuccesses, controlTotals.feedback() - controlSuccesses),
                Math.min(routeSuccesses, routeTotals.feedback() - routeSuccesses));
        String caveat = fewest < MINIMUM_EXPECTED_COUNT
                ? " Caution: fewer than %d conversions or non-conversions in a group, so the normal approximation"
                        .formatted(MINIMUM_EXPECTED_COUNT) + " behind the test may be poor."
                : "";
        return comparison(route, control, test, comparison, "conversion rate", 100, " percentage points", caveat);
    }

    static VariantComparison compareMeans(String control, VariantTotals controlTotals, String route,
            VariantTotals routeTotals) {
        String test = "Welch's t-test";
        if (controlTotals.feedback() < 2 || routeTotals.feedback() < 2) {
            return notEnoughData(route, control, test, 2, controlTotals, routeTotals);
        }
        Comparison comparison = ExperimentStatistics.welchTTest(
                controlTotals.rewardSum() / controlTotals.feedback(), variance(controlTotals), controlTotals.feedback(),
                routeTotals.rewardSum() / routeTotals.feedback(), variance(routeTotals), routeTotals.feedback(),
                CONFIDENCE);
        return comparison(route, control, test, comparison, "mean reward", 1, "", "");
    }

    private static VariantComparison comparison(String route, String control, String test, Comparison comparison,
            String quantity, double scale, String unit, String caveat) {
        double alpha = 1 - CONFIDENCE;
        boolean significant = comparison.pValue() < alpha;
        String interval = "%s to %s%s".formatted(
                signed(comparison.interval().lower() * scale), signed(comparison.interval().upper() * scale), unit);
        String verdict;
        if (significant) {
            verdict = "'%s' has a %s %s than '%s': %s%s (%d%% CI %s), p = %s < %s, significant.".formatted(
                    route,
                    comparison.difference() > 0 ? "higher" : "lower",
                    quantity,
                    control,
                    signed(comparison.difference() * scale),
                    unit,
                    Math.round(CONFIDENCE * 100),
                    interval,
                    format(comparison.pValue()),
                    format(alpha));
        } else {
            verdict = ("No significant difference between '%s' and '%s' (p = %s): the data are consistent with a"
                    + " difference in %s from %s; keep collecting data or accept that any effect is small.")
                    .formatted(route, control, format(comparison.pValue()), quantity, interval);
        }
        return new VariantComparison(
                route,
                control,
                Optional.of(comparison.difference()),
                Optional.of(comparison.interval()),
                test,
                Optional.of(comparison.statistic()),
                Double.isInfinite(comparison.degreesOfFreedom())
                        ? Optional.empty()
                        : Optional.of(comparison.degreesOfFreedom()),
                Optional.of(comparison.pValue()),
                significant,
                verdict + caveat);
    }

    private static VariantComparison notEnoughData(String route, String control, String test, int minimum,
            VariantTotals controlTotals, VariantTotals routeTotals) {
        return new VariantComparison(
                route,
                control,
                Optional.empty(),
                Optional.empty(),
                test,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                "Not enough data: the test needs at least %d feedback per variant; '%s' has %d and '%s' has %d."
                        .formatted(minimum, control, controlTotals.feedback(), route, routeTotals.feedback()));
    }

    /** The sample variance of the rewards (n − 1 denominator); 0 below 2 observations. */
    static double variance(VariantTotals totals) {
        long n = totals.feedback();
        if (n < 2) {
            return 0;
        }
        double mean = totals.rewardSum() / n;
        return Math.max(0, (totals.rewardSumOfSquares() - n * mean * mean) / (n - 1));
    }

    private static String signed(double value) {
        return String.format(Locale.ROOT, "%+.3g", value);
    }

    private static String format(double value) {
        return value < 0.0001 ? String.format(Locale.ROOT, "%.2e", value) : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String abbreviate(String id) {
        return id.length() > 80 ? id.substring(0, 80) + "..." : id;
    }
}
