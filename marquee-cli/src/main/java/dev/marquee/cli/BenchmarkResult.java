package dev.marquee.cli;

import static java.util.Objects.requireNonNull;

/**
 * One measured training: the test metric and the fit time.
 *
 * @param library {@code marquee}, {@code sklearn} or {@code xgboost}
 * @param metric {@code accuracy} (higher is better) or {@code rmse} (lower is better)
 * @param seconds wall-clock fit time, preprocessing included
 */
record BenchmarkResult(String dataset, String algorithm, String library, String metric, double value, double seconds) {
    BenchmarkResult {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(algorithm, "algorithm is null");
        requireNonNull(library, "library is null");
        requireNonNull(metric, "metric is null");
    }

    boolean isMarquee() {
        return library.equals("marquee");
    }

    /** Differences up to this share of the value count as ties: they are floating-point noise, not skill. */
    static final double TIE_TOLERANCE = 1e-6;

    /** Whether this metric value is better than another of the same metric by more than a tie. */
    boolean betterThan(BenchmarkResult other) {
        double margin = TIE_TOLERANCE * Math.max(Math.abs(value), Math.abs(other.value));
        return metric.equals("rmse") ? value < other.value - margin : value > other.value + margin;
    }
}
