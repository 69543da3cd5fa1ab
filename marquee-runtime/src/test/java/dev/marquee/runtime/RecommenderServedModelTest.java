package dev.marquee.runtime;

import static dev.marquee.runtime.OnnxServedModelTest.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.OutputSchema;
import dev.marquee.core.Provenance;
import dev.marquee.core.Task;
import dev.marquee.recommend.ExactItemIndex;
import dev.marquee.recommend.HnswItemIndex;
import dev.marquee.recommend.ImplicitAls;
import dev.marquee.recommend.Interactions;
import dev.marquee.recommend.ItemIndexSettings;
import dev.marquee.recommend.ItemKnn;
import dev.marquee.recommend.RecommendQuery;
import dev.marquee.recommend.RecommendationEngine;
import dev.marquee.recommend.RecommenderArtifacts;
import dev.marquee.store.ModelFormat;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A recommender artifact serves OIP requests: user ids in, top-K unseen item ids and scores out. */
class RecommenderServedModelTest {
    /** u0..u5 like a..e in overlapping windows; "z" is liked by u5 alone. */
    private static final Interactions DATA = data();

    @Test
    void artifactIsDetectedAndLoadedAsARecommender() {
        byte[] artifact = artifact();

        assertThat(ArtifactFormats.detect(artifact)).isEqualTo(ModelFormat.RECOMMENDER);
        try (ServedModel model = ServedModels.load(artifact)) {
            assertThat(model).isInstanceOf(RecommenderServedModel.class);
            assertThat(model.platform()).isEqualTo("marquee_recommender_item_knn");
            assertThat(model.inputSpecs()).extracting(TensorSpec::name).containsExactly("user_id", "history");
            assertThat(model.recommending()).hasValueSatisfying(recommender -> {
                assertThat(recommender.manifest().algorithm()).isEqualTo("item_knn");
                assertThat(recommender.engine().catalogue()).isEmpty();
                assertThat(recommender.genres()).isEmpty();
            });
        }
    }

