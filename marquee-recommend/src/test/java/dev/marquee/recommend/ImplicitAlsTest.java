package dev.marquee.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.MarqueeException;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class ImplicitAlsTest {
    private static final ImplicitAls SMALL = new ImplicitAls(16, 5, 0.1, 10, 3, 42);

    @Test
    void lossDecreasesOverIterations() {
        Interactions interactions = RecommendFixtures.clustered(200, 80, 4, 15, 0.85, 3);
        double previous = Double.POSITIVE_INFINITY;
        for (int iterations = 1; iterations <= 8; iterations++) {
            double loss = ((ImplicitAls.Model) SMALL.withIterations(iterations).fit(interactions)).loss();
            assertThat(loss).as("loss after %s iterations", iterations).isLessThan(previous);
            previous = loss;
        }
        // The objective starts near the sum of the confidences (all predictions near zero) and must fall well below.
        double initial = interactions.size() * (1 + SMALL.alpha());
        assertThat(previous).isLessThan(initial * 0.8);
    }

    @Test
    void beatsPopularityOnClusteredTastes() {
        Interactions interactions = RecommendFixtures.clustered(300, 120, 4, 20, 0.9, 5);
        Split split = Splits.perUserRandom(interactions, 0.8, 0.1, 0.1, 2020);

        double popular = Evaluator.test(MostPopular.counting().fit(split.train()), split, 10).ndcg();
        double als = Evaluator.test(SMALL.fit(split.train()), split, 10).ndcg();

        assertThat(als).isGreaterThan(popular * 3);
    }

    @Test
    void foldInOfATrainingHistoryScoresLikeTheTrainedUser() {
        Interactions interactions = RecommendFixtures.clustered(200, 80, 4, 15, 0.85, 7);
        RecommenderModel model = SMALL.withIterations(20).fit(interactions);
        int items = interactions.itemCount();
        for (int user : new int[] {0, 5, 17, 101}) {
            float[] trained = new float[items];
            float[] foldedIn = new float[items];
            model.score(user, trained);
            model.scoreHistory(interactions.itemsOf(user), foldedIn);

            assertThat(cosine(trained, foldedIn)).as("user %s", user).isGreaterThan(0.999);
            int[] seen = interactions.itemsOf(user);
            int[] trainedTop = TopK.select(trained, 10, seen);
            int[] foldedTop = TopK.select(foldedIn, 10, seen);
            assertThat(overlap(trainedTop, foldedTop)).as("user %s", user).isGreaterThanOrEqualTo(9);
        }
        // An empty history has zero factors, so every score is zero.
        float[] empty = new float[items];
        model.scoreHistory(new int[0], empty);
        assertThat(empty).containsOnly(0f);
    }

    @Test
    void weightedRegularizationMinimisesItsOwnObjectiveAndFoldsInAlike() {
        Interactions interactions = RecommendFixtures.clustered(200, 80, 4, 15, 0.85, 7);
        ImplicitAls weighted = new ImplicitAls(16, 5, 0.01, 20, 3, 42, true);
        double previous = Double.POSITIVE_INFINITY;
        for (int iterations = 1; iterations <= 6; iterations++) {
            double loss = ((ImplicitAls.Model) weighted.withIterations(iterations).fit(interactions)).loss();
            assertThat(loss).as("weighted loss after %s iterations", iterations).isLessThan(previous);
            previous = loss;
        }
        ImplicitAls.Model model = (ImplicitAls.Model) weighted.fit(interactions);
        ImplicitAls.Model flat = (ImplicitAls.Model) weighted.withWeightedRegularization(false).fit(interactions);
        assertThat(model.weightedRegularization()).isTrue();
        assertThat(model.userFactors()).isNotEqualTo(flat.userFactors());
        int items = interactions.itemCount();
        for (int user : new int[] {0, 5, 17, 101}) {
            float[] trained = new float[items];
            float[] foldedIn = new float[items];
            model.score(user, trained);
            model.scoreHistory(interactions.itemsOf(user), foldedIn);
            assertThat(cosine(trained, foldedIn)).as("user %s", user).isGreaterThan(0.999);
        }
    }

    @Test
    void replaysExactlyWithTheSameSeed() {
        Interactions interactions = RecommendFixtures.clustered(150, 60, 3, 12, 0.8, 11);
        ImplicitAls.Model first = (ImplicitAls.Model) SMALL.fit(interactions);
        ImplicitAls.Model second = (ImplicitAls.Model) SMALL.fit(interactions);
        ImplicitAls.Model otherSeed = (ImplicitAls.Model) new ImplicitAls(16, 5, 0.1, 10, 3, 43).fit(interactions);

        assertThat(second.userFactors()).containsExactly(first.userFactors());
        assertThat(second.itemFactors()).containsExactly(first.itemFactors());
        assertThat(otherSeed.itemFactors()).isNotEqualTo(first.itemFactors());
        assertThat(first.recommend(3, 10)).containsExactly(second.recommend(3, 10));
    }

    @Test
    void oneThreadGivesTheSameFactorsAsTheCommonPool() throws Exception {
        Interactions interactions = RecommendFixtures.clustered(150, 60, 3, 12, 0.8, 13);
        ImplicitAls.Model parallel = (ImplicitAls.Model) SMALL.fit(interactions);
        ForkJoinPool single = new ForkJoinPool(1);
        try {
            ImplicitAls.Model sequential = (ImplicitAls.Model) single.submit(() -> SMALL.fit(interactions)).get();
            assertThat(sequential.userFactors()).containsExactly(parallel.userFactors());
            assertThat(sequential.itemFactors()).containsExactly(parallel.itemFactors());
        } finally {
            single.shutdown();
        }
    }

    @Test
    void rejectsInvalidHyperParameters() {
        assertThatThrownBy(() -> new ImplicitAls(0, 1, 0.01, 15, 3, 1)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("factors");
        assertThatThrownBy(() -> new ImplicitAls(8, -1, 0.01, 15, 3, 1)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("alpha");
        assertThatThrownBy(() -> new ImplicitAls(8, 1, 0, 15, 3, 1)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("regularization");
        assertThatThrownBy(() -> new ImplicitAls(8, 1, 0.01, 0, 3, 1)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("iterations");
        assertThatThrownBy(() -> new ImplicitAls(8, 1, 0.01, 15, 0, 1)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("conjugate-gradient");
        assertThat(ImplicitAls.withDefaults(7)).isEqualTo(new ImplicitAls(64, 1, 0.01, 15, 3, 7));
    }

    private static double cosine(float[] first, float[] second) {
        double dot = 0;
        double firstNorm = 0;
        double secondNorm = 0;
        for (int index = 0; index < first.length; index++) {
            dot += (double) first[index] * second[index];
            firstNorm += (double) first[index] * first[index];
            secondNorm += (double) second[index] * second[index];
        }
        return dot / Math.sqrt(firstNorm * secondNorm);
    }

    private static int overlap(int[] first, int[] second) {
        int count = 0;
        for (int a : first) {
            for (int b : second) {
                if (a == b) {
                    count++;
                }
            }
        }
        return count;
    }
}
