package dev.marquee.cli;

import static java.util.Objects.requireNonNull;

import dev.marquee.recommend.Evaluation;
import dev.marquee.recommend.Evaluator;
import dev.marquee.recommend.ExactItemIndex;
import dev.marquee.recommend.FactorModel;
import dev.marquee.recommend.HnswItemIndex;
import dev.marquee.recommend.ItemIndex;
import dev.marquee.recommend.Interactions;
import dev.marquee.recommend.ItemIndexSettings;
import dev.marquee.recommend.RatingEvaluation;
import dev.marquee.recommend.RatingRecommender;
import dev.marquee.recommend.Recommender;
import dev.marquee.recommend.RecommenderModel;
import dev.marquee.recommend.Split;
import dev.marquee.recommend.Splits;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** The measurements of {@code marquee bench recommend}: tuned fits with test metrics, and retrieval at scale. */
final class RecommendBenchmark {
    static final int K = 10;

    private final PrintWriter log;

    RecommendBenchmark(PrintWriter log) {
        this.log = requireNonNull(log, "log is null");
    }

    /**
     * One algorithm's result on the test part, for the candidate with the best validation NDCG@10.
     *
     * @param library {@code marquee} or {@code spark}
     * @param fitSeconds the chosen candidate's fit on the training part
     */
    record Result(String dataset, String algorithm, String library, String chosen, double validationNdcg, double ndcg,
            double recall, double mrr, double coverage, double fitSeconds) {
        Result {
            requireNonNull(dataset, "dataset is null");
            requireNonNull(algorithm, "algorithm is null");
            requireNonNull(library, "library is null");
            requireNonNull(chosen, "chosen is null");
        }
    }

    /** A fitted candidate kept for the test evaluation. */
    record Fitted(Recommender recommender, RecommenderModel model, double validationNdcg, double fitSeconds) {}

    /** Fits every candidate on train, keeps the best on validation, evaluates it on test. */
    Fitted tune(String dataset, String algorithm, List<Recommender> candidates, Split split, List<Result> results) {
        List<Fitted> fitted = new ArrayList<>();
        for (Recommender candidate : candidates) {
            long started = System.nanoTime();
            RecommenderModel model = candidate.fit(split.train());
            double seconds = (System.nanoTime() - started) / 1e9;
            double validation = split.validation().size() == 0
                    ? Double.NaN : Evaluator.validation(model, split, K).ndcg();
            log.printf(Locale.ROOT, "  %-44s fit %8.3f s  valid NDCG@10 %.4f%n", candidate.name(), seconds,
                    validation);
            fitted.add(new Fitted(candidate, model, validation, seconds));
            if (candidates.size() > 1) {
                // Only the best is kept; releasing the others keeps large models within the heap.
                fitted.sort(Comparator.comparingDouble(Fitted::validationNdcg).reversed());
                fitted.subList(1, fitted.size()).clear();
            }
        }
        Fitted best = fitted.getFirst();
        Evaluation test = Evaluator.test(best.model(), split, K);
        results.add(new Result(dataset, algorithm, "marquee", best.recommender().name(), best.validationNdcg(),
                test.ndcg(), test.recall(), test.mrr(), test.itemCoverage(), best.fitSeconds()));
        log.printf(Locale.ROOT, "  -> %s test NDCG@10 %.4f Recall@10 %.4f MRR@10 %.4f%n", best.recommender().name(),
                test.ndcg(), test.recall(), test.mrr());
        log.flush();
        return best;
    }

    /**
     * Rating prediction: the candidate with the lowest validation RMSE on the split (fitted on its training part),
     * then that candidate's 5-fold cross-validated RMSE and MAE over all ratings (Surprise's protocol).
     *
     * @param validationRmse the chosen candidate's RMSE on the split's validation part
     * @param fitSeconds the five cross-validation fits together
     */
    record RatingResult(String dataset, String chosen, double validationRmse, double rmse, double mae,
            double fitSeconds) {}

