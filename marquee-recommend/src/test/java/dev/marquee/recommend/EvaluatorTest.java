package dev.marquee.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.marquee.core.MarqueeException;
import org.junit.jupiter.api.Test;

/**
 * Metric values computed by hand from RecBole's definitions. Six items, four users; K = 3.
 * <pre>
 * user  scores (item 0..5)       seen       list after exclusion  targets  hits at ranks
 * u0    0.9 0.8 0.7 0.6 0.5 0.4  {0}        [1, 2, 3]             {2, 4}   2
 * u1    0.1 0.2 0.3 0.4 0.5 0.6  {4}        [5, 3, 2]             {2, 5}   1, 3
 * u2    (not evaluated)          {0, 1}     -                     {}       -
 * u3    0.9 0.8 0.7 0.6 0.5 0.4  {2}        [0, 1, 3]             {4}      none
 * </pre>
 */
class EvaluatorTest {
    private static final double LOG2_3 = Math.log(3) / Math.log(2);
    private static final float[] DESCENDING = {0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f};
    private static final float[] ASCENDING = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};

    private final Interactions template = Interactions.builder(false, false)
            .add("u0", "i0").add("u1", "i1").add("u2", "i2").add("u3", "i3").add("u0", "i4").add("u0", "i5")
            .build();
    private final Interactions seen = of(new int[][] {{0}, {4}, {0, 1}, {2}});
    private final Interactions target = of(new int[][] {{2, 4}, {2, 5}, {}, {4}});
    private final RecommenderModel model = new FixedScores(seen,
            new float[][] {DESCENDING, ASCENDING, DESCENDING, DESCENDING});

    @Test
    void rankingMetricsMatchHandComputedValues() {
        Evaluation evaluation = Evaluator.evaluate(model, seen, target, 3);

        double idealDcg = 1 + 1 / LOG2_3;
        double ndcg0 = (1 / LOG2_3) / idealDcg;
        double ndcg1 = (1 + 0.5) / idealDcg;
        assertThat(evaluation.k()).isEqualTo(3);
        assertThat(evaluation.users()).isEqualTo(3);
        assertThat(evaluation.ndcg()).isCloseTo((ndcg0 + ndcg1) / 3, within(1e-12));
        assertThat(evaluation.ndcg()).isCloseTo(0.435525, within(1e-6));
        assertThat(evaluation.recall()).isCloseTo((0.5 + 1) / 3, within(1e-12));
        assertThat(evaluation.precision()).isCloseTo((1 / 3.0 + 2 / 3.0) / 3, within(1e-12));
        assertThat(evaluation.map()).isCloseTo((0.5 / 2 + (1 + 2 / 3.0) / 2) / 3, within(1e-12));
        assertThat(evaluation.mrr()).isCloseTo((0.5 + 1) / 3, within(1e-12));
        assertThat(evaluation.hitRate()).isCloseTo(2 / 3.0, within(1e-12));
    }

    @Test
    void catalogueMetricsMatchHandComputedValues() {
        Evaluation evaluation = Evaluator.evaluate(model, seen, target, 3);

        // Lists [1,2,3], [5,3,2], [0,1,3] cover items 0, 1, 2, 3, 5.
        assertThat(evaluation.itemCoverage()).isCloseTo(5 / 6.0, within(1e-12));
        // Training counts: i0 2, i1 1, i2 1, i3 0, i4 1, i5 0.
        assertThat(evaluation.averagePopularity()).isCloseTo((2 / 3.0 + 1 / 3.0 + 1) / 3, within(1e-12));
        // Self-information -log2(max(count, 1) / 4): 2 bits for counts 0 and 1, 1 bit for count 2.
        assertThat(evaluation.novelty()).isCloseTo((2 + 2 + 5 / 3.0) / 3, within(1e-12));
        assertThat(evaluation.intraListDiversity()).isEmpty();
    }

    @Test
    void intraListDiversityFromItemFeatures() {
        float[] first = {1, 0};
        float[] second = {0, 1};
        ItemFeatures features = new ItemFeatures(new float[][] {first, first, first, second, second, {1, 1}});

        Evaluation evaluation = Evaluator.evaluate(model, seen, target, 3, features);

        // [1,2,3]: 0, 1, 1; [5,3,2]: 1 - 1/sqrt2, 1 - 1/sqrt2, 1; [0,1,3]: 0, 1, 1.
        double mixed = (2 * (1 - 1 / Math.sqrt(2)) + 1) / 3;
        assertThat(evaluation.intraListDiversity()).hasValueCloseTo((2 / 3.0 + mixed + 2 / 3.0) / 3, within(1e-6));
    }

    @Test
    void listsShorterThanKCountKInPrecision() {
        // u1 sees all but items 2 and 5, both targets: a perfect list of two out of K = 5.
        Interactions narrow = of(new int[][] {{0}, {0, 1, 3, 4}, {}, {2}});
        Evaluation evaluation = Evaluator.evaluate(new FixedScores(narrow,
                new float[][] {DESCENDING, ASCENDING, DESCENDING, DESCENDING}), narrow, of(new int[][] {{}, {2, 5}, {},
                        {}}), 5);

        assertThat(evaluation.users()).isEqualTo(1);
        assertThat(evaluation.ndcg()).isCloseTo(1, within(1e-12));
        assertThat(evaluation.recall()).isCloseTo(1, within(1e-12));
        assertThat(evaluation.precision()).isCloseTo(2 / 5.0, within(1e-12));
        assertThat(evaluation.map()).isCloseTo(1, within(1e-12));
    }

    @Test
    void testRankingExcludesTrainAndValidationItemsValidationRankingOnlyTrain() {
        // u0: train {0}, validation {1}, test {2}; the model ranks 0, 1, 2 first.
        Interactions train = of(new int[][] {{0}, {}, {}, {}});
        Split split = new Split(train, of(new int[][] {{1}, {}, {}, {}}), of(new int[][] {{2}, {}, {}, {}}));
        RecommenderModel fixed = new FixedScores(train, new float[][] {DESCENDING, ASCENDING, ASCENDING, ASCENDING});

        assertThat(Evaluator.test(fixed, split, 1).hitRate()).isEqualTo(1);
        assertThat(Evaluator.validation(fixed, split, 1).hitRate()).isEqualTo(1);
        assertThat(Evaluator.evaluate(fixed, train, split.test(), 1).hitRate()).isZero();
    }

    @Test
    void rejectsNonPositiveK() {
        assertThatThrownBy(() -> Evaluator.evaluate(model, seen, target, 0)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("k must be at least 1");
    }

    private Interactions of(int[][] itemsByUser) {
        Interactions.Events events = new Interactions.Events(false, false);
        for (int user = 0; user < itemsByUser.length; user++) {
            for (int item : itemsByUser[user]) {
                events.add(user, item, Float.NaN, 0);
            }
        }
        return events.build(template);
    }

    /** A model whose scores are given per user. */
    private record FixedScores(Interactions training, float[][] scoresByUser) implements RecommenderModel {
        @Override
        public void scoreHistory(int[] history, float[] scores) {
            throw new UnsupportedOperationException("fixed scores are per user");
        }

        @Override
        public void score(int user, float[] scores) {
            System.arraycopy(scoresByUser[user], 0, scores, 0, scores.length);
        }
    }
}
