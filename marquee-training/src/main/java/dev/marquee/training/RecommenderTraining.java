package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ModelArtifacts;
import dev.marquee.core.ModelEvaluation;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.OutputSchema;
import dev.marquee.core.ProgressListener;
import dev.marquee.core.Provenance;
import dev.marquee.core.Task;
import dev.marquee.core.TuningReport;
import dev.marquee.core.TuningReport.Score;
import dev.marquee.core.TuningReport.Trial;
import dev.marquee.recommend.Evaluation;
import dev.marquee.recommend.Evaluator;
import dev.marquee.recommend.Interactions;
import dev.marquee.recommend.Recommender;
import dev.marquee.recommend.RecommenderArtifacts;
import dev.marquee.recommend.RecommenderModel;
import dev.marquee.recommend.Split;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Trains one recommender from interactions: split by the request's protocol, optionally tune hyper-parameters on the
 * validation split, evaluate the model fitted on train against the test split (ranking excludes train and validation
 * items) and the validation split (excluding train items) as RecBole does, so the numbers compare with published
 * ones; then refit on every interaction for serving, and package manifest and
 * {@linkplain RecommenderArtifacts artifact}. The served model thus knows every user's full history (what it excludes),
 * and the registered metrics are the held-out estimate of the same algorithm and parameters. Stateless and
 * thread-safe.
 *
 * <p>Manifest metrics: the test evaluation as {@code ndcg@K}, {@code recall@K}, {@code precision@K}, {@code map@K},
 * {@code mrr@K}, {@code hit_rate@K}, {@code item_coverage@K}, {@code novelty@K}, {@code average_popularity@K} and
 * {@code users} (users evaluated); the validation evaluation of the same model under the same names prefixed
 * {@code validation_}. Progress: 0.1 split, 0.1 to 0.5 tuning, 0.5 to 0.75 evaluation, 0.75 to 0.95 refit.
 *
 * <p>Rating prediction ({@code biased_mf}) is trained by {@link RatingTraining}: RMSE and MAE, k-fold cross-validation
 * by default.
 */
public final class RecommenderTraining {
    /** The tuning metrics, by the name a {@link TuningSpec#metric()} gives. */
    private static final List<String> TUNING_METRICS = List.of("ndcg", "recall", "precision", "map", "mrr", "hit_rate");
    /** The tuning metrics of rating prediction, lower is better; the first is the default. */
    private static final List<String> RATING_TUNING_METRICS = List.of("rmse", "mae");

    private RecommenderTraining() {}

    /**
     * Checks what can be checked without the data: algorithm, parameters, tuning space and metric.
     *
     * @throws MarqueeException INVALID_ARGUMENT naming the problem
     */
    public static void check(RecommenderJobRequest request) {
        RecommenderAlgorithms.resolveParameters(request.algorithm(), request.parameters());
        request.tuning().ifPresent(tuning -> {
            tuningMetric(tuning, request.algorithm());
            for (Map<String, String> trial : combinations(tuning, request.seed())) {
                Map<String, String> parameters = new HashMap<>(request.parameters());
                parameters.putAll(trial);
                RecommenderAlgorithms.resolveParameters(request.algorithm(), parameters);
            }
        });
    }

