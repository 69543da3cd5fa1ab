package dev.marquee.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.Column;
import dev.marquee.core.ColumnType;
import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import dev.marquee.core.ModelManifest;
import dev.marquee.core.OutputSchema;
import dev.marquee.core.Provenance;
import dev.marquee.core.Task;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every model type survives write and read with identical scores; damaged or newer artifacts are refused. */
class RecommenderArtifactsTest {
    private static final RatingScale FIVE_STARS = new RatingScale(1, 5);
    private static final Interactions DATA = RecommendFixtures.clustered(60, 40, 4, 12, 0.8, 7);

    static Stream<Recommender> recommenders() {
        return Stream.of(
                MostPopular.counting(),
                new ItemKnn(10, 1),
                new Ease(50),
                new ImplicitAls(8, 2, 0.05, 3, 3, 11),
                new ImplicitAls(8, 2, 0.05, 3, 3, 11, true),
                new Bpr(8, 0.05, 0.01, 5, 11));
    }

    static Stream<RatingRecommender> ratingRecommenders() {
        return Stream.of(
                new BiasedFactorisationSgd(6, 10, 0.01, 0.02, 0.1, FIVE_STARS, 11),
                new BiasedFactorisationAls(6, 4, 0.1, 0.1, FIVE_STARS, 11));
    }

    @ParameterizedTest
    @MethodSource("ratingRecommenders")
    void ratingModelsRoundTripWithIdenticalPredictionsAndRatings(RatingRecommender recommender) {
        Interactions rated = rated(DATA);
        RatingModel model = recommender.fit(rated);
        byte[] artifact = RecommenderArtifacts.write(manifest(recommender.name()), model);

        RecommenderArtifact read = RecommenderArtifacts.read(artifact);

        assertThat(read.model()).isInstanceOf(RatingModel.class);
        RatingModel reloaded = (RatingModel) read.model();
        assertThat(reloaded.scale()).isEqualTo(FIVE_STARS);
        assertThat(reloaded.training().hasRatings()).isTrue();
        float[] expected = new float[rated.itemCount()];
        float[] actual = new float[rated.itemCount()];
        for (int user = 0; user < rated.userCount(); user++) {
            for (int position = rated.start(user); position < rated.end(user); position++) {
                assertThat(reloaded.training().ratingAt(position)).isEqualTo(rated.ratingAt(position));
            }
            model.score(user, expected);
            reloaded.score(user, actual);
            assertThat(actual).as("user %d", user).containsExactly(expected);
            for (int item = 0; item < rated.itemCount(); item++) {
                assertThat(reloaded.predict(user, item)).isEqualTo(model.predict(user, item));
            }
        }
        assertThat(reloaded.predict("stranger", rated.itemId(3))).isEqualTo(model.predict("stranger", rated.itemId(3)));
        int[] history = {1, 5, 9};
        model.scoreHistory(history, expected);
        reloaded.scoreHistory(history, actual);
        assertThat(actual).containsExactly(expected);
        float[] givenRatings = {5, 1, 3};
        model.predictHistory(history, givenRatings, expected);
        reloaded.predictHistory(history, givenRatings, actual);
        assertThat(actual).containsExactly(expected);
        assertThat(RecommenderArtifacts.write(read.manifest(), read.model())).isEqualTo(artifact);
    }

