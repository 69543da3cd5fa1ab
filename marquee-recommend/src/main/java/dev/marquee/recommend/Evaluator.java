package dev.marquee.recommend;

import static java.util.Objects.requireNonNull;

import dev.marquee.core.MarqueeException;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

/**
 * Full-ranking evaluation: every user with target items gets a score for every item of the catalogue, the items the
 * user has already seen are removed, and the top K of what remains is compared with the targets. Never sampled
 * negatives. Users are scored in parallel; the means are summed in user order, so results replay exactly.
 */
public final class Evaluator {
    private Evaluator() {}

    /** Validation: ranks excluding the training items, against the validation items. */
    public static Evaluation validation(RecommenderModel model, Split split, int k) {
        requireNonNull(split, "split is null");
        return evaluate(model, split.train(), split.validation(), k);
    }

    /** Test: ranks excluding the training and validation items, against the test items. */
    public static Evaluation test(RecommenderModel model, Split split, int k) {
        requireNonNull(split, "split is null");
        return evaluate(model, split.trainAndValidation(), split.test(), k);
    }

    /** Ranks for the users with items in {@code target}, excluding each user's items in {@code seen}. */
    public static Evaluation evaluate(RecommenderModel model, Interactions seen, Interactions target, int k) {
        return run(model, seen, target, k, null);
    }

    /** As {@link #evaluate(RecommenderModel, Interactions, Interactions, int)}, with intra-list diversity. */
    public static Evaluation evaluate(RecommenderModel model, Interactions seen, Interactions target, int k,
            ItemFeatures features) {
        requireNonNull(features, "features is null");
        if (features.itemCount() != target.itemCount()) {
            throw MarqueeException.invalid("item features cover %d items, the catalogue has %d",
                    features.itemCount(), target.itemCount());
        }
        return run(model, seen, target, k, features);
    }

    /** {@code features} is null when intra-list diversity is not measured. */
    private static Evaluation run(RecommenderModel model, Interactions seen, Interactions target, int k,
            ItemFeatures features) {
        requireNonNull(model, "model is null");
        requireNonNull(seen, "seen is null");
        requireNonNull(target, "target is null");
        if (k < 1) {
            throw MarqueeException.invalid("k must be at least 1: %s", k);
        }
        Interactions training = model.training();
        training.requireSameIds(seen);
        training.requireSameIds(target);
        int userCount = target.userCount();
        int itemCount = target.itemCount();
        int[][] lists = new int[userCount][];
        double[][] perUser = new double[userCount][];
        int[] seenOffsets = seen.offsetArray();
        int[] seenItems = seen.itemArray();
        IntStream.range(0, userCount).parallel().forEach(user -> {
            if (target.count(user) == 0) {
                return;
            }
            float[] scores = new float[itemCount];
            model.score(user, scores);
            int[] list = TopK.select(scores, k, seenItems, seenOffsets[user], seenOffsets[user + 1]);
            lists[user] = list;
            perUser[user] = userMetrics(list, target, user, k);
        });
        int[] counts = training.itemCounts();
        boolean[] recommended = new boolean[itemCount];
        double[] sums = new double[6];
        double popularity = 0;
        double novelty = 0;
        double diversity = 0;
        int users = 0;
        for (int user = 0; user < userCount; user++) {
            int[] list = lists[user];
            if (list == null) {
                continue;
            }
            users++;
            for (int metric = 0; metric < sums.length; metric++) {
                sums[metric] += perUser[user][metric];
            }
            double userPopularity = 0;
            double userNovelty = 0;
            for (int item : list) {
                recommended[item] = true;
                userPopularity += counts[item];
                userNovelty -= log2(Math.max(counts[item], 1) / (double) training.userCount());
            }
            if (list.length > 0) {
                popularity += userPopularity / list.length;
                novelty += userNovelty / list.length;
            }
            if (features != null) {
                diversity += intraListDiversity(list, features);
            }
        }
        int covered = 0;
        for (boolean item : recommended) {
            covered += item ? 1 : 0;
        }
        double divisor = Math.max(users, 1);
        return new Evaluation(
                k,
                users,
                sums[0] / divisor,
                sums[1] / divisor,
                sums[2] / divisor,
                sums[3] / divisor,
                sums[4] / divisor,
                sums[5] / divisor,
                itemCount == 0 ? 0 : covered / (double) itemCount,
                popularity / divisor,
                novelty / divisor,
                features == null ? OptionalDouble.empty() : OptionalDouble.of(diversity / divisor));
    }

