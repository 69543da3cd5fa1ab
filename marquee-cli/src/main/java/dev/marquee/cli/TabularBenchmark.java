package dev.marquee.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marquee.core.Algorithm;
import dev.marquee.core.Algorithms;
import dev.marquee.core.CsvDatasets;
import dev.marquee.core.CsvLimits;
import dev.marquee.core.DatasetProfile;
import dev.marquee.core.FittedModel;
import dev.marquee.core.Json;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ProgressListener;
import dev.marquee.core.Provenance;
import dev.marquee.core.Table;
import dev.marquee.core.Task;
import dev.marquee.core.TrainingContext;
import dev.marquee.core.TrainingData;
import dev.marquee.training.TrainedModel;
import dev.marquee.training.TrainingPipeline;
import dev.marquee.training.SearchSpace;
import dev.marquee.training.TrainingSpec;
import dev.marquee.training.TuningSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Trains every installed algorithm on scikit-learn's bundled datasets with the exact test rows of
 * {@code splits.json}, and a speed row on a generated large classification set, through the same training pipeline
 * the server uses; the metric is the mean over {@link Settings#seeds()} seeds on both sides (default
 * {@value #DEFAULT_METRIC_SEEDS}), timing what the pipeline reports as {@link TrainedModel#fitTime()}: fitting the
 * preprocessing and the
 * algorithm on the training rows, as the scikit-learn side times StandardScaler and fit. On the small datasets each side reports the fastest of {@value #SMALL_REPEATS} runs (Marquee's after
 * one untimed JIT warm-up run); the large set runs once. Only fit time is measured (preprocessing included, as scikit-learn's StandardScaler is on its
 * side). The scikit-learn side runs in the same invocation through {@link ScikitLearnBaseline}.
 */
final class TabularBenchmark {
    /** The algorithms of the large-data speed row, with the parameters that make them comparable. */
    static final Map<String, Map<String, String>> LARGE_ALGORITHMS = Map.of(
            "logistic_regression", Map.of(),
            "decision_tree", Map.of("max_depth", "10"),
            "gradient_boosting", Map.of());

    static final String LARGE_DATASET = "generated_1m";

    /**
     * Named variants run besides each algorithm's defaults, each matching a scikit-learn counterpart: {@code ridge} is
     * linear regression with scikit-learn's {@code Ridge} default alpha; {@code lasso} is elastic net with
     * {@code l1_ratio = 1}, scikit-learn's {@code Lasso}; {@code logistic_regression_l1} is
     * {@code LogisticRegression(penalty='l1', solver='saga')}; {@code kernel_svm_tuned} searches the
     * kernel SVM's {@code c} and {@code gamma} over a grid by 3-fold cross-validation on the training rows, as {@code GridSearchCV}
     * does on the other side.
     */
    static final Map<String, Variant> VARIANTS = Map.of(
            "ridge", new Variant("linear_regression", Map.of("l2", "1"), Optional.empty()),
            "lasso", new Variant("elastic_net", Map.of("l1_ratio", "1"), Optional.empty()),
            "logistic_regression_l1", new Variant(
                    "logistic_regression", Map.of("l1", "1", "l2", "0"), Optional.empty()),
            "kernel_svm_tuned", new Variant("kernel_svm", Map.of(), Optional.of(TuningSpec.grid(Map.of(
                    "c", new SearchSpace.Values(List.of("1", "10", "100")),
                    "gamma", new SearchSpace.Values(List.of("scale", "0.005", "0.01", "0.02")))))));

    /** An algorithm with non-default parameters or a tuning search, benchmarked under its own name. */
    record Variant(String algorithm, Map<String, String> parameters, Optional<TuningSpec> tuning) {}
    private static final int LARGE_FEATURES = 20;

    /** Timed runs per small dataset and algorithm, on both sides; the fastest counts. */
    static final int SMALL_REPEATS = 3;

    /** Seeds per small dataset and algorithm by default, on both sides; the metric is their mean. */
    static final int DEFAULT_METRIC_SEEDS = 5;
    private static final long SEED = 42;
    private static final Provenance PROVENANCE =
            new Provenance("benchmark", "00".repeat(32), SEED, "benchmark", "benchmark", Instant.EPOCH);

    /**
     * What to run.
     *
     * @param dataDirectory holds {@code splits.json} and the CSV files it names
     * @param datasets names from {@code splits.json}; empty for all
     * @param algorithms algorithm names; empty for every installed one
     * @param largeRows rows of the generated set (80 % train, 20 % test); 0 skips it
     * @param seeds seeds whose mean metric is reported per small dataset and algorithm, at least 1
     */
    record Settings(Path dataDirectory, List<String> datasets, List<String> algorithms, int largeRows, int seeds) {
        Settings {
            requireNonNull(dataDirectory, "dataDirectory is null");
            datasets = List.copyOf(requireNonNull(datasets, "datasets is null"));
            algorithms = List.copyOf(requireNonNull(algorithms, "algorithms is null"));
        }
    }

    /** A dataset of {@code splits.json}: its file, task and test rows. */
    record Dataset(String name, Path file, Task task, List<Integer> testRows) {}

    private final Algorithms installed;
    private final ObjectMapper mapper = Json.newObjectMapper();

    TabularBenchmark(Algorithms installed) {
        this.installed = requireNonNull(installed, "installed is null");
    }

    /** The datasets of {@code splits.json} selected by the settings, in file order. */
    List<Dataset> datasets(Settings settings) {
        Path splits = settings.dataDirectory().resolve("splits.json");
        JsonNode root;
        try {
            root = mapper.readTree(splits.toFile());
        }
        catch (IOException e) {
            throw MarqueeException.invalid("cannot read %s: %s", splits, e.getMessage());
        }
        List<Dataset> datasets = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : root.path("datasets").properties()) {
            if (!settings.datasets().isEmpty() && !settings.datasets().contains(entry.getKey())) {
                continue;
            }
            JsonNode node = entry.getValue();
            List<Integer> test = new ArrayList<>();
            node.path("test").forEach(row -> test.add(row.intValue()));
            datasets.add(new Dataset(
                    entry.getKey(),
                    settings.dataDirectory().resolve(node.path("file").asText()),
                    node.path("stratified").asBoolean() ? Task.CLASSIFICATION : Task.REGRESSION,
                    test));
        }
        List<String> unknown = settings.datasets().stream()
                .filter(name -> datasets.stream().noneMatch(dataset -> dataset.name().equals(name)))
                .toList();
        if (!unknown.isEmpty()) {
            throw MarqueeException.invalid("unknown datasets %s in %s", unknown, splits);
        }
        return datasets;
    }

    /** The algorithm names the settings select, sorted. */
    List<String> algorithms(Settings settings) {
        if (settings.algorithms().isEmpty()) {
            return installed.names().stream().sorted().toList();
        }
        settings.algorithms().forEach(installed::require);
        return settings.algorithms();
    }

    /** The selected algorithms and the variants of those among them, sorted: what runs on every dataset. */
    List<String> runs(Settings settings) {
        List<String> algorithms = algorithms(settings);
        List<String> runs = new ArrayList<>(algorithms);
        VARIANTS.forEach((name, variant) -> {
            if (algorithms.contains(variant.algorithm())) {
                runs.add(name);
            }
        });
        return runs.stream().sorted().toList();
    }

    private static TrainingSpec spec(Variant run, Dataset dataset, long seed) {
        TrainingSpec fixed = new TrainingSpec("target", run.algorithm(), run.parameters(), seed,
                TrainingSpec.DEFAULT_TEST_FRACTION, Optional.of(dataset.task()), dataset.testRows());
        return run.tuning().map(fixed::withTuning).orElse(fixed);
    }

    /** Trains every selected algorithm that does the dataset's task; reports each result as it is measured. */
    void runDatasets(Settings settings, Consumer<BenchmarkResult> results, PrintWriter log) {
        TrainingPipeline pipeline = new TrainingPipeline(installed);
        for (Dataset dataset : datasets(settings)) {
            DatasetProfile profile = CsvDatasets.profile(dataset.file(), CsvLimits.DEFAULT);
            Table table = CsvDatasets.read(dataset.file(), CsvLimits.DEFAULT);
            for (String name : runs(settings)) {
                Variant run = VARIANTS.getOrDefault(name, new Variant(name, Map.of(), Optional.empty()));
                if (!installed.require(run.algorithm()).tasks().contains(dataset.task())) {
                    continue;
                }
                String metric = dataset.task() == Task.CLASSIFICATION ? "accuracy" : "rmse";
                // The metric is the mean over seeds (the first run also warms the JIT up), so a randomised algorithm
                // is not judged by one lucky or unlucky draw; the time is the fastest of the timed runs.
                double metricSum = 0;
                for (int seed = 0; seed < settings.seeds(); seed++) {
                    metricSum += pipeline.train(table, profile.schema(), spec(run, dataset, seed), PROVENANCE,
                            ProgressListener.NONE, () -> false).manifest().metrics().get(metric);
                }
                double seconds = Double.MAX_VALUE;
                for (int repeat = 0; repeat < SMALL_REPEATS; repeat++) {
                    TrainedModel timed = pipeline.train(table, profile.schema(), spec(run, dataset, 0), PROVENANCE,
                            ProgressListener.NONE, () -> false);
                    seconds = Math.min(seconds, timed.fitTime().toNanos() / 1e9);
                }
                BenchmarkResult result = new BenchmarkResult(
                        dataset.name(), name, "marquee", metric, metricSum / settings.seeds(), seconds);
                log.printf("  %-14s %-20s %s %.4f in %.3f s%n", dataset.name(), name, metric, result.value(), seconds);
                log.flush();
                results.accept(result);
            }
        }
    }

    /**
     * Generates the large set, writes it for the baseline, and fits the large-data algorithms on its first 80 %
     * straight from feature vectors (a million rows of text cells would measure CSV parsing, not training).
     *
     * @return the file the baseline reads, or empty when the settings skip the large set
     */
    Optional<Path> runLarge(Settings settings, Path workDirectory, Consumer<BenchmarkResult> results, PrintWriter log) {
        if (settings.largeRows() == 0) {
            return Optional.empty();
        }
        log.printf("  generating %,d x %d classification rows%n", settings.largeRows(), LARGE_FEATURES);
        log.flush();
        GeneratedClassification data = GeneratedClassification.generate(settings.largeRows(), LARGE_FEATURES, SEED);
        Path file = workDirectory.resolve("generated.f64");
        data.writeBinary(file);
        int trainRows = data.rows() - largeTestRows(data.rows());
        for (String name : LARGE_ALGORITHMS.keySet().stream().sorted().toList()) {
            Optional<Algorithm> algorithm = installed.find(name);
            if (algorithm.isEmpty()
                    || !settings.algorithms().isEmpty() && !settings.algorithms().contains(name)) {
                continue;
            }
            System.gc();
            long start = System.nanoTime();
            double[][] train = Arrays.copyOf(data.features(), trainRows);
            double[] targets = new double[trainRows];
            for (int row = 0; row < trainRows; row++) {
                targets[row] = data.labels()[row];
            }
            double[] means = new double[LARGE_FEATURES];
            double[] scales = new double[LARGE_FEATURES];
            standardisation(train, means, scales);
            double[][] scaledTrain = scaled(train, means, scales);
            Map<String, String> parameters = algorithm.get().resolveParameters(LARGE_ALGORITHMS.get(name));
            FittedModel model = algorithm.get().fit(
                    new TrainingData(Task.CLASSIFICATION, scaledTrain, targets, List.of("0", "1")),
                    parameters,
                    new TrainingContext(SEED, ProgressListener.NONE, () -> false));
            double seconds = (System.nanoTime() - start) / 1e9;
            double[][] test = scaled(Arrays.copyOfRange(data.features(), trainRows, data.rows()), means, scales);
            double[] output = new double[model.outputCount()];
            int correct = 0;
            for (int row = 0; row < test.length; row++) {
                model.predict(test[row], output);
                int predicted = output[1] > output[0] ? 1 : 0;
                correct += predicted == data.labels()[trainRows + row] ? 1 : 0;
            }
            BenchmarkResult result = new BenchmarkResult(
                    LARGE_DATASET, name, "marquee", "accuracy", correct / (double) test.length, seconds);
            log.printf("  %-14s %-20s accuracy %.4f in %.3f s (heap max %,d MiB)%n",
                    LARGE_DATASET, name, result.value(), seconds, Runtime.getRuntime().maxMemory() >> 20);
            log.flush();
            results.accept(result);
        }
        return Optional.of(file);
    }

    static int largeTestRows(int rows) {
        return rows / 5;
    }

    static int largeFeatures() {
        return LARGE_FEATURES;
    }

    private static void standardisation(double[][] rows, double[] means, double[] scales) {
        for (double[] row : rows) {
            for (int feature = 0; feature < means.length; feature++) {
                means[feature] += row[feature];
            }
        }
        for (int feature = 0; feature < means.length; feature++) {
            means[feature] /= rows.length;
        }
        for (double[] row : rows) {
            for (int feature = 0; feature < means.length; feature++) {
                double deviation = row[feature] - means[feature];
                scales[feature] += deviation * deviation;
            }
        }
        for (int feature = 0; feature < scales.length; feature++) {
            double deviation = Math.sqrt(scales[feature] / rows.length);
            scales[feature] = deviation > 0 ? deviation : 1;
        }
    }

    private static double[][] scaled(double[][] rows, double[] means, double[] scales) {
        double[][] scaled = new double[rows.length][];
        for (int row = 0; row < rows.length; row++) {
            double[] values = new double[means.length];
            for (int feature = 0; feature < means.length; feature++) {
                values[feature] = (rows[row][feature] - means[feature]) / scales[feature];
            }
            scaled[row] = values;
        }
        return scaled;
    }

    /** Creates a private working directory for the benchmark's temporary files. */
    static Path workDirectory() {
        try {
            return Files.createTempDirectory("marquee-bench-");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
