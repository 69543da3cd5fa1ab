package dev.marquee.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marquee.core.MarqueeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BprTest {
    private static final Bpr SMALL = new Bpr(16, 0.05, 0.01, 60, 42);

    @Test
    void beatsPopularityOnClusteredTastes() {
        Interactions interactions = RecommendFixtures.clustered(300, 120, 4, 20, 0.9, 5);
        Split split = Splits.perUserRandom(interactions, 0.8, 0.1, 0.1, 2020);

        double popular = Evaluator.test(MostPopular.counting().fit(split.train()), split, 10).ndcg();
        double bpr = Evaluator.test(SMALL.fit(split.train()), split, 10).ndcg();

        assertThat(bpr).isGreaterThan(popular * 3);
    }

    @Test
    void ranksTrainingPositivesAboveNegatives() {
        Interactions interactions = RecommendFixtures.clustered(200, 80, 4, 15, 0.85, 3);
        double oneEpoch = trainingAuc(SMALL.withEpochs(1).fit(interactions), interactions);
        double trained = trainingAuc(SMALL.fit(interactions), interactions);

        assertThat(trained).isGreaterThan(0.9).isGreaterThan(oneEpoch);
    }

    @Test
    void foldInOfATrainingHistoryScoresLikeTheTrainedUser() {
        Interactions interactions = RecommendFixtures.clustered(200, 80, 4, 15, 0.85, 7);
        RecommenderModel model = SMALL.fit(interactions);
        int items = interactions.itemCount();
        for (int user : new int[] {0, 5, 17, 101}) {
            float[] trained = new float[items];
            float[] foldedIn = new float[items];
            model.score(user, trained);
            model.scoreHistory(interactions.itemsOf(user), foldedIn);

            int[] seen = interactions.itemsOf(user);
            int[] trainedTop = TopK.select(trained, 10, seen);
            int[] foldedTop = TopK.select(foldedIn, 10, seen);
            assertThat(overlap(trainedTop, foldedTop)).as("user %s", user).isGreaterThanOrEqualTo(7);
        }
    }

    @Test
    void foldInRaisesTheTripleObjectiveAndReplaysForTheSameHistory() {
        Interactions interactions = RecommendFixtures.clustered(150, 60, 3, 12, 0.8, 11);
        Bpr.Model model = (Bpr.Model) SMALL.fit(interactions);
        int[] history = interactions.itemsOf(9);
        float[] solution = model.foldIn(history);

        assertThat(objective(model, history, solution))
                .isGreaterThan(objective(model, history, new float[model.factors()]) + 0.1);
        // The same history, in any order, folds in to the same vector.
        int[] reversed = new int[history.length];
        for (int index = 0; index < history.length; index++) {
            reversed[index] = history[history.length - 1 - index];
        }
        assertThat(model.foldIn(history)).containsExactly(solution);
        assertThat(model.foldIn(reversed)).containsExactly(solution);
        assertThat(model.foldIn(new int[0])).containsOnly(0f);
        assertThatThrownBy(() -> model.foldIn(new int[] {60})).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("60");
    }

    @Test
    void replaysExactlyWithTheSameSeed() {
        Interactions interactions = RecommendFixtures.clustered(150, 60, 3, 12, 0.8, 11);
        Bpr.Model first = (Bpr.Model) SMALL.fit(interactions);
        Bpr.Model second = (Bpr.Model) SMALL.fit(interactions);
        Bpr.Model otherSeed = (Bpr.Model) new Bpr(16, 0.05, 0.01, 60, 43).fit(interactions);

        assertThat(second.userFactors()).containsExactly(first.userFactors());
        assertThat(second.itemFactors()).containsExactly(first.itemFactors());
        assertThat(second.itemBiases()).containsExactly(first.itemBiases());
        assertThat(otherSeed.itemFactors()).isNotEqualTo(first.itemFactors());
        assertThat(first.recommend(3, 10)).containsExactly(second.recommend(3, 10));
    }

    @Test
    void trainsFromAMovieLensFileThroughTheReferencePath(@TempDir Path directory) throws IOException {
        // The MovieLens-100K reference check reads u.data this way; here a generated file stands in for it.
        Interactions clustered = RecommendFixtures.clustered(120, 60, 3, 15, 0.85, 23);
        StringBuilder lines = new StringBuilder();
        for (int user = 0; user < clustered.userCount(); user++) {
            for (int position = clustered.start(user); position < clustered.end(user); position++) {
                lines.append(clustered.userId(user).substring(1)).append('\t')
                        .append(clustered.itemId(clustered.itemAt(position)).substring(1)).append('\t')
                        .append((int) clustered.ratingAt(position)).append('\t')
                        .append(clustered.timestampAt(position)).append('\n');
            }
        }
        Path file = directory.resolve("u.data");
        Files.writeString(file, lines);

        Interactions ratings = InteractionReader.read(file, InteractionFormat.MOVIELENS_100K, new RatingScale(1, 5));
        Split split = Splits.perUserRandom(ratings, 0.8, 0.1, 0.1, 2020);
        double popular = Evaluator.test(MostPopular.counting().fit(split.train()), split, 10).ndcg();
        double bpr = Evaluator.test(SMALL.fit(split.train()), split, 10).ndcg();

        assertThat(ratings.size()).isEqualTo(clustered.size());
        assertThat(bpr).isGreaterThan(popular);
    }

    @Test
    void rejectsInvalidHyperParameters() {
        assertThatThrownBy(() -> new Bpr(0, 0.05, 0.01, 10, 1)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("factors").hasMessageContaining("0");
        assertThatThrownBy(() -> new Bpr(8, 0, 0.01, 10, 1)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("learning rate");
        assertThatThrownBy(() -> new Bpr(8, Double.NaN, 0.01, 10, 1)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> new Bpr(8, 0.05, -1, 10, 1)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("regularization").hasMessageContaining("-1");
        assertThatThrownBy(() -> new Bpr(8, 0.05, 0.01, 0, 1)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("epochs");
        assertThat(Bpr.withDefaults(7)).isEqualTo(new Bpr(64, 0.01, 0.01, 100, 7));
    }

    /** The share of (training item, other item) pairs ranked correctly, over all users. */
    private static double trainingAuc(RecommenderModel model, Interactions interactions) {
        long correct = 0;
        long pairs = 0;
        float[] scores = new float[interactions.itemCount()];
        for (int user = 0; user < interactions.userCount(); user++) {
            model.score(user, scores);
            for (int positive : interactions.itemsOf(user)) {
                for (int negative = 0; negative < scores.length; negative++) {
                    if (!interactions.contains(user, negative)) {
                        pairs++;
                        correct += scores[positive] > scores[negative] ? 1 : 0;
                    }
                }
            }
        }
        return correct / (double) pairs;
    }

    /** Mean of ln σ(s_i - s_j) over history items i and other items j, minus (reg / 2)|p|². */
    private static double objective(Bpr.Model model, int[] history, float[] vector) {
        int items = model.training().itemCount();
        double[] scores = new double[items];
        boolean[] positive = new boolean[items];
        for (int item : history) {
            positive[item] = true;
        }
        for (int item = 0; item < items; item++) {
            double score = model.itemBiases()[item];
            for (int factor = 0; factor < model.factors(); factor++) {
                score += (double) vector[factor] * model.itemFactors()[item * model.factors() + factor];
            }
            scores[item] = score;
        }
        double sum = 0;
        long pairs = 0;
        for (int first = 0; first < items; first++) {
            for (int second = 0; second < items; second++) {
                if (positive[first] && !positive[second]) {
                    sum += -Math.log1p(Math.exp(-(scores[first] - scores[second])));
                    pairs++;
                }
            }
        }
        double norm = 0;
        for (float value : vector) {
            norm += (double) value * value;
        }
        return sum / pairs - model.regularization() / 2 * norm;
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
