package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.ModelManifest;
import dev.marquee.core.Task;
import dev.marquee.store.ModelFormat;
import dev.marquee.store.ModelVersionRecord;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every model version trained on one dataset, ranked by its held-out metric: per target column, best first —
 * accuracy (higher is better) for classification, RMSE (lower is better) for regression. Versions without the
 * metric rank last.
 */
public final class Leaderboard {
    private Leaderboard() {}

    /**
     * One ranked model version.
     *
     * @param metric the ranking metric's name: {@code accuracy} or {@code rmse}
     * @param score the ranking metric's value; empty when the version lacks it
     */
    public record Entry(
            String modelName,
            int version,
            String algorithm,
            String target,
            Task task,
            String metric,
            Optional<Double> score,
            Map<String, Double> metrics,
            Map<String, String> parameters,
            Instant createdAt) {
        public Entry {
            requireNonNull(modelName, "modelName is null");
            requireNonNull(algorithm, "algorithm is null");
            requireNonNull(target, "target is null");
            requireNonNull(task, "task is null");
            requireNonNull(metric, "metric is null");
            requireNonNull(score, "score is null");
            metrics = Map.copyOf(requireNonNull(metrics, "metrics is null"));
            parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
            requireNonNull(createdAt, "createdAt is null");
        }
    }

    /** The ranking metric of a task. */
    public static String metric(Task task) {
        return switch (task) {
            case CLASSIFICATION -> "accuracy";
            case REGRESSION -> "rmse";
        };
    }

    /** Ranks the trained tabular versions whose provenance names the dataset; others (recommenders, uploads) are ignored. */
    public static List<Entry> rank(String datasetId, List<ModelVersionRecord> versions) {
        requireNonNull(datasetId, "datasetId is null");
        return versions.stream()
                .filter(version -> version.format() == ModelFormat.MARQUEE)
                .filter(version -> version.manifest().provenance().datasetId().equals(datasetId))
                .map(Leaderboard::entry)
                .sorted(Comparator.comparing(Entry::target)
                        .thenComparing(Entry::task)
                        .thenComparing(Leaderboard::rankKey)
                        .thenComparing(Entry::modelName)
                        .thenComparingInt(Entry::version))
                .toList();
    }

    private static Entry entry(ModelVersionRecord version) {
        ModelManifest manifest = version.manifest();
        Task task = manifest.output().task();
        String metric = metric(task);
        return new Entry(
                version.modelName(),
                version.version(),
                manifest.algorithm(),
                manifest.output().target(),
                task,
                metric,
                Optional.ofNullable(manifest.metrics().get(metric)),
                manifest.metrics(),
                manifest.parameters(),
                version.createdAt());
    }

    /** Smaller is better: negated accuracy, RMSE as is; a missing score last. */
    private static double rankKey(Entry entry) {
        return entry.score()
                .map(score -> entry.task() == Task.CLASSIFICATION ? -score : score)
                .orElse(Double.POSITIVE_INFINITY);
    }
}
