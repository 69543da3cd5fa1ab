package dev.marquee.training;

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
import dev.marquee.recommend.Evaluator;
import dev.marquee.recommend.Interactions;
import dev.marquee.recommend.RatingEvaluation;
import dev.marquee.recommend.RatingModel;
import dev.marquee.recommend.RatingScale;
import dev.marquee.recommend.RecommenderArtifacts;
import dev.marquee.recommend.Split;
import dev.marquee.recommend.Splits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Trains a rating-prediction recommender ({@link RecommenderAlgorithms#isRatingPrediction}) for
 * {@link RecommenderTraining#train}. The rating scale is the request's, every rating checked against it, or else the
 * lowest to the highest rating in the data.
 *
 * <p>Evaluation, by protocol:
 * <ul>
 *   <li>{@code k_fold}: RMSE and MAE of the clipped predictions on each held-out fold of a model fitted on the other
 *       folds, as {@code rmse_fold_N} and {@code mae_fold_N} (N from 1), their means as {@code rmse} and {@code mae},
 *       and {@code rating_folds}. The ranking metrics ({@code ndcg@K} and the rest, as for ranking recommenders) of
 *       the same parameters fitted on a {@code per_user_random} split with the job's seed, ranking by predicted rating
 *       what the served model serves: one more fit, and the number to compare with the ranking recommenders.
 *   <li>a ranking protocol: {@code rmse} and {@code mae} on its test split and {@code validation_rmse} and
 *       {@code validation_mae} on its validation split, beside the ranking metrics of that split.
 * </ul>
 *
 * <p>Tuning (lower {@code rmse} or {@code mae} is better) never sees a test rating: with {@code k_fold}, each fold
 * tunes on a validation set of a tenth of its training folds (nested cross-validation) and is evaluated with its own
 * pick; the served parameters are tuned on a tenth of all ratings, and that search is the manifest's tuning report.
 * With a ranking protocol the search scores the protocol's validation split. The per-fold picks are in the manifest's
 * description lines ({@link dev.marquee.core.ModelManifest#preprocessing()}, where recommenders describe their data
 * and evaluation). Cost: {@code trials * (folds + 1)} fits.
 */
final class RatingTraining {
    private RatingTraining() {}

    static TrainedModel train(Interactions data, RecommenderJobRequest request,
            Optional<byte[]> catalogue, Provenance provenance, ProgressListener progress, BooleanSupplier cancelled) {
        long start = System.nanoTime();
        String algorithm = request.algorithm();
        if (!data.hasRatings()) {
            throw MarqueeException.invalid(
                    "%s predicts explicit ratings, and the interactions have no rating column", algorithm);
        }
        RatingScale scale = scale(data, request);
        Map<String, String> parameters = RecommenderAlgorithms.resolveParameters(algorithm, request.parameters());
        Map<String, Double> metrics = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        notes.add("interactions: %d users, %d items, %d ratings in the scale %s (%s)".formatted(data.userCount(),
                data.itemCount(), data.size(), scale, request.ratingScale().isPresent() ? "given" : "inferred"));
        TuningReport tuning = TuningReport.NONE;
        int k = request.k();
        EvaluationProtocol protocol = request.protocol();
        Split rankingSplit = switch (protocol) {
            case K_FOLD -> {
                int folds = request.foldCount();
                progress.progress(0.05, "splitting %d ratings into %d folds".formatted(data.size(), folds));
                List<Split> splits = protocol.folds(data, folds, request.seed());
                double rmse = 0;
                double mae = 0;
                for (int fold = 0; fold < splits.size(); fold++) {
                    RecommenderTraining.checkCancelled(cancelled);
                    Split split = splits.get(fold);
                    Map<String, String> foldParameters = parameters;
                    if (request.tuning().isPresent()) {
                        Search search = search(carve(split.train(), request.seed()), request, scale, cancelled);
                        foldParameters = withBest(request, search.report());
                        notes.add("fold %d: tuned %s (validation %s %.4f)".formatted(fold + 1,
                                search.report().best(), search.report().metric(), search.score()));
                    }
                    RatingModel model = RecommenderAlgorithms.createRating(algorithm, foldParameters, request.seed(),
                            scale).fit(split.train());
                    RatingEvaluation evaluation = Evaluator.ratings(model, split.test());
                    metrics.put("rmse_fold_" + (fold + 1), evaluation.rmse());
                    metrics.put("mae_fold_" + (fold + 1), evaluation.mae());
                    rmse += evaluation.rmse() / folds;
                    mae += evaluation.mae() / folds;
                    progress.progress(0.05 + 0.55 * (fold + 1) / folds, "fold %d of %d: RMSE %.4f, MAE %.4f"
                            .formatted(fold + 1, folds, evaluation.rmse(), evaluation.mae()));
                }
                metrics.put("rmse", rmse);
                metrics.put("mae", mae);
                metrics.put("rating_folds", (double) folds);
                if (request.tuning().isPresent()) {
                    progress.progress(0.6, "tuning the served parameters on a tenth of all ratings");
                    tuning = search(carve(data, request.seed()), request, scale, cancelled).report();
                    parameters = withBest(request, tuning);
                }
                notes.add(("evaluation: %d-fold cross-validation (seed %d), RMSE and MAE of predictions clipped to the"
                        + " scale; ranking metrics at k=%d on a per_user_random split (seed %d), ranking by predicted"
                        + " rating and excluding seen items").formatted(folds, request.seed(), k, request.seed()));
                yield EvaluationProtocol.PER_USER_RANDOM.split(data, request.seed());
            }
            case PER_USER_RANDOM, LEAVE_LAST_OUT, GLOBAL_TEMPORAL -> {
                progress.progress(0.05, "splitting %d ratings by %s".formatted(data.size(), protocol.wireName()));
                Split split = protocol.split(data, request.seed());
                if (split.test().size() == 0) {
                    throw MarqueeException.invalid(
                            "the %s split leaves no test interactions; users need at least 3 interactions",
                            protocol.wireName());
                }
                if (request.tuning().isPresent()) {
                    if (split.validation().size() == 0) {
                        throw MarqueeException.invalid("tuning needs validation interactions, and the %s split leaves"
                                + " none", protocol.wireName());
                    }
                    tuning = search(split, request, scale, cancelled).report();
                    parameters = withBest(request, tuning);
                }
                notes.add(("evaluation: %s split (seed %d), RMSE and MAE of predictions clipped to the scale on test"
                        + " and validation; ranking metrics at k=%d, ranking by predicted rating and excluding seen"
                        + " items").formatted(protocol.wireName(), request.seed(), k));
                yield split;
            }
        };
        RecommenderTraining.checkCancelled(cancelled);
        progress.progress(0.65, "fitting on the train split for the ranking metrics");
        RatingModel trainOnly = RecommenderAlgorithms.createRating(algorithm, parameters, request.seed(), scale)
                .fit(rankingSplit.train());
        if (protocol != EvaluationProtocol.K_FOLD) {
            RatingEvaluation test = Evaluator.ratings(trainOnly, rankingSplit.test());
            metrics.put("rmse", test.rmse());
            metrics.put("mae", test.mae());
            if (rankingSplit.validation().size() > 0) {
                RatingEvaluation validation = Evaluator.ratings(trainOnly, rankingSplit.validation());
                metrics.put("validation_rmse", validation.rmse());
                metrics.put("validation_mae", validation.mae());
            }
        }
        if (rankingSplit.test().size() > 0) {
            RecommenderTraining.putMetrics(metrics, "", Evaluator.test(trainOnly, rankingSplit, k));
        }
        RecommenderTraining.checkCancelled(cancelled);
        progress.progress(0.75, "RMSE %.4f, MAE %.4f; refitting on all %d ratings".formatted(
                metrics.get("rmse"), metrics.get("mae"), data.size()));
        RatingModel model = RecommenderAlgorithms.createRating(algorithm, parameters, request.seed(), scale).fit(data);
        RecommenderTraining.checkCancelled(cancelled);
        progress.progress(0.95, "packaging the artifact");
        notes.add("served model refitted on all ratings; top-K ranks by predicted rating");
        notes.add("catalogue: " + request.catalogueDatasetId().orElse("none"));
        ModelManifest manifest = new ModelManifest(
                ModelArtifacts.FORMAT_VERSION,
                algorithm,
                parameters,
                List.of(new Column("user_id", ColumnType.CATEGORICAL)),
                new OutputSchema("item_ids", Task.CLASSIFICATION, List.of()),
                metrics,
                notes,
                provenance,
                ModelEvaluation.NONE,
                tuning);
        byte[] artifact = RecommenderArtifacts.write(manifest, model, catalogue);
        return new TrainedModel(manifest, artifact, Duration.ofNanos(System.nanoTime() - start));
    }

    /** The request's scale with every rating checked against it, or the data's lowest to highest rating. */
    static RatingScale scale(Interactions data, RecommenderJobRequest request) {
        if (request.ratingScale().isPresent()) {
            RatingScale scale = request.ratingScale().get();
            for (int user = 0; user < data.userCount(); user++) {
                for (int position = data.start(user); position < data.end(user); position++) {
                    float rating = data.ratingAt(position);
                    if (!scale.contains(rating)) {
                        throw MarqueeException.invalid(
                                "'rating_scale' %s does not contain the rating %s of user '%s' for item '%s'", scale,
                                rating, data.userId(user), data.itemId(data.itemAt(position)));
                    }
                }
            }
            return scale;
        }
        return RatingScale.spanning(data);
    }

    /**
     * Train on a training set less a seeded tenth of its ratings, validate on that tenth; the test set of the returned
     * split is empty.
     */
    private static Split carve(Interactions train, long seed) {
        Split carved = Splits.kFold(train, Math.min(10, Math.max(2, train.size())), seed).getFirst();
        return new Split(carved.train(), carved.test(), carved.validation());
    }

    private static Map<String, String> withBest(RecommenderJobRequest request, TuningReport report) {
        Map<String, String> best = new HashMap<>(request.parameters());
        best.putAll(report.best());
        return RecommenderAlgorithms.resolveParameters(request.algorithm(), best);
    }

    /** A search's report and the best trial's score. */
    private record Search(TuningReport report, double score) {}

    /** Each trial fits on the split's train and is scored on its validation; the lowest error wins, ties first. */
    private static Search search(Split split, RecommenderJobRequest request, RatingScale scale,
            BooleanSupplier cancelled) {
        TuningSpec spec = request.tuning().orElseThrow();
        String metric = RecommenderTraining.tuningMetric(spec, request.algorithm());
        List<Map<String, String>> combinations = RecommenderTraining.combinations(spec, request.seed());
        List<Trial> trials = new ArrayList<>();
        Map<String, String> best = Map.of();
        double bestScore = Double.POSITIVE_INFINITY;
        for (int index = 0; index < combinations.size(); index++) {
            RecommenderTraining.checkCancelled(cancelled);
            Map<String, String> values = combinations.get(index);
            long trialStart = System.nanoTime();
            Map<String, String> parameters = new HashMap<>(request.parameters());
            parameters.putAll(values);
            try {
                RatingModel model = RecommenderAlgorithms.createRating(request.algorithm(), parameters,
                        request.seed(), scale).fit(split.train());
                RatingEvaluation evaluation = Evaluator.ratings(model, split.validation());
                double score = metric.equals("mae") ? evaluation.mae() : evaluation.rmse();
                trials.add(new Trial(index + 1, values, Optional.of(new Score(score, 0)),
                        Duration.ofNanos(System.nanoTime() - trialStart), Optional.empty()));
                if (score < bestScore) {
                    bestScore = score;
                    best = values;
                }
            } catch (MarqueeException e) {
                trials.add(new Trial(index + 1, values, Optional.empty(),
                        Duration.ofNanos(System.nanoTime() - trialStart), Optional.of(e.getMessage())));
            }
        }
        if (bestScore == Double.POSITIVE_INFINITY) {
            throw MarqueeException.invalid("every tuning trial failed; first failure: %s",
                    trials.getFirst().failure().orElse(""));
        }
        return new Search(new TuningReport(spec.method().displayName(), "validation_" + metric, trials, best),
                bestScore);
    }
}
