package dev.marquee.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.marquee.core.ErrorCode;
import dev.marquee.core.MarqueeException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class BiasedFactorisationTest {
    private static final RatingScale FIVE_STARS = new RatingScale(1, 5);
    private static final BiasedFactorisationSgd SGD =
            new BiasedFactorisationSgd(4, 150, 0.02, 0.02, 0.1, FIVE_STARS, 7);
    private static final BiasedFactorisationAls ALS = new BiasedFactorisationAls(4, 20, 0.02, 0.1, FIVE_STARS, 7);

    @Test
    void recoversPlantedLowRankRatings() {
        Interactions ratings = planted(300, 120, 0.3, 11);
        Split fold = Splits.kFold(ratings, 5, 3).get(0);
        double baseline = Evaluator.ratings(meanOnly(fold.train()), fold.test()).rmse();

        for (RatingRecommender recommender : List.<RatingRecommender>of(SGD, ALS)) {
            RatingEvaluation evaluation = Evaluator.ratings(recommender.fit(fold.train()), fold.test());
            assertThat(evaluation.count()).isEqualTo(fold.test().size());
            // The planted noise has standard deviation 0.1; the mean alone is off by the whole signal.
            assertThat(evaluation.rmse()).as(recommender.name()).isLessThan(0.25).isLessThan(baseline / 3);
            assertThat(evaluation.mae()).as(recommender.name()).isLessThan(evaluation.rmse());
        }
    }

    @Test
    void surpriseDefaultsAreTheDefaults() {
        assertThat(BiasedFactorisationSgd.withDefaults(FIVE_STARS, 1))
                .isEqualTo(new BiasedFactorisationSgd(100, 20, 0.005, 0.02, 0.1, FIVE_STARS, 1));
        Interactions ratings = planted(200, 80, 0.3, 5);
        Split fold = Splits.kFold(ratings, 5, 3).get(1);
        double baseline = Evaluator.ratings(meanOnly(fold.train()), fold.test()).rmse();
        double defaults = Evaluator.ratings(BiasedFactorisationSgd.withDefaults(FIVE_STARS, 1).fit(fold.train()),
                fold.test()).rmse();
        assertThat(defaults).isLessThan(baseline);
    }

    @Test
    void foldInOfATrainingUserPredictsLikeTheTrainedUser() {
        Interactions ratings = planted(200, 80, 0.3, 13);
        RatingModel model = ALS.fit(ratings);
        for (int user : new int[] {0, 7, 150}) {
            int[] items = ratings.itemsOf(user);
            float[] given = new float[items.length];
            for (int index = 0; index < items.length; index++) {
                given[index] = ratings.ratingAt(ratings.start(user) + index);
            }
            float[] foldedIn = new float[ratings.itemCount()];
            model.predictHistory(items, given, foldedIn);
            for (int item = 0; item < ratings.itemCount(); item++) {
                assertThat((double) foldedIn[item]).as("user %s item %s", user, item)
                        .isCloseTo(model.predict(user, item), within(0.05));
            }
        }
        // No known rating: the item biases over the mean.
        float[] empty = new float[ratings.itemCount()];
        model.predictHistory(new int[0], new float[0], empty);
        assertThat((double) empty[3]).isCloseTo(model.predict("someone new", ratings.itemId(3)), within(1e-5));
    }

    @Test
    void unknownUsersAndItemsFallBackToBiasesAndTheMean() {
        BiasedFactorModel model = handMade();

        assertThat(model.predict(0, 0)).isCloseTo(4.75, within(1e-6));
        assertThat(model.predict(0, 1)).isCloseTo(4.25, within(1e-6));
        // 3 - 0.5 + 0.25 + 4 = 6.75 is clipped to the top of the scale.
        assertThat(model.predict(1, 0)).isEqualTo(5);
        // u2 and i2 are in the id space but have no training rating: their biases and factors are ignored.
        assertThat(model.predict(2, 0)).isCloseTo(3.25, within(1e-6));
        assertThat(model.predict(0, 2)).isCloseTo(3.5, within(1e-6));
        assertThat(model.predict(2, 2)).isCloseTo(3, within(1e-6));
        assertThat(model.predict("nobody", "i0")).isCloseTo(3.25, within(1e-6));
        assertThat(model.predict("u0", "nothing")).isCloseTo(3.5, within(1e-6));
        assertThat(model.predict("nobody", "nothing")).isCloseTo(3, within(1e-6));
    }

    @Test
    void ranksItemsByUnclippedPredictedRating() {
        BiasedFactorModel model = handMade();
        float[] scores = new float[3];
        model.score(1, scores);

        assertThat(scores).containsExactly(new float[] {6.75f, 6.25f, 2.5f}, within(1e-5f));
        // u0 has rated i0: i1 (4.25) before i2 (3.5).
        assertThat(model.recommend(0, 5)).containsExactly(1, 2);
    }

    @Test
    void rmseAndMaeOfAKnownModel() {
        BiasedFactorModel model = handMade();
        Interactions.Events held = new Interactions.Events(true, false);
        held.add(2, 2, 1, 0);
        held.add(0, 1, 4.25f, 0);
        held.add(0, 2, 4.5f, 0);
        RatingEvaluation evaluation = Evaluator.ratings(model, held.build(model.training()));

        // Errors: 1 - 3, 4.25 - 4.25, 4.5 - 3.5.
        assertThat(evaluation.count()).isEqualTo(3);
        assertThat(evaluation.rmse()).isCloseTo(Math.sqrt(5 / 3.0), within(1e-6));
        assertThat(evaluation.mae()).isCloseTo(1, within(1e-6));
    }

    @Test
    void replaysExactlyWithTheSameSeed() {
        Interactions ratings = planted(100, 50, 0.3, 17);
        for (RatingRecommender recommender : List.<RatingRecommender>of(SGD, ALS)) {
            BiasedFactorModel first = (BiasedFactorModel) recommender.fit(ratings);
            BiasedFactorModel second = (BiasedFactorModel) recommender.fit(ratings);
            assertThat(second.userFactors()).containsExactly(first.userFactors());
            assertThat(second.itemFactors()).containsExactly(first.itemFactors());
            assertThat(second.userBiases()).containsExactly(first.userBiases());
        }
        BiasedFactorModel otherSeed = (BiasedFactorModel) new BiasedFactorisationSgd(4, 150, 0.02, 0.02, 0.1,
                FIVE_STARS, 8).fit(ratings);
        assertThat(otherSeed.itemFactors()).isNotEqualTo(((BiasedFactorModel) SGD.fit(ratings)).itemFactors());
    }

    @Test
    void alternatingLeastSquaresGivesTheSameFactorsOnOneThread() throws Exception {
        Interactions ratings = planted(150, 60, 0.3, 19);
        BiasedFactorModel parallel = (BiasedFactorModel) ALS.fit(ratings);
        ForkJoinPool single = new ForkJoinPool(1);
        try {
            BiasedFactorModel sequential = (BiasedFactorModel) single.submit(() -> ALS.fit(ratings)).get();
            assertThat(sequential.userFactors()).containsExactly(parallel.userFactors());
            assertThat(sequential.itemFactors()).containsExactly(parallel.itemFactors());
            assertThat(sequential.itemBiases()).containsExactly(parallel.itemBiases());
        } finally {
            single.shutdown();
        }
    }

    @Test
    void rejectsRatingsOutsideTheScaleAndImplicitData() {
        Interactions ratings = Interactions.builder(true, false).add("alice", "film", 7, 0).build();
        assertThatThrownBy(() -> SGD.fit(ratings))
                .isInstanceOfSatisfying(MarqueeException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContainingAll("7.0", "alice", "film", "[1.0, 5.0]");
        Interactions implicit = Interactions.builder(false, false).add("alice", "film").build();
        assertThatThrownBy(() -> ALS.fit(implicit)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("explicit ratings");

        RatingModel model = handMade();
        assertThatThrownBy(() -> model.predictHistory(new int[] {0}, new float[] {0.5f}, new float[3]))
                .isInstanceOf(MarqueeException.class).hasMessageContaining("0.5");
        assertThatThrownBy(() -> model.predictHistory(new int[] {0}, new float[] {Float.NaN}, new float[3]))
                .isInstanceOf(MarqueeException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> model.predictHistory(new int[] {0, 1}, new float[] {3}, new float[3]))
                .isInstanceOf(MarqueeException.class).hasMessageContaining("2 items, 1 ratings");
        assertThatThrownBy(() -> model.predictHistory(new int[] {9}, new float[] {3}, new float[3]))
                .isInstanceOf(MarqueeException.class).hasMessageContaining("9");
    }

    @Test
    void rejectsInvalidHyperParameters() {
        assertThatThrownBy(() -> new BiasedFactorisationSgd(0, 20, 0.005, 0.02, 0.1, FIVE_STARS, 1))
                .isInstanceOf(MarqueeException.class).hasMessageContaining("factors must be at least 1: 0");
        assertThatThrownBy(() -> new BiasedFactorisationSgd(10, 0, 0.005, 0.02, 0.1, FIVE_STARS, 1))
                .isInstanceOf(MarqueeException.class).hasMessageContaining("epochs");
        assertThatThrownBy(() -> new BiasedFactorisationSgd(10, 20, -0.005, 0.02, 0.1, FIVE_STARS, 1))
                .isInstanceOf(MarqueeException.class).hasMessageContaining("learning rate")
                .hasMessageContaining("-0.005");
        assertThatThrownBy(() -> new BiasedFactorisationSgd(10, 20, 0.005, Double.POSITIVE_INFINITY, 0.1, FIVE_STARS,
                1)).isInstanceOf(MarqueeException.class).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> new BiasedFactorisationSgd(10, 20, 0.005, 0.02, -1, FIVE_STARS, 1))
                .isInstanceOf(MarqueeException.class).hasMessageContaining("deviation");
        assertThatThrownBy(() -> new BiasedFactorisationAls(10, 0, 0.1, 0.1, FIVE_STARS, 1))
                .isInstanceOf(MarqueeException.class).hasMessageContaining("iterations");
        assertThatThrownBy(() -> new BiasedFactorisationAls(10, 10, 0, 0.1, FIVE_STARS, 1))
                .isInstanceOf(MarqueeException.class).hasMessageContaining("regularization");
        assertThatThrownBy(() -> new RatingScale(-1, 5)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> new RatingScale(5, 5)).isInstanceOf(MarqueeException.class)
                .hasMessageContaining("maximum");
    }

    /**
     * Users u0, u1 rated i0, i1 (so they are known); u2 and i2 exist in the id space only. Mean 3, scale 1 to 5, one
     * factor: user biases 0.5, -0.5, 7; item biases 0.25, -0.25, 9; user factors 1, 4, 5; item factors 1, 1, 5.
     */
    private static BiasedFactorModel handMade() {
        Interactions all = Interactions.builder(true, false)
                .add("u0", "i0", 4, 0).add("u1", "i1", 2, 0).add("u2", "i2", 3, 0).build();
        Interactions.Events events = new Interactions.Events(true, false);
        events.add(0, 0, 4, 0);
        events.add(1, 1, 2, 0);
        Interactions training = events.build(all);
        return BiasedFactorModel.of(training, FIVE_STARS, 3, 1, 0.02, new float[] {0.5f, -0.5f, 7},
                new float[] {0.25f, -0.25f, 9}, new float[] {1, 4, 5}, new float[] {1, 1, 5});
    }

    private static RatingModel meanOnly(Interactions training) {
        int users = training.userCount();
        int items = training.itemCount();
        return BiasedFactorModel.of(training, FIVE_STARS, BiasedFactorModel.requireRatings(training, FIVE_STARS), 1,
                0.02, new float[users], new float[items], new float[users], new float[items]);
    }

    /**
     * Ratings {@code 3 + b_u + b_i + p_uᵀq_i + noise} (biases and rank-2 factors normal, noise standard deviation 0.1),
     * clipped to 1..5, for a random share {@code density} of all user-item pairs.
     */
    private static Interactions planted(int users, int items, double density, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int rank = 2;
        double[] userBiases = new double[users];
        double[] itemBiases = new double[items];
        double[][] userFactors = new double[users][rank];
        double[][] itemFactors = new double[items][rank];
        for (int user = 0; user < users; user++) {
            userBiases[user] = Bpr.gaussian(random) * 0.3;
            for (int factor = 0; factor < rank; factor++) {
                userFactors[user][factor] = Bpr.gaussian(random) * 0.7;
            }
        }
        for (int item = 0; item < items; item++) {
            itemBiases[item] = Bpr.gaussian(random) * 0.3;
            for (int factor = 0; factor < rank; factor++) {
                itemFactors[item][factor] = Bpr.gaussian(random) * 0.7;
            }
        }
        Interactions.Builder builder = Interactions.builder(true, false);
        for (int user = 0; user < users; user++) {
            for (int item = 0; item < items; item++) {
                if (random.nextDouble() < density) {
                    double rating = 3 + userBiases[user] + itemBiases[item] + Bpr.gaussian(random) * 0.1;
                    for (int factor = 0; factor < rank; factor++) {
                        rating += userFactors[user][factor] * itemFactors[item][factor];
                    }
                    builder.add("u" + user, "i" + item, FIVE_STARS.clip(rating), 0);
                }
            }
        }
        return builder.build();
    }
}