    /**
     * Trains, evaluates and packages.
     *
     * @param catalogue the raw catalogue bytes the artifact carries, empty for none
     * @throws MarqueeException INVALID_ARGUMENT for bad parameters, a protocol needing timestamps the data lacks, or
     *     tuning without validation interactions
     * @throws CancellationException once {@code cancelled} answers true (checked between phases and trials)
     */
    public static TrainedModel train(
            Interactions data,
            RecommenderJobRequest request,
            Optional<byte[]> catalogue,
            Provenance provenance,
            ProgressListener progress,
            BooleanSupplier cancelled) {
        requireNonNull(data, "data is null");
        requireNonNull(request, "request is null");
        requireNonNull(catalogue, "catalogue is null");
        requireNonNull(provenance, "provenance is null");
        if (RecommenderAlgorithms.isRatingPrediction(request.algorithm())) {
            return RatingTraining.train(data, request, catalogue, provenance, progress, cancelled);
        }
        long start = System.nanoTime();
        int k = request.k();
        progress.progress(0.05, "splitting %d interactions of %d users and %d items by %s".formatted(
                data.size(), data.userCount(), data.itemCount(), request.protocol().wireName()));
        Split split = request.protocol().split(data, request.seed());
        checkCancelled(cancelled);
        progress.progress(0.1, "split: %d train, %d validation, %d test interactions".formatted(
                split.train().size(), split.validation().size(), split.test().size()));
        if (split.test().size() == 0) {
            throw MarqueeException.invalid(
                    "the %s split leaves no test interactions; users need at least 3 interactions",
                    request.protocol().wireName());
        }

        Map<String, String> parameters = RecommenderAlgorithms.resolveParameters(request.algorithm(),
                request.parameters());
        TuningReport tuning = TuningReport.NONE;
        if (request.tuning().isPresent()) {
            tuning = tune(split, request, progress, cancelled);
            Map<String, String> best = new HashMap<>(request.parameters());
            best.putAll(tuning.best());
            parameters = RecommenderAlgorithms.resolveParameters(request.algorithm(), best);
        }
        Recommender recommender = RecommenderAlgorithms.create(request.algorithm(), parameters, request.seed());

        Map<String, Double> metrics = new LinkedHashMap<>();
        progress.progress(0.5, "fitting %s on train for the evaluation".formatted(recommender.name()));
        RecommenderModel trainOnly = recommender.fit(split.train());
        checkCancelled(cancelled);
        putMetrics(metrics, "", Evaluator.test(trainOnly, split, k));
        if (split.validation().size() > 0) {
            putMetrics(metrics, "validation_", Evaluator.validation(trainOnly, split, k));
        }
        checkCancelled(cancelled);
        progress.progress(0.75, "test ndcg@%d %.4f; refitting on all %d interactions".formatted(
                k, metrics.get("ndcg@" + k), data.size()));
        RecommenderModel model = recommender.fit(data);
        checkCancelled(cancelled);
        progress.progress(0.95, "packaging the artifact");

        ModelManifest manifest = new ModelManifest(
                ModelArtifacts.FORMAT_VERSION,
                request.algorithm(),
                parameters,
                List.of(new Column("user_id", ColumnType.CATEGORICAL)),
                new OutputSchema("item_ids", Task.CLASSIFICATION, List.of()),
                metrics,
                List.of(
                        "interactions: %d users, %d items, %d interactions (binary relevance)".formatted(
                                data.userCount(), data.itemCount(), data.size()),
                        "evaluation: %s split (seed %d), full ranking at k=%d excluding seen items; served model"
                                .formatted(request.protocol().wireName(), request.seed(), k)
                                + " refitted on all interactions",
                        "catalogue: " + request.catalogueDatasetId().orElse("none")),
                provenance,
                ModelEvaluation.NONE,
                tuning);
        byte[] artifact = RecommenderArtifacts.write(manifest, model, catalogue);
        return new TrainedModel(manifest, artifact, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Each trial fits on train and is scored on validation; the best is the highest metric, ties to the first. */
    private static TuningReport tune(Split split, RecommenderJobRequest request, ProgressListener progress,
            BooleanSupplier cancelled) {
        TuningSpec spec = request.tuning().orElseThrow();
        if (split.validation().size() == 0) {
            throw MarqueeException.invalid(
                    "tuning needs validation interactions, and the %s split leaves none", request.protocol().wireName());
        }
        String metric = tuningMetric(spec, request.algorithm());
        String metricName = metric + "@" + request.k();
        List<Map<String, String>> combinations = combinations(spec, request.seed());
        List<Trial> trials = new ArrayList<>();
        Map<String, String> best = Map.of();
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int index = 0; index < combinations.size(); index++) {
            checkCancelled(cancelled);
            Map<String, String> values = combinations.get(index);
            long trialStart = System.nanoTime();
            Map<String, String> parameters = new HashMap<>(request.parameters());
            parameters.putAll(values);
            try {
                RecommenderModel model = RecommenderAlgorithms.create(request.algorithm(), parameters, request.seed())
                        .fit(split.train());
                Map<String, Double> scores = new LinkedHashMap<>();
                putMetrics(scores, "", Evaluator.validation(model, split, request.k()));
                double score = scores.get(metricName);
                trials.add(new Trial(index + 1, values, Optional.of(new Score(score, 0)),
                        Duration.ofNanos(System.nanoTime() - trialStart), Optional.empty()));
                if (score > bestScore) {
                    bestScore = score;
                    best = values;
                }
            } catch (MarqueeException e) {
                trials.add(new Trial(index + 1, values, Optional.empty(),
                        Duration.ofNanos(System.nanoTime() - trialStart), Optional.of(e.getMessage())));
            }
            progress.progress(0.1 + 0.4 * (index + 1) / combinations.size(),
                    "tuning trial %d of %d: best validation %s %.4f".formatted(
                            index + 1, combinations.size(), metricName, Math.max(bestScore, 0)));
        }
        if (bestScore == Double.NEGATIVE_INFINITY) {
            throw MarqueeException.invalid("every tuning trial failed; first failure: %s",
                    trials.getFirst().failure().orElse(""));
        }
        return new TuningReport(spec.method().displayName(), "validation_" + metricName, trials, best);
    }

    static List<Map<String, String>> combinations(TuningSpec tuning, long seed) {
        return switch (tuning.method()) {
            case GRID -> SearchSpaces.grid(tuning.space());
            case RANDOM -> SearchSpaces.random(tuning.space(), tuning.trials(), seed);
        };
    }

    static String tuningMetric(TuningSpec tuning, String algorithm) {
        boolean ratings = RecommenderAlgorithms.isRatingPrediction(algorithm);
        List<String> allowed = ratings ? RATING_TUNING_METRICS : TUNING_METRICS;
        String metric = tuning.metric().orElse(allowed.getFirst());
        if (!allowed.contains(metric)) {
            throw MarqueeException.invalid("'tuning.metric' of %s must be one of %s, was '%s'", algorithm, allowed,
                    metric);
        }
        return metric;
    }

    /** The evaluation's measures under {@code prefix}, named with the list length. */
    static void putMetrics(Map<String, Double> metrics, String prefix, Evaluation evaluation) {
        String at = "@" + evaluation.k();
        metrics.put(prefix + "ndcg" + at, evaluation.ndcg());
        metrics.put(prefix + "recall" + at, evaluation.recall());
        metrics.put(prefix + "precision" + at, evaluation.precision());
        metrics.put(prefix + "map" + at, evaluation.map());
        metrics.put(prefix + "mrr" + at, evaluation.mrr());
        metrics.put(prefix + "hit_rate" + at, evaluation.hitRate());
        metrics.put(prefix + "item_coverage" + at, evaluation.itemCoverage());
        metrics.put(prefix + "novelty" + at, evaluation.novelty());
        metrics.put(prefix + "average_popularity" + at, evaluation.averagePopularity());
        metrics.put(prefix + "users", (double) evaluation.users());
    }

    static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("training was cancelled");
        }
    }
}
