package dev.marquee.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.marquee.core.MarqueeException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ItemIndexTest {
    private static final int FACTORS = 32;
    private static final int ITEMS = 5_000;

    @Test
    void exactIndexEqualsTopKOverTheSameScores() {
        SplittableRandom random = new SplittableRandom(1);
        for (int items : new int[] {ITEMS, 1, 17, 999}) {
            float[] factors = FactorScoringTest.randomValues(items * FACTORS, random);
            ExactItemIndex index = new ExactItemIndex(factors, FACTORS);
            ItemFactorTiles tiles = new ItemFactorTiles(factors, FACTORS);
            for (int query = 0; query < 20; query++) {
                float[] vector = FactorScoringTest.randomValues(FACTORS, random);
                int[] excluded = random.ints(30, 0, items).sorted().distinct().toArray();
                float[] scores = new float[items];
                tiles.scoreAll(vector, scores);
                float[] rowScores = new float[items];
                FactorScoring.scoreAllPlain(vector, 0, factors, FACTORS, rowScores);
                assertThat(scores).containsExactly(rowScores, within(1e-3f));
                for (int k : new int[] {1, 10, 2 * items}) {
                    assertThat(index.search(vector, k, excluded)).containsExactly(TopK.select(scores, k, excluded));
                }
            }
        }
    }

    @Test
    void exactIndexBreaksTiesToTheLowerItem() {
        float[] factors = new float[40 * FACTORS];
        for (int item = 0; item < 40; item++) {
            factors[item * FACTORS] = item % 3;
        }
        float[] query = new float[FACTORS];
        query[0] = 1;
        assertThat(new ExactItemIndex(factors, FACTORS).search(query, 5, new int[] {2}))
                .containsExactly(5, 8, 11, 14, 17);
    }

    @Test
    void hnswRecallsAtLeastNinetyPercentOfTheExactTopTenOverAlsFactors() {
        Interactions interactions = SyntheticInteractions.generate(3_000, ITEMS, 150_000, 2);
        FactorModel model = (FactorModel) new ImplicitAls(FACTORS, 1, 0.01, 5, 3, 2).fit(interactions);
        ExactItemIndex exact = new ExactItemIndex(model.itemFactors(), FACTORS);
        HnswItemIndex approximate = HnswItemIndex.build(model.itemFactors(), FACTORS, ItemIndexSettings.defaults());
        int found = 0;
        int queries = 300;
        for (int user = 0; user < queries; user++) {
            float[] query = Arrays.copyOfRange(model.userFactors(), user * FACTORS, (user + 1) * FACTORS);
            int[] excluded = interactions.itemsOf(user);
            int[] truth = exact.search(query, 10, excluded);
            int[] answer = approximate.search(query, 10, excluded);
            assertThat(answer).hasSize(10).doesNotContain(excluded);
            found += (int) Arrays.stream(answer).filter(item -> Arrays.stream(truth).anyMatch(t -> t == item)).count();
        }
        assertThat(found / (10.0 * queries)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void excludedItemsNeverShortenTheList() {
        SplittableRandom random = new SplittableRandom(3);
        float[] items = FactorScoringTest.randomValues(300 * FACTORS, random);
        HnswItemIndex index = HnswItemIndex.build(items, FACTORS, ItemIndexSettings.defaults());
        int[] excluded = new int[290];
        Arrays.setAll(excluded, item -> item);
        assertThat(index.search(FactorScoringTest.randomValues(FACTORS, random), 10, excluded))
                .containsExactlyInAnyOrder(290, 291, 292, 293, 294, 295, 296, 297, 298, 299);
    }

    @Test
    void catalogueThresholdChoosesTheIndex() {
        float[] items = FactorScoringTest.randomValues(1_000 * FACTORS, new SplittableRandom(4));
        assertThat(ItemIndex.forCatalogue(items, FACTORS, ItemIndexSettings.defaults()))
                .isInstanceOf(ExactItemIndex.class);
        assertThat(ItemIndex.forCatalogue(items, FACTORS, ItemIndexSettings.defaults().withApproximateAbove(999)))
                .isInstanceOf(HnswItemIndex.class);
    }

    @Test
    void rejectsBadSettingsAndQueries() {
        assertThatThrownBy(() -> new ItemIndexSettings(-1, 32, 100, 100)).isInstanceOf(MarqueeException.class);
        assertThatThrownBy(() -> new ItemIndexSettings(0, 1, 100, 100)).isInstanceOf(MarqueeException.class);
        ExactItemIndex index = new ExactItemIndex(new float[4 * FACTORS], FACTORS);
        assertThatThrownBy(() -> index.search(new float[3], 1, new int[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static int[] excludedItems(SplittableRandom random) {
        return random.ints(30, 0, ITEMS).sorted().distinct().toArray();
    }
}
