package dev.marquee.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.ProgressListener;
import dev.marquee.core.Provenance;
import dev.marquee.recommend.Interactions;
import dev.marquee.recommend.RatingModel;
import dev.marquee.recommend.RatingScale;
import dev.marquee.recommend.RecommenderArtifact;
import dev.marquee.recommend.RecommenderArtifacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Training jobs of BPR (a ranking recommender) and biased matrix factorisation (rating prediction, k-fold RMSE and
 * MAE), on generated data with planted structure, and their refusals of bad input.
 */
class RatingAndBprTrainingTest {
    private static final Provenance PROVENANCE =
            new Provenance("ds_1", "0".repeat(64), 3, "test", "job_1", Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void bprLearnsPlantedTasteGroupsBetterThanPopularityAndPackagesABprModel() {
        Interactions data = RecommenderTrainingTest.clustered(300, 60, 20);

        TrainedModel bpr = train(data, ranking("bpr", Map.of("factors", "16", "epochs", "40", "learning_rate", "0.05")));
        ModelManifest popular = train(data, ranking("most_popular", Map.of())).manifest();

        Map<String, Double> metrics = bpr.manifest().metrics();
        assertThat(metrics).containsKeys("ndcg@10", "recall@10", "validation_ndcg@10");
        assertThat(metrics.get("ndcg@10")).isGreaterThan(popular.metrics().get("ndcg@10"));
        assertThat(bpr.manifest().parameters()).containsEntry("factors", "16").containsEntry("regularization", "0.01");
        RecommenderArtifact artifact = RecommenderArtifacts.read(bpr.artifact());
        assertThat(artifact.model().training().size()).isEqualTo(data.size());
        assertThat(artifact.model().recommend(0, 10)).hasSize(10);
    }

    @Test
    void bprTuningPicksTheBestValidationTrial() {
        Interactions data = RecommenderTrainingTest.clustered(200, 40, 15);
        TuningSpec tuning = TuningSpec.grid(Map.of("epochs", new SearchSpace.Values(List.of("1", "30"))));
        RecommenderJobRequest request = new RecommenderJobRequest("ds_1", "picks", "bpr",
                Map.of("factors", "8", "learning_rate", "0.05"), 3, EvaluationProtocol.PER_USER_RANDOM, 10,
                Optional.of(tuning), Optional.empty());

        ModelManifest manifest = train(data, request).manifest();

        assertThat(manifest.tuning().trials()).hasSize(2);
        double best = manifest.tuning().trials().stream()
                .mapToDouble(trial -> trial.score().orElseThrow().mean()).max().orElseThrow();
        assertThat(manifest.metrics().get("validation_ndcg@10")).isEqualTo(best);
        assertThat(manifest.parameters().get("epochs")).isEqualTo(manifest.tuning().best().get("epochs"));
    }

    @Test
    void biasedMfDefaultsToFiveFoldsAndRecordsMeanAndPerFoldErrors() {
        Interactions data = planted(150, 60, 0.35, 11);
        RecommenderJobRequest request = rating(Map.of("factors", "4", "epochs", "60", "learning_rate", "0.02"),
                OptionalInt.empty(), Optional.empty(), Optional.empty());
        assertThat(request.protocol()).isEqualTo(EvaluationProtocol.K_FOLD);

        TrainedModel trained = train(data, request);

        Map<String, Double> metrics = trained.manifest().metrics();
        assertThat(metrics.get("rating_folds")).isEqualTo(5.0);
        double meanRmse = 0;
        double meanMae = 0;
        for (int fold = 1; fold <= 5; fold++) {
            meanRmse += metrics.get("rmse_fold_" + fold) / 5;
            meanMae += metrics.get("mae_fold_" + fold) / 5;
        }
        assertThat(metrics.get("rmse")).isCloseTo(meanRmse, within(1e-12));
        assertThat(metrics.get("mae")).isCloseTo(meanMae, within(1e-12)).isLessThan(metrics.get("rmse"));
        // The planted noise has standard deviation 0.1; predicting the mean is off by the whole signal.
        assertThat(metrics.get("rmse")).isLessThan(0.5 * standardDeviation(data));
        assertThat(metrics).containsKeys("ndcg@10", "recall@10", "users").doesNotContainKey("validation_rmse");
        assertThat(trained.manifest().preprocessing()).anyMatch(note -> note.contains("5-fold"));

        RecommenderArtifact artifact = RecommenderArtifacts.read(trained.artifact());
        RatingModel model = (RatingModel) artifact.model();
        assertThat(model.scale()).isEqualTo(inferredScale(data));
        assertThat(model.training().size()).as("refit on every rating").isEqualTo(data.size());
        assertThat(model.recommend(0, 5)).hasSize(5);
    }

    @Test
    void biasedMfAlsSolverOnARankingSplitRecordsTestAndValidationErrors() {
        Interactions data = planted(150, 60, 0.35, 12);
        RecommenderJobRequest request = new RecommenderJobRequest("ds_1", "stars", "biased_mf",
                Map.of("solver", "als", "factors", "4", "iterations", "15", "regularization", "0.02"), 3,
                EvaluationProtocol.PER_USER_RANDOM, 10, Optional.empty(), Optional.empty(), OptionalInt.empty(),
                Optional.of(new RatingScale(1, 5)));

        ModelManifest manifest = train(data, request).manifest();

        assertThat(manifest.metrics()).containsKeys("rmse", "mae", "validation_rmse", "validation_mae", "ndcg@10");
        assertThat(manifest.metrics().get("rmse")).isLessThan(0.5 * standardDeviation(data));
        assertThat(manifest.parameters()).containsEntry("solver", "als").doesNotContainKey("learning_rate");
    }

    @Test
    void biasedMfTuningIsNestedInsideTheFoldsAndTheServedPickIsReported() {
        Interactions data = planted(120, 50, 0.35, 13);
        TuningSpec tuning = TuningSpec.grid(Map.of("regularization", new SearchSpace.Values(List.of("0.02", "20"))));
        RecommenderJobRequest request = rating(Map.of("factors", "4", "epochs", "40", "learning_rate", "0.02"),
                OptionalInt.of(3), Optional.empty(), Optional.of(tuning));

        ModelManifest manifest = train(data, request).manifest();

        assertThat(manifest.tuning().metric()).isEqualTo("validation_rmse");
        assertThat(manifest.tuning().trials()).hasSize(2);
        double lowest = manifest.tuning().trials().stream()
                .mapToDouble(trial -> trial.score().orElseThrow().mean()).min().orElseThrow();
        String best = manifest.tuning().best().get("regularization");
        assertThat(manifest.tuning().trials()).filteredOn(trial -> trial.parameters().get("regularization")
                .equals(best)).singleElement().satisfies(trial ->
                        assertThat(trial.score().orElseThrow().mean()).isEqualTo(lowest));
        // Regularization 20 shrinks every parameter to zero: the planted structure wins.
        assertThat(best).isEqualTo("0.02");
        assertThat(manifest.parameters()).containsEntry("regularization", "0.02");
        assertThat(manifest.preprocessing()).filteredOn(note -> note.startsWith("fold ")).hasSize(3);
        assertThat(manifest.metrics().get("rating_folds")).isEqualTo(3.0);
    }

    @Test
    void ratingPredictionWithoutRatingsIsInvalid() {
        Interactions implicit = RecommenderTrainingTest.clustered(50, 20, 10);

        assertInvalid(() -> train(implicit, rating(Map.of(), OptionalInt.empty(), Optional.empty(),
                Optional.empty())), "no rating column");
    }

    @Test
    void ratingOutsideTheGivenScaleIsInvalidAndNamesTheScaleTheUserAndTheItem() {
        Interactions data = planted(30, 20, 0.5, 14);
        RecommenderJobRequest request = rating(Map.of(), OptionalInt.empty(), Optional.of(new RatingScale(2, 4)),
                Optional.empty());

        assertInvalid(() -> train(data, request), "'rating_scale'");
        assertInvalid(() -> train(data, request), "of user 'u");
    }

    @Test
    void inferredScaleNeedsTwoDistinctRatings() {
        Interactions.Builder builder = Interactions.builder(true, false);
        for (int user = 0; user < 10; user++) {
            for (int item = 0; item < 5; item++) {
                builder.add("u" + user, "i" + item, 3, 0);
            }
        }

        assertInvalid(() -> train(builder.build(), rating(Map.of(), OptionalInt.empty(), Optional.empty(),
                Optional.empty())), "'rating_scale'");
    }

    @Test
    void badParametersProtocolsAndFieldsAreNamedBeforeTraining() {
        assertInvalid(() -> RecommenderTraining.check(rating(Map.of("factors", "0"), OptionalInt.empty(),
                Optional.empty(), Optional.empty())), "'factors'");
        assertInvalid(() -> RecommenderTraining.check(rating(Map.of("solver", "newton"), OptionalInt.empty(),
                Optional.empty(), Optional.empty())), "'solver'");
        // Iterations belong to the ALS solver, not to the default SGD one.
        assertInvalid(() -> RecommenderTraining.check(rating(Map.of("iterations", "5"), OptionalInt.empty(),
                Optional.empty(), Optional.empty())), "'iterations'");
        assertInvalid(() -> RecommenderTraining.check(rating(Map.of("learning_rate", "0"), OptionalInt.empty(),
                Optional.empty(), Optional.empty())), "'learning_rate'");
        assertInvalid(() -> rating(Map.of(), OptionalInt.of(1), Optional.empty(), Optional.empty()), "'folds'");
        assertInvalid(() -> new RecommenderJobRequest("ds_1", "m", "biased_mf", Map.of(), 1,
                EvaluationProtocol.PER_USER_RANDOM, 10, Optional.empty(), Optional.empty(), OptionalInt.of(5),
                Optional.empty()), "'folds'");
        assertInvalid(() -> new RecommenderJobRequest("ds_1", "m", "bpr", Map.of(), 1, EvaluationProtocol.K_FOLD, 10,
                Optional.empty(), Optional.empty()), "'protocol'");
        assertInvalid(() -> new RecommenderJobRequest("ds_1", "m", "bpr", Map.of(), 1,
                EvaluationProtocol.PER_USER_RANDOM, 10, Optional.empty(), Optional.empty(), OptionalInt.empty(),
                Optional.of(new RatingScale(1, 5))), "'rating_scale'");
        assertInvalid(() -> RecommenderTraining.check(ranking("bpr", Map.of("epochs", "0"))), "'epochs'");
        assertInvalid(() -> RecommenderTraining.check(ranking("bpr", Map.of("factors", "many"))), "'factors'");
        TuningSpec ndcg = new TuningSpec(Map.of("factors", new SearchSpace.Values(List.of("4"))), SearchMethod.GRID,
                1, Optional.of("ndcg"), OptionalDouble.empty(), 1);
        assertInvalid(() -> RecommenderTraining.check(rating(Map.of(), OptionalInt.empty(), Optional.empty(),
                Optional.of(ndcg))), "'tuning.metric'");
    }

    @Test
    void requestsWithFoldsAndScaleSurviveTheJobStoreJson() throws Exception {
        RecommenderJobRequest request = rating(Map.of("solver", "als"), OptionalInt.of(4),
                Optional.of(new RatingScale(0.5, 4)), Optional.empty());
        com.fasterxml.jackson.databind.ObjectMapper mapper = dev.marquee.core.Json.newObjectMapper();

        assertThat(mapper.readValue(mapper.writeValueAsString(request), RecommenderJobRequest.class))
                .isEqualTo(request);
        assertThat(request.withDataset("ds_2").ratingScale()).hasValue(new RatingScale(0.5, 4));
        assertThat(request.withModelName("other").folds()).hasValue(4);
    }

    private static void assertInvalid(ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(MarqueeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining(message);
    }

    private static TrainedModel train(Interactions data, RecommenderJobRequest request) {
        return RecommenderTraining.train(data, request, Optional.empty(), PROVENANCE, ProgressListener.NONE,
                () -> false);
    }

    private static RecommenderJobRequest ranking(String algorithm, Map<String, String> parameters) {
        return new RecommenderJobRequest("ds_1", "picks", algorithm, parameters, 3,
                EvaluationProtocol.PER_USER_RANDOM, 10, Optional.empty(), Optional.empty());
    }

    /** A biased_mf request with the algorithm's default protocol. */
    private static RecommenderJobRequest rating(Map<String, String> parameters, OptionalInt folds,
            Optional<RatingScale> scale, Optional<TuningSpec> tuning) {
        return new RecommenderJobRequest("ds_1", "stars", "biased_mf", parameters, 3, null, 10, tuning,
                Optional.empty(), folds, scale);
    }

    /**
     * Ratings {@code 3 + b_u + b_i + p_u·q_i + noise} of rank 2, clipped to 1..5, noise with standard deviation 0.1;
     * each pair rated with probability {@code density}.
     */
    static Interactions planted(int users, int items, double density, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] userFactors = new double[users][3];
        double[][] itemFactors = new double[items][3];
        for (double[] row : userFactors) {
            for (int factor = 0; factor < 3; factor++) {
                row[factor] = random.nextGaussian() * (factor == 0 ? 0.3 : 0.7);
            }
        }
        for (double[] row : itemFactors) {
            for (int factor = 0; factor < 3; factor++) {
                row[factor] = random.nextGaussian() * (factor == 0 ? 0.3 : 0.7);
            }
        }
        Interactions.Builder builder = Interactions.builder(true, false);
        for (int user = 0; user < users; user++) {
            for (int item = 0; item < items; item++) {
                if (random.nextDouble() < density) {
                    double rating = 3 + userFactors[user][0] + itemFactors[item][0] + random.nextGaussian() * 0.1
                            + userFactors[user][1] * itemFactors[item][1] + userFactors[user][2] * itemFactors[item][2];
                    builder.add("u" + user, "i" + item, Math.min(5, Math.max(1, rating)), 0);
                }
            }
        }
        return builder.build();
    }

    private static double standardDeviation(Interactions data) {
        double sum = 0;
        double squares = 0;
        for (int position = 0; position < data.size(); position++) {
            sum += data.ratingAt(position);
            squares += data.ratingAt(position) * data.ratingAt(position);
        }
        double mean = sum / data.size();
        return Math.sqrt(squares / data.size() - mean * mean);
    }

    private static RatingScale inferredScale(Interactions data) {
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (int position = 0; position < data.size(); position++) {
            lowest = Math.min(lowest, data.ratingAt(position));
            highest = Math.max(highest, data.ratingAt(position));
        }
        return new RatingScale(lowest, highest);
    }
}