    @Test
    void theCatalogueInTheArtifactGivesTheEngineTitlesAndGenres() {
        byte[] catalogue = "id,title,genres,maturity\na,Alien,sci-fi|horror,R\nb,Babe,family,G\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (ServedModel model = ServedModels.load(RecommenderArtifacts.write(manifest(), new ItemKnn(10, 0).fit(DATA),
                catalogue))) {
            RecommendingModel recommender = model.recommending().orElseThrow();
            assertThat(recommender.genres()).containsExactlyInAnyOrder("sci-fi", "horror", "family");
            assertThat(recommender.engine().catalogue().orElseThrow().item("a").orElseThrow().title())
                    .isEqualTo("Alien");
        }
    }

    @Test
    void aCatalogueThatCannotBeReadFailsTheLoadNamingItsLine() {
        byte[] catalogue = "id,title,maturity\na,Alien,R\nb,Babe,XYZ\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] artifact = RecommenderArtifacts.write(manifest(), new ItemKnn(10, 0).fit(DATA), catalogue);
        assertInvalid(() -> ServedModels.load(artifact), "line 3");
    }

    @Test
    void aFactorModelsEngineBuildsTheItemIndexTheLoaderSettingsAskFor() {
        byte[] artifact = RecommenderArtifacts.write(manifest(), new ImplicitAls(4, 2, 0.1, 3, 1, 5).fit(DATA));
        try (ServedModel exact = ServedModels.load(artifact);
                ServedModel approximate = ServedModels.loader(ItemIndexSettings.defaults().withApproximateAbove(0))
                        .load(artifact)) {
            assertThat(exact.recommending().orElseThrow().engine().itemIndex())
                    .containsInstanceOf(ExactItemIndex.class);
            RecommendationEngine engine = approximate.recommending().orElseThrow().engine();
            assertThat(engine.itemIndex()).containsInstanceOf(HnswItemIndex.class);
            assertThat(engine.recommend(RecommendQuery.forUser("u0", 2)).approximate()).isTrue();
        }
        try (ServedModel knn = ServedModels.loader(ItemIndexSettings.defaults()).load(artifact())) {
            assertThat(knn.recommending().orElseThrow().engine().itemIndex()).isEmpty();
        }
    }

    @Test
    void aHistoryInputIsFoldedInForUsersTheModelDoesNotKnow() {
        try (ServedModel model = ServedModels.load(artifact())) {
            List<InferenceTensor> outputs = model.infer(new InferenceRequest(Optional.empty(), List.of(
                    InferenceTensor.strings("user_id", new String[] {"newcomer", "stranger"}, 2),
                    InferenceTensor.strings("history", new String[] {"d", "e", "", ""}, 2, 2)), List.of("item_ids"),
                    Map.of("k", 3)));
            String[] ids = ((TensorData.Strings) outputs.getFirst().data()).values();
            assertThat(Arrays.copyOfRange(ids, 0, 3)).doesNotContain("d", "e");
            assertThat(Arrays.copyOfRange(ids, 3, 6)).containsExactly("c", "a", "b");
            assertInvalid(() -> model.infer(new InferenceRequest(Optional.empty(), List.of(
                    InferenceTensor.strings("user_id", new String[] {"x", "y"}, 2),
                    InferenceTensor.strings("history", new String[] {"d", "e"}, 2)), List.of(), Map.of())),
                    "'history'");
        }
    }

    @Test
    void knownUsersGetUnseenItemsBestFirstAndUnknownUsersThePopularOnes() {
        try (ServedModel model = ServedModels.load(artifact())) {
            List<InferenceTensor> outputs = model.infer(request(new String[] {"u0", "stranger"}, Map.of("k", 2)));

            InferenceTensor items = outputs.get(0);
            InferenceTensor scores = outputs.get(1);
            assertThat(items.shape()).containsExactly(2L, 2L);
            String[] ids = ((TensorData.Strings) items.data()).values();
            int u0 = DATA.userIndex("u0").orElseThrow();
            for (int rank = 0; rank < 2; rank++) {
                int item = DATA.itemIndex(ids[rank]).orElseThrow();
                assertThat(DATA.contains(u0, item)).as("u0 already saw %s", ids[rank]).isFalse();
            }
            double[] values = ((TensorData.Numbers) scores.data()).values();
            assertThat(values[0]).isGreaterThanOrEqualTo(values[1]);
            assertThat(Arrays.copyOfRange(ids, 2, 4)).containsExactly("c", "a");
        }
    }

    @Test
    void listIsPaddedWhenTheUserHasSeenAlmostEverything() {
        try (ServedModel model = ServedModels.load(artifact())) {
            List<InferenceTensor> outputs = model.infer(request(new String[] {"u5"}, Map.of("k", 100)));

            String[] ids = ((TensorData.Strings) outputs.getFirst().data()).values();
            assertThat(outputs.getFirst().shape()).containsExactly(1L, (long) DATA.itemCount());
            assertThat(ids).contains("").doesNotContain("z");
        }
    }

    @Test
    void badRequestsAreNamed() {
        try (ServedModel model = ServedModels.load(artifact())) {
            assertInvalid(() -> model.infer(request(new String[] {"u0"}, Map.of("k", 0))), "'k'");
            assertInvalid(() -> model.infer(request(new String[] {"u0"}, Map.of("k", 1.5))), "'k'");
            assertInvalid(() -> model.infer(request(new String[] {"u0"}, Map.of("k", "ten"))), "'k'");
            assertInvalid(() -> model.infer(request(new String[] {"u0"}, Map.of("k", 1001))), "'k'");
            assertInvalid(() -> model.infer(new InferenceRequest(Optional.empty(),
                    List.of(InferenceTensor.numbers("user_id", Datatype.FP32, new double[] {1}, 1)), List.of(),
                    Map.of())), "BYTES");
            assertInvalid(() -> model.infer(new InferenceRequest(Optional.empty(),
                    List.of(InferenceTensor.strings("user", new String[] {"u0"}, 1)), List.of(), Map.of())),
                    "user_id");
            assertInvalid(() -> model.infer(new InferenceRequest(Optional.empty(),
                    List.of(InferenceTensor.strings("user_id", new String[] {"u0"}, 1)), List.of("ranks"),
                    Map.of())), "ranks");
        }
    }

    @Test
    void requestedOutputsAreTheOnlyOnesReturned() {
        try (ServedModel model = ServedModels.load(artifact())) {
            List<InferenceTensor> outputs = model.infer(new InferenceRequest(Optional.empty(),
                    List.of(InferenceTensor.strings("user_id", new String[] {"u1"}, 1, 1)), List.of("scores"),
                    Map.of()));

            assertThat(outputs).extracting(InferenceTensor::name).containsExactly("scores");
        }
    }

    private static InferenceRequest request(String[] users, Map<String, Object> parameters) {
        return new InferenceRequest(Optional.empty(), List.of(InferenceTensor.strings("user_id", users, users.length)),
                List.of(), parameters);
    }

    private static byte[] artifact() {
        return RecommenderArtifacts.write(manifest(), new ItemKnn(10, 0).fit(DATA));
    }

    private static ModelManifest manifest() {
        return new ModelManifest(1, "item_knn", Map.of(),
                List.of(new Column("user_id", ColumnType.CATEGORICAL)),
                new OutputSchema("item_ids", Task.CLASSIFICATION, List.of()), Map.of(), List.of(),
                new Provenance("ds_1", "0".repeat(64), 1, "test", "job_1", Instant.parse("2026-01-01T00:00:00Z")));
    }

    private static Interactions data() {
        String[] items = {"a", "b", "c", "d", "e"};
        Interactions.Builder builder = Interactions.builder(false, false);
        for (int user = 0; user < 6; user++) {
            for (int offset = 0; offset < 3; offset++) {
                builder.add("u" + user, items[(user + offset) % items.length]);
            }
        }
        // "c" is the most popular (5 users), then "a" and "b" (4 each, "a" first by index); u5 has seen a, b, c and "z".
        builder.add("u1", "c").add("u3", "c").add("u4", "b").add("u5", "c").add("u5", "b").add("u5", "z");
        return builder.build();
    }
}
