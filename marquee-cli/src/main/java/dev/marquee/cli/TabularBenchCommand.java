package dev.marquee.cli;

import dev.marquee.core.Algorithms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tabular", mixinStandardHelpOptions = true,
        description = {
            "Trains every algorithm on scikit-learn's bundled datasets with the exact test rows of splits.json, "
                    + "plus a speed row on a generated 1,000,000 x 20 classification set, and prints the test metric "
                    + "and fit time per (dataset, algorithm).",
            "When a Python with scikit-learn is found (Debian: apt-get install python3-sklearn python3-xgboost), "
                    + "the scikit-learn counterparts run in the same invocation and the table shows the ratios."})
final class TabularBenchCommand extends CommandBase {
    @Option(names = "--data-dir", defaultValue = "../shared/data/sklearn",
            description = "directory with splits.json and the dataset CSV files (default ${DEFAULT-VALUE})")
    Path dataDirectory;

    @Option(names = "--datasets", split = ",", description = "datasets to run (default: all in splits.json)")
    List<String> datasets = new ArrayList<>();

    @Option(names = "--algorithms", split = ",", description = "algorithms to run (default: all installed)")
    List<String> algorithms = new ArrayList<>();

    @Option(names = "--large-rows", defaultValue = "1000000",
            description = "rows of the generated speed set, 0 to skip it (default ${DEFAULT-VALUE})")
    int largeRows;

    @Option(names = "--seeds", defaultValue = "5",
            description = "seeds per small dataset and algorithm on both sides; the metric is their mean "
                    + "(default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--python",
            description = "Python with scikit-learn for the baseline (default: the first of python3, /usr/bin/python3 "
                    + "that imports sklearn)")
    String python;

    @Option(names = "--no-baseline", description = "run Marquee only")
    boolean noBaseline;

    @Option(names = "--output", defaultValue = "bench-results/tabular.json",
            description = "where the JSON results go (default ${DEFAULT-VALUE})")
    Path output;

    @Override
    public Integer call() {
        if (seeds < 1) {
            err().println("--seeds must be at least 1, was " + seeds);
            return 2;
        }
        if (largeRows < 0 || largeRows > 0 && largeRows < 100) {
            err().println("--large-rows must be 0 or at least 100, was " + largeRows);
            return 2;
        }
        TabularBenchmark benchmark = new TabularBenchmark(Algorithms.installed());
        TabularBenchmark.Settings settings =
                new TabularBenchmark.Settings(dataDirectory, datasets, algorithms, largeRows, seeds);
        List<String> datasetNames = benchmark.datasets(settings).stream().map(TabularBenchmark.Dataset::name).toList();
        List<String> algorithmNames = benchmark.runs(settings);
        List<BenchmarkResult> results = new ArrayList<>();
        Path work = TabularBenchmark.workDirectory();
        try {
            err().println("Marquee:");
            benchmark.runDatasets(settings, results::add, err());
            Optional<Path> largeFile = benchmark.runLarge(settings, work, results::add, err());
            List<String> candidates = python == null ? List.of("python3", "/usr/bin/python3") : List.of(python);
            Optional<ScikitLearnBaseline> baseline = candidates.stream()
                    .map(ScikitLearnBaseline::new)
                    .filter(ScikitLearnBaseline::available)
                    .findFirst();
            if (noBaseline) {
                err().println("baseline skipped (--no-baseline)");
            }
            else if (baseline.isEmpty()) {
                err().println("baseline skipped: none of " + candidates + " imports sklearn "
                        + "(Debian: apt-get install python3-sklearn python3-xgboost)");
            }
            else {
                err().println("scikit-learn:");
                baseline.get().run(
                        dataDirectory, datasetNames, algorithmNames, seeds, largeFile, work, results::add, err());
            }
        }
        finally {
            BenchmarkFiles.deleteRecursively(work);
        }
        new BenchmarkTable(results).print(out());
        BenchmarkFiles.writeJson(output, Map.of("results", results));
        out().println("results written to " + output);
        return 0;
    }
}
