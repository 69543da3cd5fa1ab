package dev.marquee.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.marquee.core.MarqueeException;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class RecommendersTest {
    /** A: u0 u1; B: u0 u1 u2; C: u1 u2 u3; D: u3. */
    private final Interactions small = read("user,item\nu0,A\nu0,B\nu1,A\nu1,B\nu1,C\nu2,B\nu2,C\nu3,C\nu3,D\n");

    @Test
    void mostPopularRanksByUserCountExcludingHistory() {
        RecommenderModel model = MostPopular.counting().fit(small);

        float[] scores = new float[4];
        model.score(0, scores);
        assertThat(scores).containsExactly(2, 3, 3, 1);
        // u0 has seen A and B; C outranks D. u3 has seen C and D; B (3) before A (2).
        assertThat(model.recommend(0, 5)).containsExactly(2, 3);
        assertThat(model.recommend(3, 1)).containsExactly(1);
    }

    @Test
    void timeDecayedPopularityFavoursRecentItems() {
        // a: once at 100; b: three times at 0; c: twice at 100.
        Interactions interactions = read(
                "user,item,timestamp\nu1,a,100\nu2,b,0\nu3,b,0\nu4,b,0\nu5,c,100\nu6,c,100\n");
        float[] counted = new float[3];
        float[] slow = new float[3];
        float[] fast = new float[3];
        MostPopular.counting().fit(interactions).score(0, counted);
        MostPopular.timeDecayed(Duration.ofSeconds(100)).fit(interactions).score(0, slow);
        MostPopular.timeDecayed(Duration.ofSeconds(10)).fit(interactions).score(0, fast);

        assertThat(counted).containsExactly(1, 3, 2);
        assertThat(slow).containsExactly(new float[] {1, 1.5f, 2}, within(1e-6f));
        assertThat(fast).containsExactly(new float[] {1, 3 / 1024f, 2}, within(1e-6f));
        assertThat(MostPopular.timeDecayed(Duration.ofSeconds(10)).fit(interactions).recommend(0, 3))
                .containsExactly(2, 1);
    }

    @Test
    void timeDecayedPopularityNeedsTimestampsAndAPositiveHalfLife() {
        MostPopular decayed = MostPopular.timeDecayed(Duration.ofDays(7));
        assertThatThrownBy(() -> decayed.fit(small)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("timestamps");
        assertThatThrownBy(() -> MostPopular.timeDecayed(Duration.ZERO)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("half-life");
    }

    @Test
    void itemKnnKeepsTheTopNeighboursByShrunkCosine() {
        int a = 0;
        int b = 1;
        int c = 2;
        int d = 3;
        float[] scores = new float[4];

        // k = 1: N(A) = {B}, N(B) = {A}, N(C) = {B}, N(D) = {C}.
        RecommenderModel one = new ItemKnn(1, 0).fit(small);
        one.scoreHistory(new int[] {a}, scores);
        assertThat(scores).containsExactly(new float[] {0, (float) (2 / Math.sqrt(6)), 0, 0}, within(1e-5f));
        one.scoreHistory(new int[] {c}, scores);
        assertThat(scores).containsExactly(new float[] {0, 0, 0, (float) (1 / Math.sqrt(3))}, within(1e-5f));

        // k = 2: N(A) = {B, C}, N(B) = {A, C}, N(C) = {B, D}, N(D) = {C}.
        new ItemKnn(2, 0).fit(small).scoreHistory(new int[] {c}, scores);
        assertThat(scores).containsExactly(
                new float[] {(float) (1 / Math.sqrt(6)), 2 / 3f, 0, (float) (1 / Math.sqrt(3))}, within(1e-5f));
        // A is a neighbour of B only, D of C only.
        new ItemKnn(2, 0).fit(small).scoreHistory(new int[] {a, d}, scores);
        assertThat(scores).containsExactly(
                new float[] {0, (float) (2 / Math.sqrt(6)), (float) (1 / Math.sqrt(3)), 0},
                within(1e-5f));

        new ItemKnn(1, 1).fit(small).scoreHistory(new int[] {a}, scores);
        assertThat(scores[b]).isCloseTo((float) (2 / (Math.sqrt(6) + 1)), within(1e-5f));
    }

    @Test
    void itemKnnBm25WeighsCoOccurrencesByIdfAndItemLength() {
        // implicit's bm25_weight on the item-user matrix: idf(u) = ln(items / (1 + |I(u)|)),
        // w(i, u) = (k1 + 1) / (k1 * ((1 - b) + b |U(i)| / mean|U|) + 1) * idf(u); sim(i, j) = Σ_u w(i, u) w(j, u).
        int items = 4;
        int[][] itemUsers = {{0, 1}, {0, 1, 2}, {1, 2, 3}, {3}};
        int[] userCounts = {2, 3, 2, 2};
        double k1 = 1.2;
        double b = 0.75;
        double meanLength = 9 / 4.0;
        double[][] weights = new double[items][4];
        for (int item = 0; item < items; item++) {
            double norm = (1 - b) + b * itemUsers[item].length / meanLength;
            for (int user : itemUsers[item]) {
                weights[item][user] = (k1 + 1) / (k1 * norm + 1) * Math.log(items / (1.0 + userCounts[user]));
            }
        }
        double[][] similarity = new double[items][items];
        for (int first = 0; first < items; first++) {
            for (int second = 0; second < items; second++) {
                for (int user = 0; user < 4; user++) {
                    similarity[first][second] += weights[first][user] * weights[second][user];
                }
            }
        }
        float[] scores = new float[items];

        // With every neighbour kept, a history scores the sum of its items' similarities.
        ItemKnn.bm25(3).fit(small).scoreHistory(new int[] {0, 3}, scores);
        for (int item = 0; item < items; item++) {
            double expected = (item == 0 ? 0 : similarity[0][item]) + (item == 3 ? 0 : similarity[3][item]);
            assertThat((double) scores[item]).as("item %s", item).isCloseTo(expected, within(1e-5));
        }
        // With one neighbour, each history item votes for its own most similar item only.
        ItemKnn.bm25(1).fit(small).scoreHistory(new int[] {2}, scores);
        int best = similarity[2][1] >= similarity[2][3] ? 1 : 3;
        assertThat(scores[best]).isCloseTo((float) similarity[2][best], within(1e-5f));
        assertThat(scores[0] + scores[2] + scores[4 - best]).isZero();
        assertThat(ItemKnn.bm25(20).name()).isEqualTo("ItemKNN-BM25(k=20, k1=1.2, b=0.75)");
        assertThat(new ItemKnn(20, 0).similarity()).isEqualTo(new ItemKnn.Cosine());
    }

    @Test
    void itemKnnBm25GivesTheSameNeighboursOnOneThread() throws Exception {
        Interactions interactions = RecommendFixtures.clustered(150, 200, 3, 12, 0.8, 13);
        ItemKnn bm25 = ItemKnn.bm25(10);
        ItemKnn.Model parallel = (ItemKnn.Model) bm25.fit(interactions);
        ForkJoinPool single = new ForkJoinPool(1);
        try {
            ItemKnn.Model sequential = (ItemKnn.Model) single.submit(() -> bm25.fit(interactions)).get();
            assertThat(sequential.offsets()).containsExactly(parallel.offsets());
            assertThat(sequential.targets()).containsExactly(parallel.targets());
            assertThat(sequential.weights()).containsExactly(parallel.weights());
        } finally {
            single.shutdown();
        }
    }

    @Test
    void itemKnnBm25RejectsInvalidParameters() {
        assertThatThrownBy(() -> new ItemKnn.Bm25(-1, 0.75)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("k1").hasMessageContaining("-1");
        assertThatThrownBy(() -> new ItemKnn.Bm25(1.2, 1.5)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("b must lie between 0 and 1: 1.5");
        assertThatThrownBy(() -> new ItemKnn(10, 2, ItemKnn.Bm25.withDefaults())).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("shrink");
    }

    @Test
    void rejectsInvalidHyperParameters() {
        assertThatThrownBy(() -> new ItemKnn(0, 0)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("neighbours");
        assertThatThrownBy(() -> new ItemKnn(10, -1)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("shrink");
        assertThatThrownBy(() -> new Ease(0)).isInstanceOf(MarqueeException.class).hasMessageContaining("lambda");
    }

    @Test
    void easeWeightsSolveTheClosedForm() {
        Interactions interactions = RecommendFixtures.clustered(80, 30, 3, 10, 0.8, 11);
        double lambda = 5;
        int items = interactions.itemCount();
        RecommenderModel model = new Ease(lambda).fit(interactions);
        double[][] weights = new double[items][items];
        float[] row = new float[items];
        for (int item = 0; item < items; item++) {
            model.scoreHistory(new int[] {item}, row);
            for (int column = 0; column < items; column++) {
                weights[item][column] = row[column];
            }
        }
        double[][] gram = new double[items][items];
        for (int user = 0; user < interactions.userCount(); user++) {
            for (int first : interactions.itemsOf(user)) {
                for (int second : interactions.itemsOf(user)) {
                    gram[first][second]++;
                }
            }
        }
        // B = I - P diag(1 / diag P) with P = (G + lambda I)^-1, so (G + lambda I)(I - B) is diagonal.
        for (int i = 0; i < items; i++) {
            assertThat(weights[i][i]).isZero();
            for (int j = 0; j < items; j++) {
                double product = 0;
                for (int m = 0; m < items; m++) {
                    product += (gram[i][m] + (i == m ? lambda : 0)) * ((m == j ? 1 : 0) - weights[m][j]);
                }
                if (i != j) {
                    assertThat(product).as("(%s, %s)", i, j).isCloseTo(0, within(1e-4));
                } else {
                    assertThat(product).isPositive();
                }
            }
        }
    }

    @Test
    void personalisedModelsBeatPopularityOnClusteredTastes() {
        Interactions interactions = RecommendFixtures.clustered(300, 120, 4, 20, 0.9, 5);
        Split split = Splits.perUserRandom(interactions, 0.8, 0.1, 0.1, 2020);

        double popular = Evaluator.test(MostPopular.counting().fit(split.train()), split, 10).ndcg();
        double knn = Evaluator.test(new ItemKnn(100, 0).fit(split.train()), split, 10).ndcg();
        double ease = Evaluator.test(new Ease(50).fit(split.train()), split, 10).ndcg();

        assertThat(knn).isGreaterThan(popular * 1.5);
        assertThat(ease).isGreaterThan(popular * 1.5);
    }

    @Test
    void evaluationReplaysAndFoldInMatchesTrainingUsers() {
        Interactions interactions = RecommendFixtures.clustered(100, 50, 2, 12, 0.8, 9);
        Split split = Splits.perUserRandom(interactions, 0.8, 0.1, 0.1, 1);
        for (Recommender recommender : List.of(MostPopular.counting(), new ItemKnn(20, 1), new Ease(10))) {
            RecommenderModel model = recommender.fit(split.train());

            assertThat(Evaluator.test(model, split, 5)).as(recommender.name())
                    .isEqualTo(Evaluator.test(model, split, 5));
            float[] byUser = new float[interactions.itemCount()];
            float[] byHistory = new float[interactions.itemCount()];
            model.score(7, byUser);
            model.scoreHistory(split.train().itemsOf(7), byHistory);
            assertThat(byHistory).containsExactly(byUser);
        }
    }

    private static Interactions read(String csv) {
        try {
            return InteractionReader.read(new StringReader(csv), InteractionFormat.CSV);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
