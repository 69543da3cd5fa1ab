package dev.marquee.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecommendationEngineIndexTest {
    private static final int FACTORS = 16;
    private static final Interactions TRAINING = SyntheticInteractions.generate(400, 3_000, 20_000, 11);
    private static final FactorModel ALS = (FactorModel) new ImplicitAls(FACTORS, 2, 0.1, 4, 3, 5).fit(TRAINING);

    @Test
    void theExactIndexAnswersEveryTrainingUserAsFullScoringWould() {
        RecommendationEngine engine = RecommendationEngine.builder(ALS).build();
        assertThat(engine.itemIndex()).containsInstanceOf(ExactItemIndex.class);
        int servedByIndex = 0;
        int queries = 0;
        for (int k : new int[] {1, 10, 50}) {
            for (int user = 0; user < TRAINING.userCount(); user++) {
                int[] history = TRAINING.itemsOf(user);
                RecommendationEngine.Requester requester = new RecommendationEngine.Requester(ServingStrategy.MODEL,
                        OptionalInt.of(user), history);
                servedByIndex += engine.retrieve(engine.itemIndex().orElseThrow(), requester, true, k).isPresent()
                        ? 1 : 0;
                queries++;
                Recommendations answer = engine.recommend(RecommendQuery.forUser(TRAINING.userId(user), k));
                float[] scores = new float[TRAINING.itemCount()];
                ALS.score(user, scores);
                assertSameAsFullScoring(answer, scores, history, k);
            }
        }
        // The fallback to full scoring is for near-ties at the k-th place only.
        assertThat(servedByIndex).isGreaterThan(queries * 9 / 10);
    }

    @Test
    void theExactIndexAnswersFoldedInHistoriesAsFullScoringWould() {
        RecommendationEngine engine = RecommendationEngine.builder(ALS).build();
        SplittableRandom random = new SplittableRandom(3);
        for (int request = 0; request < 200; request++) {
            int[] history = random.ints(1 + random.nextInt(20), 0, TRAINING.itemCount()).sorted().distinct()
                    .toArray();
            List<String> ids = Arrays.stream(history).mapToObj(TRAINING::itemId).toList();
            boolean excludeSeen = request % 2 == 0;
            Recommendations answer = engine.recommend(RecommendQuery.forHistory(ids, 10).withExcludeSeen(excludeSeen));
            assertThat(answer.strategy()).isEqualTo(ServingStrategy.FOLD_IN);
            float[] scores = new float[TRAINING.itemCount()];
            ALS.scoreHistory(history, scores);
            assertSameAsFullScoring(answer, scores, excludeSeen ? history : new int[0], 10);
        }
    }

    @Test
    void anHnswIndexRecallsAtLeastNinetyPercentAndSaysItIsApproximate() {
        RecommendationEngine exact = RecommendationEngine.builder(ALS).build();
        RecommendationEngine approximate = RecommendationEngine.builder(ALS)
                .itemIndex(ItemIndexSettings.defaults().withApproximateAbove(0)).build();
        assertThat(approximate.itemIndex()).containsInstanceOf(HnswItemIndex.class);
        int found = 0;
        int wanted = 0;
        for (int user = 0; user < TRAINING.userCount(); user++) {
            RecommendQuery query = RecommendQuery.forUser(TRAINING.userId(user), 10);
            Recommendations answer = approximate.recommend(query);
            List<String> truth = exact.recommend(query).items().stream().map(RecommendedItem::itemId).toList();
            assertThat(answer.approximate()).isTrue();
            assertThat(answer.items()).hasSize(10);
            float[] scores = new float[TRAINING.itemCount()];
            ALS.score(user, scores);
            for (RecommendedItem item : answer.items()) {
                float expected = scores[TRAINING.itemIndex(item.itemId()).getAsInt()];
                assertThat(item.score()).isCloseTo(expected, within(1e-6 * Math.abs(expected) + 1e-9));
                assertThat(TRAINING.itemsOf(user)).doesNotContain(TRAINING.itemIndex(item.itemId()).getAsInt());
            }
            found += (int) answer.items().stream().filter(item -> truth.contains(item.itemId())).count();
            wanted += truth.size();
        }
        double recall = (double) found / wanted;
        System.out.printf("engine HNSW recall@10 against the exact path: %.4f%n", recall);
        assertThat(recall).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void requestsWithDiversityOrRulesAreScoredInFull() {
        RecommendationEngine approximate = RecommendationEngine.builder(ALS)
                .itemIndex(ItemIndexSettings.defaults().withApproximateAbove(0)).build();
        String user = TRAINING.userId(0);
        assertThat(approximate.recommend(RecommendQuery.forUser(user, 10)).approximate()).isTrue();
        assertThat(approximate.recommend(RecommendQuery.forUser(user, 10).withDiversity(0.5)).approximate()).isFalse();
        BusinessRules pin = new BusinessRules(List.of(), BusinessRules.ItemSelector.NOTHING,
                List.of(new BusinessRules.Pin(TRAINING.itemId(0), 1)));
        Recommendations pinned = approximate.recommend(RecommendQuery.forUser(user, 10).withRules(pin));
        assertThat(pinned.approximate()).isFalse();
        assertThat(pinned.items().get(0).pinned()).isTrue();
        assertThat(approximate.recommend(RecommendQuery.anonymous(10)).approximate()).isFalse();
    }

    @Test
    void modelsWithoutFactorsHaveNoIndex() {
        RecommenderModel popular = MostPopular.counting().fit(TRAINING);
        assertThat(RecommendationEngine.builder(popular).build().itemIndex()).isEmpty();
    }

    private static void assertSameAsFullScoring(Recommendations answer, float[] scores, int[] excluded, int k) {
        for (int item : excluded) {
            scores[item] = Float.NaN;
        }
        int[] expected = TopK.select(scores.clone(), k, new int[0]);
        assertThat(answer.approximate()).isFalse();
        assertThat(answer.items().stream().map(RecommendedItem::itemId).toList())
                .containsExactlyElementsOf(Arrays.stream(expected).mapToObj(TRAINING::itemId).toList());
        for (int rank = 0; rank < expected.length; rank++) {
            // Bit for bit in steady state; within rounding while the kernel is still interpreted (see the engine).
            assertThat(answer.items().get(rank).score())
                    .isCloseTo(scores[expected[rank]], within(1e-6 * Math.abs(scores[expected[rank]]) + 1e-9));
        }
    }
}