    @Test
    void storedRatingScaleThatIsInvalidIsDataCorrupted() {
        RatingModel model = new BiasedFactorisationAls(2, 1, 0.1, 0.1, FIVE_STARS, 1).fit(rated(DATA));
        byte[] artifact = RecommenderArtifacts.write(manifest("mf"), model);
        // The scale follows the ratings: find the bytes of (1.0, 5.0) and swap them to (5.0, 1.0).
        byte[] scale = ByteBuffer.allocate(16).putDouble(1).putDouble(5).array();
        int at = indexOf(artifact, scale);
        assertThat(at).isPositive();
        ByteBuffer.wrap(artifact).putDouble(at, 5).putDouble(at + 8, 1);
        byte[] payload = java.util.Arrays.copyOfRange(artifact, 52, artifact.length);
        ByteBuffer.wrap(artifact).put(20, sha256(payload));

        assertThatThrownBy(() -> RecommenderArtifacts.read(artifact))
                .isInstanceOfSatisfying(MarqueeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_CORRUPTED))
                .hasMessageContaining("rating scale");
    }

    @ParameterizedTest
    @MethodSource("recommenders")
    void roundTripScoresEveryUserAndHistoryIdentically(Recommender recommender) {
        RecommenderModel model = recommender.fit(DATA);
        byte[] artifact = RecommenderArtifacts.write(manifest(recommender.name()), model);

        RecommenderArtifact read = RecommenderArtifacts.read(artifact);

        assertThat(read.manifest()).isEqualTo(manifest(recommender.name()));
        assertThat(read.model().getClass()).isEqualTo(model.getClass());
        assertThat(read.catalogue()).isEmpty();
        Interactions training = read.model().training();
        assertThat(training.userCount()).isEqualTo(DATA.userCount());
        assertThat(training.itemCount()).isEqualTo(DATA.itemCount());
        assertThat(training.size()).isEqualTo(DATA.size());
        float[] expected = new float[DATA.itemCount()];
        float[] actual = new float[DATA.itemCount()];
        for (int user = 0; user < DATA.userCount(); user++) {
            assertThat(training.userId(user)).isEqualTo(DATA.userId(user));
            assertThat(training.itemsOf(user)).containsExactly(DATA.itemsOf(user));
            model.score(user, expected);
            read.model().score(user, actual);
            assertThat(actual).as("user %d", user).containsExactly(expected);
        }
        int[] history = {1, 5, 9};
        model.scoreHistory(history, expected);
        read.model().scoreHistory(history, actual);
        assertThat(actual).containsExactly(expected);
        assertThat(RecommenderArtifacts.write(read.manifest(), read.model())).isEqualTo(artifact);
    }

    @Test
    void catalogueBytesTravelInsideTheArtifact() {
        byte[] catalogue = "item,title\ni1,Alien\n".getBytes(StandardCharsets.UTF_8);
        byte[] artifact = RecommenderArtifacts.write(manifest("pop"), MostPopular.counting().fit(DATA), catalogue);

        assertThat(RecommenderArtifacts.read(artifact).catalogue()).hasValue(catalogue);
    }

    @Test
    void flippedPayloadByteIsDataCorrupted() {
        byte[] artifact = RecommenderArtifacts.write(manifest("pop"), MostPopular.counting().fit(DATA));
        artifact[artifact.length - 3] ^= 1;

        assertThatThrownBy(() -> RecommenderArtifacts.read(artifact))
                .isInstanceOfSatisfying(MarqueeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_CORRUPTED))
                .hasMessageContaining("checksum");
    }

    @Test
    void truncatedArtifactIsDataCorrupted() {
        byte[] artifact = RecommenderArtifacts.write(manifest("pop"), MostPopular.counting().fit(DATA));
        byte[] truncated = java.util.Arrays.copyOf(artifact, artifact.length - 10);

        assertThatThrownBy(() -> RecommenderArtifacts.read(truncated))
                .isInstanceOfSatisfying(MarqueeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_CORRUPTED));
    }

    @Test
    void newerLayoutVersionAsksForAnUpgrade() {
        byte[] artifact = RecommenderArtifacts.write(manifest("pop"), MostPopular.counting().fit(DATA));
        ByteBuffer.wrap(artifact).putInt(8, RecommenderArtifacts.FORMAT_VERSION + 1);

        assertThatThrownBy(() -> RecommenderArtifacts.read(artifact))
                .isInstanceOfSatisfying(MarqueeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("upgrade");
    }

    @Test
    void otherBytesAreNotRecommenderArtifacts() {
        assertThat(RecommenderArtifacts.isArtifact("{\"formatVersion\":1}".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(RecommenderArtifacts.isArtifact(new byte[0])).isFalse();
    }

    /**
     * {@code als-v1.mqrec} and {@code knn-v1.mqrec} were written once by layout version 1 from {@link #smallData()} and
     * are committed; they must keep loading and recommending what those models recommend, whatever the current layout
     * version. A new layout version adds its own fixtures beside them.
     */
    @ParameterizedTest
    @MethodSource("versionOneFixtures")
    void versionOneArtifactsKeepLoading(String resource, Recommender recommender) throws IOException {
        byte[] artifact;
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            artifact = in.readAllBytes();
        }
        RecommenderModel expected = recommender.fit(smallData());

        RecommenderArtifact read = RecommenderArtifacts.read(artifact);

        assertThat(read.manifest().algorithm()).isEqualTo(recommender.name());
        for (int user = 0; user < expected.training().userCount(); user++) {
            assertThat(read.model().recommend(user, 3)).containsExactly(expected.recommend(user, 3));
        }
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> versionOneFixtures() {
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("als-v1.mqrec", new ImplicitAls(4, 2, 0.05, 5, 3, 3)),
                org.junit.jupiter.params.provider.Arguments.of("knn-v1.mqrec", new ItemKnn(5, 0)));
    }

    /**
     * The layout-1 fixtures of the model kinds added after the first release (BPR, code 5; biased matrix
     * factorisation, code 6), written once from {@link #smallData()} ({@link #ratedSmallData()}) by
     * {@code RecommenderArtifacts.write(manifest(model.name()), model.fit(data))} with the models below, and committed:
     * they must keep loading and predicting what those models predict.
     */
    @Test
    void bprAndBiasedFactorisationFixturesKeepLoading() throws IOException {
        Bpr bpr = new Bpr(4, 0.05, 0.01, 10, 3);
        RecommenderModel expectedBpr = bpr.fit(smallData());
        RecommenderArtifact readBpr = RecommenderArtifacts.read(resource("bpr-v1.mqrec"));
        assertThat(readBpr.manifest().algorithm()).isEqualTo(bpr.name());
        for (int user = 0; user < expectedBpr.training().userCount(); user++) {
            assertThat(readBpr.model().recommend(user, 3)).containsExactly(expectedBpr.recommend(user, 3));
        }

        BiasedFactorisationAls als = new BiasedFactorisationAls(3, 5, 0.1, 0.1, FIVE_STARS, 3);
        RatingModel expectedMf = als.fit(ratedSmallData());
        RecommenderArtifact readMf = RecommenderArtifacts.read(resource("biased-mf-v1.mqrec"));
        assertThat(readMf.manifest().algorithm()).isEqualTo(als.name());
        RatingModel reloaded = (RatingModel) readMf.model();
        for (int user = 0; user < expectedMf.training().userCount(); user++) {
            assertThat(reloaded.recommend(user, 3)).containsExactly(expectedMf.recommend(user, 3));
            for (int item = 0; item < expectedMf.training().itemCount(); item++) {
                assertThat(reloaded.predict(user, item)).isCloseTo(expectedMf.predict(user, item),
                        org.assertj.core.api.Assertions.within(1e-5));
            }
        }
    }

    private byte[] resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static Interactions ratedSmallData() {
        return rated(smallData());
    }

    /** The same interactions with a rating in 1..5 that depends on the user and the item. */
    private static Interactions rated(Interactions interactions) {
        Interactions.Builder builder = Interactions.builder(true, false);
        for (int user = 0; user < interactions.userCount(); user++) {
            for (int position = interactions.start(user); position < interactions.end(user); position++) {
                int item = interactions.itemAt(position);
                builder.add(interactions.userId(user), interactions.itemId(item), 1 + (user * 7 + item * 3) % 5, 0);
            }
        }
        return builder.build();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int start = 0; start + needle.length <= haystack.length; start++) {
            if (java.util.Arrays.equals(haystack, start, start + needle.length, needle, 0, needle.length)) {
                return start;
            }
        }
        return -1;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Interactions smallData() {
        return RecommendFixtures.clustered(12, 10, 2, 5, 0.9, 1);
    }

    private static ModelManifest manifest(String algorithm) {
        return new ModelManifest(1, algorithm, Map.of("k", "10"),
                List.of(new Column("user_id", ColumnType.CATEGORICAL)),
                new OutputSchema("item_ids", Task.CLASSIFICATION, List.of()), Map.of("ndcg@10", 0.25), List.of(),
                new Provenance("ds_1", "0".repeat(64), 7, "test", "job_1", Instant.parse("2026-01-01T00:00:00Z")));
    }
}
