package dev.marquee.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.MarqueeException;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.ProgressListener;
import dev.marquee.core.Provenance;
import dev.marquee.recommend.Interactions;
import dev.marquee.recommend.RecommenderArtifact;
import dev.marquee.recommend.RecommenderArtifacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** Recommender jobs evaluate on the test split, keep validation metrics apart, tune on validation and package. */
class RecommenderTrainingTest {
    private static final Provenance PROVENANCE =
            new Provenance("ds_1", "0".repeat(64), 3, "test", "job_1", Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void implicitAlsRecordsTestAndValidationMetricsAndBeatsPopularity() {
        Interactions data = clustered(300, 60, 20);
        RecommenderJobRequest als = request("implicit_als", Map.of("factors", "16", "iterations", "8"));

        TrainedModel trained = train(data, als);
        ModelManifest popular = train(data, request("most_popular", Map.of())).manifest();

        Map<String, Double> metrics = trained.manifest().metrics();
        assertThat(metrics).containsKeys("ndcg@10", "recall@10", "precision@10", "map@10", "mrr@10", "hit_rate@10",
                "item_coverage@10", "novelty@10", "average_popularity@10", "users", "validation_ndcg@10");
        assertThat(metrics.get("ndcg@10")).isGreaterThan(popular.metrics().get("ndcg@10"));
        assertThat(metrics.get("users")).isPositive();
        RecommenderArtifact artifact = RecommenderArtifacts.read(trained.artifact());
        assertThat(artifact.manifest()).isEqualTo(trained.manifest());
        assertThat(artifact.model().training().size()).as("refit on every interaction").isEqualTo(data.size());
    }

    @Test
    void tuningPicksTheBestValidationTrialAndRecordsEveryTrial() {
        Interactions data = clustered(200, 40, 15);
        TuningSpec tuning = TuningSpec.grid(Map.of("neighbours", new SearchSpace.Values(List.of("1", "50"))));
        RecommenderJobRequest request = new RecommenderJobRequest("ds_1", "picks", "item_knn", Map.of(), 3,
                EvaluationProtocol.PER_USER_RANDOM, 10, Optional.of(tuning), Optional.empty());

        ModelManifest manifest = train(data, request).manifest();

        assertThat(manifest.tuning().trials()).hasSize(2);
        assertThat(manifest.tuning().metric()).isEqualTo("validation_ndcg@10");
        double best = manifest.tuning().trials().stream()
                .mapToDouble(trial -> trial.score().orElseThrow().mean()).max().orElseThrow();
        assertThat(manifest.metrics().get("validation_ndcg@10")).isEqualTo(best);
        assertThat(manifest.parameters().get("neighbours")).isEqualTo(manifest.tuning().best().get("neighbours"));
    }

    @Test
    void timeOrderedProtocolWithoutTimestampsIsInvalid() {
        Interactions.Builder builder = Interactions.builder(false, false);
        for (int user = 0; user < 20; user++) {
            for (int item = 0; item < 5; item++) {
                builder.add("u" + user, "i" + ((user + item) % 9));
            }
        }
        RecommenderJobRequest request = new RecommenderJobRequest("ds_1", "picks", "most_popular", Map.of(), 3,
                EvaluationProtocol.LEAVE_LAST_OUT, 10, Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> train(builder.build(), request))
                .isInstanceOf(MarqueeException.class)
                .hasMessageContaining("timestamps");
    }

    @Test
    void badParametersAndTuningMetricAreNamedBeforeTraining() {
        assertThatThrownBy(() -> RecommenderTraining.check(request("implicit_als", Map.of("factors", "0"))))
                .hasMessageContaining("factors");
        assertThatThrownBy(() -> RecommenderTraining.check(request("ease", Map.of("depth", "3"))))
                .hasMessageContaining("depth");
        assertThatThrownBy(() -> RecommenderTraining.check(request("bpr", Map.of("learning_rate", "-1"))))
                .hasMessageContaining("'learning_rate'");
        TuningSpec tuning = new TuningSpec(Map.of("lambda", new SearchSpace.Values(List.of("10"))),
                SearchMethod.GRID, 1, Optional.of("accuracy"), OptionalDouble.empty(), 1);
        assertThatThrownBy(() -> RecommenderTraining.check(new RecommenderJobRequest("ds_1", "m", "ease", Map.of(), 1,
                        EvaluationProtocol.PER_USER_RANDOM, 10, Optional.of(tuning), Optional.empty())))
                .hasMessageContaining("tuning.metric");
        assertThatThrownBy(() -> new RecommenderJobRequest("ds_1", "m", "ease", Map.of(), 1,
                        EvaluationProtocol.PER_USER_RANDOM, 0, Optional.empty(), Optional.empty()))
                .hasMessageContaining("'k'");
    }

    @Test
    void cancellationStopsTraining() {
        assertThatThrownBy(() -> RecommenderTraining.train(clustered(50, 20, 10), request("ease", Map.of()),
                        Optional.empty(), PROVENANCE, ProgressListener.NONE, () -> true))
                .isInstanceOf(CancellationException.class);
    }

    private static TrainedModel train(Interactions data, RecommenderJobRequest request) {
        return RecommenderTraining.train(data, request, Optional.empty(), PROVENANCE, ProgressListener.NONE,
                () -> false);
    }

    private static RecommenderJobRequest request(String algorithm, Map<String, String> parameters) {
        return new RecommenderJobRequest("ds_1", "picks", algorithm, parameters, 3,
                EvaluationProtocol.PER_USER_RANDOM, 10, Optional.empty(), Optional.empty());
    }

    /** Users in four taste groups, each mostly interacting with its group's items. */
    static Interactions clustered(int users, int items, int perUser) {
        SplittableRandom random = new SplittableRandom(5);
        Interactions.Builder builder = Interactions.builder(false, true);
        int groupSize = items / 4;
        long time = 1_000;
        for (int user = 0; user < users; user++) {
            int group = user % 4;
            for (int event = 0; event < perUser; event++) {
                int item = random.nextDouble() < 0.85 ? group * groupSize + random.nextInt(groupSize)
                        : random.nextInt(items);
                builder.add("u" + user, "i" + item, 0, time++);
            }
        }
        return builder.build();
    }
}
