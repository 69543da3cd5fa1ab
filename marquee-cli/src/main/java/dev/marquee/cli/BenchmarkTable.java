package dev.marquee.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Prints benchmark results as Markdown tables: one row per (dataset, algorithm), then the best per dataset. */
final class BenchmarkTable {
    private final List<BenchmarkResult> results;

    BenchmarkTable(List<BenchmarkResult> results) {
        this.results = List.copyOf(results);
    }

    void print(PrintWriter out) {
        out.println();
        out.println("| dataset | algorithm | metric | Marquee | baseline | difference | Marquee s | baseline s "
                + "| speed-up |");
        out.println("|---|---|---|---:|---:|---:|---:|---:|---:|");
        for (String dataset : datasets()) {
            for (String algorithm : algorithms(dataset)) {
                Optional<BenchmarkResult> ours = find(dataset, algorithm, true);
                Optional<BenchmarkResult> theirs = find(dataset, algorithm, false);
                BenchmarkResult any = ours.or(() -> theirs).orElseThrow();
                out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                        dataset,
                        algorithm,
                        any.metric(),
                        ours.map(result -> metric(result.value())).orElse("—"),
                        theirs.map(result -> metric(result.value()) + " (" + result.library() + ")").orElse("—"),
                        both(ours, theirs).map(pair -> signed(pair[0].value() - pair[1].value())).orElse("—"),
                        ours.map(result -> seconds(result.seconds())).orElse("—"),
                        theirs.map(result -> seconds(result.seconds())).orElse("—"),
                        both(ours, theirs)
                                .map(pair -> "%.2f×".formatted(pair[1].seconds() / Math.max(pair[0].seconds(), 1e-6)))
                                .orElse("—"));
            }
        }
        out.println();
        out.println("| dataset | metric | best Marquee | best baseline | Marquee ≥ baseline |");
        out.println("|---|---|---|---|---|");
        for (String dataset : datasets()) {
            Optional<BenchmarkResult> ours = best(dataset, true);
            Optional<BenchmarkResult> theirs = best(dataset, false);
            out.printf("| %s | %s | %s | %s | %s |%n",
                    dataset,
                    ours.or(() -> theirs).map(BenchmarkResult::metric).orElse("—"),
                    ours.map(result -> metric(result.value()) + " " + result.algorithm()).orElse("—"),
                    theirs.map(result -> metric(result.value()) + " " + result.algorithm()).orElse("—"),
                    both(ours, theirs).map(pair -> pair[1].betterThan(pair[0]) ? "no" : "yes").orElse("—"));
        }
        out.flush();
    }

    private Set<String> datasets() {
        Set<String> names = new LinkedHashSet<>();
        results.forEach(result -> names.add(result.dataset()));
        return names;
    }

    private List<String> algorithms(String dataset) {
        Set<String> names = new LinkedHashSet<>();
        results.stream().filter(result -> result.dataset().equals(dataset))
                .forEach(result -> names.add(result.algorithm()));
        return new ArrayList<>(names).stream().sorted().toList();
    }

    private Optional<BenchmarkResult> find(String dataset, String algorithm, boolean marquee) {
        return results.stream()
                .filter(result -> result.dataset().equals(dataset) && result.algorithm().equals(algorithm)
                        && result.isMarquee() == marquee)
                .findFirst();
    }

    private Optional<BenchmarkResult> best(String dataset, boolean marquee) {
        Map<String, BenchmarkResult> byAlgorithm = new LinkedHashMap<>();
        results.stream()
                .filter(result -> result.dataset().equals(dataset) && result.isMarquee() == marquee)
                .forEach(result -> byAlgorithm.put(result.algorithm(), result));
        return byAlgorithm.values().stream().reduce((left, right) -> right.betterThan(left) ? right : left);
    }

    private static Optional<BenchmarkResult[]> both(Optional<BenchmarkResult> ours, Optional<BenchmarkResult> theirs) {
        return ours.flatMap(left -> theirs.map(right -> new BenchmarkResult[] {left, right}));
    }

    private static String metric(double value) {
        return "%.4f".formatted(value);
    }

    private static String signed(double value) {
        return "%+.4f".formatted(value);
    }

    private static String seconds(double value) {
        return value < 10 ? "%.3f".formatted(value) : "%.1f".formatted(value);
    }
}