    /** See {@link RatingResult}; {@code all} are the ratings the split was drawn from. */
    RatingResult rate(String dataset, List<RatingRecommender> candidates, Split split, Interactions all, long seed) {
        RatingRecommender best = null;
        double bestRmse = Double.POSITIVE_INFINITY;
        for (RatingRecommender candidate : candidates) {
            double rmse = Evaluator.ratings(candidate.fit(split.train()), split.validation()).rmse();
            log.printf(Locale.ROOT, "  %-44s valid RMSE %.4f%n", candidate.name(), rmse);
            if (rmse < bestRmse) {
                bestRmse = rmse;
                best = candidate;
            }
        }
        long started = System.nanoTime();
        RatingEvaluation crossValidated = Evaluator.crossValidated(best, Splits.kFold(all, 5, seed));
        double seconds = (System.nanoTime() - started) / 1e9;
        log.printf(Locale.ROOT, "  -> %s 5-fold RMSE %.4f MAE %.4f (%.1f s)%n", best.name(), crossValidated.rmse(),
                crossValidated.mae(), seconds);
        log.flush();
        return new RatingResult(dataset, best.name(), bestRmse, crossValidated.rmse(), crossValidated.mae(), seconds);
    }

    /**
     * Single-user retrieval over a factor model's catalogue.
     *
     * @param exactMedianMicros exact top-10 (Vector API scoring of every item, then the heap) per user, median
     * @param hnswRecall mean share of the exact top 10 that the HNSW index returns
     * @param hnswBuildSeconds graph build time over the item factors
     */
    record Retrieval(int items, int factors, int users, double exactMedianMicros, double exactP99Micros,
            double hnswMedianMicros, double hnswP99Micros, double hnswRecall, double hnswBuildSeconds,
            ItemIndexSettings settings) {}

    Retrieval retrieval(FactorModel model, Split split, int users, ItemIndexSettings settings, long seed) {
        int factors = model.factors();
        int itemCount = model.training().itemCount();
        ExactItemIndex exact = new ExactItemIndex(model.itemFactors(), factors);
        long started = System.nanoTime();
        HnswItemIndex hnsw = HnswItemIndex.build(model.itemFactors(), factors, settings);
        double buildSeconds = (System.nanoTime() - started) / 1e9;
        SplittableRandom random = new SplittableRandom(seed);
        int userCount = model.training().userCount();
        int[] sample = random.ints(users, 0, userCount).toArray();
        // Warm-up, so the JIT has compiled both paths before timing.
        measure(exact, model, split, sample);
        measure(hnsw, model, split, sample);
        long[] exactNanos = measure(exact, model, split, sample);
        long[] hnswNanos = measure(hnsw, model, split, sample);
        double recall = 0;
        for (int user : sample) {
            float[] query = query(model, user);
            int[] seen = split.train().itemsOf(user);
            int[] truth = exact.search(query, K, seen);
            int[] answer = hnsw.search(query, K, seen);
            long found = Arrays.stream(answer).filter(item -> Arrays.stream(truth).anyMatch(t -> t == item)).count();
            recall += truth.length == 0 ? 1 : found / (double) truth.length;
        }
        return new Retrieval(itemCount, factors, users, percentile(exactNanos, 0.5) / 1e3,
                percentile(exactNanos, 0.99) / 1e3, percentile(hnswNanos, 0.5) / 1e3, percentile(hnswNanos, 0.99) / 1e3,
                recall / users, buildSeconds, settings);
    }

    private static long[] measure(ItemIndex index, FactorModel model, Split split, int[] sample) {
        long[] nanos = new long[sample.length];
        for (int position = 0; position < sample.length; position++) {
            int user = sample[position];
            int[] seen = split.train().itemsOf(user);
            long started = System.nanoTime();
            index.search(query(model, user), K, seen);
            nanos[position] = System.nanoTime() - started;
        }
        return nanos;
    }

    private static float[] query(FactorModel model, int user) {
        int factors = model.factors();
        return Arrays.copyOfRange(model.userFactors(), user * factors, (user + 1) * factors);
    }

    private static double percentile(long[] values, double share) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(share * sorted.length))];
    }

    /** The largest heap use sampled while running, in MiB, next to the heap limit. */
    static final class HeapWatch implements AutoCloseable {
        private final Thread sampler;
        private volatile long peakBytes;
        private volatile boolean running = true;

        HeapWatch() {
            sampler = Thread.ofPlatform().daemon().name("heap-watch").start(() -> {
                var memory = ManagementFactory.getMemoryMXBean();
                while (running) {
                    peakBytes = Math.max(peakBytes, memory.getHeapMemoryUsage().getUsed());
                    try {
                        Thread.sleep(20);
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }

        double peakMebibytes() {
            return peakBytes / (1024.0 * 1024);
        }

        static double maximumMebibytes() {
            return Runtime.getRuntime().maxMemory() / (1024.0 * 1024);
        }

        @Override
        public void close() {
            running = false;
            sampler.interrupt();
        }
    }
}
