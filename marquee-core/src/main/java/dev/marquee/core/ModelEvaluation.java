package dev.marquee.core;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the held-out evaluation of a model found beyond its scalar {@link ModelManifest#metrics()}.
 *
 * @param classes classification: per-class metrics in class order; regression: empty
 * @param confusionMatrix classification: {@code confusionMatrix[actual][predicted]} row counts in class order;
 *     regression: empty
 * @param featureImportance global importance per input column: the mean absolute {@link ColumnAttribution}
 *     contribution over (up to a thousand of) the held-out rows, on the attribution's scale, largest first
 */
public record ModelEvaluation(
        List<ClassMetrics> classes, List<List<Long>> confusionMatrix, Map<String, Double> featureImportance) {
    /** The evaluation of a model trained before evaluations were recorded. */
    public static final ModelEvaluation NONE = new ModelEvaluation(List.of(), List.of(), Map.of());

    public ModelEvaluation {
        classes = List.copyOf(requireNonNull(classes, "classes is null"));
        confusionMatrix = requireNonNull(confusionMatrix, "confusionMatrix is null").stream()
                .map(List::copyOf)
                .toList();
        // Kept in the caller's order (largest first), which Map.copyOf would lose.
        featureImportance = Collections.unmodifiableMap(
                new LinkedHashMap<>(requireNonNull(featureImportance, "featureImportance is null")));
    }
}