    /**
     * Cross-validated rating error: for each fold, {@code recommender} fitted on its training part and scored on its
     * test part ({@link #ratings}); the mean RMSE and MAE over the folds (Surprise's {@code cross_validate}), with the
     * count of all ratings predicted.
     */
    public static RatingEvaluation crossValidated(RatingRecommender recommender, List<Split> folds) {
        requireNonNull(recommender, "recommender is null");
        if (folds.isEmpty()) {
            throw new IllegalArgumentException("no folds");
        }
        double rmse = 0;
        double mae = 0;
        int count = 0;
        for (Split fold : folds) {
            RatingEvaluation evaluation = ratings(recommender.fit(fold.train()), fold.test());
            rmse += evaluation.rmse() / folds.size();
            mae += evaluation.mae() / folds.size();
            count += evaluation.count();
        }
        return new RatingEvaluation(count, rmse, mae);
    }

    /**
     * Rating-prediction error on held-out ratings: every rating in {@code test} (which must share the model's id
     * spaces and have ratings) is predicted with {@link RatingModel#predict(int, int)}, unknown users and items falling
     * back as the model documents. Users are predicted in parallel and the errors summed in user order, so results
     * replay exactly.
     */
    public static RatingEvaluation ratings(RatingModel model, Interactions test) {
        requireNonNull(model, "model is null");
        requireNonNull(test, "test is null");
        model.training().requireSameIds(test);
        if (!test.hasRatings()) {
            throw MarqueeException.invalid("rating evaluation needs held-out ratings; the test interactions have none");
        }
        int userCount = test.userCount();
        double[] squared = new double[userCount];
        double[] absolute = new double[userCount];
        IntStream.range(0, userCount).parallel().forEach(user -> {
            for (int position = test.start(user); position < test.end(user); position++) {
                double error = test.ratingAt(position) - model.predict(user, test.itemAt(position));
                squared[user] += error * error;
                absolute[user] += Math.abs(error);
            }
        });
        double squaredSum = 0;
        double absoluteSum = 0;
        for (int user = 0; user < userCount; user++) {
            squaredSum += squared[user];
            absoluteSum += absolute[user];
        }
        int count = test.size();
        return count == 0
                ? new RatingEvaluation(0, 0, 0)
                : new RatingEvaluation(count, Math.sqrt(squaredSum / count), absoluteSum / count);
    }

    /** NDCG, recall, precision, MAP, MRR and hit for one user's list, as RecBole computes them. */
    static double[] userMetrics(int[] list, Interactions target, int user, int k) {
        int targets = target.count(user);
        double dcg = 0;
        double averagePrecision = 0;
        double reciprocalRank = 0;
        int hits = 0;
        for (int rank = 1; rank <= list.length; rank++) {
            if (target.contains(user, list[rank - 1])) {
                hits++;
                dcg += 1 / log2(rank + 1);
                averagePrecision += hits / (double) rank;
                if (reciprocalRank == 0) {
                    reciprocalRank = 1.0 / rank;
                }
            }
        }
        int idealHits = Math.min(targets, k);
        double idealDcg = 0;
        for (int rank = 1; rank <= idealHits; rank++) {
            idealDcg += 1 / log2(rank + 1);
        }
        return new double[] {
            dcg / idealDcg,
            hits / (double) targets,
            hits / (double) k,
            averagePrecision / idealHits,
            reciprocalRank,
            hits > 0 ? 1 : 0
        };
    }

    /** Mean pairwise {@code 1 - cosine}; 0 for lists shorter than two. */
    static double intraListDiversity(int[] list, ItemFeatures features) {
        if (list.length < 2) {
            return 0;
        }
        double sum = 0;
        for (int first = 0; first < list.length; first++) {
            for (int second = first + 1; second < list.length; second++) {
                sum += 1 - features.cosine(list[first], list[second]);
            }
        }
        return sum / (list.length * (list.length - 1) / 2.0);
    }

    private static double log2(double value) {
        return Math.log(value) / Math.log(2);
    }
}
