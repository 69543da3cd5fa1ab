package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import dev.marquee.recommend.RatingScale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A request to train a recommender on an interaction dataset and register it under {@code modelName}.
 *
 * @param datasetId an {@code interactions} dataset version
 * @param algorithm a name from {@link RecommenderAlgorithms#names()}
 * @param parameters the algorithm's hyper-parameters as text; with {@code tuning}, the fixed ones beside the searched
 * @param seed seeds the split, a random search and the algorithm, so a job replays exactly
 * @param protocol how train, validation and test are split; absent (null) means
 *     {@link RecommenderAlgorithms#defaultProtocol} of the algorithm. {@link EvaluationProtocol#K_FOLD} is for rating
 *     prediction only
 * @param k the list length of the evaluation metrics, at least 1 and at most {@value #MAX_K}
 * @param tuning a hyper-parameter search scored on the validation split ({@code metric}: ndcg (default), recall,
 *     precision, map, mrr or hit_rate at {@code k}; for rating prediction rmse (default) or mae, lower is better);
 *     its {@code validationFraction} is ignored, the protocol decides
 * @param catalogueDatasetId a {@code catalogue} dataset whose bytes the artifact carries for serving
 * @param folds the number of folds of {@link EvaluationProtocol#K_FOLD}, in [2, {@value #MAX_FOLDS}]; only with that
 *     protocol; {@value #DEFAULT_FOLDS} when absent
 * @param ratingScale the rating scale of a rating-prediction job: every rating must lie in it (INVALID_ARGUMENT
 *     otherwise) and predictions are clipped to it; absent, it is inferred as the lowest to the highest rating in the
 *     data. Only for rating prediction
 */
public record RecommenderJobRequest(
        String datasetId,
        String modelName,
        String algorithm,
        Map<String, String> parameters,
        long seed,
        EvaluationProtocol protocol,
        int k,
        Optional<TuningSpec> tuning,
        Optional<String> catalogueDatasetId,
        OptionalInt folds,
        Optional<RatingScale> ratingScale) {
    /** The evaluation list length when the request gives none. */
    public static final int DEFAULT_K = 10;
    /** The longest evaluation list. */
    public static final int MAX_K = 1_000;
    /** The folds of a k-fold job that gives none (Surprise's default). */
    public static final int DEFAULT_FOLDS = 5;
    /** The most folds of a k-fold job. */
    public static final int MAX_FOLDS = 20;

    public RecommenderJobRequest {
        requireNonNull(datasetId, "datasetId is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(algorithm, "algorithm is null");
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
        protocol = protocol == null ? RecommenderAlgorithms.defaultProtocol(algorithm) : protocol;
        tuning = tuning == null ? Optional.empty() : tuning;
        catalogueDatasetId = catalogueDatasetId == null ? Optional.empty() : catalogueDatasetId;
        folds = folds == null ? OptionalInt.empty() : folds;
        ratingScale = ratingScale == null ? Optional.empty() : ratingScale;
        if (k < 1 || k > MAX_K) {
            throw MarqueeException.invalid("'k' must be in [1, %d], was %d", MAX_K, k);
        }
        boolean ratings = RecommenderAlgorithms.isRatingPrediction(algorithm);
        if (protocol == EvaluationProtocol.K_FOLD && !ratings) {
            throw MarqueeException.invalid(
                    "'protocol' k_fold applies only to rating prediction (biased_mf), not to %s; ranking recommenders"
                            + " use per_user_random, leave_last_out or global_temporal", algorithm);
        }
        if (folds.isPresent()) {
            if (protocol != EvaluationProtocol.K_FOLD) {
                throw MarqueeException.invalid("'folds' applies only to protocol k_fold, not %s", protocol.wireName());
            }
            if (folds.getAsInt() < 2 || folds.getAsInt() > MAX_FOLDS) {
                throw MarqueeException.invalid("'folds' must be in [2, %d], was %d", MAX_FOLDS, folds.getAsInt());
            }
        }
        if (ratingScale.isPresent() && !ratings) {
            throw MarqueeException.invalid(
                    "'rating_scale' applies only to rating prediction (biased_mf), not to %s", algorithm);
        }
    }

    /** A request without folds or rating scale (a ranking recommender, or rating prediction with their defaults). */
    public RecommenderJobRequest(String datasetId, String modelName, String algorithm, Map<String, String> parameters,
            long seed, EvaluationProtocol protocol, int k, Optional<TuningSpec> tuning,
            Optional<String> catalogueDatasetId) {
        this(datasetId, modelName, algorithm, parameters, seed, protocol, k, tuning, catalogueDatasetId,
                OptionalInt.empty(), Optional.empty());
    }

    /** The number of folds of a k-fold job: {@link #folds()} or {@value #DEFAULT_FOLDS}. */
    public int foldCount() {
        return folds.orElse(DEFAULT_FOLDS);
    }

    /** The same request on another dataset version, for a retrain. */
    public RecommenderJobRequest withDataset(String newDatasetId) {
        return new RecommenderJobRequest(newDatasetId, modelName, algorithm, parameters, seed, protocol, k, tuning,
                catalogueDatasetId, folds, ratingScale);
    }

    /** The same request registering under another model name. */
    public RecommenderJobRequest withModelName(String newModelName) {
        return new RecommenderJobRequest(datasetId, newModelName, algorithm, parameters, seed, protocol, k, tuning,
                catalogueDatasetId, folds, ratingScale);
    }
}
