package dev.marquee.training;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.Map;
import java.util.Optional;

/**
 * A request to train a recommender on an interaction dataset and register it under {@code modelName}.
 *
 * @param datasetId an {@code interactions} dataset version
 * @param algorithm a name from {@link RecommenderAlgorithms#names()}
 * @param parameters the algorithm's hyper-parameters as text; with {@code tuning}, the fixed ones beside the searched
 * @param seed seeds the split, a random search and the algorithm, so a job replays exactly
 * @param protocol how train, validation and test are split
 * @param k the list length of the evaluation metrics, at least 1 and at most {@value #MAX_K}
 * @param tuning a hyper-parameter search scored on the validation split ({@code metric}: ndcg (default), recall,
 *     precision, map, mrr or hit_rate at {@code k}); its {@code validationFraction} is ignored, the protocol decides
 * @param catalogueDatasetId a {@code catalogue} dataset whose bytes the artifact carries for serving
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
        Optional<String> catalogueDatasetId) {
    /** The evaluation list length when the request gives none. */
    public static final int DEFAULT_K = 10;
    /** The longest evaluation list. */
    public static final int MAX_K = 1_000;

    public RecommenderJobRequest {
        requireNonNull(datasetId, "datasetId is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(algorithm, "algorithm is null");
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
        protocol = protocol == null ? EvaluationProtocol.PER_USER_RANDOM : protocol;
        tuning = tuning == null ? Optional.empty() : tuning;
        catalogueDatasetId = catalogueDatasetId == null ? Optional.empty() : catalogueDatasetId;
        if (k < 1 || k > MAX_K) {
            throw MarqueeException.invalid("'k' must be in [1, %d], was %d", MAX_K, k);
        }
    }

    /** The same request on another dataset version, for a retrain. */
    public RecommenderJobRequest withDataset(String newDatasetId) {
        return new RecommenderJobRequest(newDatasetId, modelName, algorithm, parameters, seed, protocol, k, tuning,
                catalogueDatasetId);
    }

    /** The same request registering under another model name. */
    public RecommenderJobRequest withModelName(String newModelName) {
        return new RecommenderJobRequest(datasetId, newModelName, algorithm, parameters, seed, protocol, k, tuning,
                catalogueDatasetId);
    }
}
